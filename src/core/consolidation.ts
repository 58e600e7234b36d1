/**
 * Consolidation (汇总): many returns of one period merged into one workbook and a summary. Every
 * input file is accounted for; every data row of every ok return is written (rowsRead ==
 * rowsWritten); the latest return of a unit wins and earlier ones are superseded.
 */
import { reportingUnits, type AssignmentOptions, assignedTasks } from './assignment';
import type { Catalog, Task } from './catalog';
import { checkReturn, type CheckedReturn, type CheckedRow } from './checks';
import { deadlineDueDate, describeDeadline } from './deadline';
import { countByCode, finding, FINDING_LABELS, type Finding, type FindingCode, type Severity } from './finding';
import { periodLabel, type Period } from './period';
import type { ReadOutcome } from './report';
import type { CellValue, SheetSpec, WorkbookSpec } from './workbook';
import { periodDueDate } from './calendar';
import { consolidationRecord, recordSheet, type ConsolidationRecord } from './consolidationRecord';
import { addCopiedProgress, type PreviousProgress } from './copiedProgress';

export type FileStatus = 'ok' | 'superseded' | 'unreadable' | 'not-a-report' | 'unknown-unit';
export type UnitStatus = 'on-time' | 'late' | 'missing';

/** One input file as the doors hand it over: read (or not) by the xlsx module and the return reader. */
export type MergeInput =
  { file: string; unreadable: string; modified?: string } | { file: string; outcome: ReadOutcome; modified?: string };

export interface MergeOptions extends AssignmentOptions {
  catalog: Catalog;
  period: Period;
  asOf: string;
  /** Last period's progress: rows that repeat it get COPIED_PROGRESS. */
  previous?: PreviousProgress;
}

export interface SummaryFinding {
  code: FindingCode;
  severity: Severity;
  task?: string;
  sheet?: string;
  cell?: string;
  message: string;
}

/** The merge summary JSON of PRODUCT.md. */
export interface MergeSummary {
  period: string;
  asOf: string;
  files: Array<{
    file: string;
    unit: string | null;
    status: FileStatus;
    submittedAt: string | null;
    rows: number;
    findings: SummaryFinding[];
  }>;
  units: Array<{ unit: string; status: UnitStatus; file: string | null }>;
  totals: { files: number; rowsRead: number; rowsWritten: number; findings: number };
  /** The period the progress was compared with (merge --previous), when it was. */
  previous?: { period: string };
}

export interface Consolidation {
  summary: MergeSummary;
  workbook: WorkbookSpec;
  /** Every finding of every file, in file order. */
  findings: Finding[];
  /** What the workbook's data sheet records, for the 台账 and later periods. */
  record: ConsolidationRecord;
}

interface FileResult {
  file: string;
  status: FileStatus;
  checked?: CheckedReturn;
  submittedAt?: string;
  findings: Finding[];
  reason: string;
}

/** Chinese names of file and unit statuses, for 报送情况 and the doors' summaries. */
export const FILE_STATUS_LABELS: Record<FileStatus, string> = {
  ok: '已汇总',
  superseded: '已被新版替代',
  unreadable: '无法读取',
  'not-a-report': '不是进度报表',
  'unknown-unit': '单位无法识别',
};
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = { 'on-time': '按时', late: '逾期', missing: '未报' };

function summaryFinding(f: Finding): SummaryFinding {
  const out: SummaryFinding = { code: f.code, severity: f.severity, message: f.message };
  if (f.task) out.task = f.task;
  if (f.sheet) out.sheet = f.sheet;
  if (f.cell) out.cell = f.cell;
  return out;
}

/** Newest first: the 填报日期 or modified time, then the file name as a stable tie-break. */
function newerFirst(a: FileResult, b: FileResult): number {
  const sa = a.submittedAt ?? '';
  const sb = b.submittedAt ?? '';
  if (sa !== sb) return sa < sb ? 1 : -1;
  return a.file < b.file ? 1 : a.file > b.file ? -1 : 0;
}

function readInputs(inputs: MergeInput[], options: MergeOptions): FileResult[] {
  return inputs.map((input) => {
    if ('unreadable' in input) {
      const f = finding('UNREADABLE_FILE', input.unreadable, { file: input.file });
      return { file: input.file, status: 'unreadable', findings: [f], reason: input.unreadable };
    }
    if (!input.outcome.ok) {
      const f = { ...input.outcome.finding, file: input.file };
      return { file: input.file, status: 'not-a-report', findings: [f], reason: f.message };
    }
    const report = input.outcome.report;
    const submittedAt = report.filledDate ?? input.modified?.slice(0, 10);
    const checked = checkReturn(report, { ...options, file: input.file, submittedAt });
    if (options.previous) addCopiedProgress(checked, options.previous);
    if (!checked.unit) {
      const reason = checked.findings.find((f) => f.code === 'UNKNOWN_UNIT')?.message ?? '填报单位无法识别';
      return { file: input.file, status: 'unknown-unit', checked, submittedAt, findings: checked.findings, reason };
    }
    return { file: input.file, status: 'ok', checked, submittedAt, findings: checked.findings, reason: '' };
  });
}

export function consolidate(inputs: MergeInput[], options: MergeOptions): Consolidation {
  const { catalog, period, asOf } = options;
  const results = readInputs(
    [...inputs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    options,
  );

  // Resubmissions: the latest return of each unit wins.
  const byUnit = new Map<string, FileResult[]>();
  for (const r of results) {
    if (r.status !== 'ok' || !r.checked?.unit) continue;
    const list = byUnit.get(r.checked.unit) ?? [];
    list.push(r);
    byUnit.set(r.checked.unit, list);
  }
  for (const [unit, list] of byUnit) {
    list.sort(newerFirst);
    for (const older of list.slice(1)) {
      older.status = 'superseded';
      older.reason = `已被 ${list[0].file} 替代`;
      older.findings = [finding('SUPERSEDED', `${unit}重复报送，以较新的 ${list[0].file} 为准`, { file: older.file, unit })];
    }
  }

  const dueDate = periodDueDate(catalog.calendar, period).date;
  const units = reportingUnits(catalog, options);
  const winner = new Map<string, FileResult>();
  for (const [unit, list] of byUnit) winner.set(unit, list[0]);
  const unitRows = units.map((unit) => {
    const w = winner.get(unit);
    const status: UnitStatus = !w ? 'missing' : w.submittedAt && w.submittedAt > dueDate ? 'late' : 'on-time';
    return { unit, status, file: w?.file ?? null };
  });
  // A unit that sent a return but is not a reporting unit of the catalog is still listed.
  for (const [unit, w] of winner)
    if (!units.includes(unit)) unitRows.push({ unit, status: w.submittedAt && w.submittedAt > dueDate ? 'late' : 'on-time', file: w.file });

  const okResults = results.filter((r) => r.status === 'ok');
  const rowsRead = okResults.reduce((n, r) => n + (r.checked?.rows.length ?? 0), 0);
  const summarySheet = buildSummarySheet(okResults, unitRows, options);
  const findings = results.flatMap((r) => r.findings);

  const summary: MergeSummary = {
    period: period.code,
    asOf,
    files: results.map((r) => ({
      file: r.file,
      unit: r.checked?.unit ?? null,
      status: r.status,
      submittedAt: r.submittedAt ?? null,
      rows: r.checked?.rows.length ?? 0,
      findings: r.findings.map(summaryFinding),
    })),
    units: unitRows,
    totals: { files: results.length, rowsRead, rowsWritten: summarySheet.rowsWritten, findings: findings.length },
  };
  if (options.previous) summary.previous = { period: options.previous.period };
  const record = consolidationRecord({ ...options, dueDate }, unitRows, winner);

  const workbook: WorkbookSpec = {
    sheets: [
      summarySheet.sheet,
      submissionSheet(results, unitRows, dueDate),
      findingSheet(findings, catalog),
      perTaskSheet(catalog, options, winner),
      recordSheet(record),
    ],
    properties: { title: `${periodLabel(period)}脱贫攻坚工作进度汇总`, subject: '进度汇总', creator: '进度通' },
  };
  return { summary, workbook, findings, record };
}

// ---------- sheets ----------

const header = { bold: true, fill: 'header' as const, wrap: true, border: true, align: 'center' as const };

function table(name: string, head: string[], rows: CellValue[][], widths: number[]): SheetSpec {
  return {
    name,
    rows: [head, ...rows],
    rowStyles: { 0: header },
    columns: widths.map((width) => ({ width, wrap: true })),
    freeze: { rows: 1, columns: 0 },
    autoFilter: `A1:${String.fromCharCode(64 + head.length)}${rows.length + 1}`,
    // The 扶贫办 prints these to send up: A4 landscape, one page wide, the header on every page.
    print: { landscape: true, fitToWidth: true, repeatRows: [0, 0] },
  };
}

function sourceOf(file: string, sheet: string, cell: string | undefined): string {
  return `${file} / ${sheet} / ${cell ?? ''}`;
}

function problemsOf(row: CheckedRow): string {
  return row.findings
    .filter((f) => f.code !== 'LATE_TASK')
    .map((f) => FINDING_LABELS[f.code])
    .join('；');
}

const SUMMARY_HEAD = [
  '序号',
  '填报单位',
  '分管领导',
  '项目名称',
  '工作计划',
  '工作进展及存在问题',
  '备注',
  '状态',
  '完成时限',
  '是否逾期',
  '问题',
  '来源',
  '任务编号',
];

function buildSummarySheet(
  okResults: FileResult[],
  unitRows: MergeSummary['units'],
  options: MergeOptions,
): { sheet: SheetSpec; rowsWritten: number } {
  const { catalog, period, asOf } = options;
  const rows: CellValue[][] = [];
  const styles: SheetSpec['rowStyles'] = {};
  let rowsWritten = 0;
  const taskOrder = new Map(catalog.tasks.map((t, i) => [t.id, i]));
  const byUnit = new Map(okResults.map((r) => [r.checked?.unit ?? '', r]));
  const due = (t: Task) => deadlineDueDate(t.deadline, period, catalog.source.date || undefined);
  /** A task with no row from its unit, written from the catalog in the "missing" fill. */
  const missingRow = (unit: string, t: Task, problem: string) => {
    const d = due(t);
    const plan = t.plans[String(period.year)] ?? t.text;
    rows.push([
      rows.length + 1,
      unit,
      t.leaders.join('、'),
      t.title,
      plan,
      '',
      '',
      '',
      d ?? describeDeadline(t.deadline),
      d && d < asOf ? '是' : '否',
      problem,
      '',
      t.id,
    ]);
    styles[rows.length] = { fill: 'missing' };
  };

  for (const { unit, status } of unitRows) {
    const result = byUnit.get(unit);
    if (result?.checked) {
      const c = result.checked;
      const ordered = [...c.rows].sort(
        (a, b) => (taskOrder.get(a.task?.id ?? '') ?? Infinity) - (taskOrder.get(b.task?.id ?? '') ?? Infinity) || a.row.row - b.row.row,
      );
      for (const r of ordered) {
        const v = r.row.values;
        rows.push([
          rows.length + 1,
          unit,
          v.leader ?? r.task?.leaders.join('、') ?? '',
          v.title ?? r.task?.title ?? '',
          v.plan ?? '',
          v.progress ?? '',
          v.remark ?? '',
          r.status,
          r.dueDate ?? (r.task ? describeDeadline(r.task.deadline) : (v.deadline ?? '')),
          r.late ? '是' : '否',
          problemsOf(r),
          sourceOf(result.file, c.report.sheet, r.row.cells.title ?? r.row.cells.progress),
          r.task?.id ?? v.taskId ?? '',
        ]);
        rowsWritten++;
        if (r.late) styles[rows.length] = { fill: 'late' };
        else if (r.findings.some((f) => f.code === 'EMPTY_PROGRESS')) styles[rows.length] = { fill: 'warning' };
      }
      for (const t of c.missing) missingRow(unit, t, '缺报任务');
    } else if (status === 'missing') {
      for (const t of assignedTasks(catalog, unit, options)) missingRow(unit, t, '未报送');
    }
  }
  const sheet = table('汇总', SUMMARY_HEAD, rows, [6, 18, 10, 26, 40, 44, 14, 8, 12, 8, 18, 30, 12]);
  sheet.rowStyles = { ...sheet.rowStyles, ...styles };
  sheet.freeze = { rows: 1, columns: 2 };
  return { sheet, rowsWritten };
}

function submissionSheet(results: FileResult[], unitRows: MergeSummary['units'], dueDate: string): SheetSpec {
  const fileOf = new Map(results.map((r) => [r.file, r]));
  const unitHead = ['序号', '填报单位', '报送情况', '文件', '报送时间', '行数', '问题数', '清单版本'];
  const rows: CellValue[][] = unitRows.map((u, i) => {
    const r = u.file ? fileOf.get(u.file) : undefined;
    return [
      i + 1,
      u.unit,
      UNIT_STATUS_LABELS[u.status],
      u.file ?? '',
      r?.submittedAt ?? '',
      r?.checked?.rows.length ?? 0,
      r?.findings.filter((f) => f.severity !== 'info').length ?? 0,
      r?.checked?.report.meta.catalogVersion ?? '',
    ];
  });
  const styles: SheetSpec['rowStyles'] = {};
  unitRows.forEach((u, i) => {
    if (u.status === 'missing') styles[i + 1] = { fill: 'missing' };
    else if (u.status === 'late') styles[i + 1] = { fill: 'late' };
  });
  const gap = rows.length + 2;
  const fileHead = ['序号', '文件', '处理结果', '填报单位', '报送时间', '行数', '原因'];
  const fileRows: CellValue[][] = results.map((r, i) => [
    i + 1,
    r.file,
    FILE_STATUS_LABELS[r.status],
    r.checked?.unit ?? '',
    r.submittedAt ?? '',
    r.checked?.rows.length ?? 0,
    r.reason,
  ]);
  const sheet = table(
    '报送情况',
    unitHead,
    [...rows, [], [`报送截止日期：${dueDate}`], fileHead, ...fileRows],
    [6, 30, 12, 30, 12, 8, 8, 14],
  );
  sheet.autoFilter = `A1:H${rows.length + 1}`;
  sheet.rowStyles = { ...sheet.rowStyles, ...styles, [gap + 1]: header };
  return sheet;
}

function findingSheet(findings: Finding[], catalog: Catalog): SheetSpec {
  const titles = new Map(catalog.tasks.map((t) => [t.id, t.title]));
  const severity: Record<Severity, string> = { error: '错误', warning: '提醒', info: '说明' };
  const rows: CellValue[][] = findings.map((f, i) => [
    i + 1,
    severity[f.severity],
    f.code,
    FINDING_LABELS[f.code],
    f.unit ?? '',
    f.task ?? '',
    f.task ? (titles.get(f.task) ?? '') : '',
    f.file ?? '',
    f.sheet ?? '',
    f.cell ?? '',
    f.message,
  ]);
  return table(
    '问题清单',
    ['序号', '级别', '代码', '问题', '填报单位', '任务编号', '项目名称', '文件', '工作表', '单元格', '说明'],
    rows,
    [6, 6, 18, 14, 18, 12, 26, 24, 14, 8, 60],
  );
}

function perTaskSheet(catalog: Catalog, options: MergeOptions, winner: Map<string, FileResult>): SheetSpec {
  const units = reportingUnits(catalog, options);
  const rows: CellValue[][] = [];
  // Each unit's task ids once (not per task: with hundreds of units that was minutes of work).
  const idsOf = new Map(units.map((u) => [u, new Set(assignedTasks(catalog, u, options).map((x) => x.id))]));
  for (const t of catalog.tasks) {
    const assigned = units.filter((u) => idsOf.get(u)?.has(t.id));
    if (!assigned.length) continue;
    let reported = 0;
    let done = 0;
    const notReported: string[] = [];
    for (const u of assigned) {
      const row = winner.get(u)?.checked?.rows.find((r) => r.task?.id === t.id);
      if (row) {
        reported++;
        if (row.done) done++;
      } else notReported.push(u);
    }
    rows.push([t.id, t.title, t.lead.join('、'), assigned.length, reported, done, `${done}/${assigned.length}`, notReported.join('、')]);
  }
  return table(
    '按任务',
    ['任务编号', '项目名称', '牵头单位', '应报单位数', '已报单位数', '已完成单位数', '完成情况', '未报单位'],
    rows,
    [12, 30, 24, 10, 10, 12, 10, 40],
  );
}

export { countByCode };
