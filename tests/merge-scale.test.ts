/**
 * The merge's road at province scale, on real files: returns of the seed list written as .xlsx,
 * read on worker threads and in one thread (same results, same order), the 汇总 written by the
 * streaming writer and by the in-memory writer (same values, styles and sheet settings when read
 * back), repeated texts shared, and the reader's dates in the formats WPS writes.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { PassThrough } from 'stream';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Catalog } from '../src/core/catalog';
import { consolidate } from '../src/core/consolidation';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { TextPool } from '../src/core/report';
import { buildTemplate } from '../src/core/template';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { writeWorkbookStreaming, zipIntake } from '../src/xlsx/writeStream';
import { readReturnFiles } from '../src/cli/readReturns';
import { mergeFiles } from '../src/cli/reports';
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

test('a reader thread that runs out of memory loses no file: each is retried alone, then reported unreadable', async () => {
  // 2 MB of heap is less than loading the reader needs: every thread dies, every file is accounted for.
  const some = files.slice(0, 5);
  const read = await readReturnFiles(some, { threads: 2, threadMemoryMb: 2 });
  expect(read.map((i) => i.file)).toEqual(some.map((f) => path.basename(f)));
  for (const i of read) expect(i).toEqual({ file: i.file, unreadable: expect.stringMatching(/读取程序异常退出/) });
}, 120000);

test('two worker threads give the same inputs, in file order, as reading in this thread', async () => {
  const one = await readReturnFiles(files, { threads: 1 });
  const two = await readReturnFiles(files, { threads: 2 });
  expect(two.map((i) => i.file)).toEqual(files.map((f) => path.basename(f)));
  expect(two).toEqual(one);
  const unreadable = two.filter((i) => 'unreadable' in i);
  expect(unreadable.map((i) => i.file)).toEqual(['90-坏文件.xlsx', '91-旧格式.xls']);
  expect(one.filter((i) => 'outcome' in i && i.outcome.ok)).toHaveLength(24);
}, 60000);

test('pooling repeated texts (as readReturnFiles does for every return) changes no value of any return', async () => {
  const read = await readReturnFiles(files, { threads: 1 });
  const reports = read.flatMap((i) => ('outcome' in i && i.outcome.ok ? [i.outcome.report] : []));
  const before = structuredClone(reports);
  const pool = new TextPool();
  for (const r of reports) pool.shareReport(r);
  expect(reports).toEqual(before);
  // The catalog's plans recur from return to return: the pool is there for them.
  const plans = reports.flatMap((r) => r.rows.map((row) => row.values.plan).filter(Boolean));
  expect(new Set(plans).size).toBeLessThan(plans.length / 2);
});

test('the streaming 汇总 reads back equal to the in-memory one: values, fills, fonts, widths, filters, frozen panes', async () => {
  const inputs = await readReturnFiles(files, { threads: 1 });
  const result = consolidate(inputs, { catalog, period: Q2, asOf: AS_OF });
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

test('the same spec gives the same bytes from the streaming writer', async () => {
  const inputs = await readReturnFiles(files.slice(0, 4), { threads: 1 });
  const { workbook } = consolidate(inputs, { catalog, period: Q2, asOf: AS_OF });
  expect(Buffer.from(await writeWorkbookStreaming(workbook)).equals(Buffer.from(await writeWorkbookStreaming(workbook)))).toBe(true);
});

test('mergeFiles: every row read is written, each step timed', async () => {
  const seen: number[] = [];
  const merged = await mergeFiles(
    files,
    { catalog, period: Q2, asOf: AS_OF },
    {
      threads: 2,
      onProgress: (read, total) => {
        expect(total).toBe(files.length);
        seen.push(read);
      },
    },
  );
  // Progress once per file, counting up to all of them.
  expect(seen).toEqual(files.map((_, i) => i + 1));
  const { totals } = merged.result.summary;
  expect(totals.files).toBe(26);
  expect(totals.rowsWritten).toBe(totals.rowsRead);
  const okFiles = merged.result.summary.files.filter((f) => f.status === 'ok');
  expect(totals.rowsRead).toBe(okFiles.reduce((n, f) => n + f.rows, 0));
  expect(totals.rowsRead).toBeGreaterThan(okFiles.length * 2);
  expect(Object.values(merged.ms).every((ms) => ms >= 0)).toBe(true);
  const book = await readWorkbook(merged.bytes, '汇总.xlsx', {
    maxFileBytes: 1e8,
    maxInflatedBytes: 1e9,
    maxEntries: 100,
    maxRows: 1e5,
    maxColumns: 50,
  });
  expect(book.sheets[0].rows.length).toBeGreaterThan(totals.rowsRead);
  // Printable as sent up: each sheet landscape, one page wide, its header row (under the title) repeated on every page,
  // page numbers in the footer; the data rows fit their text (a height that is not the user's, which Excel refits).
  const parts = unzipSync(merged.bytes);
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
