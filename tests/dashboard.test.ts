/**
 * The 汇总 dashboard, 催报 and contacts in the core, on returns made from seed 000's templates (as
 * clerks fill them) and from seed 002's half-yearly list: each unit's state in words, its tasks by
 * status, findings placed in the 汇总 and 问题清单 sheets, messages holding the unit, its tasks, the
 * due date and its contact (this batch first, else an earlier 汇总's data sheet), and the period a tab
 * starts from.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { writeWorkbook } from '../src/xlsx';
import { assignedTasks, reportingUnits } from '../src/core/assignment';
import type { Catalog } from '../src/core/catalog';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import { readRecordSheet } from '../src/core/consolidationRecord';
import { batchContacts, unitContacts } from '../src/core/contacts';
import { dashboardOf, submittedText, UNIT_STATE_LABELS } from '../src/core/dashboard';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { defaultPeriod, reportingPeriod } from '../src/core/periodDefault';
import { reminders } from '../src/core/reminder';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate } from '../src/core/template';
import type { SheetSpec, WorkbookSpec } from '../src/core/workbook';
import { fillTemplate } from '../src/cli/simulate';
import { asData } from './helpers/excelPane';
import { ROOT, SEEDS, seedPath } from './helpers/paths';

const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q1 = parsePeriod('2019Q1') as Period;
const Q2 = parsePeriod('2019Q2') as Period;

function input(spec: WorkbookSpec, file: string, saved: string): MergeInput {
  return { file, outcome: readReturn(asData(spec), file), saved };
}

function filled(unit: string, period: Period, opts: Parameters<typeof fillTemplate>[2]): WorkbookSpec {
  return fillTemplate(buildTemplate(catalog, unit, period), 1, opts);
}

/** Q1: every unit reported, each with its own reporter and phone. */
function q1Inputs(): MergeInput[] {
  return reportingUnits(catalog).map((unit, i) =>
    input(
      filled(unit, Q1, { filledDate: '2019-03-20', reporter: `联络员${i + 1}`, phone: `0754-881234${String(i).padStart(2, '0')}` }),
      `${unit}.xlsx`,
      '2019-03-20T02:00:00Z',
    ),
  );
}

/** Q2: 区教育局 on time but one task left out, 区财政局 late, 区民政局 blank, 区水务局 sends Q1's form, the rest nothing. */
function q2Inputs(): MergeInput[] {
  const blank = buildTemplate(catalog, '区民政局', Q2);
  return [
    input(
      filled('区教育局', Q2, { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456', dropRow: 1 }),
      '教育.xlsx',
      '2019-06-20T02:00:00Z',
    ),
    input(
      filled('区财政局', Q2, { filledDate: '2019-06-28', reporter: '李四', phone: '13800138000' }),
      '财政.xlsx',
      '2019-06-28T02:00:00Z',
    ),
    input(
      {
        ...blank,
        sheets: blank.sheets.map((s: SheetSpec, i) =>
          i === 0 ? { ...s, rows: s.rows.map((r) => r.map((v) => (v === '填报人：' ? '填报人：王五' : v))) } : s,
        ),
      },
      '民政.xlsx',
      '2019-06-21T02:00:00Z',
    ),
    input(
      filled('区水务局', Q1, { filledDate: '2019-06-22', reporter: '赵六', phone: '0754-88000000' }),
      '水务.xlsx',
      '2019-06-22T02:00:00Z',
    ),
    { file: '坏文件.xlsx', unreadable: '文件已损坏' },
  ];
}

test('the dashboard: every reporting unit with its state in words, its tasks by status, its findings placed in the sheets', () => {
  const result = consolidate(q2Inputs(), { catalog, period: Q2, asOf: '2019-06-30' });
  const board = dashboardOf(result, catalog);
  expect(board.units.map((u) => u.unit)).toEqual(result.summary.units.map((u) => u.unit));
  const by = (unit: string) => board.units.find((u) => u.unit === unit);
  expect(UNIT_STATE_LABELS[by('区教育局')?.state ?? 'missing']).toBe('按时');
  expect(UNIT_STATE_LABELS[by('区财政局')?.state ?? 'missing']).toBe('逾期');
  expect(UNIT_STATE_LABELS[by('区民政局')?.state ?? 'missing']).toBe('未填写');
  expect(UNIT_STATE_LABELS[by('区水务局')?.state ?? 'missing']).toBe('报告期不符');
  expect(UNIT_STATE_LABELS[by('区委宣传部')?.state ?? 'on-time']).toBe('未报');
  expect(board.states).toEqual({ 'on-time': 1, late: 1, missing: reportingUnits(catalog).length - 4, blank: 1, 'wrong-period': 1 });
  // One of 区教育局's tasks has no row: a problem to correct, counted as 缺报 in its tasks.
  const edu = by('区教育局');
  const eduTasks = assignedTasks(catalog, '区教育局').length;
  expect(edu?.tasks['missing-task']).toBe(1);
  expect((edu?.tasks.done ?? 0) + (edu?.tasks.ongoing ?? 0) + (edu?.tasks['not-started'] ?? 0) + (edu?.tasks.unstated ?? 0)).toBe(
    eduTasks - 1,
  );
  expect(edu?.problems).toBeGreaterThan(0);
  expect(edu?.rows).toBe(eduTasks - 1);
  expect(submittedText(edu?.submittedAt ?? null)).toBe('6月20日 10:00');
  // Its missing task points at the unit's row of that task in the 汇总 sheet.
  const missing = edu?.findings.find((f) => f.code === 'MISSING_TASK');
  expect(missing?.label).toBe('缺报任务');
  const summarySheet = result.workbook.sheets[0];
  const row = Number(missing?.place?.cell.slice(1));
  expect(missing?.place?.sheet).toBe('汇总');
  expect(summarySheet.rows[row - 1][1]).toBe('区教育局');
  expect(summarySheet.rows[row - 1][12]).toBe(result.findings.find((f) => f.code === 'MISSING_TASK')?.task);
  // A unit that sent nothing: every assigned task 未报, no file.
  const none = by('区委宣传部');
  expect(none?.tasks['not-submitted']).toBe(assignedTasks(catalog, '区委宣传部').length);
  expect(none?.file).toBeNull();
  // Findings without a task row point at their row in 问题清单.
  const blank = by('区民政局')?.findings[0];
  expect(blank?.place?.sheet).toBe('问题清单');
  const listRow = Number(blank?.place?.cell.slice(1));
  const listed = result.workbook.sheets.find((s) => s.name === '问题清单')?.rows[listRow - 1];
  expect(listed?.[5]).toBe(blank?.message);
  expect(by('区民政局')?.note).toContain('报回的表未填写');
  // The broken file belongs to no unit: listed apart; the reconciliation is one line's worth of figures.
  expect(board.notCounted).toEqual([expect.objectContaining({ file: '坏文件.xlsx', label: '无法读取' })]);
  expect(board.reconciliation).toEqual({
    files: 5,
    rowsRead: result.summary.totals.rowsRead,
    rowsWritten: result.summary.totals.rowsRead,
    consistent: true,
  });
  const sum = Object.values(board.tasks).reduce((a, b) => a + b, 0);
  expect(sum).toBe(board.units.reduce((n, u) => n + Object.values(u.tasks).reduce((a, b) => a + b, 0), 0));
});

test('contacts: the summary names each read file’s 填报人 and 联系电话; the latest file of a unit wins; the data sheet keeps them', () => {
  const result = consolidate(q2Inputs(), { catalog, period: Q2, asOf: '2019-06-30' });
  const file = (name: string) => result.summary.files.find((f) => f.file === name);
  expect(file('教育.xlsx')).toMatchObject({ reporter: '张三', phone: '0754-88123456' });
  expect(file('坏文件.xlsx')?.reporter).toBeUndefined();
  const contacts = batchContacts(result.summary.files);
  // A blank form and another period's form still say who the unit's clerk is.
  expect(contacts.get('区民政局')).toMatchObject({ reporter: '王五', source: '本批报表“民政.xlsx”' });
  expect(contacts.get('区水务局')).toMatchObject({ reporter: '赵六', phone: '0754-88000000' });
  const sheet = result.workbook.sheets.find((s) => s.name === 'jindu_data') as SheetSpec;
  const back = readRecordSheet(asData({ sheets: [sheet] }).sheets[0]);
  expect(back.units.find((u) => u.unit === '区教育局')).toMatchObject({ reporter: '张三', phone: '0754-88123456' });
  expect(back.units.find((u) => u.unit === '区民政局')).toMatchObject({ reporter: '王五' });
  expect(back.units.find((u) => u.unit === '区委宣传部')?.reporter).toBeUndefined();
  // A data sheet without the columns (written before them) still reads, with no contacts.
  const header = sheet.rows.findIndex((r) => r[0] === 'unit');
  const old = { ...sheet, rows: sheet.rows.map((r, i) => (i >= header ? r.slice(0, 12) : r)) };
  expect(readRecordSheet(asData({ sheets: [old] }).sheets[0]).units.every((u) => u.reporter === undefined)).toBe(true);
});

test('催报: a message per unit to chase with its tasks, the due date and its contact, from this batch or an earlier 汇总', () => {
  const q1 = consolidate(q1Inputs(), { catalog, period: Q1, asOf: '2019-03-31' });
  const result = consolidate(q2Inputs(), { catalog, period: Q2, asOf: '2019-06-30' });
  const contacts = unitContacts(result.summary.files, [q1.record]);
  const r = reminders(result.summary, { catalog, period: Q2, asOf: '2019-06-30', contacts });
  const units = r.units.map((u) => u.unit);
  // Every unit counted as missing (blank and another period's form included), the late one and the incomplete one; no one else.
  const missing = result.summary.units.filter((u) => u.status === 'missing').map((u) => u.unit);
  expect(units.sort()).toEqual([...missing, '区财政局', '区教育局'].sort());
  const one = (unit: string) => r.units.find((u) => u.unit === unit);
  const i = reportingUnits(catalog).indexOf('区委宣传部');
  const text = one('区委宣传部')?.text ?? '';
  expect(text.split('\n')[0]).toBe(`区委宣传部（联络员${i + 1}，0754-881234${String(i).padStart(2, '0')}）：`);
  expect(one('区委宣传部')?.contact?.source).toBe('2019年第一季度汇总表');
  expect(text).toContain('2019年第二季度进度情况表应于2019年6月25日前报送，截至2019年6月30日尚未收到');
  for (const t of assignedTasks(catalog, '区委宣传部')) expect(text).toContain(t.title);
  // This batch's contact wins over last quarter's.
  expect(one('区民政局')?.contact).toMatchObject({ reporter: '王五', source: '本批报表“民政.xlsx”' });
  expect(one('区民政局')?.reason).toBe('blank');
  expect(one('区民政局')?.text).toContain('没有填写任何工作进展，按未报送计');
  expect(one('区水务局')?.reason).toBe('wrong-period');
  expect(one('区水务局')?.text).toContain('报回的表（水务.xlsx）不是2019年第二季度的');
  expect(one('区财政局')?.text).toContain('已于2019年6月28日收到，晚于2019年6月25日的报送截止日期');
  const dropped = result.findings.find((f) => f.code === 'MISSING_TASK');
  expect(one('区教育局')?.reason).toBe('missing-tasks');
  expect(one('区教育局')?.text).toContain(catalog.tasks.find((t) => t.id === dropped?.task)?.title);
  // The text for all: a heading with the counts, then each message.
  expect(r.text.split('\n')[0]).toContain(`未报 ${missing.length} 个单位，逾期报送 1 个单位，缺报任务 1 个单位`);
  for (const u of r.units) expect(r.text).toContain(u.text);
  // Without any source, the message says no contact was found.
  const bare = reminders(result.summary, { catalog, period: Q2, asOf: '2019-06-30', contacts: batchContacts(result.summary.files) });
  expect(bare.units.find((u) => u.unit === '区委宣传部')?.text.split('\n')[0]).toBe('区委宣传部（未找到填报人和联系电话）：');
});

test('the period a tab starts from: today’s reporting period within the list’s years, else its last (or first) period', () => {
  expect(defaultPeriod(catalog, '2019-06-30').code).toBe('2019Q2');
  expect(defaultPeriod(catalog, '2019-07-10').code).toBe('2019Q3');
  // The 2018–2020 list in 2026: its last quarter, not today's.
  expect(defaultPeriod(catalog, '2026-11-02').code).toBe('2020Q4');
  expect(defaultPeriod(catalog, '2017-05-01').code).toBe('2018Q1');
  const halfYearly = importList(fs.readFileSync(seedPath(SEEDS.s002), 'utf8')).catalog;
  expect(halfYearly.calendar.frequency).toBe('half-yearly');
  expect(reportingPeriod(halfYearly.calendar, '2019-07-10').code).toBe('2019H1');
  expect(reportingPeriod(halfYearly.calendar, '2019-07-21').code).toBe('2019H2');
  // Its years are open-ended (from the year it was issued): today's half.
  expect(defaultPeriod(halfYearly, '2030-01-01').code).toBe('2030H1');
  // 2018年汕头市…任务清单 names one year and no calendar: quarters of 2018.
  const one = importList(fs.readFileSync(seedPath(SEEDS.s001), 'utf8')).catalog;
  expect(defaultPeriod(one, '2026-11-02').code).toBe('2018Q4');
  expect(reportingPeriod({ raw: '', frequency: null, dues: [] }, '2019-01-05').code).toBe('2019Q1');
});

test('jindu merge --remind FILE.txt writes the 催报 text, with contacts from this batch and from --previous; an earlier text is replaced, another file is not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-remind-'));
  try {
    const q1 = consolidate(q1Inputs(), { catalog, period: Q1, asOf: '2019-03-31' });
    fs.writeFileSync(path.join(dir, '汇总-2019Q1.xlsx'), await writeWorkbook(q1.workbook));
    fs.mkdirSync(path.join(dir, 'returns'));
    for (const unit of ['区教育局', '区财政局'])
      fs.writeFileSync(
        path.join(dir, 'returns', `${unit}.xlsx`),
        await writeWorkbook(
          filled(unit, Q2, { filledDate: unit === '区财政局' ? '2019-06-28' : '2019-06-20', reporter: '张三', phone: '0754-88123456' }),
        ),
      );
    const remind = path.join(dir, '催报.txt');
    const run = () =>
      execFileSync(
        process.execPath,
        [
          path.join(ROOT, 'bin', 'jindu.cjs'),
          'merge',
          '--catalog',
          seedPath(SEEDS.s000),
          '--period',
          '2019Q2',
          '--as-of',
          '2019-06-30',
          '-o',
          path.join(dir, '汇总.xlsx'),
          '--previous',
          path.join(dir, '汇总-2019Q1.xlsx'),
          '--remind',
          remind,
          path.join(dir, 'returns'),
        ],
        { encoding: 'utf8' },
      );
    expect(run()).toMatch(/催报：\d+ 个单位，文字已写入/);
    const text = fs.readFileSync(remind, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const i = reportingUnits(catalog).indexOf('区委宣传部');
    expect(text).toContain(`区委宣传部（联络员${i + 1}，0754-881234${String(i).padStart(2, '0')}）：\r\n`);
    expect(text).toContain('区财政局（张三，0754-88123456）：');
    expect(text).not.toContain('区教育局（');
    run(); // its own earlier text is replaced
    fs.writeFileSync(remind, '我的笔记');
    expect(() => run()).toThrow();
    expect(fs.readFileSync(remind, 'utf8')).toBe('我的笔记');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
