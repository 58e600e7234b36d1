/**
 * Returns that arrive packed in a zip (压缩包), as a 乡镇 forwards its villages' returns: the zips
 * are written by Python's zipfile with names as Windows (GBK, no UTF-8 flag), 7-Zip (UTF-8 flagged)
 * and macOS (UTF-8 unflagged, __MACOSX) store them, with what else such zips hold.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { buildTemplate } from '../src/core/template';
import { fillTemplate } from '../src/cli/simulate';
import { writeWorkbook } from '../src/xlsx';
import { unpackBundle, type BundleItem } from '../src/xlsx/bundle';
import { ROOT, SEEDS, seedPath } from './helpers/paths';
import { writeZipsWithPython } from './helpers/zips';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-bundle-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SEED = seedPath(SEEDS.s000);
const catalog = importList(fs.readFileSync(SEED, 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;

async function writeReturn(file: string, unit: string, phone = '0754-88123456'): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const spec = fillTemplate(buildTemplate(catalog, unit, Q2), 0, { filledDate: '2019-06-20', reporter: '张三', phone });
  fs.writeFileSync(file, await writeWorkbook(spec));
  return file;
}

const items = (bytes: Uint8Array) => [...unpackBundle(bytes)];
const summary = (all: BundleItem[]) => all.map((i) => (i.kind === 'return' ? `读 ${i.path}` : `跳过 ${i.path}：${i.reason}`));

let education = '';
let civil = '';
/** 区教育局's return with a phone number too short: a feedback copy is made for it. */
let badPhone = '';
beforeAll(async () => {
  education = await writeReturn(path.join(tmp, 'src', '教育局.xlsx'), '区教育局');
  badPhone = await writeReturn(path.join(tmp, 'src', '教育局-电话有误.xlsx'), '区教育局', '88123');
  civil = await writeReturn(path.join(tmp, 'src', '民政局.xlsx'), '区民政局');
}, 60000);

describe('unpacking a zip of returns', () => {
  test('names stored in GBK (Windows), flagged UTF-8 (7-Zip) and unflagged UTF-8 (macOS) all read as written; the bytes are the returns’', () => {
    const zip = path.join(tmp, 'names.zip');
    writeZipsWithPython([
      {
        path: zip,
        members: [
          { name: '一组/教育局.xlsx', file: education, names: 'gbk' },
          { name: '二组/民政局（补报）.xlsx', file: civil, names: 'utf8' },
          { name: '三组/教育局.xlsx', file: education, names: 'utf8-unflagged' },
        ],
      },
    ]);
    const all = items(new Uint8Array(fs.readFileSync(zip)));
    expect(summary(all)).toEqual(['读 一组/教育局.xlsx', '读 二组/民政局（补报）.xlsx', '读 三组/教育局.xlsx']);
    const first = all[0];
    expect(first.kind === 'return' && Buffer.from(first.bytes).equals(fs.readFileSync(education))).toBe(true);
  });

  test('what a packed folder also holds is listed with why: a Word note, a lock file, macOS’s __MACOSX, a zip in the zip, folders (silently)', () => {
    const zip = path.join(tmp, 'extras.zip');
    writeZipsWithPython([
      {
        path: zip,
        members: [
          { name: '村报表/', text: '', names: 'gbk' },
          { name: '村报表/教育局.xlsx', file: education, names: 'gbk' },
          { name: '村报表/说明.docx', text: 'a note', names: 'gbk' },
          { name: '村报表/~$教育局.xlsx', text: 'lock', names: 'gbk' },
          { name: '__MACOSX/村报表/._教育局.xlsx', text: 'x', names: 'utf8-unflagged' },
          { name: '上月.zip', text: 'PK', names: 'gbk' },
        ],
      },
    ]);
    expect(summary(items(new Uint8Array(fs.readFileSync(zip))))).toEqual([
      '读 村报表/教育局.xlsx',
      '跳过 村报表/说明.docx：不是工作簿文件（.docx）',
      '跳过 村报表/~$教育局.xlsx：Excel/WPS 打开文件时的临时文件',
      '跳过 __MACOSX/村报表/._教育局.xlsx：苹果电脑压缩时附带的系统文件',
      '跳过 上月.zip：压缩包中的压缩包，请解压后再汇总',
    ]);
  });

  test('a member larger than a return may be (25 MB of zeros, 25 KB packed), or with a password, is not unpacked; the others are', () => {
    const zip = path.join(tmp, 'hostile.zip');
    writeZipsWithPython([
      {
        path: zip,
        members: [
          { name: '大文件.xlsx', zeros: 25 * 1024 * 1024, names: 'gbk' },
          { name: '加密.xlsx', file: civil, names: 'gbk' },
          { name: '教育局.xlsx', file: education, names: 'gbk' },
        ],
      },
    ]);
    const bytes = new Uint8Array(fs.readFileSync(zip));
    // Mark 加密.xlsx encrypted (flag bit 0) in its local and central headers, as ZipCrypto would.
    const gbkName = Buffer.from([0xbc, 0xd3, 0xc3, 0xdc]); // 加密 in GBK
    for (let i = 0; i + 4 < bytes.length; i++) {
      const sig = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
      const at = sig === 0x04034b50 ? 30 : sig === 0x02014b50 ? 46 : -1;
      if (at > 0 && Buffer.from(bytes.subarray(i + at, i + at + 4)).equals(gbkName)) bytes[i + (sig === 0x04034b50 ? 6 : 8)] |= 1;
    }
    expect(summary(items(bytes))).toEqual([
      '跳过 大文件.xlsx：文件过大（25.0 MB，上限 20.0 MB）',
      '跳过 加密.xlsx：压缩包设有密码，请解压后再汇总',
      '读 教育局.xlsx',
    ]);
  });

  test('what is no zip, or a broken one, gets a Chinese message: a .rar renamed .zip, a cut download', () => {
    expect(() => items(new Uint8Array(Buffer.from('Rar!\x1a\x07\x00 not a zip')))).toThrow(
      '不是 zip 压缩包（.rar、.7z 等请先解压），或文件已损坏',
    );
    const whole = fs.readFileSync(path.join(tmp, 'names.zip'));
    expect(() => items(new Uint8Array(whole.subarray(0, whole.length - 40)))).toThrow('文件已损坏（压缩包不完整或目录损坏），无法读取');
  });
});

describe('jindu merge with a zip among the returns', () => {
  test('the zip’s returns are merged under their path in it, its other files are skipped with why, feedback copies are made from them, and nothing is left in the temporary folder', () => {
    const inbox = path.join(tmp, '收件');
    fs.mkdirSync(inbox, { recursive: true });
    writeZipsWithPython([
      {
        path: path.join(inbox, '某镇报表.zip'),
        members: [
          { name: '某镇/教育局.xlsx', file: badPhone, names: 'gbk' },
          { name: '某镇/说明.docx', text: 'a note', names: 'gbk' },
        ],
      },
    ]);
    fs.copyFileSync(civil, path.join(inbox, '民政局.xlsx'));
    fs.writeFileSync(path.join(inbox, '坏包.zip'), 'PK\x03\x04 cut short');
    const scratch = fs.mkdtempSync(path.join(tmp, 'tmpdir-'));
    const out = path.join(tmp, '汇总.xlsx');
    const json = path.join(tmp, '汇总.json');
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'jindu.cjs'),
        'merge',
        '--catalog',
        SEED,
        '--period',
        '2019Q2',
        '--as-of',
        '2019-06-30',
        '-o',
        out,
        '--json',
        json,
        '--feedback',
        path.join(tmp, '反馈'),
        inbox,
      ],
      { encoding: 'utf8', env: { ...process.env, TMPDIR: scratch }, timeout: 60000 },
    );
    expect(r.status).toBe(0);
    const s = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      files: Array<{ file: string; unit: string; status: string }>;
      skipped: Array<{ file: string; reason: string }>;
    };
    expect(s.files.map((f) => [f.file, f.unit, f.status])).toEqual([
      ['某镇报表.zip/某镇/教育局.xlsx', '区教育局', 'ok'],
      ['民政局.xlsx', '区民政局', 'ok'],
    ]);
    // The feedback copy is made from the unpacked return, before its temporary file goes.
    expect(r.stdout).toContain('反馈表：1 个单位的报表需更正');
    const copies = fs.readdirSync(path.join(tmp, '反馈')).filter((f) => f.endsWith('.xlsx'));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toContain('区教育局');
    expect(s.skipped).toEqual([
      { file: '坏包.zip', reason: '文件已损坏（压缩包不完整或目录损坏），无法读取' },
      { file: '某镇报表.zip/某镇/说明.docx', reason: '不是工作簿文件（.docx）' },
    ]);
    expect(r.stderr).toContain('跳过 某镇报表.zip/某镇/说明.docx：不是工作簿文件（.docx）');
    // The returns were unpacked into the temporary folder, and it is gone.
    expect(fs.readdirSync(scratch).filter((f) => f.startsWith('jindu-bundle-'))).toEqual([]);
  }, 90000);
});
