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
import { CONSOLIDATION_SUBJECT, type ReadOutcome } from './report';

export { CONSOLIDATION_SUBJECT } from './report';
import { columnLetter, type CellStyle, type CellValue, type SheetSpec, type WorkbookSpec } from './workbook';
import { chineseDate, printedTable, TABLE_HEADER_ROW } from './printedTable';
import { periodDueDate } from './calendar';
import { DEFAULT_UTC_OFFSET, describeInstant, laterFirst, type Submission } from './submission';
import { consolidationRecord, recordSheet, type ConsolidationRecord } from './consolidationRecord';
import { addCopiedProgress, type PreviousProgress } from './copiedProgress';
import { batchContacts } from './contacts';

export type FileStatus = 'ok' | 'superseded' | 'unreadable' | 'not-a-report' | 'unknown-unit' | 'wrong-period' | 'blank';
export type UnitStatus = 'on-time' | 'late' | 'missing';

/**
 * One input file as the doors hand it over: read (or not) by the xlsx module and the return reader.
 * `file` is the file's key: its path relative to the folders merged (or the name given), unique in one merge.
 */
export type MergeInput =
  { file: string; unreadable: string; fileTime?: string } | { file: string; outcome: ReadOutcome; saved?: string; fileTime?: string };

/** A file a door did not hand over (not a workbook, a temporary file, a link to a device…), with why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface MergeOptions extends AssignmentOptions {
  catalog: Catalog;
  period: Period;
  asOf: string;
  /** Files the door skipped while collecting the inputs, listed in the summary. */
  skipped?: SkippedFile[];
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
    /** ISO 8601 with the list's offset (see submission.ts). */
    submittedAt: string | null;
    rows: number;
    findings: SummaryFinding[];
    /** 填报人 and 联系电话 as the form's footer gives them, for a file read as a return (for 催报). */
    reporter?: string;
    phone?: string;
  }>;
  units: Array<{ unit: string; status: UnitStatus; file: string | null }>;
  totals: { files: number; rowsRead: number; rowsWritten: number; findings: number };
  /** Files found in the folders but not merged, with why (not workbooks, temporary files…). */
  skipped?: SkippedFile[];
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
  /** Each reporting unit's assigned tasks and how many its return marks done, in the order of summary.units. */
  completion: UnitCompletion[];
}

interface FileResult {
  file: string;
  status: FileStatus;
  checked?: CheckedReturn;
  submission?: Submission;
  /** The submission as written in the JSON and the sheets. */
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
  'wrong-period': '报告期不符',
  blank: '报回的表未填写',
};
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = { 'on-time': '按时', late: '逾期', missing: '未报' };

/** File statuses whose rows are not in the 汇总 although the file was read: the doors show them as warnings. */
export const NOT_MERGED_STATUSES: readonly FileStatus[] = ['wrong-period', 'blank', 'unknown-unit', 'not-a-report', 'unreadable'];

/**
 * How a merge went, in one line for the doors' banners: files that were read but not merged (another
 * period, blank, unknown unit) or not read make it a warning, never a plain "汇总完成".
 */
export function mergeOutcome(summary: MergeSummary): { intent: 'success' | 'warning' | 'error'; title: string } {
  const { rowsRead, rowsWritten } = summary.totals;
  if (rowsRead !== rowsWritten) return { intent: 'error', title: `汇总有误：读取 ${rowsRead} 行，写入 ${rowsWritten} 行，不一致` };
  const out = summary.files.filter((f) => NOT_MERGED_STATUSES.includes(f.status));
  if (!out.length) return { intent: 'success', title: '汇总完成' };
  const kinds = [...new Set(out.map((f) => FILE_STATUS_LABELS[f.status]))].join('、');
  return { intent: 'warning', title: `汇总完成，但有 ${out.length} 个文件未计入（${kinds}）` };
}

function summaryFinding(f: Finding): SummaryFinding {
  const out: SummaryFinding = { code: f.code, severity: f.severity, message: f.message };
  if (f.task) out.task = f.task;
  if (f.sheet) out.sheet = f.sheet;
  if (f.cell) out.cell = f.cell;
  return out;
}

/** The list's local time: China Standard Time unless its calendar says otherwise. */
export function catalogOffset(catalog: Catalog): string {
  return catalog.calendar.utcOffset ?? DEFAULT_UTC_OFFSET;
}

/** No 工作进展 typed in any row: the form came back as it was sent. */
function isBlank(checked: CheckedReturn): boolean {
  return checked.rows.every((r) => !(r.row.values.progress ?? '').trim());
}

function readInputs(inputs: MergeInput[], options: MergeOptions): FileResult[] {
  return inputs.map((input): FileResult => {
    if ('unreadable' in input) {
      const f = finding('UNREADABLE_FILE', input.unreadable, { file: input.file });
      return { file: input.file, status: 'unreadable', findings: [f], reason: input.unreadable };
    }
    if (!input.outcome.ok) {
      const f = { ...input.outcome.finding, file: input.file };
      return { file: input.file, status: 'not-a-report', findings: [f], reason: f.message };
    }
    const report = input.outcome.report;
    const checked = checkReturn(report, { ...options, file: input.file, times: { saved: input.saved, fileTime: input.fileTime } });
    const { submission } = checked;
    const base = { file: input.file, checked, submission, submittedAt: submission?.at };
    if (options.previous) addCopiedProgress(checked, options.previous);
    if (!checked.unit) {
      const reason = checked.findings.find((f) => f.code === 'UNKNOWN_UNIT')?.message ?? '填报单位无法识别';
      return { ...base, status: 'unknown-unit', findings: checked.findings, reason };
    }
    // Another period's return is listed, never merged and never supersedes one of this period.
    const wrong = checked.findings.find((f) => f.code === 'WRONG_PERIOD');
    if (wrong) {
      const keep = checked.findings.filter((f) => f.code === 'WRONG_PERIOD' || f.code === 'UNIT_MISMATCH');
      return { ...base, status: 'wrong-period', findings: keep, reason: wrong.message };
    }
    if (isBlank(checked)) {
      const f = finding('BLANK_RETURN', `${checked.unit}报回的表没有填写任何工作进展，按未报送计`, {
        file: input.file,
        sheet: report.sheet,
        unit: checked.unit,
        cell: report.columns.progress ? `${report.columns.progress}${report.headerRow}` : undefined,
      });
      return { ...base, status: 'blank', findings: [f], reason: '报回的表未填写' };
    }
    return { ...base, status: 'ok', findings: checked.findings, reason: '' };
  });
}

/**
 * Keys for files picked in a browser: the path inside the picked folder when there is one, else the
 * name; names picked twice from different places get （2）, （3）… so that every key is unique.
 */
export function uniqueFileKeys(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let key = name;
    for (let n = 2; used.has(key); n++) {
      const dot = name.lastIndexOf('.');
      key = dot > 0 ? `${name.slice(0, dot)}（${n}）${name.slice(dot)}` : `${name}（${n}）`;
    }
    used.add(key);
    return key;
  });
}

/** A return whose 填报单位 contradicts its own template counts only where no consistent return of the unit is there. */
function consistent(r: FileResult): number {
  return r.findings.some((f) => f.code === 'UNIT_MISMATCH') ? 1 : 0;
}

/** The order among one unit's returns: consistent before contradicting, then the latest submission, then the key. */
function winnerFirst(a: FileResult, b: FileResult): number {
  return consistent(a) - consistent(b) || laterFirst(a.submission, b.submission) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

function when(r: FileResult): string {
  return r.submission ? describeInstant(r.submission) : '时间不详';
}

/** Resubmissions: the latest return of each unit wins; the others are superseded with a finding that says by which and why. */
function settleResubmissions(results: FileResult[]): Map<string, FileResult> {
  const byUnit = new Map<string, FileResult[]>();
  for (const r of results) {
    if (r.status !== 'ok' || !r.checked?.unit) continue;
    const list = byUnit.get(r.checked.unit) ?? [];
    list.push(r);
    byUnit.set(r.checked.unit, list);
  }
  const winner = new Map<string, FileResult>();
  for (const [unit, list] of byUnit) {
    list.sort(winnerFirst);
    const [first, ...rest] = list;
    winner.set(unit, first);
    const tied = rest.filter((r) => consistent(r) === consistent(first) && laterFirst(r.submission, first.submission) === 0);
    if (tied.length) {
      first.findings.push(
        finding(
          'SAME_SUBMISSION_TIME',
          `${unit}的 ${[first, ...tied].map((r) => r.file).join('、')} 报送时间相同（${when(first)}），无法判断哪一份在后，暂以 ${first.file} 为准，请与该单位核实`,
          { file: first.file, unit },
        ),
      );
    }
    for (const older of rest) {
      let why: string;
      if (tied.includes(older)) why = `与 ${first.file} 报送时间相同（${when(first)}），暂以 ${first.file} 为准`;
      else if (consistent(older) > consistent(first)) why = `填报单位与模板不符，以填报单位与模板一致的 ${first.file} 为准`;
      else why = `本文件报送于 ${when(older)}，以报送时间较晚的 ${first.file}（${when(first)}）为准`;
      older.status = 'superseded';
      older.reason = `已被 ${first.file} 替代`;
      older.findings = [finding('SUPERSEDED', `${unit}重复报送：${why}`, { file: older.file, unit })];
    }
  }
  return winner;
}

export function consolidate(inputs: MergeInput[], options: MergeOptions): Consolidation {
  const { catalog, period, asOf } = options;
  // Keys are unique and results are ordered by them: the same files give the same result in any argument order.
  const results = readInputs(
    [...inputs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    options,
  );
  const winner = settleResubmissions(results);

  const dueDate = periodDueDate(catalog.calendar, period).date;
  const units = reportingUnits(catalog, options);
  const statusOf = (w: FileResult): UnitStatus => (w.submission && w.submission.date > dueDate ? 'late' : 'on-time');
  const unitRows = units.map((unit) => {
    const w = winner.get(unit);
    return { unit, status: w ? statusOf(w) : ('missing' as UnitStatus), file: w?.file ?? null };
  });
  // A unit that sent a return but is not a reporting unit of the catalog is still listed.
  for (const [unit, w] of winner) if (!units.includes(unit)) unitRows.push({ unit, status: statusOf(w), file: w.file });

  const okResults = results.filter((r) => r.status === 'ok');
  const rowsRead = okResults.reduce((n, r) => n + (r.checked?.rows.length ?? 0), 0);
  const doc = documentLines(options, dueDate);
  const summarySheet = buildSummarySheet(okResults, unitRows, options, doc);
  const findings = results.flatMap((r) => r.findings);
  const completion = unitCompletion(unitRows, winner, options);

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
      ...(r.checked ? { reporter: r.checked.report.reporter.trim(), phone: r.checked.report.phone.trim() } : {}),
    })),
    units: unitRows,
    totals: { files: results.length, rowsRead, rowsWritten: summarySheet.rowsWritten, findings: findings.length },
  };
  if (options.skipped?.length) summary.skipped = options.skipped;
  if (options.previous) summary.previous = { period: options.previous.period };
  const record = consolidationRecord({ ...options, dueDate }, unitRows, winner, batchContacts(summary.files));

  const workbook: WorkbookSpec = {
    sheets: [
      summarySheet.sheet,
      submissionSheet(results, unitRows, doc),
      fileSheet(results, doc),
      findingSheet(findings, catalog, doc),
      perTaskSheet(catalog, options, winner, doc),
      completionSheet(completion, doc),
      recordSheet(record),
    ],
    properties: { title: `${periodLabel(period)}脱贫攻坚工作进度汇总`, subject: CONSOLIDATION_SUBJECT, creator: '进度通' },
  };
  return { summary, workbook, findings, record, completion };
}

// ---------- sheets ----------

/** What every sheet of the 汇总 says under its title: the list, the period and the dates. */
interface DocumentLines {
  /** 2019年第二季度 */
  period: string;
  line: string;
}

function documentLines(options: MergeOptions, dueDate: string): DocumentLines {
  const { catalog, period, asOf } = options;
  const src = catalog.source;
  const list = src.title ? `任务清单：${src.title}${src.docNo ? `（${src.docNo}）` : ''}\u3000` : '';
  return {
    period: periodLabel(period),
    line: `${list}报告期：${periodLabel(period)}\u3000报送截止日期：${chineseDate(dueDate)}\u3000截至日期：${chineseDate(asOf)}`,
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

/** The 汇总's columns: the first eleven print; 来源 and 任务编号 are for tracing a row on screen. */
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
const SUMMARY_WIDTHS = [5, 12, 8, 18, 28, 36, 10, 7, 11, 5, 12, 30, 12];
const SUMMARY_PRINTED = 11;

function buildSummarySheet(
  okResults: FileResult[],
  unitRows: MergeSummary['units'],
  options: MergeOptions,
  doc: DocumentLines,
): { sheet: SheetSpec; rowsWritten: number } {
  const { catalog, period, asOf } = options;
  const rows: CellValue[][] = [];
  const styles: Record<number, CellStyle> = {};
  let rowsWritten = 0;
  const taskOrder = new Map(catalog.tasks.map((t, i) => [t.id, i]));
  const byUnit = new Map(okResults.map((r) => [r.checked?.unit ?? '', r]));
  const due = (t: Task) => deadlineDueDate(t.deadline, period, catalog.source.date || undefined);
  /** A task with no row from its unit, written from the catalog in the "missing" fill. */
  const missingRow = (unit: string, t: Task, problem: string) => {
    const d = due(t);
    const plan = t.plans[String(period.year)] ?? t.text;
    styles[rows.length] = { fill: 'missing' };
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
        if (r.late) styles[rows.length] = { fill: 'late' };
        else if (r.findings.some((f) => f.code === 'EMPTY_PROGRESS')) styles[rows.length] = { fill: 'warning' };
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
      }
      for (const t of c.missing) missingRow(unit, t, '缺报任务');
    } else if (status === 'missing') {
      for (const t of assignedTasks(catalog, unit, options)) missingRow(unit, t, '未报送');
    }
  }
  const sheet = printedTable({
    name: '汇总',
    title: `${doc.period}脱贫攻坚工作进度汇总表`,
    subtitle: doc.line,
    head: SUMMARY_HEAD,
    rows,
    widths: SUMMARY_WIDTHS,
    printed: SUMMARY_PRINTED,
    rowStyles: styles,
    frozenColumns: 2,
  });
  return { sheet, rowsWritten };
}

/** 报送情况: one row per reporting unit. */
function submissionSheet(results: FileResult[], unitRows: MergeSummary['units'], doc: DocumentLines): SheetSpec {
  const fileOf = new Map(results.map((r) => [r.file, r]));
  const rows: CellValue[][] = unitRows.map((u, i) => {
    const r = u.file ? fileOf.get(u.file) : undefined;
    return [
      i + 1,
      u.unit,
      UNIT_STATUS_LABELS[u.status],
      u.file ?? '',
      r?.submission ? describeInstant(r.submission) : '',
      r?.checked?.rows.length ?? 0,
      r?.findings.filter((f) => f.severity !== 'info').length ?? 0,
      r?.checked?.report.meta.catalogVersion ?? '',
    ];
  });
  const styles: Record<number, CellStyle> = {};
  unitRows.forEach((u, i) => {
    if (u.status === 'missing') styles[i] = { fill: 'missing' };
    else if (u.status === 'late') styles[i] = { fill: 'late' };
  });
  return printedTable({
    name: '报送情况',
    title: `${doc.period}各单位报送情况`,
    subtitle: doc.line,
    head: ['序号', '填报单位', '报送情况', '文件', '报送时间', '行数', '问题数', '清单版本'],
    rows,
    // 清单版本 is for the administrator, on screen.
    widths: [5, 26, 9, 40, 12, 6, 7, 14],
    printed: 7,
    rowStyles: styles,
  });
}

/** 文件清单: every file the merge was given, and what became of it. */
function fileSheet(results: FileResult[], doc: DocumentLines): SheetSpec {
  const rows: CellValue[][] = results.map((r, i) => [
    i + 1,
    r.file,
    FILE_STATUS_LABELS[r.status],
    r.checked?.unit ?? '',
    r.submission ? describeInstant(r.submission) : '',
    r.checked?.rows.length ?? 0,
    r.reason,
  ]);
  return printedTable({
    name: '文件清单',
    title: `${doc.period}收到的报表文件`,
    subtitle: doc.line,
    head: ['序号', '文件', '处理结果', '填报单位', '报送时间', '行数', '原因'],
    rows,
    widths: [5, 40, 12, 22, 12, 6, 50],
    printed: 7,
  });
}

const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '提醒', info: '说明' };

/** 问题清单: every finding in words; the code only in the last column, on screen. */
function findingSheet(findings: Finding[], catalog: Catalog, doc: DocumentLines): SheetSpec {
  const titles = new Map(catalog.tasks.map((t) => [t.id, t.title]));
  const rows: CellValue[][] = findings.map((f, i) => [
    i + 1,
    SEVERITY_LABELS[f.severity],
    FINDING_LABELS[f.code],
    f.unit ?? '',
    f.task ? (titles.get(f.task) ?? '') : '',
    f.message,
    f.file ?? '',
    f.sheet ? `${f.sheet}${f.cell ? `!${f.cell}` : ''}` : (f.cell ?? ''),
    f.code,
  ]);
  return printedTable({
    name: '问题清单',
    title: `${doc.period}报表问题清单`,
    subtitle: doc.line,
    head: ['序号', '级别', '问题', '填报单位', '项目名称', '说明', '文件', '位置', '代码'],
    rows,
    widths: [5, 5, 12, 14, 22, 52, 20, 12, 18],
    printed: 8,
  });
}

/** 按任务: each task, how many of its units reported and did it. */
function perTaskSheet(catalog: Catalog, options: MergeOptions, winner: Map<string, FileResult>, doc: DocumentLines): SheetSpec {
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
    rows.push([
      rows.length + 1,
      t.title,
      t.lead.join('、'),
      assigned.length,
      reported,
      done,
      `${done}/${assigned.length}`,
      notReported.join('、'),
      t.id,
    ]);
  }
  return printedTable({
    name: '按任务',
    title: `${doc.period}各项任务完成情况`,
    subtitle: doc.line,
    head: ['序号', '项目名称', '牵头单位', '应报单位数', '已报单位数', '已完成单位数', '完成情况', '未报单位', '任务编号'],
    rows,
    widths: [5, 30, 22, 8, 8, 8, 8, 50, 12],
    printed: 8,
  });
}

export interface UnitCompletion {
  unit: string;
  status: UnitStatus;
  /** Tasks assigned to the unit. */
  assigned: number;
  /** Of those, how many its return marks 已完成. */
  done: number;
}

function unitCompletion(unitRows: MergeSummary['units'], winner: Map<string, FileResult>, options: MergeOptions): UnitCompletion[] {
  return unitRows.map(({ unit, status }) => {
    const ids = new Set(assignedTasks(options.catalog, unit, options).map((t) => t.id));
    const rows = winner.get(unit)?.checked?.rows ?? [];
    const done = new Set(rows.filter((r) => r.done && r.task && ids.has(r.task.id)).map((r) => r.task?.id)).size;
    return { unit, status, assigned: ids.size, done };
  });
}

export const COMPLETION_SHEET = '完成情况';
/** 0-based columns the completion chart spans, right of the table. */
const CHART_COLUMNS = { first: 6, last: 16 } as const;

/** 完成情况: each unit's completion rate, with a bar chart of it beside the table. */
function completionSheet(completion: UnitCompletion[], doc: DocumentLines): SheetSpec {
  const rows: CellValue[][] = completion.map((c) => [
    c.unit,
    c.assigned ? Math.round((c.done / c.assigned) * 1000) / 1000 : 0,
    c.done,
    c.assigned,
    UNIT_STATUS_LABELS[c.status],
  ]);
  const sheet = printedTable({
    name: COMPLETION_SHEET,
    title: `${doc.period}各单位任务完成率`,
    subtitle: doc.line,
    head: ['填报单位', '完成率', '已完成', '任务数', '报送情况'],
    rows,
    widths: [26, 8, 7, 7, 9],
    printed: 5,
    titleColumns: CHART_COLUMNS.last + 1,
  });
  const first = TABLE_HEADER_ROW + 1;
  const last = TABLE_HEADER_ROW + completion.length;
  // The chart beside the table, about as tall as it (a bar per unit), and printed with it.
  const bottom = Math.max(first + 18, last + 2);
  const right = columnLetter(CHART_COLUMNS.last);
  return {
    ...sheet,
    columns: sheet.columns?.map((c, i) => (i === 1 ? { ...c, numFmt: '0%' } : c)),
    autoFilter: undefined,
    charts: completion.length
      ? [
          {
            type: 'bar',
            grouping: 'clustered',
            title: '各单位任务完成率',
            // The table's rows: 填报单位 (A) by 完成率 (B), under the header row.
            categories: `A${TABLE_HEADER_ROW + 2}:A${last + 1}`,
            series: [{ name: '完成率', values: `B${TABLE_HEADER_ROW + 2}:B${last + 1}` }],
            anchor: { from: `${columnLetter(CHART_COLUMNS.first)}${first}`, to: `${right}${bottom}` },
            dataLabels: true,
            valueFormat: '0%',
            max: 1,
          },
        ]
      : [],
    print: sheet.print ? { ...sheet.print, area: `A1:${right}${Math.max(bottom, last + 1)}` } : undefined,
  };
}

export { countByCode };
