/**
 * The 汇总 at a glance, as the doors show it after a merge: one row per reporting unit with its
 * submission in words (按时 / 逾期 / 未报 / 报告期不符 / 未填写), whether its return has problems to
 * correct, when it came, how many rows, its findings with their cells and, for the completion
 * picture, its tasks by status; the same counts over all units; the files not counted; and the
 * reconciliation of rows read and written. Plain data, made from a consolidation (in the pane, or
 * in the web page's worker) and shown by the same components in both. Pure.
 */
import type { Catalog } from './catalog';
import type { Consolidation, FileStatus, MergeSummary } from './consolidation';
import { FILE_STATUS_LABELS } from './consolidation';
import { TABLE_HEADER_ROW } from './printedTable';
import { needsCorrection } from './feedback';
import { FINDING_LABELS, type FindingCode, type Severity } from './finding';
import { instantMs } from './submission';

/** A unit's submission as a clerk says it. */
export type UnitState = 'on-time' | 'late' | 'missing' | 'wrong-period' | 'blank';

export const UNIT_STATE_LABELS: Record<UnitState, string> = {
  'on-time': '按时',
  late: '逾期',
  missing: '未报',
  'wrong-period': '报告期不符',
  blank: '未填写',
};

/** The label of a unit whose return has something to correct. */
export const PROBLEMS_LABEL = '有问题';

/** A task of a unit, by what its return says of it. */
export type TaskState = 'done' | 'ongoing' | 'not-started' | 'unstated' | 'missing-task' | 'not-submitted';

export const TASK_STATE_LABELS: Record<TaskState, string> = {
  done: '已完成',
  ongoing: '推进中',
  'not-started': '未启动',
  unstated: '未写状态',
  'missing-task': '缺报',
  'not-submitted': '未报',
};

export const TASK_STATES = Object.keys(TASK_STATE_LABELS) as TaskState[];

export type TaskCounts = Record<TaskState, number>;

export interface DashboardFinding {
  code: FindingCode;
  severity: Severity;
  /** FINDING_LABELS of the code. */
  label: string;
  message: string;
  /** The task's 项目名称, when the finding concerns one. */
  task?: string;
  /** Where in the return: file, and sheet!cell when known. */
  file: string;
  sheet?: string;
  cell?: string;
  /** Where the 汇总 workbook shows it: the unit's row of the task in 汇总, else the finding's row in 问题清单. */
  place?: { sheet: string; cell: string };
}

export interface DashboardUnit {
  unit: string;
  state: UnitState;
  /** Findings of the counted return that ask for a correction (as the marked-up copies count them). */
  problems: number;
  /** ISO instant, of the counted return (or of the return that did not count). */
  submittedAt: string | null;
  /** The file counted for the unit, or the one that came back but did not count. */
  file: string | null;
  rows: number;
  tasks: TaskCounts;
  /** Findings of every file of the unit, the counted return's first. */
  findings: DashboardFinding[];
  /** Why a file of the unit was not counted (blank, another period). */
  note?: string;
}

export interface NotCountedFile {
  file: string;
  status: FileStatus;
  /** FILE_STATUS_LABELS of the status. */
  label: string;
  reason: string;
}

export interface Dashboard {
  period: string;
  units: DashboardUnit[];
  /** Units by state, and how many have problems. */
  states: Record<UnitState, number>;
  withProblems: number;
  /** Every unit's tasks by status, added up. */
  tasks: TaskCounts;
  /** Files that gave no unit's return (unreadable, not a report, unit unknown). */
  notCounted: NotCountedFile[];
  reconciliation: { files: number; rowsRead: number; rowsWritten: number; consistent: boolean };
}

function emptyCounts(): TaskCounts {
  return { done: 0, ongoing: 0, 'not-started': 0, unstated: 0, 'missing-task': 0, 'not-submitted': 0 };
}

const STATUS_OF: Record<string, TaskState> = { 已完成: 'done', 推进中: 'ongoing', 未启动: 'not-started' };

function stateOf(u: MergeSummary['units'][number], files: MergeSummary['files']): { state: UnitState; note?: NotCountedFile } {
  if (u.status !== 'missing') return { state: u.status };
  const sent = files.find((f) => f.status === 'wrong-period') ?? files.find((f) => f.status === 'blank');
  if (!sent) return { state: 'missing' };
  const reason =
    sent.findings.find((f) => f.code === 'WRONG_PERIOD' || f.code === 'BLANK_RETURN')?.message ?? FILE_STATUS_LABELS[sent.status];
  return {
    state: sent.status === 'wrong-period' ? 'wrong-period' : 'blank',
    note: { file: sent.file, status: sent.status, label: FILE_STATUS_LABELS[sent.status], reason },
  };
}

const A_OF_ROW = (sheetRow: number, column: string) => `${column}${sheetRow}`;

/** The dashboard of a consolidation. */
export function dashboardOf(result: Pick<Consolidation, 'summary' | 'record'>, catalog: Catalog): Dashboard {
  const { summary, record } = result;
  const titles = new Map(catalog.tasks.map((t) => [t.id, t.title]));
  // 1-based sheet rows of the 汇总 and 问题清单 tables: the data starts under the header row.
  const firstDataRow = TABLE_HEADER_ROW + 2;
  const summaryRow = new Map<string, number>();
  // The record has the 汇总's rows in the same order, and a row of kind "unit" for a unit without any, which the 汇总 has not.
  let sheetRow = firstDataRow;
  for (const r of record.rows) {
    if (r.kind === 'unit') continue;
    const key = `${r.unit}\u0000${r.taskId}`;
    if (r.taskId && !summaryRow.has(key)) summaryRow.set(key, sheetRow);
    sheetRow++;
  }
  let findingIndex = 0;
  const findingsOfFile = new Map<string, DashboardFinding[]>();
  for (const f of summary.files) {
    const unit = f.unit ?? '';
    findingsOfFile.set(
      f.file,
      f.findings.map((x) => {
        const row = x.task ? summaryRow.get(`${unit}\u0000${x.task}`) : undefined;
        const counted = f.status === 'ok' && summary.units.some((u) => u.file === f.file);
        const place =
          counted && row !== undefined
            ? { sheet: '汇总', cell: A_OF_ROW(row, 'F') }
            : { sheet: '问题清单', cell: A_OF_ROW(firstDataRow + findingIndex, 'A') };
        findingIndex++;
        return {
          code: x.code,
          severity: x.severity,
          label: FINDING_LABELS[x.code],
          message: x.message,
          ...(x.task ? { task: titles.get(x.task) ?? x.task } : {}),
          file: f.file,
          ...(x.sheet ? { sheet: x.sheet } : {}),
          ...(x.cell ? { cell: x.cell } : {}),
          place,
        };
      }),
    );
  }

  const tasksOf = new Map<string, TaskCounts>();
  for (const r of record.rows) {
    const counts = tasksOf.get(r.unit) ?? emptyCounts();
    if (r.kind === 'missing-task') counts['missing-task']++;
    else if (r.kind === 'not-submitted') counts['not-submitted']++;
    else if (r.kind === 'reported' && r.taskId) counts[STATUS_OF[r.status] ?? 'unstated']++;
    tasksOf.set(r.unit, counts);
  }

  const states: Record<UnitState, number> = { 'on-time': 0, late: 0, missing: 0, 'wrong-period': 0, blank: 0 };
  const total = emptyCounts();
  let withProblems = 0;
  const units = summary.units.map((u): DashboardUnit => {
    const files = summary.files.filter((f) => f.unit === u.unit);
    const counted = files.find((f) => f.file === u.file);
    const { state, note } = stateOf(u, files);
    const shown = counted ?? (note ? files.find((f) => f.file === note.file) : undefined);
    const ordered = [...(counted ? [counted] : []), ...files.filter((f) => f !== counted)];
    const findings = ordered.flatMap((f) => findingsOfFile.get(f.file) ?? []);
    const problems = counted ? counted.findings.filter((f) => needsCorrection({ ...f })).length : 0;
    const tasks = tasksOf.get(u.unit) ?? emptyCounts();
    states[state]++;
    if (problems) withProblems++;
    for (const k of TASK_STATES) total[k] += tasks[k];
    return {
      unit: u.unit,
      state,
      problems,
      submittedAt: shown?.submittedAt ?? null,
      file: shown?.file ?? null,
      rows: counted?.rows ?? 0,
      tasks,
      findings,
      ...(note ? { note: `${note.label}：${note.reason}` } : {}),
    };
  });
  const attributed = new Set(summary.files.filter((f) => f.unit && units.some((u) => u.unit === f.unit)).map((f) => f.file));
  const notCounted = summary.files
    .filter((f) => !attributed.has(f.file) && f.status !== 'ok')
    .map((f) => ({ file: f.file, status: f.status, label: FILE_STATUS_LABELS[f.status], reason: f.findings[0]?.message ?? '' }));
  const { files, rowsRead, rowsWritten } = summary.totals;
  return {
    period: summary.period,
    units,
    states,
    withProblems,
    tasks: total,
    notCounted,
    reconciliation: { files, rowsRead, rowsWritten, consistent: rowsRead === rowsWritten },
  };
}

/** 6月20日 09:00 (or 6月20日 for a typed date at midnight): a submission instant as the table shows it. */
export function submittedText(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const day = `${Number(m[2])}月${Number(m[3])}日`;
  return m[4] && !(m[4] === '00' && m[5] === '00') ? `${day} ${m[4]}:${m[5]}` : day;
}

/** Order of submission instants, for sorting the table (missing last). */
export function submittedOrder(iso: string | null): number {
  const ms = iso ? instantMs(iso) : NaN;
  return Number.isNaN(ms) ? Infinity : ms;
}
