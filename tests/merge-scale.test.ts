/**
 * The merge's road at province scale, on real files: returns of the seed list written as .xlsx,
 * merged on worker threads and in one thread, the 汇总 written by the streaming writer and by the
 * in-memory writer (same values, styles and sheet settings when read back), and the reader's dates
 * in the formats WPS writes. tests/merge-passes.test.ts compares the merge's passes byte for byte.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { PassThrough } from 'stream';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Catalog } from '../src/core/catalog';
import type { WorkbookSpec } from '../src/core/workbook';
import { consolidate } from '../src/core/consolidation';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { buildTemplate } from '../src/core/template';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { writeWorkbookStreaming, zipIntake } from '../src/xlsx/writeStream';
import { MemorySharedStrings, SpooledSharedStrings } from '../src/xlsx/sharedStrings';
import type { MergeInput } from '../src/core/consolidation';
import { mergeFiles } from '../src/cli/merge';
import { readReturnFile } from '../src/cli/returnFile';
import { fillTemplate, handMadeReturn } from '../src/cli/simulate';
import { SEEDS, seedPath } from './helpers/paths';

const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;
const AS_OF = '2019-06-30';

let dir: string;
let files: string[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-scale-'));
  const units = catalog.units.filter((u) => u.kind === 'unit').map((u) => u.name);
  files = [];
  for (let i = 0; i < 24; i++) {
    const unit = units[i % units.length];
    const file = path.join(dir, `${String(i).padStart(2, '0')}-${unit}.xlsx`);
    const spec =
      i % 3 === 2
        ? handMadeReturn(catalog, unit, unit, Q2)
        : fillTemplate(buildTemplate(catalog, unit, Q2), i, { filledDate: '2019-06-20', reporter: `填报人${i}`, phone: '0754-88123456' });
    fs.writeFileSync(file, await writeWorkbook(spec));
    files.push(file);
  }
  // A broken file and a legacy one: they travel through the threads like the others.
  fs.writeFileSync(path.join(dir, '90-坏文件.xlsx'), 'PK\u0003\u0004 broken');
  fs.writeFileSync(path.join(dir, '91-旧格式.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
  files.push(path.join(dir, '90-坏文件.xlsx'), path.join(dir, '91-旧格式.xls'));
}, 120000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The files read as the merge reads each of them, in the main thread. */
const readInputs = (some: string[]): Promise<MergeInput[]> => Promise.all(some.map((f) => readReturnFile(f)));

test('a reader thread that runs out of memory loses no file: each is retried alone, then reported unreadable', async () => {
  // 2 MB of heap is less than reading a return needs: every thread dies, every file is accounted for.
  const some = files.slice(0, 5);
  const out = path.join(dir, 'oom');
  const run = await mergeFiles(some, { catalog, period: Q2, asOf: AS_OF }, { output: `${out}.xlsx` }, { threads: 2, threadMemoryMb: 2 });
  expect(run.threads).toBe(2);
  expect(run.summary.files.map((f) => f.file)).toEqual(some.map((f) => path.basename(f)));
  for (const f of run.summary.files) {
    expect(f.status).toBe('unreadable');
    expect(f.findings.map((x) => x.message)).toEqual([expect.stringMatching(/读取程序异常退出/)]);
  }
}, 120000);

test('the streaming 汇总 reads back equal to the in-memory one: values, fills, fonts, widths, filters, frozen panes', async () => {
  const result = consolidate(await readInputs(files), { catalog, period: Q2, asOf: AS_OF });
  const streamed = await writeWorkbookStreaming(result.workbook);
  const inMemory = await writeWorkbook(result.workbook);
  expect(await readWorkbook(streamed, '汇总.xlsx')).toEqual(await readWorkbook(inMemory, '汇总.xlsx'));

  const load = async (bytes: Uint8Array) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    return wb;
  };
  const [s, m] = await Promise.all([load(streamed), load(inMemory)]);
  expect(s.worksheets.map((w) => w.name)).toEqual(['汇总', '报送情况', '文件清单', '问题清单', '按任务', '完成情况', 'jindu_data']);
  let cellsCompared = 0;
  for (const wm of m.worksheets) {
    const ws = s.getWorksheet(wm.name) as ExcelJS.Worksheet;
    const settings = (w: ExcelJS.Worksheet) => ({ views: w.views, autoFilter: w.autoFilter, widths: w.columns.map((c) => c.width) });
    expect(settings(ws)).toEqual(settings(wm));
    wm.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        const other = ws.getRow(r).getCell(c);
        expect({ at: cell.address, v: other.value, fill: other.fill, font: other.font, alignment: other.alignment }).toEqual({
          at: cell.address,
          v: cell.value,
          fill: cell.fill,
          font: cell.font,
          alignment: cell.alignment,
        });
        cellsCompared++;
      }),
    );
  }
  expect(cellsCompared).toBeGreaterThan(1000);
}, 60000);

test('a template (merged title, dropdowns, protection, hidden meta sheet) written streaming reads back as written in memory', async () => {
  const units = catalog.units.filter((u) => u.kind === 'unit').map((u) => u.name);
  const spec = buildTemplate(catalog, units[0], Q2);
  expect(spec.sheets.some((sh) => (sh.merges ?? []).length > 0)).toBe(true);
  const streamed = await readWorkbook(await writeWorkbookStreaming(spec), 't.xlsx');
  expect(streamed).toEqual(await readWorkbook(await writeWorkbook(spec), 't.xlsx'));
  expect(streamed.sheets[0].merges.length).toBeGreaterThan(0);
});

test('the streaming writer finds the zip’s intake in ExcelJS (its wait for the compressor depends on it)', () => {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough().resume(), useStyles: true });
  const ws = wb.addWorksheet('a');
  ws.getRow(1).getCell(1).value = '一';
  ws.getRow(1).commit();
  expect(zipIntake(ws)).toBeDefined();
  expect(zipIntake(ws)?._writableState).toBeDefined();
});

describe('the streaming writer’s plain rows', () => {
  // Rows of every kind a sheet has: text (empty, markup, escapes, astral), numbers, empty cells with
  // and without a style, row styles, heights and fitted heights, an empty row, a merged title, a cell
  // of its own style, a page break and a true/false value (those three through ExcelJS's objects).
  const spec: WorkbookSpec = {
    sheets: [
      {
        name: '汇总',
        merges: ['A1:D1'],
        columns: [{ width: 6 }, { width: 20, wrap: true }, { width: 10, numFmt: '0.0' }, { width: 30 }],
        rows: [
          ['标题', null, null, null],
          ['序号', '单位', '数值', '进展'],
          [1, '区教育局', 2.5, '<&>"\' 和 _x0041_ 😀'],
          [2, '', null, '两行\n文字'],
          [null, null, null, null],
          [3, '区财政局', 0, null],
          [true, '是', -1e-7, '末尾空格 '],
          [4, '区民政局', 12, '分页之后'],
          [5, '单元格样式', 3, '重复'],
          [6, '重复', 4, '重复'],
        ],
        rowStyles: { 1: { bold: true, fill: 'header', border: true }, 2: { fill: 'late' }, 5: { fill: 'missing', border: true } },
        rowHeights: { 1: 30, 3: 45.75 },
        fitRows: { 2: 61.5, 5: 15 },
        cellStyles: { D9: { fill: 'warning' } },
        print: { landscape: true, fitToWidth: true, pageBreaksBefore: [8] },
      },
      { name: '数据', state: 'veryHidden', rows: [['key', 'value'], [], ['a', 1], ['b', null], ['重复', 2]] },
    ],
  };

  test('written straight as XML, the package is the bytes ExcelJS’s row and cell objects give', async () => {
    const theirs = Buffer.from(await writeWorkbookStreaming(spec, undefined, { exceljsRows: true }));
    expect(Buffer.from(await writeWorkbookStreaming(spec)).equals(theirs)).toBe(true);
    // And for a whole 汇总 of the demo's kind, every sheet.
    const inputs = await Promise.all(
      [0, 1, 2].map(async (seed) => {
        const file = path.join(dir, `plain-${seed}.xlsx`);
        const unit = ['区教育局', '区财政局', '区民政局'][seed];
        fs.writeFileSync(
          file,
          await writeWorkbook(
            fillTemplate(buildTemplate(catalog, unit, Q2), seed, { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456' }),
          ),
        );
        return readReturnFile(file);
      }),
    );
    const workbook = consolidate(inputs, { catalog, period: Q2, asOf: '2019-06-30' }).workbook;
    const viaExcelJS = Buffer.from(await writeWorkbookStreaming(workbook, undefined, { exceljsRows: true }));
    expect(Buffer.from(await writeWorkbookStreaming(workbook)).equals(viaExcelJS)).toBe(true);
  }, 60000);
});

describe('the streaming writer’s shared strings', () => {
  // Texts XML treats specially (spaces at the ends, line breaks, markup characters, escapes, empty,
  // astral), repeated ones, and more distinct ones than one piece of the part holds.
  const tricky = ['', ' 前导空格', '末尾空格 ', '两行\n文字', '\t制表', '<&>"\'', '_x0041_ 字面', '😀表情', '\r\n', '同一段', '同一段'];
  const rows = [
    ...tricky.map((t, i) => [i, t, `${t}${i}`]),
    ...Array.from({ length: 45000 }, (_, i) => [i, `第${i}行的进展`, i % 7 ? '重复' : null]),
  ];
  // Texts seen again long after (past the recent ones kept in memory), as a unit's name is in 报送情况.
  const spec: WorkbookSpec = {
    sheets: [
      { name: '汇总', rows },
      { name: '其他', rows: [['同一段', '第3行的进展', '第44999行的进展', ' 前导空格']] },
    ],
  };

  test('in memory and spooled on disk, the tables write the bytes ExcelJS’s own table writes', async () => {
    const theirs = Buffer.from(await writeWorkbookStreaming(spec, undefined, { exceljsSharedStrings: true }));
    expect(Buffer.from(await writeWorkbookStreaming(spec)).equals(theirs)).toBe(true);
    const spool = fs.mkdtempSync(path.join(dir, 'sst-'));
    expect(Buffer.from(await writeWorkbookStreaming(spec, undefined, { spool })).equals(theirs)).toBe(true);
    expect(strFromU8(unzipSync(theirs)['xl/sharedStrings.xml'])).toContain('<si><t xml:space="preserve"> 前导空格</t></si>');
  }, 60000);

  test('the spooled table checks every text it finds by its hash: with a hash that always collides it numbers as ExcelJS does', () => {
    const spool = fs.mkdtempSync(path.join(dir, 'sst-'));
    const colliding = new SpooledSharedStrings(spool, () => 7);
    const memory = new MemorySharedStrings();
    const texts = Array.from({ length: 3000 }, (_, i) => `文本${i % 1200}${i % 3 ? '' : ' '}`);
    const ids = texts.map((t) => [colliding.add(t), memory.add(t)]);
    expect(ids.every(([a, b]) => a === b)).toBe(true);
    expect(colliding.count).toBe(memory.count);
    expect(Buffer.concat([...colliding.part()]).equals(Buffer.concat([...memory.part()]))).toBe(true);
    colliding.close();
  });

  test('the spooled table across its write batches: a text longer than a batch, texts found again on disk after 40,000 others, the part read back in pieces', () => {
    const spool = fs.mkdtempSync(path.join(dir, 'sst-'));
    const spooled = new SpooledSharedStrings(spool);
    const memory = new MemorySharedStrings();
    // 40,000 texts (some 3 MB in UTF-16) push the first ones out of the recent texts, so that adding
    // them again reads them back from the file; the long one (1.2 MB in UTF-16) is larger than a batch.
    const long = `长文本${'进展情况'.repeat(150_000)}`;
    const texts = Array.from({ length: 40_000 }, (_, i) => `第${i}条：${'已完成'.repeat(i % 40)}`);
    texts.splice(100, 0, long);
    const again = [...texts.slice(0, 2000), long, '新的文本'];
    const ids = [...texts, ...again].map((t) => [spooled.add(t), memory.add(t)]);
    expect(ids.every(([a, b]) => a === b)).toBe(true);
    expect(spooled.count).toBe(40_002);
    const pieces = [...spooled.part()];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Buffer.concat(pieces).equals(Buffer.concat([...memory.part()]))).toBe(true);
    spooled.close();
  });
});

test('the same spec gives the same bytes from the streaming writer', async () => {
  const { workbook } = consolidate(await readInputs(files.slice(0, 4)), { catalog, period: Q2, asOf: AS_OF });
  expect(Buffer.from(await writeWorkbookStreaming(workbook)).equals(Buffer.from(await writeWorkbookStreaming(workbook)))).toBe(true);
});

test('mergeFiles on two threads: every row read is written, each step timed', async () => {
  const seen: number[] = [];
  const output = path.join(dir, '汇总.xlsx');
  const merged = await mergeFiles(
    files,
    { catalog, period: Q2, asOf: AS_OF },
    { output },
    {
      threads: 2,
      onProgress: (read, total) => {
        expect(total).toBe(files.length);
        seen.push(read);
      },
    },
  );
  expect(merged.threads).toBe(2);
  // Progress once per file, counting up to all of them.
  expect(seen).toEqual(files.map((_, i) => i + 1));
  const { totals } = merged.summary;
  expect(totals.files).toBe(26);
  expect(totals.rowsWritten).toBe(totals.rowsRead);
  const okFiles = merged.summary.files.filter((f) => f.status === 'ok');
  expect(totals.rowsRead).toBe(okFiles.reduce((n, f) => n + f.rows, 0));
  expect(totals.rowsRead).toBeGreaterThan(okFiles.length * 2);
  expect(Object.values(merged.ms).every((ms) => ms >= 0)).toBe(true);
  const bytes = new Uint8Array(fs.readFileSync(output));
  const book = await readWorkbook(bytes, '汇总.xlsx', {
    maxFileBytes: 1e8,
    maxInflatedBytes: 1e9,
    maxEntries: 100,
    maxRows: 1e5,
    maxColumns: 50,
  });
  expect(book.sheets[0].rows.length).toBeGreaterThan(totals.rowsRead);
  // Printable as sent up: each sheet landscape, one page wide, its header row (under the title) repeated on every page,
  // page numbers in the footer; the data rows fit their text (a height that is not the user's, which Excel refits).
  const parts = unzipSync(bytes);
  const workbookXml = strFromU8(parts['xl/workbook.xml']);
  const names = (kind: string) =>
    (workbookXml.match(new RegExp(`<definedName name="_xlnm\\.${kind}"[^>]*>[^<]*<`, 'g')) ?? []).map((t) =>
      t.replace(/.*>/, '').replace(/<$/, ''),
    );
  const sheets = ['汇总', '报送情况', '文件清单', '问题清单', '按任务', '完成情况'];
  expect(names('Print_Titles')).toEqual(sheets.map((n) => `&apos;${n}&apos;!$3:$3`));
  expect(names('Print_Area')[0]).toBe(`&apos;汇总&apos;!$A$1:$K$${book.sheets[0].rows.length}`);
  for (let i = 1; i <= 6; i++) {
    const sheet = strFromU8(parts[`xl/worksheets/sheet${i}.xml`]);
    expect(sheet).toMatch(/<pageSetup [^>]*orientation="landscape"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
    expect(sheet).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(sheet).toContain('<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>');
  }
  const summaryXml = strFromU8(parts['xl/worksheets/sheet1.xml']);
  expect(summaryXml).toMatch(/<row r="1" ht="[\d.]+" customHeight="1"/);
  expect(summaryXml).toMatch(/<row r="4" ht="[\d.]+" spans/);
  expect(summaryXml.match(/customHeight="1"/g)).toHaveLength(3);
  // The chart of the 完成情况 sheet, written beside what ExcelJS writes.
  expect(Object.keys(parts)).toEqual(expect.arrayContaining(['xl/charts/chart1.xml', 'xl/drawings/drawing1.xml']));
}, 60000);

describe('the reader: dates in built-in formats, as Excel and WPS write them', () => {
  /** A workbook whose cells A1, A2, … hold serial 43636 (2019-06-20), each in one of the given built-in formats. */
  async function withFormats(ids: number[]): Promise<Uint8Array> {
    const base = await writeWorkbook({ sheets: [{ name: 'Sheet1', rows: ids.map((_, i) => [i]) }] });
    const parts = unzipSync(base);
    const styles = strFromU8(parts['xl/styles.xml']).replace(
      /<cellXfs count="\d+">([\s\S]*?)<\/cellXfs>/,
      `<cellXfs count="${ids.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>${ids
        .map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`)
        .join('')}</cellXfs>`,
    );
    const rows = ids.map((_, i) => `<row r="${i + 1}"><c r="A${i + 1}" s="${i + 1}"><v>43636</v></c></row>`).join('');
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']).replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows}</sheetData>`);
    return zipSync({ ...parts, 'xl/styles.xml': strToU8(styles), 'xl/worksheets/sheet1.xml': strToU8(sheet) });
  }

  test('14 (Excel’s date), 31 and 57 (WPS’s 年月日 formats) read as 2019-06-20; 2 (0.00) and 32 (WPS’s 时分) stay numbers', async () => {
    const book = await readWorkbook(await withFormats([14, 31, 57, 2, 32]), 'x.xlsx');
    expect(book.sheets[0].rows.map((r) => r[0])).toEqual(['2019-06-20', '2019-06-20', '2019-06-20', 43636, 43636]);
  });
});
