/**
 * Consolidation (汇总): many returns of one period merged into one workbook and a summary. Every
 * input file is accounted for; every data row of every ok return is written (rowsRead ==
 * rowsWritten); the latest return of a unit wins and earlier ones are superseded.
 *
 * Decided in steps, so that a door may hold as little as it likes: each file becomes a FileEntry
 * (its status, unit, submission, findings and counts, never its rows), the entries are settled
 * into a ConsolidationPlan (who wins, every sheet but the data rows of the 汇总 and of its record,
 * and one block per unit placing those rows), and each block's rows are made from its unit's
 * checked return. `consolidate` does all of it in memory (the pane, the web page); the CLI keeps
 * only the entries, with each possible winner's rows made in the first pass and spooled to disk,
 * and streams them into the workbook as it writes it (src/cli/merge.ts).
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
import { chineseDate, printedRowHeight, printedRowLines, printedTable, TABLE_HEADER_ROW } from './printedTable';
import { periodDueDate } from './calendar';
import { DEFAULT_UTC_OFFSET, describeInstant, laterFirst, type Submission } from './submission';
import {
  recordHead,
  recordRowCells,
  recordSheet,
  unitRecordRows,
  withUnitContact,
  type ConsolidationRecord,
  type RecordRow,
} from './consolidationRecord';
import { rowsInTaskOrder } from './taskOrder';
import { addCopiedProgress, type PreviousProgress } from './copiedProgress';
import { batchContacts, type Contact } from './contacts';

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

/**
 * What the consolidation keeps of one file once it is read and checked: no rows, only what the
 * summary, the sheets but the data rows, and the choice of the winning return need. A field of a
 * return that the summary or a sheet lists (its 填报人, say) is added here, in fileEntry.
 */
export interface FileEntry {
  file: string;
  status: FileStatus;
  /** Canonical unit, when it could be told. */
  unit?: string;
  submission?: Submission;
  findings: Finding[];
  /** Why the file is not merged (文件清单's 原因); empty for ok. */
  reason: string;
  /** Data rows read and checked (0 when the file is not a readable report). */
  rows: number;
  /** Assigned tasks without a row: the 汇总 writes one row for each when the file wins. */
  missing: number;
  catalogVersion?: string;
  /**
   * One character per catalog task, in catalog order, for the first row of that task: '.' no row,
   * 'r' a row, 'd' a row marked 已完成 (what 按任务 counts when the file wins).
   */
  tasks: string;
  /** Tasks assigned to the unit that some row marks 已完成 (what 完成情况 counts when the file wins). */
  done: number;
  /** 填报人 and 联系电话 as the form's footer gives them, for a file read as a return (for 催报). */
  reporter?: string;
  phone?: string;
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

/** The first row of each catalog task, as 按任务 counts it: see FileEntry.tasks. */
function taskMarks(checked: CheckedReturn, catalog: Catalog): string {
  const marks = new Map<string, string>();
  for (const r of checked.rows) if (r.task && !marks.has(r.task.id)) marks.set(r.task.id, r.done ? 'd' : 'r');
  return catalog.tasks.map((t) => marks.get(t.id) ?? '.').join('');
}

/** How many of the unit's assigned tasks some row marks 已完成: see FileEntry.done. */
function doneTasks(checked: CheckedReturn, options: MergeOptions): number {
  if (!checked.unit) return 0;
  const ids = new Set(assignedTasks(options.catalog, checked.unit, options).map((t) => t.id));
  return new Set(checked.rows.filter((r) => r.done && r.task && ids.has(r.task.id)).map((r) => r.task?.id)).size;
}

/**
 * One input file, read (or not) and checked, and compared with last period when the merge is: its
 * entry, and the checked return the rows of the 汇总 and of its record are made from.
 */
export function fileEntry(input: MergeInput, options: MergeOptions): { entry: FileEntry; checked?: CheckedReturn } {
  const none = { rows: 0, missing: 0, tasks: '', done: 0 };
  if ('unreadable' in input) {
    const f = finding('UNREADABLE_FILE', input.unreadable, { file: input.file });
    return { entry: { file: input.file, status: 'unreadable', findings: [f], reason: input.unreadable, ...none } };
  }
  if (!input.outcome.ok) {
    const f = { ...input.outcome.finding, file: input.file };
    return { entry: { file: input.file, status: 'not-a-report', findings: [f], reason: f.message, ...none } };
  }
  const report = input.outcome.report;
  const checked = checkReturn(report, { ...options, file: input.file, times: { saved: input.saved, fileTime: input.fileTime } });
  if (options.previous) addCopiedProgress(checked, options.previous);
  const base = {
    file: input.file,
    unit: checked.unit,
    submission: checked.submission,
    rows: checked.rows.length,
    missing: checked.missing.length,
    catalogVersion: report.meta.catalogVersion,
    tasks: taskMarks(checked, options.catalog),
    done: doneTasks(checked, options),
    reporter: report.reporter.trim(),
    phone: report.phone.trim(),
  };
  const entry = (status: FileStatus, findings: Finding[], reason: string) => ({ entry: { ...base, status, findings, reason }, checked });
  if (!checked.unit) {
    const reason = checked.findings.find((f) => f.code === 'UNKNOWN_UNIT')?.message ?? '填报单位无法识别';
    return entry('unknown-unit', checked.findings, reason);
  }
  // Another period's return is listed, never merged and never supersedes one of this period.
  const wrong = checked.findings.find((f) => f.code === 'WRONG_PERIOD');
  if (wrong) {
    const keep = checked.findings.filter((f) => f.code === 'WRONG_PERIOD' || f.code === 'UNIT_MISMATCH');
    return entry('wrong-period', keep, wrong.message);
  }
  if (isBlank(checked)) {
    const f = finding('BLANK_RETURN', `${checked.unit}报回的表没有填写任何工作进展，按未报送计`, {
      file: input.file,
      sheet: report.sheet,
      unit: checked.unit,
      cell: report.columns.progress ? `${report.columns.progress}${report.headerRow}` : undefined,
    });
    return entry('blank', [f], '报回的表未填写');
  }
  return entry('ok', checked.findings, '');
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
function consistent(r: FileEntry): number {
  return r.findings.some((f) => f.code === 'UNIT_MISMATCH') ? 1 : 0;
}

/** The order among one unit's returns: consistent before contradicting, then the latest submission, then the key. */
function winnerFirst(a: FileEntry, b: FileEntry): number {
  return consistent(a) - consistent(b) || laterFirst(a.submission, b.submission) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

function when(r: FileEntry): string {
  return r.submission ? describeInstant(r.submission) : '时间不详';
}

/** Resubmissions: the latest return of each unit wins; the others are superseded with a finding that says by which and why. */
function settleResubmissions(results: FileEntry[]): Map<string, FileEntry> {
  const byUnit = new Map<string, FileEntry[]>();
  for (const r of results) {
    if (r.status !== 'ok' || !r.unit) continue;
    const list = byUnit.get(r.unit) ?? [];
    list.push(r);
    byUnit.set(r.unit, list);
  }
  const winner = new Map<string, FileEntry>();
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

/**
 * One unit's rows of the 汇总 (and of its record): its winning return's rows and missing tasks, or
 * its tasks when it sent none, or none at all (then the record has a row of kind "unit").
 */
export interface UnitBlock {
  unit: string;
  status: UnitStatus;
  /** The unit's winning return (its key), whose checked return the rows are made from; absent when the unit sent none. */
  file?: string;
  /** The winning return's submission, as in the summary JSON. */
  submittedAt?: string;
  /** 0-based index of the block's first data row among the 汇总's data rows (its 序号 is start + 1). */
  start: number;
  /** How many rows of the 汇总 the block writes. */
  rows: number;
  /** The unit's 填报人 and 联系电话 from its latest file of the batch that gives them (contacts.ts). */
  reporter?: string;
  phone?: string;
}

/** A 汇总 data row, its style (the fill of late, missing or unfinished rows) and the lines its cells but the 序号 need. */
export interface SummaryRow {
  values: CellValue[];
  style?: CellStyle;
  lines: number;
}

/** A consolidation decided: everything but the data rows of the 汇总 and of its record, which its blocks place. */
export interface ConsolidationPlan {
  summary: MergeSummary;
  /** Every finding of every file, in file order. */
  findings: Finding[];
  completion: UnitCompletion[];
  /**
   * The workbook, its 汇总 sheet (SUMMARY_SHEET) and its data sheet (RECORD_SHEET) without their
   * data rows: a writer adds each block's rows, in order, after theirs.
   */
  workbook: WorkbookSpec;
  /** One per unit of summary.units, in that order. */
  blocks: UnitBlock[];
  /** The record's head and units; its rows are the blocks'. */
  record: Omit<ConsolidationRecord, 'rows'>;
}

/** Where the 汇总 and the data sheet are among the workbook's sheets. */
export const SUMMARY_SHEET = 0;
export const RECORD_SHEET = 6;

/** Settles the entries of all the files of a merge (in any order): who wins, who is late, what each sheet holds. */
export function planConsolidation(entries: FileEntry[], options: MergeOptions): ConsolidationPlan {
  const { catalog, period, asOf } = options;
  // Keys are unique and results are ordered by them: the same files give the same result in any argument order.
  const results = [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const winner = settleResubmissions(results);

  const dueDate = periodDueDate(catalog.calendar, period).date;
  const units = reportingUnits(catalog, options);
  const unitRows: MergeSummary['units'] = units.map((unit) => {
    const w = winner.get(unit);
    return { unit, status: w ? unitStatusOf(w, dueDate) : ('missing' as UnitStatus), file: w?.file ?? null };
  });
  // A unit that sent a return but is not a reporting unit of the catalog is still listed.
  const listed = new Set(units);
  for (const [unit, w] of winner) if (!listed.has(unit)) unitRows.push({ unit, status: unitStatusOf(w, dueDate), file: w.file });

  const rowsRead = results.reduce((n, r) => n + (r.status === 'ok' ? r.rows : 0), 0);
  // A unit's contact is its latest file's that gives one (a superseded or blank return's too).
  const contacts = batchContacts(
    results.map((r) => ({
      file: r.file,
      unit: r.unit ?? null,
      submittedAt: r.submission?.at ?? null,
      reporter: r.reporter,
      phone: r.phone,
    })),
  );
  const blocks = unitBlocks(unitRows, winner, contacts, options);
  const rowsWritten = blocks.reduce((n, b) => n + (b.file ? (winner.get(b.unit)?.rows ?? 0) : 0), 0);
  const doc = documentLines(options, dueDate);
  const findings = results.flatMap((r) => r.findings);
  const completion = unitCompletion(unitRows, winner, options);

  const summary: MergeSummary = {
    period: period.code,
    asOf,
    files: results.map((r) => ({
      file: r.file,
      unit: r.unit ?? null,
      status: r.status,
      submittedAt: r.submission?.at ?? null,
      rows: r.rows,
      findings: r.findings.map(summaryFinding),
      ...(r.reporter !== undefined ? { reporter: r.reporter, phone: r.phone ?? '' } : {}),
    })),
    units: unitRows,
    totals: { files: results.length, rowsRead, rowsWritten, findings: findings.length },
  };
  if (options.skipped?.length) summary.skipped = options.skipped;
  if (options.previous) summary.previous = { period: options.previous.period };
  const record = {
    ...recordHead({ ...options, dueDate }),
    units: unitRows.map((u) => {
      const c = contacts.get(u.unit);
      const submittedAt = winner.get(u.unit)?.submission?.at ?? null;
      return { unit: u.unit, status: u.status, submittedAt, file: u.file, ...(c ? { reporter: c.reporter, phone: c.phone } : {}) };
    }),
    source: 'data' as const,
  };
  const total = blocks.reduce((n, b) => n + b.rows, 0);

  const workbook: WorkbookSpec = {
    sheets: [
      summarySheet([], doc, total),
      submissionSheet(results, unitRows, doc),
      fileSheet(results, doc),
      findingSheet(findings, catalog, doc),
      perTaskSheet(catalog, options, winner, doc),
      completionSheet(completion, doc),
      recordSheet({ ...record, rows: [] }),
    ],
    properties: { title: `${periodLabel(period)}脱贫攻坚工作进度汇总`, subject: CONSOLIDATION_SUBJECT, creator: '进度通' },
  };
  return { summary, findings, completion, workbook, blocks, record };
}

/** On time or late: the winning return's submission against the period's due date. */
function unitStatusOf(w: FileEntry, dueDate: string): UnitStatus {
  return w.submission && w.submission.date > dueDate ? 'late' : 'on-time';
}

/** The blocks of the units, in their order: what each writes, and where its rows start. */
function unitBlocks(
  unitRows: MergeSummary['units'],
  winner: Map<string, FileEntry>,
  contacts: ReadonlyMap<string, Contact>,
  options: MergeOptions,
): UnitBlock[] {
  let start = 0;
  return unitRows.map(({ unit, status }) => {
    const w = winner.get(unit);
    const rows = w ? w.rows + w.missing : status === 'missing' ? assignedTasks(options.catalog, unit, options).length : 0;
    const block: UnitBlock = w ? { unit, status, file: w.file, submittedAt: w.submission?.at, start, rows } : { unit, status, start, rows };
    const c = contacts.get(unit);
    if (c) Object.assign(block, { reporter: c.reporter, phone: c.phone });
    start += rows;
    return block;
  });
}

/**
 * The block an ok file's rows would make if it won for its unit, at the top of the 汇总: the
 * CLI makes these rows in its first pass, before the plan places them (placeSummaryRows).
 */
export function candidateBlock(entry: FileEntry, options: MergeOptions): UnitBlock {
  const dueDate = periodDueDate(options.catalog.calendar, options.period).date;
  return {
    unit: entry.unit ?? '',
    status: unitStatusOf(entry, dueDate),
    file: entry.file,
    submittedAt: entry.submission?.at,
    start: 0,
    rows: entry.rows + entry.missing,
  };
}

/** The record's rows of a block (see unitRecordRows); `checked` is the block's file's checked return. */
export function recordBlockRows(block: UnitBlock, checked: CheckedReturn | undefined, options: MergeOptions): RecordRow[] {
  return unitRecordRows(options, { unit: block.unit, status: block.status, file: block.file ?? null }, checked);
}

/** The data sheet's rows of a block: its record rows, each with its unit's status and submission. */
export function recordBlockCells(block: UnitBlock, checked: CheckedReturn | undefined, options: MergeOptions): CellValue[][] {
  const unit = { status: block.status, submittedAt: block.submittedAt ?? null, reporter: block.reporter, phone: block.phone };
  return recordBlockRows(block, checked, options).map((r) => recordRowCells(r, unit));
}

/** Data-sheet rows made for a candidate block (no contact known yet), with the unit's contact of the plan's block. */
export function placeRecordCells(rows: CellValue[][], block: UnitBlock): CellValue[][] {
  return withUnitContact(rows, block);
}

/** All of a consolidation in memory: each file read and checked, then every sheet written out whole. */
export function consolidate(inputs: MergeInput[], options: MergeOptions): Consolidation {
  const read = inputs.map((input) => fileEntry(input, options));
  const checkedOf = new Map(read.map((r) => [r.entry.file, r.checked]));
  const plan = planConsolidation(
    read.map((r) => r.entry),
    options,
  );
  const rows: SummaryRow[] = [];
  const recordRows: RecordRow[] = [];
  for (const block of plan.blocks) {
    const checked = block.file ? checkedOf.get(block.file) : undefined;
    rows.push(...summaryBlockRows(block, checked, options));
    recordRows.push(...recordBlockRows(block, checked, options));
  }
  const record: ConsolidationRecord = { ...plan.record, rows: recordRows };
  const dueDate = periodDueDate(options.catalog.calendar, options.period).date;
  const sheets = [...plan.workbook.sheets];
  sheets[SUMMARY_SHEET] = summarySheet(rows, documentLines(options, dueDate));
  sheets[RECORD_SHEET] = recordSheet(record);
  const workbook: WorkbookSpec = { ...plan.workbook, sheets };
  return { summary: plan.summary, workbook, findings: plan.findings, record, completion: plan.completion };
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

/**
 * The 汇总 rows of one block: its unit's checked return's rows in catalog order, then a row for
 * each assigned task the return lacks (缺报任务); for a unit that sent nothing, a row for each of
 * its tasks (未报送). `checked` is the block's file's checked return, as fileEntry made it. Only
 * the 序号 depends on where the block is (its start): rows made for a candidate block are moved
 * into place by placeSummaryRows.
 */
export function summaryBlockRows(block: UnitBlock, checked: CheckedReturn | undefined, options: MergeOptions): SummaryRow[] {
  const { catalog, period, asOf } = options;
  const out: SummaryRow[] = [];
  const push = (values: CellValue[], style?: CellStyle) => out.push({ values, style, lines: printedRowLines(values, SUMMARY_WIDTHS, 1) });
  const due = (t: Task) => deadlineDueDate(t.deadline, period, catalog.source.date || undefined);
  /** A task with no row from its unit, written from the catalog in the "missing" fill. */
  const missingRow = (t: Task, problem: string) => {
    const d = due(t);
    const plan = t.plans[String(period.year)] ?? t.text;
    push(
      [
        block.start + out.length + 1,
        block.unit,
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
      ],
      { fill: 'missing' },
    );
  };

  if (block.file) {
    if (!checked) throw new Error(`${block.file} 的核对结果缺失`);
    for (const r of rowsInTaskOrder(checked, catalog)) {
      const v = r.row.values;
      push(
        [
          block.start + out.length + 1,
          block.unit,
          v.leader ?? r.task?.leaders.join('、') ?? '',
          v.title ?? r.task?.title ?? '',
          v.plan ?? '',
          v.progress ?? '',
          v.remark ?? '',
          r.status,
          r.dueDate ?? (r.task ? describeDeadline(r.task.deadline) : (v.deadline ?? '')),
          r.late ? '是' : '否',
          problemsOf(r),
          sourceOf(block.file, checked.report.sheet, r.row.cells.title ?? r.row.cells.progress),
          r.task?.id ?? v.taskId ?? '',
        ],
        r.late ? { fill: 'late' } : r.findings.some((f) => f.code === 'EMPTY_PROGRESS') ? { fill: 'warning' } : undefined,
      );
    }
    for (const t of checked.missing) missingRow(t, '缺报任务');
  } else if (block.status === 'missing') {
    for (const t of assignedTasks(catalog, block.unit, options)) missingRow(t, '未报送');
  }
  return out;
}

/** Rows made for a candidate block (start 0), numbered for the block's place in the 汇总. */
export function placeSummaryRows(rows: SummaryRow[], block: UnitBlock): SummaryRow[] {
  if (rows.length !== block.rows) throw new Error(`${block.unit} 的汇总行数与核对时不符（${rows.length}/${block.rows}）`);
  rows.forEach((row, i) => (row.values[0] = block.start + i + 1));
  return rows;
}

/** A 汇总 data row's fitted height, its 序号 included (as printedTable fits the rows it is given). */
export function summaryRowHeight(row: SummaryRow): number {
  return printedRowHeight(Math.max(row.lines, printedRowLines(row.values.slice(0, 1), SUMMARY_WIDTHS)));
}

/** The 汇总 sheet of these rows; with `streamed`, the sheet that many rows will be added to as it is written. */
function summarySheet(rows: SummaryRow[], doc: DocumentLines, streamed?: number): SheetSpec {
  const styles: Record<number, CellStyle> = {};
  rows.forEach((r, i) => {
    if (r.style) styles[i] = r.style;
  });
  return printedTable({
    name: '汇总',
    title: `${doc.period}脱贫攻坚工作进度汇总表`,
    subtitle: doc.line,
    head: SUMMARY_HEAD,
    rows: rows.map((r) => r.values),
    widths: SUMMARY_WIDTHS,
    printed: SUMMARY_PRINTED,
    rowStyles: styles,
    frozenColumns: 2,
    streamedRows: streamed,
  });
}

/** 报送情况: one row per reporting unit. */
function submissionSheet(results: FileEntry[], unitRows: MergeSummary['units'], doc: DocumentLines): SheetSpec {
  const fileOf = new Map(results.map((r) => [r.file, r]));
  const rows: CellValue[][] = unitRows.map((u, i) => {
    const r = u.file ? fileOf.get(u.file) : undefined;
    return [
      i + 1,
      u.unit,
      UNIT_STATUS_LABELS[u.status],
      u.file ?? '',
      r?.submission ? describeInstant(r.submission) : '',
      r?.rows ?? 0,
      r?.findings.filter((f) => f.severity !== 'info').length ?? 0,
      r?.catalogVersion ?? '',
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
function fileSheet(results: FileEntry[], doc: DocumentLines): SheetSpec {
  const rows: CellValue[][] = results.map((r, i) => [
    i + 1,
    r.file,
    FILE_STATUS_LABELS[r.status],
    r.unit ?? '',
    r.submission ? describeInstant(r.submission) : '',
    r.rows,
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
function perTaskSheet(catalog: Catalog, options: MergeOptions, winner: Map<string, FileEntry>, doc: DocumentLines): SheetSpec {
  const units = reportingUnits(catalog, options);
  const rows: CellValue[][] = [];
  // Each unit's task ids once (not per task: with hundreds of units that was minutes of work).
  const idsOf = new Map(units.map((u) => [u, new Set(assignedTasks(catalog, u, options).map((x) => x.id))]));
  for (let i = 0; i < catalog.tasks.length; i++) {
    const t = catalog.tasks[i];
    const assigned = units.filter((u) => idsOf.get(u)?.has(t.id));
    if (!assigned.length) continue;
    let reported = 0;
    let done = 0;
    const notReported: string[] = [];
    for (const u of assigned) {
      // The first row of the task in the unit's winning return (see FileEntry.tasks).
      const mark = winner.get(u)?.tasks[i] ?? '.';
      if (mark !== '.') {
        reported++;
        if (mark === 'd') done++;
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

function unitCompletion(unitRows: MergeSummary['units'], winner: Map<string, FileEntry>, options: MergeOptions): UnitCompletion[] {
  return unitRows.map(({ unit, status }) => ({
    unit,
    status,
    assigned: new Set(assignedTasks(options.catalog, unit, options).map((t) => t.id)).size,
    done: winner.get(unit)?.done ?? 0,
  }));
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
