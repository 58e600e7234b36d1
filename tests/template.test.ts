import fs from 'fs';
import path from 'path';
import ExcelJS from 'exceljs';
import { assignedTasks, unitTasksVersion } from '../src/core/assignment';
import type { Catalog } from '../src/core/catalog';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { META_SHEET, STATUSES, TEMPLATE_VERSION } from '../src/core/report';
import { ADDED_WORK_HINT, buildTemplate, excelSerial, templateFileName } from '../src/core/template';
import { writeWorkbook } from '../src/xlsx';

const SEEDS = path.join(__dirname, '..', '..', 'shared', 'seeds');

function catalogOf(seed: string): Catalog {
  return importList(fs.readFileSync(path.join(SEEDS, seed), 'utf8')).catalog;
}

function period(code: string): Period {
  const p = parsePeriod(code);
  if (!p) throw new Error(code);
  return p;
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

function text(ws: ExcelJS.Worksheet, addr: string): string {
  const v = ws.getCell(addr).value;
  return v === null || v === undefined ? '' : String(v);
}

/** Rows (1-based) whose column A holds a number: the task rows. */
function taskRows(ws: ExcelJS.Worksheet): number[] {
  const out: number[] = [];
  ws.eachRow((row, r) => {
    if (typeof row.getCell(1).value === 'number') out.push(r);
  });
  return out;
}

function findRow(ws: ExcelJS.Worksheet, prefix: string): number {
  let found = -1;
  ws.eachRow((row, r) => {
    if (found < 0 && String(row.getCell(1).value ?? '').startsWith(prefix)) found = r;
  });
  return found;
}

const c000 = catalogOf('000_45cf8959af68998b.txt');
const q2 = period('2019Q2');

describe('buildTemplate on seed 000 for 区教育局, 2019Q2', () => {
  let wb: ExcelJS.Workbook;
  let ws: ExcelJS.Worksheet;
  let bytes: Uint8Array;
  const tasks = assignedTasks(c000, '区教育局');

  beforeAll(async () => {
    bytes = await writeWorkbook(buildTemplate(c000, '区教育局', q2));
    wb = await load(bytes);
    ws = wb.worksheets[0];
  });

  test('sheet name, title, unit and period', () => {
    expect(ws.name).toBe('2019年第二季度');
    expect(text(ws, 'A1')).toBe('2019年脱贫攻坚工作进度情况表');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('A1').font?.size).toBe(16);
    expect(text(ws, 'A2')).toBe('填报单位：区教育局');
    expect(text(ws, 'G2')).toBe('报告期：2019年第二季度');
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A1:F1', 'A2:F2']));
  });

  test('header row in order, extra columns marked', () => {
    const header = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((c) => String(ws.getRow(3).getCell(c).value));
    expect(header).toEqual([
      '序号',
      '分管领导',
      '项目名称',
      '2019年工作计划',
      '工作进展及存在问题',
      '备注',
      '任务编号',
      '完成时限',
      '状态',
    ]);
    const fillOf = (addr: string): string | undefined => (ws.getCell(addr).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(fillOf('G3')).toBeDefined();
    expect(fillOf('G3')).not.toBe(fillOf('F3'));
  });

  test('one row per task with 序号, plan and 任务编号', () => {
    expect(tasks).toHaveLength(5);
    const rows = taskRows(ws);
    expect(rows).toEqual([4, 5, 6, 7, 8]);
    rows.forEach((r, i) => {
      expect(ws.getCell(`A${r}`).value).toBe(i + 1);
      expect(text(ws, `C${r}`)).toBe(tasks[i].title);
      expect(text(ws, `D${r}`)).toBe(tasks[i].plans['2019']);
      expect(text(ws, `G${r}`)).toBe(tasks[i].id);
      expect(text(ws, `E${r}`)).toBe('');
      expect(text(ws, `H${r}`)).toContain('2019-12-31');
      // Stored as the serial number; ExcelJS shows a date-formatted number as a Date.
      expect(ws.getCell(`J${r}`).value).toEqual(new Date(Date.UTC(2019, 11, 31)));
      expect(ws.getCell(`J${r}`).numFmt).toBe('yyyy-mm-dd');
    });
  });

  test('状态 dropdown, protection and locked/unlocked cells', () => {
    for (const r of taskRows(ws)) {
      const dv = ws.getCell(`I${r}`).dataValidation;
      expect(dv?.type).toBe('list');
      expect(dv?.formulae?.[0]).toBe(`"${STATUSES.join(',')}"`);
      expect(ws.getCell(`E${r}`).protection?.locked).toBe(false);
      expect(ws.getCell(`F${r}`).protection?.locked).toBe(false);
      expect(ws.getCell(`I${r}`).protection?.locked).toBe(false);
      expect(ws.getCell(`C${r}`).protection?.locked).not.toBe(false);
      // Seed 000 names no leaders: the clerk writes 分管领导 in.
      expect(ws.getCell(`B${r}`).protection?.locked).toBe(false);
      expect(ws.getCell(`D${r}`).protection?.locked).not.toBe(false);
      expect(ws.getCell(`G${r}`).protection?.locked).not.toBe(false);
    }
    expect(ws.getCell('E3').protection?.locked).not.toBe(false);
    const protection = (ws as unknown as { sheetProtection?: { sheet?: boolean; hashValue?: string } }).sheetProtection;
    expect(protection?.sheet).toBe(true);
    expect(protection?.hashValue).toBeUndefined();
  });

  test('a blank row for added work, every cell unlocked, then the footer with unlocked inputs and the note', () => {
    const footer = findRow(ws, '填报人');
    const blank = taskRows(ws).at(-1)! + 1;
    expect(footer).toBe(blank + 2);
    for (const c of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']) {
      expect(text(ws, `${c}${blank}`)).toBe('');
      expect(ws.getCell(`${c}${blank}`).protection?.locked).toBe(false);
    }
    expect(ws.getCell(`I${blank}`).dataValidation?.type).toBe('list');
    expect(text(ws, `A${footer - 1}`)).toBe('');
    expect(text(ws, `A${footer}`)).toBe('填报人：');
    expect(text(ws, `D${footer}`)).toBe('联系电话：');
    expect(ws.getCell(`D${footer}`).alignment?.horizontal).toBe('right');
    // 填报日期 is the add-in's: beside the form, off the page.
    expect(text(ws, `F${footer}`)).toBe('');
    expect(text(ws, `G${footer}`)).toBe('填报日期：');
    for (const c of ['C', 'E', 'H']) expect(ws.getCell(`${c}${footer}`).protection?.locked).toBe(false);
    const note = text(ws, `A${footer + 1}`);
    expect(note).toBe('注：该表请于6月25日前报送区扶贫办。');
    expect(text(ws, `G${footer + 1}`)).toBe(ADDED_WORK_HINT);
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining([`A${footer}:B${footer}`, `A${footer + 1}:F${footer + 1}`]));
  });

  test('print setup: the six columns on A4, the header row repeated, page numbers, black and white; rows fit their text', async () => {
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.blackAndWhite).toBe(true);
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    const footer = findRow(ws, '填报人');
    expect(ws.pageSetup.printArea).toBe(`A1:F${footer + 1}`);
    expect(ws.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
    expect(ws.getColumn(10).hidden).toBe(true);
    expect(ws.getColumn(3).width).toBe(24);
    expect(ws.getColumn(4).width).toBe(42);
    const { unzipSync, strFromU8 } = await import('fflate');
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    const rowTag = (r: number) => new RegExp(`<row r="${r}"[^>]*>`).exec(xml)?.[0] ?? '';
    // Task rows state a height that is not the user's (Excel refits them); the title's is fixed.
    for (const r of taskRows(ws)) {
      expect(rowTag(r)).toMatch(/ ht="\d+(\.\d+)?"/);
      expect(rowTag(r)).not.toContain('customHeight');
    }
    expect(rowTag(1)).toContain('customHeight="1"');
    expect(xml).toContain('blackAndWhite="1"');
  });

  test('conditional formats: late rows marked in the add-in columns only (they never print), empty progress', () => {
    const cfs = (ws as unknown as { conditionalFormattings: { ref: string; rules: { formulae?: string[]; priority?: number }[] }[] })
      .conditionalFormattings;
    expect(cfs.length).toBeGreaterThanOrEqual(2);
    const late = cfs.find((cf) => cf.ref === 'G4:I8');
    const empty = cfs.find((cf) => cf.ref === 'E4:E8');
    expect(late?.rules[0].formulae?.[0]).toBe('AND($J4<>"",$J4<TODAY(),$I4<>"已完成")');
    expect(empty?.rules[0].formulae?.[0]).toBe('LEN(TRIM($E4))=0');
    expect(late?.rules[0].priority).toBeLessThan(empty?.rules[0].priority ?? 0);
  });

  test('sheet protection lets the clerk insert and format rows, not delete them', () => {
    const p = (ws as unknown as { sheetProtection?: Record<string, unknown> }).sheetProtection;
    expect(p).toMatchObject({ sheet: true, insertRows: true, formatRows: true, formatColumns: true });
    expect(p?.deleteRows).not.toBe(true);
    expect(p?.formatCells).not.toBe(true);
  });

  test('very hidden metadata sheet', () => {
    const meta = wb.getWorksheet(META_SHEET);
    expect(meta).toBeDefined();
    expect(meta?.state).toBe('veryHidden');
    const values: Record<string, string> = {};
    meta?.eachRow((row) => {
      values[String(row.getCell(1).value)] = String(row.getCell(2).value);
    });
    expect(values).toEqual({
      填报单位: '区教育局',
      报告期: '2019Q2',
      清单版本: c000.version,
      单位任务版本: unitTasksVersion(c000, '区教育局'),
      模板版本: TEMPLATE_VERSION,
      清单名称: c000.source.title,
    });
  });

  test('properties and determinism', async () => {
    expect(wb.creator).toBe('进度通');
    expect(wb.subject).toBe('进度情况表');
    const again = await writeWorkbook(buildTemplate(c000, '区教育局', q2));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    // Zip entries carry the workbook's fixed time (2019-04-01 00:00), not the time of writing.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(10, true)).toBe(0);
    expect(view.getUint16(12, true)).toBe(((2019 - 1980) << 9) | (4 << 5) | 1);
  });
});

describe('buildTemplate errors and helpers', () => {
  test('the hidden due-date column holds an Excel serial number', async () => {
    const spec = buildTemplate(c000, '区教育局', q2);
    expect(spec.sheets[0].rows[3][9]).toBe(excelSerial('2019-12-31'));
    expect(spec.sheets[0].columns?.[9]).toMatchObject({ hidden: true, numFmt: 'yyyy-mm-dd' });
    const bytes = await writeWorkbook(spec);
    const { unzipSync, strFromU8 } = await import('fflate');
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(xml).toMatch(/<c r="J4"[^>]*><v>43830<\/v><\/c>/);
  });

  test('a unit with no tasks throws in Chinese', () => {
    const withoutTasks = c000.units.find((u) => u.kind === 'unit' && assignedTasks(c000, u.name, { includePartners: false }).length === 0);
    if (withoutTasks) {
      expect(() => buildTemplate(c000, withoutTasks.name, q2)).toThrow(`“${withoutTasks.name}”在本清单中没有需要报送的任务`);
    }
    const fake: Catalog = { ...c000, units: [...c000.units, { name: '区测试局', kind: 'unit', aliases: [] }] };
    expect(() => buildTemplate(fake, '区测试局', q2)).toThrow('“区测试局”在本清单中没有需要报送的任务');
  });

  test('an unknown unit throws and names similar units', () => {
    expect(() => buildTemplate(c000, '火星局', q2)).toThrow(/没有“火星局”/);
    expect(() => buildTemplate(c000, '区教育', q2)).toThrow('是否指：区教育局');
  });

  test('templateFileName and excelSerial', () => {
    expect(templateFileName('区教育局', q2)).toBe('2019Q2_区教育局_进度情况表.xlsx');
    expect(templateFileName('区工信局/科技局:*?', q2)).toBe('2019Q2_区工信局_科技局____进度情况表.xlsx');
    expect(excelSerial('1900-03-01')).toBe(61);
    expect(excelSerial('2019-06-25')).toBe(43641);
  });
});

describe('other seeds', () => {
  test('002: half-yearly calendar, 2017H1 is due 7月20日 to 市扶贫办', async () => {
    const c = catalogOf('002_65c7f64bacf31445.txt');
    const unit = assignedTasks(c, '市扶贫办').length > 0 ? '市扶贫办' : '市发改局';
    const wb = await load(await writeWorkbook(buildTemplate(c, unit, period('2017H1'))));
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('2017年上半年');
    expect(text(ws, 'A1')).toBe('2017年脱贫攻坚工作进度情况表');
    const note = text(ws, `A${findRow(ws, '注：')}`);
    expect(note).toContain('7月20日');
    expect(note).toContain('市扶贫办');
    expect(taskRows(ws)).toHaveLength(assignedTasks(c, unit).length);
  });

  test('004: leaders fill 分管领导', async () => {
    const c = catalogOf('004_45f3905e243d7254.txt');
    const tasks = assignedTasks(c, '区扶贫办');
    const wb = await load(await writeWorkbook(buildTemplate(c, '区扶贫办', period('2019Q2'))));
    const ws = wb.worksheets[0];
    const rows = taskRows(ws);
    expect(rows).toHaveLength(tasks.length);
    rows.forEach((r, i) => expect(text(ws, `B${r}`)).toBe(tasks[i].leaders.join('、')));
    expect(text(ws, 'B4')).toBe('解宏劲、李金国');
    // A leader the list names is the list's: locked.
    expect(ws.getCell('B4').protection?.locked).not.toBe(false);
  });
});
