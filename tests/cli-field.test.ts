/**
 * The CLI on folders as offices keep them and on outputs that must survive: subfolders, temporary
 * and foreign files, its own earlier 汇总, a FIFO, a link to /dev/zero, a 1.5 GB file; outputs that
 * may not replace an input or a user's file, a full disk, a kill during the write; Chinese messages
 * and one exit code per kind of failure.
 */
import { spawn, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { buildTemplate } from '../src/core/template';
import { writeWorkbook } from '../src/xlsx';
import { fillTemplate } from '../src/cli/simulate';
import { writeOutputs, prepareOutputFolder, OUTPUT_MARKER, realFs, type OutputFs } from '../src/cli/output';
import { commanderMessage, EXIT } from '../src/cli/errors';
import { ROOT, SEEDS, seedPath } from './helpers/paths';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-field-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;
const SEED = seedPath(SEEDS.s000);

function jindu(args: string[], opts: { cwd?: string; timeout?: number } = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jindu.cjs'), ...args], {
    cwd: opts.cwd ?? tmp,
    encoding: 'utf8',
    timeout: opts.timeout ?? 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function writeReturn(file: string, unit: string, filledDate = '2019-06-20', reporter = '张三'): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const spec = fillTemplate(buildTemplate(catalog, unit, Q2), 0, { filledDate, reporter, phone: '0754-88123456' });
  fs.writeFileSync(file, await writeWorkbook(spec));
}

function mergeArgs(out: string, ...inputs: string[]): string[] {
  return ['merge', '--catalog', SEED, '--period', '2019Q2', '--as-of', '2019-06-30', '-o', out, ...inputs];
}

/** A folder as a 扶贫办 keeps it: returns in subfolders, Excel's lock file, a Word note, last run's 汇总. */
let folder = '';
beforeAll(async () => {
  folder = path.join(tmp, '报回');
  await writeReturn(path.join(folder, '教育局.xlsx'), '区教育局');
  await writeReturn(path.join(folder, '第一批', '民政局.xlsx'), '区民政局');
  await writeReturn(path.join(folder, '第二批', '民政局.xlsx'), '区民政局', '2019-06-24', '李四');
  fs.writeFileSync(path.join(folder, '~$教育局.xlsx'), 'lock');
  fs.writeFileSync(path.join(folder, '说明.docx'), 'not a workbook');
  fs.mkdirSync(path.join(folder, '.git'));
  fs.writeFileSync(path.join(folder, '.git', 'x.xlsx'), 'no');
}, 60000);

describe('inputs', () => {
  test('subfolders are merged, keys are relative paths, what is skipped is said; the result does not depend on argument order', () => {
    const a = path.join(tmp, 'a.xlsx');
    const r = jindu([...mergeArgs(a, folder), '--json', path.join(tmp, 'a.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/跳过 ~\$教育局\.xlsx：Excel\/WPS 打开文件时的临时文件/);
    expect(r.stderr).toMatch(/跳过 说明\.docx：不是工作簿文件（\.docx）/);
    expect(r.stderr).toMatch(/跳过 \.git：隐藏或系统文件夹/);
    const summary = JSON.parse(fs.readFileSync(path.join(tmp, 'a.json'), 'utf8'));
    expect(summary.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ['教育局.xlsx', 'ok'],
      ['第一批/民政局.xlsx', 'superseded'],
      ['第二批/民政局.xlsx', 'ok'],
    ]);
    expect(summary.skipped.map((s: { file: string }) => s.file)).toEqual(['~$教育局.xlsx', '.git', '说明.docx'].sort());
    // The same files named the other way round: the same JSON, the same bytes.
    const b = path.join(tmp, 'b.xlsx');
    const two = [path.join(folder, '第二批'), path.join(folder, '第一批'), path.join(folder, '教育局.xlsx')];
    expect(jindu([...mergeArgs(b, ...two), '--json', path.join(tmp, 'b.json')]).code).toBe(0);
    const c = path.join(tmp, 'c.xlsx');
    expect(jindu([...mergeArgs(c, ...[...two].reverse()), '--json', path.join(tmp, 'c.json')]).code).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'b.json'), 'utf8')).toBe(fs.readFileSync(path.join(tmp, 'c.json'), 'utf8'));
    expect(fs.readFileSync(b).equals(fs.readFileSync(c))).toBe(true);
  });

  test('our own 汇总 and catalog in the folder are not returns, with the reason', () => {
    const mixed = path.join(tmp, '混合');
    fs.cpSync(folder, mixed, { recursive: true });
    fs.copyFileSync(path.join(tmp, 'a.xlsx'), path.join(mixed, '上次汇总.xlsx'));
    expect(jindu(['import', SEED, '-o', path.join(mixed, '任务清单.xlsx')]).code).toBe(0);
    const r = jindu([...mergeArgs(path.join(tmp, 'mixed.xlsx'), mixed), '--json', path.join(tmp, 'mixed.json')]);
    expect(r.code).toBe(0);
    const files = JSON.parse(fs.readFileSync(path.join(tmp, 'mixed.json'), 'utf8')).files;
    const byName = Object.fromEntries(
      files.map((f: { file: string; status: string; findings: Array<{ message: string }> }) => [f.file, f]),
    );
    expect(byName['上次汇总.xlsx'].status).toBe('not-a-report');
    expect(byName['上次汇总.xlsx'].findings[0].message).toMatch(/进度通生成的汇总表/);
    expect(byName['任务清单.xlsx'].status).toBe('not-a-report');
    expect(byName['任务清单.xlsx'].findings[0].message).toMatch(/任务清单工作簿/);
  });

  test('a FIFO and a link to /dev/zero are skipped (no hang, no endless read); a 1.5 GB file is refused by its size unread', async () => {
    const odd = path.join(tmp, '怪文件');
    await writeReturn(path.join(odd, '教育局.xlsx'), '区教育局');
    spawnSync('mkfifo', [path.join(odd, '管道.xlsx')]);
    fs.symlinkSync('/dev/zero', path.join(odd, '零.xlsx'));
    const big = path.join(odd, '巨大.xlsx');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 1536 * 1024 * 1024); // sparse: 1.5 GB on paper, nothing on disk
    const r = jindu([...mergeArgs(path.join(tmp, 'odd.xlsx'), odd), '--json', path.join(tmp, 'odd.json')], { timeout: 30000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/跳过 管道\.xlsx：不是普通文件（管道）/);
    expect(r.stderr).toMatch(/跳过 零\.xlsx：不是普通文件（设备）/);
    const files = JSON.parse(fs.readFileSync(path.join(tmp, 'odd.json'), 'utf8')).files;
    const huge = files.find((f: { file: string }) => f.file === '巨大.xlsx');
    expect(huge.status).toBe('unreadable');
    expect(huge.findings[0].message).toBe('文件过大（1536.0 MB，上限 20 MB），未读取');
    // Named directly, the FIFO is skipped too.
    const direct = jindu(mergeArgs(path.join(tmp, 'fifo.xlsx'), path.join(odd, '管道.xlsx'), path.join(odd, '教育局.xlsx')), {
      timeout: 30000,
    });
    expect(direct.code).toBe(0);
    expect(direct.stderr).toMatch(/不是普通文件（管道）/);
  });

  test('an empty folder is an error (exit 3), and nothing is written', () => {
    const empty = path.join(tmp, '空');
    fs.mkdirSync(empty);
    const out = path.join(tmp, 'empty.xlsx');
    const r = jindu(mergeArgs(out, empty));
    expect(r.code).toBe(EXIT.input);
    expect(r.stderr).toMatch(/^错误：在 .*空 中没有找到报表文件（\.xlsx）/m);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('outputs', () => {
  test('-o may not name an input (exit 2, the return untouched), nor a file that is not a 汇总 (exit 4); an earlier 汇总 is replaced', () => {
    const input = path.join(folder, '教育局.xlsx');
    const before = fs.readFileSync(input);
    const r = jindu(mergeArgs(input, folder));
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/输出文件“.*教育局\.xlsx”是要汇总的报表之一，不能覆盖/);
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    const foreign = path.join(tmp, '我的表.xlsx');
    fs.copyFileSync(input, foreign);
    const f = jindu(mergeArgs(foreign, folder));
    expect(f.code).toBe(EXIT.output);
    expect(f.stderr).toMatch(/已存在，且不是进度通生成的汇总表/);
    expect(fs.readFileSync(foreign).equals(before)).toBe(true);
    // Its own earlier 汇总 is fine to replace.
    expect(jindu(mergeArgs(path.join(tmp, 'a.xlsx'), folder)).code).toBe(0);
  });

  test('a failed write (disk full, injected) leaves both the 汇总 and the JSON as they were, and no temporary file', async () => {
    const dir = path.join(tmp, 'inject');
    fs.mkdirSync(dir);
    const xlsx = path.join(dir, '汇总.xlsx');
    const json = path.join(dir, '汇总.json');
    fs.writeFileSync(xlsx, 'old workbook');
    fs.writeFileSync(json, 'old json');
    let calls = 0;
    const full: OutputFs = {
      ...realFs,
      writeFile: async (file, data) => {
        // The workbook is written, then the disk is full when the JSON comes.
        if (++calls === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return realFs.writeFile(file, data);
      },
    };
    await expect(
      writeOutputs(
        [
          { path: xlsx, data: 'new workbook' },
          { path: json, data: 'new json' },
        ],
        full,
      ),
    ).rejects.toThrow('无法写入“' + json + '”：磁盘空间不足（ENOSPC）；原有文件未改动');
    expect(fs.readFileSync(xlsx, 'utf8')).toBe('old workbook');
    expect(fs.readFileSync(json, 'utf8')).toBe('old json');
    expect(fs.readdirSync(dir).sort()).toEqual(['汇总.json', '汇总.xlsx']);
    // A rename that fails after the first one succeeded puts the first one back.
    let renames = 0;
    const flaky: OutputFs = {
      ...realFs,
      rename: async (a, b) => {
        if (!a.includes('.old.') && ++renames === 2) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        return realFs.rename(a, b);
      },
    };
    await expect(
      writeOutputs(
        [
          { path: xlsx, data: 'new workbook' },
          { path: json, data: 'new json' },
        ],
        flaky,
      ),
    ).rejects.toThrow(/读写磁盘出错/);
    expect(fs.readFileSync(xlsx, 'utf8')).toBe('old workbook');
    expect(fs.readFileSync(json, 'utf8')).toBe('old json');
    expect(fs.readdirSync(dir).sort()).toEqual(['汇总.json', '汇总.xlsx']);
  });

  // A real full disk needs a small tmpfs, which only root may mount (CI runs as root).
  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  (canMount ? test : test.skip)('a real full disk (a 96 KB tmpfs): the previous 汇总 stays whole, the message is Chinese, exit 4', () => {
    const mnt = path.join(tmp, 'small-disk');
    fs.mkdirSync(mnt);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', mnt]).status).toBe(0);
    try {
      const out = path.join(mnt, '汇总.xlsx');
      expect(jindu(mergeArgs(out, folder)).code).toBe(0);
      const good = fs.readFileSync(out);
      // Fill the disk, leaving less room than a 汇总 takes.
      const filler = path.join(mnt, 'filler');
      const free = () => {
        const s = fs.statfsSync(mnt);
        return s.bavail * s.bsize;
      };
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 8192)));
      const r = jindu([...mergeArgs(out, folder), '--json', path.join(mnt, '汇总.json')]);
      expect(r.code).toBe(EXIT.output);
      expect(r.stderr).toMatch(/磁盘空间不足（ENOSPC）；原有文件未改动/);
      expect(fs.readFileSync(out).equals(good)).toBe(true);
      expect(fs.existsSync(path.join(mnt, '汇总.json'))).toBe(false);
      expect(fs.readdirSync(mnt).sort()).toEqual(['filler', '汇总.xlsx']);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  test('killed during the write: the previous 汇总 is whole; the next run clears the leftover', async () => {
    const dir = path.join(tmp, 'kill');
    fs.mkdirSync(dir);
    const out = path.join(dir, '汇总.xlsx');
    expect(jindu(mergeArgs(out, folder)).code).toBe(0);
    const good = fs.readFileSync(out);
    // Stop the process the moment its temporary file appears (it is then writing), then kill it.
    let caught = false;
    for (let attempt = 0; attempt < 6 && !caught; attempt++) {
      caught = await new Promise<boolean>((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'jindu.cjs'), ...mergeArgs(out, folder)], { cwd: tmp });
        const watcher = fs.watch(dir, (_e, name) => {
          if (!name || !String(name).endsWith('.jindu-tmp')) return;
          child.kill('SIGSTOP');
          const stillTemp = fs.readdirSync(dir).some((n) => n.endsWith('.jindu-tmp') && n.includes('.new.'));
          child.kill('SIGKILL');
          watcher.close();
          resolve(stillTemp);
        });
        child.on('exit', () => {
          watcher.close();
          resolve(false);
        });
      });
      expect(fs.readFileSync(out).length).toBeGreaterThan(0);
    }
    expect(caught).toBe(true);
    expect(fs.readFileSync(out).equals(good)).toBe(true);
    expect(fs.readdirSync(dir).some((n) => n.endsWith('.jindu-tmp'))).toBe(true);
    expect(jindu(mergeArgs(out, folder)).code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['汇总.xlsx']);
  }, 120000);

  test('template -o never replaces a filled form; an untouched earlier template is replaced', async () => {
    const out = path.join(tmp, '教育局表.xlsx');
    const args = ['template', '--catalog', SEED, '--unit', '区教育局', '--period', '2019Q2', '-o', out];
    expect(jindu(args).code).toBe(0);
    expect(jindu(args).code).toBe(0); // untouched: ours to replace
    await writeReturn(out, '区教育局');
    const filled = fs.readFileSync(out);
    const r = jindu(args);
    expect(r.code).toBe(EXIT.output);
    expect(r.stderr).toMatch(/已存在，且不是未填写的模板/);
    expect(fs.readFileSync(out).equals(filled)).toBe(true);
  });

  test('output folders: a foreign non-empty folder is refused and kept; our own is replaced file by file, the user’s additions stay', async () => {
    const foreign = path.join(tmp, '别人的目录');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, '重要.docx'), 'keep me');
    await expect(prepareOutputFolder(foreign, 'jindu demo')).rejects.toThrow(/中已有其他文件，且不是 jindu demo 生成的/);
    expect(fs.readdirSync(foreign)).toEqual(['重要.docx']);

    const ours = path.join(tmp, '我们的目录');
    const first = await prepareOutputFolder(ours, 'jindu demo');
    fs.mkdirSync(path.join(first.dir, 'sub'));
    fs.writeFileSync(path.join(first.dir, 'sub', 'a.txt'), '1');
    fs.writeFileSync(path.join(first.dir, 'b.txt'), '1');
    await first.commit();
    expect(fs.readdirSync(ours).sort()).toEqual([OUTPUT_MARKER, 'b.txt', 'sub'].sort());
    fs.writeFileSync(path.join(ours, '我的笔记.txt'), 'mine');
    const second = await prepareOutputFolder(ours, 'jindu demo');
    fs.writeFileSync(path.join(second.dir, 'b.txt'), '2');
    await second.commit();
    expect(fs.readdirSync(ours).sort()).toEqual([OUTPUT_MARKER, 'b.txt', '我的笔记.txt'].sort());
    expect(fs.readFileSync(path.join(ours, 'b.txt'), 'utf8')).toBe('2');
    expect(fs.readdirSync(tmp).filter((n) => n.includes('.jindu-tmp'))).toEqual([]);
  });

  test('jindu demo -o into a folder of someone else’s files is refused (exit 4) and deletes nothing', () => {
    const foreign = path.join(tmp, '演示目录');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, '工作记录.xlsx'), 'mine');
    const r = jindu(['demo', '-o', foreign]);
    expect(r.code).toBe(EXIT.output);
    expect(r.stderr).toMatch(/为免删除或覆盖您的文件/);
    expect(fs.readdirSync(foreign)).toEqual(['工作记录.xlsx']);
  });
});

describe('messages and exit codes', () => {
  test.each([
    [["error: required option '--catalog <C>' not specified"], '必须指定选项 --catalog <C>'],
    [["error: unknown option '--peroid'\n(Did you mean --period?)"], '未知选项 --peroid（是否要用 --period？）'],
    [["error: option '--period <P>' argument missing"], '选项 --period <P> 缺少取值'],
    [["error: missing required argument 'FILE'"], '缺少参数 FILE'],
    [["error: unknown command 'mrege'\n(Did you mean merge?)"], '未知命令 mrege（是否要用 merge？）'],
    [["error: too many arguments for 'check'. Expected 1 argument but got 2."], '参数过多（check 命令）：应为 1 个，实际 2 个'],
  ])('commander: %p → %p', ([english], chinese) => {
    expect(commanderMessage(english)).toBe(chinese);
  });

  test('every failure a user can cause is Chinese, with its documented exit code', () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['merge', '--period', '2019Q2', '-o', 'x.xlsx', folder], EXIT.usage, /必须指定选项 --catalog/],
      [['merge', '--catalog', SEED, '--period', '2019Q2', '--peroid', 'x', '-o', 'x.xlsx', folder], EXIT.usage, /未知选项 --peroid/],
      [
        ['check', path.join(folder, '教育局.xlsx'), '--catalog', SEED, '--period', '2019Q2', '--as-of', '2019-02-30'],
        EXIT.usage,
        /日期“2019-02-30”无效/,
      ],
      [
        ['merge', ...mergeArgs('x.xlsx', folder).slice(1, 3), '--period', '2021Q2', '-o', 'x.xlsx', folder],
        EXIT.usage,
        /年度范围是2018—2020年.*不含2021年/,
      ],
      [['check', folder, '--catalog', SEED, '--period', '2019Q2'], EXIT.input, /是目录；check 检查一份报表/],
      [['check', path.join(tmp, '没有.xlsx'), '--catalog', SEED, '--period', '2019Q2'], EXIT.input, /找不到文件/],
      [mergeArgs(path.join(tmp, 'a.xlsx', 'sub', 'x.xlsx'), folder), EXIT.output, /无法创建目录“.*”：路径中有一段不是目录（ENOTDIR）/],
    ];
    for (const [args, code, message] of cases) {
      const r = jindu(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), code]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\b(?:error|Error|ENOENT:|EACCES:|required option)\b/);
    }
  });

  test('--help of the program and of each command documents the exit codes', () => {
    for (const args of [['--help'], ['merge', '--help'], ['check', '--help']]) {
      const r = jindu(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/退出码：[\s\S]*0 {2}成功[\s\S]*4 {2}输出无法写入/);
      expect(r.stdout).toMatch(/^用法：/m);
    }
  });
});
