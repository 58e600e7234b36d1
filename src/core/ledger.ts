/**
 * The 台账 (ledger): a responsibility list followed across periods, from the consolidation records
 * of any number of 汇总 workbooks. One row per unit and task with what the unit reported each period,
 * and what leaders ask of it: how statuses moved, which tasks stalled (status unchanged and progress
 * copied, by the rule of copiedProgress.ts, for two or more periods in a row), which units were late
 * or missing in two or more periods, completion per period, and where the list itself changed
 * between periods (tasks matched by id: renamed, vanished, added, given to other units). Pure; plain
 * data only, so that the web page's worker can hand it over as it is.
 */
import { compareEntries, type ProgressComparison } from './copiedProgress';
import type { UnitStatus } from './consolidation';
import type { ConsolidationRecord, RecordRow, RecordRowKind } from './consolidationRecord';
import { normaliseForMatch } from './matching';
import { parsePeriod, type Period } from './period';

export interface LedgerPeriod {
  code: string;
  label: string;
  catalogVersion: string;
  catalogTitle: string;
  dueDate: string;
  /** The 汇总 it was read from (as given), and whether from its data sheet or, for an earlier version's 汇总, its visible sheets. */
  file: string;
  source: 'data' | 'visible';
}

/** absent: that period's 汇总 has no row for the task and unit (not in its list, or not the unit's then). */
export type LedgerCellKind = RecordRowKind | 'absent';

export interface LedgerCell {
  kind: LedgerCellKind;
  status: string;
  progress: string;
  /** When the unit's return of that period was submitted. */
  submittedAt: string | null;
  /** The progress against the period before, when the unit reported the task in both. */
  copy: ProgressComparison | null;
}

export interface Stall {
  /** Indexes into `periods`, first and last period of the stall. */
  from: number;
  to: number;
  status: string;
}

export interface LedgerRow {
  unit: string;
  taskId: string;
  /** The latest 项目名称 seen. */
  title: string;
  /** One per period, in period order. */
  cells: LedgerCell[];
  /** The statuses in order, repeated ones once: 未启动 → 推进中 → 已完成. */
  path: string[];
  stalls: Stall[];
}

export type TransitionDirection = 'forward' | 'back' | 'changed';

export interface Transition {
  unit: string;
  taskId: string;
  title: string;
  /** Indexes into `periods` (a period the unit did not report in may lie between). */
  from: number;
  to: number;
  before: string;
  after: string;
  direction: TransitionDirection;
}

export interface UnitSubmissions {
  unit: string;
  /** One per period; null when the unit is not in that period's 汇总. */
  statuses: Array<UnitStatus | null>;
  submittedAt: Array<string | null>;
  late: number;
  missing: number;
}

export type TaskChangeKind = 'renamed' | 'vanished' | 'added' | 'reassigned';

export interface TaskChange {
  taskId: string;
  kind: TaskChangeKind;
  /** The period in which the change is first seen (index into `periods`; the one before is `at - 1`). */
  at: number;
  title: string;
  /** renamed: the titles; reassigned: the units, joined with 、. */
  before: string;
  after: string;
}

export interface Completion {
  period: string;
  done: number;
  ongoing: number;
  notStarted: number;
  /** Reported with no status, or with a status outside the dropdown. */
  unmarked: number;
  /** Task rows with no report: the unit sent nothing, or left the task out. */
  notReported: number;
  total: number;
}

export interface Ledger {
  catalogTitle: string;
  periods: LedgerPeriod[];
  rows: LedgerRow[];
  transitions: Transition[];
  stalls: Array<{ unit: string; taskId: string; title: string; stall: Stall; progress: string }>;
  units: UnitSubmissions[];
  /** Units late or missing in two or more periods. */
  lateUnits: UnitSubmissions[];
  changes: TaskChange[];
  completion: Completion[];
  /** Chinese notes on what the ledger was made from (different lists, an earlier version's 汇总, rows without task id). */
  notes: string[];
}

export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

const RANK: Record<string, number> = { 未启动: 0, 推进中: 1, 已完成: 2 };
const DONE = '已完成';

/** A record with the file it came from. */
export interface LedgerInput {
  record: ConsolidationRecord;
  file: string;
}

function periodOf(input: LedgerInput): Period {
  const p = parsePeriod(input.record.period);
  if (!p) throw new LedgerError(`“${input.file}”的报告期“${input.record.period}”无法识别`);
  return p;
}

const key = (unit: string, taskId: string) => `${unit}\u0000${taskId}`;

/** The ledger of the given consolidations (any order; they are put in period order). */
export function buildLedger(inputs: LedgerInput[]): Ledger {
  if (!inputs.length) throw new LedgerError('请至少选择一份汇总表');
  const sorted = inputs
    .map((input) => ({ input, period: periodOf(input) }))
    .sort((a, b) => (a.period.start < b.period.start ? -1 : a.period.start > b.period.start ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].period.code === sorted[i - 1].period.code) {
      throw new LedgerError(
        `“${sorted[i - 1].input.file}”和“${sorted[i].input.file}”都是${sorted[i].input.record.periodLabel}的汇总表：每个报告期只能选一份`,
      );
    }
  }
  const records = sorted.map((x) => x.input.record);
  const periods: LedgerPeriod[] = sorted.map(({ input }) => ({
    code: input.record.period,
    label: input.record.periodLabel,
    catalogVersion: input.record.catalogVersion,
    catalogTitle: input.record.catalogTitle,
    dueDate: input.record.dueDate,
    file: input.file,
    source: input.record.source,
  }));
  const notes: string[] = [];

  // Each period's rows by unit and task; of two rows for one task, the one the checks kept.
  let unmatched = 0;
  const byPeriod = records.map((rec) => {
    const map = new Map<string, RecordRow>();
    for (const r of rec.rows) {
      if (!r.taskId) {
        if (r.kind === 'reported') unmatched++;
        continue;
      }
      const k = key(r.unit, r.taskId);
      const seen = map.get(k);
      if (!seen || (seen.codes.includes('DUPLICATE_ROW') && !r.codes.includes('DUPLICATE_ROW'))) map.set(k, r);
    }
    return map;
  });
  const unitsOf = records.map((rec) => new Map(rec.units.map((u) => [u.unit, u])));

  // Rows: units in the order of the latest 汇总 (then earlier ones), each unit's tasks likewise.
  const unitOrder: string[] = [];
  const tasksOf = new Map<string, string[]>();
  const titleOf = new Map<string, string>();
  for (let p = records.length - 1; p >= 0; p--) {
    for (const u of records[p].units) if (!tasksOf.has(u.unit)) (unitOrder.push(u.unit), tasksOf.set(u.unit, []));
    for (const r of records[p].rows) {
      if (!r.taskId) continue;
      if (!tasksOf.has(r.unit)) (unitOrder.push(r.unit), tasksOf.set(r.unit, []));
      const list = tasksOf.get(r.unit) as string[];
      if (!list.includes(r.taskId)) list.push(r.taskId);
      if (!titleOf.has(r.taskId) && r.title) titleOf.set(r.taskId, r.title);
    }
  }

  const rows: LedgerRow[] = [];
  for (const unit of unitOrder) {
    for (const taskId of tasksOf.get(unit) ?? []) {
      const cells: LedgerCell[] = byPeriod.map((map, p) => {
        const r = map.get(key(unit, taskId));
        const submittedAt = unitsOf[p].get(unit)?.submittedAt ?? null;
        if (!r) return { kind: 'absent', status: '', progress: '', submittedAt, copy: null };
        return { kind: r.kind, status: r.status.trim(), progress: r.progress, submittedAt, copy: null };
      });
      for (let p = 1; p < cells.length; p++) {
        const [a, b] = [cells[p - 1], cells[p]];
        if (a.kind === 'reported' && b.kind === 'reported' && a.progress && b.progress) b.copy = compareEntries(b, a);
      }
      const statuses = cells.filter((c) => c.kind === 'reported' && c.status).map((c) => c.status);
      const path = statuses.filter((s, i) => i === 0 || s !== statuses[i - 1]);
      rows.push({ unit, taskId, title: titleOf.get(taskId) ?? '', cells, path, stalls: stallsOf(cells) });
    }
  }

  const transitions: Transition[] = [];
  for (const row of rows) {
    let last = -1;
    row.cells.forEach((c, p) => {
      if (c.kind !== 'reported' || !c.status) return;
      if (last >= 0 && row.cells[last].status !== c.status) {
        const before = row.cells[last].status;
        const after = c.status;
        const direction: TransitionDirection =
          before in RANK && after in RANK ? (RANK[after] > RANK[before] ? 'forward' : 'back') : 'changed';
        transitions.push({ unit: row.unit, taskId: row.taskId, title: row.title, from: last, to: p, before, after, direction });
      }
      last = p;
    });
  }

  const stalls = rows.flatMap((row) =>
    row.stalls.map((stall) => ({ unit: row.unit, taskId: row.taskId, title: row.title, stall, progress: row.cells[stall.to].progress })),
  );

  const allUnits = [...unitOrder];
  for (const m of unitsOf) for (const u of m.keys()) if (!allUnits.includes(u)) allUnits.push(u);
  const units: UnitSubmissions[] = allUnits.map((unit) => {
    const statuses = unitsOf.map((m) => m.get(unit)?.status ?? null);
    return {
      unit,
      statuses,
      submittedAt: unitsOf.map((m) => m.get(unit)?.submittedAt ?? null),
      late: statuses.filter((s) => s === 'late').length,
      missing: statuses.filter((s) => s === 'missing').length,
    };
  });
  const lateUnits = units.filter((u) => u.late + u.missing >= 2).sort((a, b) => b.late + b.missing - (a.late + a.missing));

  const completion: Completion[] = periods.map((period, p) => {
    const c: Completion = { period: period.code, done: 0, ongoing: 0, notStarted: 0, unmarked: 0, notReported: 0, total: 0 };
    for (const row of rows) {
      const cell = row.cells[p];
      if (cell.kind === 'absent' || cell.kind === 'unit') continue;
      c.total++;
      if (cell.kind !== 'reported') c.notReported++;
      else if (cell.status === DONE) c.done++;
      else if (cell.status === '推进中') c.ongoing++;
      else if (cell.status === '未启动') c.notStarted++;
      else c.unmarked++;
    }
    return c;
  });

  const changes = taskChanges(byPeriod, titleOf);

  // Notes on what the ledger was made from.
  const titles = [...new Set(periods.map((p) => p.catalogTitle).filter(Boolean))];
  if (titles.length > 1) notes.push(`各期汇总表来自不同的任务清单（${titles.map((t) => `《${t}》`).join('、')}），已按任务编号对应`);
  const versions = [...new Set(periods.map((p) => p.catalogVersion).filter(Boolean))];
  if (versions.length > 1) {
    notes.push(
      `各期任务清单版本不同（${periods.map((p) => `${p.label} ${p.catalogVersion || '未知'}`).join('，')}），已按任务编号对应，变动见“清单变动”`,
    );
  }
  const kinds = new Set(sorted.map((x) => x.period.kind));
  if (kinds.size > 1) notes.push('所选汇总表的报告期类型不同（季度、半年、月份混用），已按起始日期排列');
  for (const p of periods) {
    if (p.source === 'visible') notes.push(`${p.label}的汇总表（${p.file}）由较早版本的进度通生成，已从其“汇总”“报送情况”工作表读取`);
  }
  if (unmatched) notes.push(`有 ${unmatched} 行填报内容未对应到任务清单中的任务，未列入台账（见各期汇总表的问题清单）`);

  const catalogTitle = [...periods].reverse().find((p) => p.catalogTitle)?.catalogTitle ?? '';
  return { catalogTitle, periods, rows, transitions, stalls, units, lateUnits, changes, completion, notes };
}

/** Runs of two or more periods in a row with the same status (not 已完成) and each period's progress copied from the one before. */
function stallsOf(cells: LedgerCell[]): Stall[] {
  const out: Stall[] = [];
  let start = -1;
  for (let p = 1; p <= cells.length; p++) {
    const a = cells[p - 1];
    const b = cells[p];
    const stalled = !!b && b.kind === 'reported' && a.kind === 'reported' && a.status === b.status && b.status !== DONE && !!b.copy?.copied;
    if (stalled) {
      if (start < 0) start = p - 1;
    } else if (start >= 0) {
      out.push({ from: start, to: p - 1, status: cells[start].status });
      start = -1;
    }
  }
  return out;
}

function taskChanges(byPeriod: Array<Map<string, RecordRow>>, latestTitle: Map<string, string>): TaskChange[] {
  const perPeriod = byPeriod.map((map) => {
    const tasks = new Map<string, { title: string; units: string[] }>();
    for (const r of map.values()) {
      const t = tasks.get(r.taskId) ?? { title: r.title, units: [] };
      // A unit reporting a task that is not its own (EXTRA_TASK) does not make the task its.
      if (!t.units.includes(r.unit) && !r.codes.includes('EXTRA_TASK')) t.units.push(r.unit);
      // The catalog's title: prefer a row written from the list, whose title is the list's own.
      if (r.kind !== 'reported' && r.title) t.title = r.title;
      tasks.set(r.taskId, t);
    }
    return tasks;
  });
  const out: TaskChange[] = [];
  for (let p = 1; p < perPeriod.length; p++) {
    const [before, after] = [perPeriod[p - 1], perPeriod[p]];
    for (const [id, t] of before) {
      const now = after.get(id);
      if (!now) {
        out.push({ taskId: id, kind: 'vanished', at: p, title: t.title, before: t.title, after: '' });
        continue;
      }
      if (normaliseForMatch(now.title) !== normaliseForMatch(t.title)) {
        out.push({ taskId: id, kind: 'renamed', at: p, title: now.title, before: t.title, after: now.title });
      }
      const [u0, u1] = [[...t.units].sort().join('、'), [...now.units].sort().join('、')];
      if (u0 !== u1) out.push({ taskId: id, kind: 'reassigned', at: p, title: now.title, before: u0, after: u1 });
    }
    for (const [id, t] of after) {
      if (!before.has(id))
        out.push({ taskId: id, kind: 'added', at: p, title: latestTitle.get(id) ?? t.title, before: '', after: t.title });
    }
  }
  return out;
}
