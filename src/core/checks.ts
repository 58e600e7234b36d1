/**
 * Checks of one return against the unit's assignment: what is missing, late, changed or wrong,
 * each a finding pointing at its cell. The task pane's 检查 tab, `jindu check` and the merge all
 * call this.
 */
import { assignedTasks, type AssignmentOptions } from './assignment';
import { periodDueDate } from './calendar';
import type { Catalog, Task } from './catalog';
import { deadlineDueDate } from './deadline';
import { finding, type Finding } from './finding';
import { matchRows, normaliseForMatch, resolveReturnUnit, type RowMatch } from './matching';
import { periodLabel, type Period } from './period';
import type { ReadReturn, ReturnRow } from './report';
import { staleReason } from './staleness';
import { toHalfWidth } from './import/text';

export interface CheckContext extends AssignmentOptions {
  catalog: Catalog;
  period: Period;
  /** The date the check is made for, ISO (deadlines passed before it are late). */
  asOf: string;
  file?: string;
  /** When the return was submitted: its 填报日期, else the file's modified time (ISO date). */
  submittedAt?: string;
}

export interface CheckedRow {
  row: ReturnRow;
  task?: Task;
  /** 已完成 / 推进中 / 未启动 as written, or inferred from the progress text when there is no 状态 column. */
  status: string;
  done: boolean;
  /** The task's due date for this period, ISO, when it has one. */
  dueDate?: string;
  late: boolean;
  findings: Finding[];
}

export interface CheckedReturn {
  file?: string;
  /** Canonical unit, when it could be told. */
  unit?: string;
  report: ReadReturn;
  rows: CheckedRow[];
  /** Assigned tasks with no row. */
  missing: Task[];
  findings: Finding[];
  submittedAt?: string;
  /** The period's due date for the report. */
  dueDate: string;
}

const DONE_WORDS = /(已完成|已全部完成|全面完成|全部完成|已办结|已落实到位|已全部落实|已按期完成|完成率达?100%|已全面落实)/;
const NOT_DONE_WORDS = /(未完成|尚未|没有完成|未能完成|正在|推进中|未启动|待完成|拟于|计划于)/;

/** With no 状态 column, only clear words in the progress text count as done. */
export function progressSaysDone(progress: string): boolean {
  return DONE_WORDS.test(progress) && !NOT_DONE_WORDS.test(progress);
}

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

/** Mainland mobile (13812345678) or landline with area code (0754-88123456, (0754)88123456). */
export function isValidPhone(raw: string): boolean {
  const s = toHalfWidth(raw)
    .replace(/\s+/g, '')
    .replace(/^\+?86-?/, '')
    .replace(/^\((0\d{2,3})\)/, '$1-')
    .replace(/[—–]/g, '-');
  return (
    s.split(/[,，;；/、]/).filter(Boolean).length > 0 &&
    s
      .split(/[,，;；/、]/)
      .filter(Boolean)
      .every((p) => MOBILE.test(p) || LANDLINE.test(p))
  );
}

function where(
  ctx: CheckContext,
  report: ReadReturn,
  cell?: string,
  unit?: string,
  task?: string,
): Omit<Finding, 'code' | 'severity' | 'message'> {
  return { file: ctx.file, sheet: report.sheet, cell, unit, task };
}

function shorten(s: string, n = 24): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function checkReturn(report: ReadReturn, ctx: CheckContext): CheckedReturn {
  const { catalog, period } = ctx;
  const findings: Finding[] = [];
  const dueDate = periodDueDate(catalog.calendar, period).date;

  // The unit.
  const resolved = resolveReturnUnit(report.unitText, report.meta, catalog);
  const unit = resolved.unit;
  if (!unit) {
    const what = report.unitText ? `“${report.unitText}”` : '（未填写）';
    const hint = resolved.candidates.length ? `，可能是：${resolved.candidates.slice(0, 5).join('、')}` : '，请按单位名录填写全称';
    findings.push(finding('UNKNOWN_UNIT', `填报单位${what}无法识别${hint}`, where(ctx, report, report.unitCell)));
  }

  // The period and the catalog the template was made from.
  if (report.meta.period && report.meta.period !== period.code) {
    findings.push(
      finding(
        'WRONG_PERIOD',
        `此表是${report.meta.period}的报表，本次汇总的是${periodLabel(period)}（${period.code}）`,
        where(ctx, report, 'A1', unit),
      ),
    );
  } else if (report.year && report.year !== period.year) {
    findings.push(
      finding('WRONG_PERIOD', `表中年份为${report.year}年，本次汇总的是${periodLabel(period)}`, where(ctx, report, 'A1', unit)),
    );
  }
  const stale = staleReason(report, catalog, unit, ctx);
  if (stale) findings.push(finding('STALE_CATALOG', stale, where(ctx, report, undefined, unit)));

  // Rows against the unit's tasks.
  const unitTasks = unit ? assignedTasks(catalog, unit, ctx) : [];
  const matches: RowMatch[] = matchRows(report.rows, unitTasks, catalog.tasks);
  const unitTaskIds = new Set(unitTasks.map((t) => t.id));
  const seen = new Map<string, number>();
  const rows: CheckedRow[] = matches.map((m) => {
    const row = m.row;
    const v = row.values;
    const c = row.cells;
    const rowFindings: Finding[] = [];
    const label = shorten(v.title || v.plan || v.taskId || `第${row.row}行`);
    const task = m.ambiguous ? undefined : m.task;
    if (m.ambiguous) {
      rowFindings.push(
        finding(
          'AMBIGUOUS_ROW',
          `第${row.row}行“${label}”与多项任务相近（${m.candidates
            .map((t) => t.title)
            .slice(0, 3)
            .join('；')}），无法确定，请填写任务编号或使用标准模板`,
          where(ctx, report, c.title ?? c.taskId, unit),
        ),
      );
    } else if (!task) {
      rowFindings.push(finding('EXTRA_TASK', `第${row.row}行“${label}”不在任务清单中`, where(ctx, report, c.title ?? c.taskId, unit)));
    } else {
      if (unit && !unitTaskIds.has(task.id)) {
        rowFindings.push(
          finding(
            'EXTRA_TASK',
            `第${row.row}行“${shorten(task.title)}”不是${unit}牵头的任务（牵头单位：${task.lead.join('、')}）`,
            where(ctx, report, c.title ?? c.taskId, unit, task.id),
          ),
        );
      }
      // The better-matching row keeps the task; the other is the duplicate.
      if (m.duplicateOf !== undefined) {
        rowFindings.push(
          finding(
            'DUPLICATE_ROW',
            `第${row.row}行与第${m.duplicateOf}行填报的是同一项任务“${shorten(task.title)}”`,
            where(ctx, report, c.title ?? c.taskId, unit, task.id),
          ),
        );
      } else seen.set(task.id, row.row);
      if (v.title && normaliseForMatch(v.title) !== normaliseForMatch(task.title)) {
        rowFindings.push(
          finding(
            'TASK_CHANGED',
            `第${row.row}行项目名称与任务清单不一致（清单为“${shorten(task.title, 40)}”）`,
            where(ctx, report, c.title, unit, task.id),
          ),
        );
      } else if (v.plan && report.year) {
        const plan = task.plans[String(report.year)] ?? task.text;
        if (normaliseForMatch(v.plan) !== normaliseForMatch(plan)) {
          rowFindings.push(finding('TASK_CHANGED', `第${row.row}行工作计划与任务清单不一致`, where(ctx, report, c.plan, unit, task.id)));
        }
      }
    }
    const progress = v.progress ?? '';
    if (!progress) {
      rowFindings.push(
        finding(
          'EMPTY_PROGRESS',
          `第${row.row}行“${label}”未填写工作进展及存在问题`,
          where(ctx, report, c.progress ?? c.title, unit, task?.id),
        ),
      );
    }
    const hasStatusColumn = report.columns.status !== undefined;
    const status = (v.status ?? '').trim() || (!hasStatusColumn && progressSaysDone(progress) ? '已完成' : '');
    const done = status === '已完成';
    const due = task ? deadlineDueDate(task.deadline, period, catalog.source.date || undefined) : null;
    const late = !!due && due < ctx.asOf && !done;
    if (late && task) {
      rowFindings.push(
        finding(
          'LATE_TASK',
          `第${row.row}行“${shorten(task.title)}”完成时限${due}已过，${status ? `状态为“${status}”` : '未标明已完成'}`,
          where(ctx, report, c.status ?? c.progress ?? c.title, unit, task.id),
        ),
      );
    }
    findings.push(...rowFindings);
    return { row, task, status, done, dueDate: due ?? undefined, late, findings: rowFindings };
  });

  const missing = unitTasks.filter((t) => !seen.has(t.id));
  for (const t of missing) {
    findings.push(
      finding(
        'MISSING_TASK',
        `缺少任务“${shorten(t.title, 40)}”（${t.id}）的填报行`,
        where(ctx, report, report.columns.title ? `${report.columns.title}${report.headerRow}` : undefined, unit, t.id),
      ),
    );
  }

  // The footer.
  if (!report.reporter.trim()) {
    findings.push(finding('MISSING_REPORTER', '未填写填报人', where(ctx, report, report.reporterCell, unit)));
  }
  if (!report.phone.trim()) {
    findings.push(finding('BAD_PHONE', '未填写联系电话', where(ctx, report, report.phoneCell, unit)));
  } else if (!isValidPhone(report.phone)) {
    findings.push(
      finding('BAD_PHONE', `联系电话“${report.phone}”不是有效的手机号码或带区号的座机号码`, where(ctx, report, report.phoneCell, unit)),
    );
  }

  const submittedAt = ctx.submittedAt;
  if (submittedAt && submittedAt.slice(0, 10) > dueDate) {
    findings.push(
      finding('LATE_SUBMISSION', `${submittedAt.slice(0, 10)}报送，晚于规定的${dueDate}`, where(ctx, report, report.filledDateCell, unit)),
    );
  }
  return { file: ctx.file, unit, report, rows, missing, findings, submittedAt, dueDate };
}
