/**
 * The CLI's merge reads every file into a small entry and spools the rows each return that may
 * win would give the 汇总 and its data sheet, then writes the workbook from the plan and the
 * winners' spooled rows (src/cli/merge.ts); the pane and the web page consolidate in memory
 * (consolidate in src/core/consolidation.ts). On a batch of real files with every file status,
 * added work and progress copied from last period (merge --previous), both roads must give the
 * same 汇总 (every sheet: titles, fitted rows, 文件清单, 完成情况 and its chart, jindu_data), byte
 * for byte, and the same summary JSON, in one thread and on two worker threads. A return saved
 * again during the merge changes nothing in it, and the merge leaves no temporary file behind.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { reportingUnits } from '../src/core/assignment';
import type { Catalog } from '../src/core/catalog';
import {
  candidateBlock,
  consolidate,
  fileEntry,
  placeSummaryRows,
  summaryBlockRows,
  summaryRowHeight,
  type FileStatus,
  type MergeOptions,
} from '../src/core/consolidation';
import { previousProgress } from '../src/core/copiedProgress';
import { printedTable } from '../src/core/printedTable';
import { strFromU8, unzipSync } from 'fflate';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { buildTemplate } from '../src/core/template';
import type { WorkbookSpec } from '../src/core/workbook';
import { writeWorkbook } from '../src/xlsx';
import { writeWorkbookStreaming } from '../src/xlsx/writeStream';
import { mergeFiles, type MergeRunOptions } from '../src/cli/merge';
import { readReturnFile } from '../src/cli/returnFile';
import { fillTemplate, handMadeReturn } from '../src/cli/simulate';
import { SEEDS, seedPath } from './helpers/paths';

const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q1 = parsePeriod('2019Q1') as Period;
const Q2 = parsePeriod('2019Q2') as Period;
const AS_OF = '2019-06-30';
let OPTIONS: MergeOptions = { catalog, period: Q2, asOf: AS_OF };
const GOOD = { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456' };

let dir: string;
let files: string[];

const filled = (unit: string, period: Period, opts: Parameters<typeof fillTemplate>[2], seed = 0) =>
  fillTemplate(buildTemplate(catalog, unit, period), seed, opts);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-passes-'));
  const returns = path.join(dir, 'returns');
  fs.mkdirSync(returns);
  const units = reportingUnits(catalog).filter((u) => !['区财政局', '区民政局', '区教育局', '区审计局', '区卫生健康局'].includes(u));
  const write = async (name: string, spec: WorkbookSpec) => fs.writeFileSync(path.join(returns, name), await writeWorkbook(spec));
  // Last period's 汇总, as the clerk picks it (merge --previous): the first quarter of eight units.
  const q1 = await Promise.all(
    units.slice(0, 8).map(async (u, i) => {
      const file = path.join(dir, `q1-${i}.xlsx`);
      fs.writeFileSync(file, await writeWorkbook(filled(u, Q1, { ...GOOD, filledDate: '2019-03-20' }, i)));
      return readReturnFile(file);
    }),
  );
  OPTIONS = { ...OPTIONS, previous: previousProgress(consolidate(q1, { catalog, period: Q1, asOf: '2019-03-31' }).record, Q2) };
  // Fourteen units on time, each with its own texts: the first four send last quarter's progress again.
  for (let i = 0; i < 14; i++)
    await write(`${String(i).padStart(2, '0')}-${units[i]}.xlsx`, filled(units[i], Q2, GOOD, i < 4 ? i : i + 20));
  // Work beyond the list, in the form's blank row.
  const addedWork = { title: '组织开展扶贫日走访慰问活动', progress: '走访慰问困难群众120户，发放慰问金3.6万元。' };
  await write(`14-${units[14]}-新增工作.xlsx`, filled(units[14], Q2, { ...GOOD, addedWork }, 14));
  // ok, late, and a unit's two drafts (the later wins, the earlier is superseded).
  await write('20-财政局-逾期.xlsx', filled('区财政局', Q2, { ...GOOD, filledDate: '2019-06-28' }));
  await write('21-民政局-初稿.xlsx', filled('区民政局', Q2, { ...GOOD, filledDate: '2019-06-18', reporter: '' }));
  await write('22-民政局-终稿.xlsx', filled('区民政局', Q2, { ...GOOD, filledDate: '2019-06-24' }));
  // wrong-period: the first quarter's template, filled.
  await write('23-教育局-一季度.xlsx', filled('区教育局', Q1, { ...GOOD, filledDate: '2019-03-20' }));
  // wrong-period, sent after 财政局's late return by another clerk: the unit's contact is this one's (the latest).
  await write('23-财政局-一季度补报.xlsx', filled('区财政局', Q1, { filledDate: '2019-06-29', reporter: '李四', phone: '13800138000' }));
  // blank: the template sent back as it was.
  await write('24-审计局-空表.xlsx', buildTemplate(catalog, '区审计局', Q2));
  // unknown-unit: typed by hand for a unit the list does not know.
  await write('25-未知单位.xlsx', handMadeReturn(catalog, '区审计局', '某某局', Q2));
  // ok by hand, with the unit typed short.
  await write('26-卫健局-手工.xlsx', handMadeReturn(catalog, '区卫生健康局', '卫健局', Q2));
  // not-a-report: a workbook of something else.
  await write('27-说明.xlsx', { sheets: [{ name: '说明', rows: [['无关内容'], ['第二行']] }] });
  // unreadable: a broken zip and a legacy .xls.
  fs.writeFileSync(path.join(returns, '28-损坏.xlsx'), Buffer.from('PK\u0003\u0004 这不是完整的工作簿'));
  fs.writeFileSync(path.join(returns, '29-旧格式.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
  files = fs
    .readdirSync(returns)
    .sort()
    .map((f) => path.join(returns, f));
}, 120000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The 汇总 and the JSON as the pane and the web page make them: every return in memory. */
async function inMemory(): Promise<{ xlsx: Buffer; json: string; statuses: FileStatus[] }> {
  const result = consolidate(await Promise.all(files.map((f) => readReturnFile(f))), OPTIONS);
  return {
    xlsx: Buffer.from(await writeWorkbookStreaming(result.workbook)),
    json: `${JSON.stringify(result.summary, null, 2)}\n`,
    statuses: result.summary.files.map((f) => f.status),
  };
}

async function twoPass(name: string, run: MergeRunOptions): Promise<{ xlsx: Buffer; json: string; threads: number }> {
  const output = path.join(dir, `${name}.xlsx`);
  const json = path.join(dir, `${name}.json`);
  const merged = await mergeFiles(files, OPTIONS, { output, json }, run);
  return { xlsx: fs.readFileSync(output), json: fs.readFileSync(json, 'utf8'), threads: merged.threads };
}

test('the batch has every file status, progress copied from last period and added work', async () => {
  const { statuses, json } = await inMemory();
  expect(new Set(statuses)).toEqual(new Set(['ok', 'superseded', 'wrong-period', 'blank', 'unknown-unit', 'unreadable', 'not-a-report']));
  const summary = JSON.parse(json) as { previous?: { period: string }; files: Array<{ findings: Array<{ code: string }> }> };
  const codes = summary.files.flatMap((f) => f.findings.map((x) => x.code));
  expect(summary.previous).toEqual({ period: '2019Q1' });
  expect(codes.filter((c) => c === 'COPIED_PROGRESS').length).toBeGreaterThan(4);
  expect(codes).toContain('ADDED_WORK');
  // The data sheet's contact of a unit is its latest file's, also when that file is not the winner.
  const record = consolidate(await Promise.all(files.map((f) => readReturnFile(f))), OPTIONS).record;
  expect(record.units.find((u) => u.unit === '区财政局')).toMatchObject({
    file: '20-财政局-逾期.xlsx',
    reporter: '李四',
    phone: '13800138000',
  });
  expect(record.units.find((u) => u.unit === '区民政局')).toMatchObject({ file: '22-民政局-终稿.xlsx', reporter: '张三' });
});

test.each([
  ['in this thread', { threads: 0 }, 0],
  ['on two worker threads', { threads: 2 }, 2],
])(
  'two passes %s: the same 汇总 bytes and the same JSON as in memory',
  async (name, run, threads) => {
    const expected = await inMemory();
    const got = await twoPass(name.replace(/\W+/g, '-'), run);
    expect(got.threads).toBe(threads);
    expect(got.json).toBe(expected.json);
    expect(got.xlsx.equals(expected.xlsx)).toBe(true);
    // What the bytes hold: every sheet, the chart, and a data sheet row per 汇总 row.
    const parts = unzipSync(got.xlsx);
    expect(Object.keys(parts)).toEqual(expect.arrayContaining(['xl/charts/chart1.xml', 'xl/worksheets/sheet7.xml']));
    expect(strFromU8(parts['xl/workbook.xml'])).toMatch(/<sheet sheetId="7" name="jindu_data" state="veryHidden"/);
  },
  60000,
);

test('rows made at the top of the 汇总 and placed far down get the heights the 汇总 gives rows there (the 序号 may need a second line)', async () => {
  const read = fileEntry(await readReturnFile(files[0]), OPTIONS);
  const made = summaryBlockRows(candidateBlock(read.entry, OPTIONS), read.checked, OPTIONS);
  for (const start of [0, 9998, 99_990, 123_456]) {
    const block = { ...candidateBlock(read.entry, OPTIONS), start };
    const placed = placeSummaryRows(structuredClone(made), block);
    const atPlace = summaryBlockRows(block, read.checked, OPTIONS);
    expect(placed.map((r) => r.values)).toEqual(atPlace.map((r) => r.values));
    // As printedTable fits them, given these rows (the widths are the 汇总's).
    const sheet = printedTable({
      name: '汇总',
      title: '',
      subtitle: '',
      head: Array(13).fill('x'),
      rows: atPlace.map((r) => r.values),
      widths: [5, 12, 8, 18, 28, 36, 10, 7, 11, 5, 12, 30, 12],
      printed: 11,
    });
    expect(placed.map(summaryRowHeight)).toEqual(atPlace.map((_, i) => sheet.fitRows?.[i + 3]));
  }
  // A 序号 of six digits takes two lines in its column: a one-line row far down is taller than near the top.
  const oneLine = (n: number) => ({ values: [n, '民政局', '', '', '', '', '', '', '', '', '', '', ''], lines: 1 });
  expect(summaryRowHeight(oneLine(123_457))).toBeGreaterThan(summaryRowHeight(oneLine(7)));
});

/** The merge's temporary folders (spool.ts) in the system's temporary folder. */
const spools = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('jindu-merge-'));

test('a winning return saved again after the first pass: the 汇总 is the one of the files as read, and no temporary file is left', async () => {
  const expected = await inMemory();
  const winner = files.find((f) => path.basename(f) === '22-民政局-终稿.xlsx') as string;
  const before = fs.readFileSync(winner);
  const spoolsBefore = spools();
  const output = path.join(dir, 'saved-again.xlsx');
  const json = path.join(dir, 'saved-again.json');
  try {
    await mergeFiles(
      files,
      OPTIONS,
      { output, json },
      {
        threads: 0,
        // Once the first pass has read every file, the clerk saves another version over the final draft.
        onProgress: (read, total) => {
          if (read === total)
            fs.writeFileSync(winner, fs.readFileSync(files.find((f) => path.basename(f) === '21-民政局-初稿.xlsx') as string));
        },
      },
    );
  } finally {
    fs.writeFileSync(winner, before);
  }
  expect(fs.readFileSync(json, 'utf8')).toBe(expected.json);
  expect(fs.readFileSync(output).equals(expected.xlsx)).toBe(true);
  expect(spools()).toEqual(spoolsBefore);
  expect(fs.readdirSync(dir).filter((n) => n.includes('jindu-tmp'))).toEqual([]);
});

describe('jindu merge, as scripts call it', () => {
  const jindu = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [path.join(__dirname, '..', 'bin', 'jindu.cjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  const mergeArgs = (name: string, extra: string[] = []) => [
    'merge',
    '--catalog',
    seedPath(SEEDS.s000),
    '--period',
    '2019Q2',
    '--as-of',
    AS_OF,
    '-o',
    path.join(dir, `${name}.xlsx`),
    '--json',
    path.join(dir, `${name}.json`),
    ...extra,
    path.dirname(files[0]),
  ];

  test('--threads 2 gives the bytes one thread gives; --threads must be a whole number from 0 to 64 (exit 2, in Chinese)', () => {
    expect(jindu(mergeArgs('cli-one', ['--threads', '0'])).status).toBe(0);
    expect(jindu(mergeArgs('cli-two', ['--threads', '2'])).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'cli-two.xlsx')).equals(fs.readFileSync(path.join(dir, 'cli-one.xlsx')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'cli-two.json'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'cli-one.json'), 'utf8'));
    for (const bad of ['-1', 'two', '65', '1.5']) {
      const r = jindu(mergeArgs('cli-bad', ['--threads', bad]));
      expect({ bad, status: r.status, stderr: r.stderr.trim() }).toEqual({
        bad,
        status: 2,
        stderr: `错误：线程数“${bad}”无效：应为 0 到 64 的整数`,
      });
    }
  }, 60000);

  test('a merge killed mid-way leaves its spool folder behind: the next merge removes it, and only folders of processes that are gone', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = fs.mkdtempSync(path.join(os.tmpdir(), `jindu-merge-${gone}-`));
    fs.writeFileSync(path.join(stale, `rows-${gone}-0.jsonl`), '[]\n');
    const alive = fs.mkdtempSync(path.join(os.tmpdir(), `jindu-merge-${process.pid}-`));
    try {
      expect(jindu(mergeArgs('cli-after-kill')).status).toBe(0);
      expect(fs.existsSync(stale)).toBe(false);
      expect(fs.existsSync(alive)).toBe(true);
    } finally {
      fs.rmSync(stale, { recursive: true, force: true });
      fs.rmSync(alive, { recursive: true, force: true });
    }
  });

  test('no temporary folder to spool to: exit 4 with the reason in Chinese, nothing written', () => {
    const r = jindu(mergeArgs('cli-no-temp'), { TMPDIR: path.join(dir, '没有这个目录') });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^错误：无法创建临时文件夹“.*没有这个目录”：不存在（ENOENT）/);
    expect(fs.existsSync(path.join(dir, 'cli-no-temp.xlsx'))).toBe(false);
  });
});
