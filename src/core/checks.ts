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
import { parsePeriod, periodLabel, type Period } from './period';
import type { ReadReturn, ReturnRow } from './report';
import { staleReason } from './staleness';
import { toHalfWidth } from './import/text';
import { canonicalStatus, placeholderOf, statusConflictOf } from './progressRules';
import { DEFAULT_UTC_OFFSET, describeInstant, submissionOf, type Submission, type SubmissionTimes } from './submission';
import { EXCEL_MAX_TEXT } from './workbook';

export interface CheckContext extends AssignmentOptions {
  catalog: Catalog;
  period: Period;
  /** The date the check is made for, ISO (deadlines passed before it are late). */
  asOf: string;
  file?: string;
  /**
   * What is known of when the return was sent besides its 填报日期: the workbook's saved time and the
   * file's time (see submission.ts). The submission is told from these and the form's 填报日期.
   */
  times?: Omit<SubmissionTimes, 'filledDate'>;
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
  /** When the return was sent (its 填报日期, saved time or file time), in the list's local time. */
  submission?: Submission;
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
/** Area code, a local number of 7 or 8 digits (written whole or in two groups), an extension. */
const LANDLINE = /^0\d{2,3}-?(?:\d{7,8}|\d{3,4}-\d{4})(-\d{1,6})?$/;

/** Mainland mobile (13812345678, 138-1234-5678) or landline with area code (0754-88123456, (0754)88123456, 0754-8812-3456). */
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
      .every((p) => MOBILE.test(p.replace(/[-.]/g, '')) || LANDLINE.test(p))
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

const FIELD_NAMES = { progress: '工作进展', remark: '备注', title: '项目名称', plan: '工作计划', leader: '分管领导' } as const;

/**
 * Whether a row's 项目名称 is the task as the list words it: the catalog's short title, or the
 * task's full text (clerks copy it out of the list), numbering and punctuation aside.
 */
export function titleAsListed(title: string, task: Task): boolean {
  const t = normaliseForMatch(title);
  return t === normaliseForMatch(task.title) || t === normaliseForMatch(task.text);
}

/**
 * A period named in the form's own text (its title or progress header) against the merged one:
 * another year, or another quarter or half of the same kind, or no overlap at all. A quarter named
 * in a half-year's merge (and the like) is taken as loosely written, not as another period.
 */
export function textPeriodDiffers(code: string, period: Period): boolean {
  const named = parsePeriod(code);
  if (!named) return false;
  if (named.year !== period.year) return true;
  if (named.kind === period.kind) return named.index !== period.index;
  return named.end < period.start || named.start > period.end;
}

export function checkReturn(report: ReadReturn, ctx: CheckContext): CheckedReturn {
  const { catalog, period } = ctx;
  const findings: Finding[] = [];
  const dueDate = periodDueDate(catalog.calendar, period).date;

  // The unit.
  const resolved = resolveReturnUnit(report.unitText, report.meta, catalog, report.titleText);
  const unit = resolved.unit;
  if (!unit) {
    const what = report.unitText ? `“${report.unitText}”` : '（未填写）';
    const hint = resolved.candidates.length ? `，可能是：${resolved.candidates.slice(0, 5).join('、')}` : '，请按单位名录填写全称';
    findings.push(finding('UNKNOWN_UNIT', `填报单位${what}无法识别${hint}`, where(ctx, report, report.unitCell)));
  } else if (resolved.typed && resolved.typed !== unit) {
    // The template names one unit and the clerk typed another: the rows are the template's tasks.
    findings.push(
      finding(
        'UNIT_MISMATCH',
        `此表是为${unit}生成的模板，但填报单位写的是“${report.unitText}”（${resolved.typed}）：按模板单位${unit}核对和汇总，不计作${resolved.typed}的报表；如确为${resolved.typed}填报，请改用${resolved.typed}的模板`,
        where(ctx, report, report.unitCell, unit),
      ),
    );
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
  } else if (!report.meta.period && report.periodText && textPeriodDiffers(report.periodText, period)) {
    const named = parsePeriod(report.periodText);
    findings.push(
      finding(
        'WRONG_PERIOD',
        `表中写的是${named ? periodLabel(named) : report.periodText}，本次汇总的是${periodLabel(period)}（${period.code}）`,
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

  for (const h of report.hidden) {
    const what = h.kind === 'sheet' ? `${h.where}已隐藏，其中的报表内容未读取` : `${h.where}已隐藏，其中的内容未读取`;
    findings.push(
      finding('HIDDEN_CONTENT', `${what}（只汇总在 Excel 中看得到的内容；如需报送，请取消隐藏）`, {
        ...where(ctx, report, h.cell, unit),
        sheet: h.sheet,
      }),
    );
  }

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
    } else if (!task && !v.taskId) {
      // A row the clerk added for work beyond the list: reported as such, never as someone else's task.
      rowFindings.push(
        finding(
          'ADDED_WORK',
          `第${row.row}行“${label}”是任务清单以外的新增工作，按新增工作汇总`,
          where(ctx, report, c.title ?? c.progress, unit),
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
      if (v.title && !titleAsListed(v.title, task)) {
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
    } else {
      const placeholder = placeholderOf(progress);
      if (placeholder) {
        rowFindings.push(
          finding(
            'PLACEHOLDER_PROGRESS',
            `第${row.row}行“${label}”的工作进展${placeholder.what}（“${shorten(progress, 12)}”），请写明本期实际进展和存在问题`,
            where(ctx, report, c.progress, unit, task?.id),
          ),
        );
      }
    }
    for (const field of ['progress', 'remark', 'title', 'plan', 'leader'] as const) {
      const text = v[field];
      if (text && text.length > EXCEL_MAX_TEXT) {
        rowFindings.push(
          finding(
            'TEXT_TRUNCATED',
            `第${row.row}行“${label}”的${FIELD_NAMES[field]}有 ${text.length} 字，超过 Excel 单元格 ${EXCEL_MAX_TEXT} 字的上限，汇总表中只保留前 ${EXCEL_MAX_TEXT} 字`,
            where(ctx, report, c[field], unit, task?.id),
          ),
        );
      }
    }
    const hasStatusColumn = report.columns.status !== undefined;
    const typedStatus = canonicalStatus((v.status ?? '').trim());
    const conflict = typedStatus ? statusConflictOf(typedStatus, progress) : undefined;
    if (conflict) {
      rowFindings.push(
        finding(
          'STATUS_CONFLICT',
          `第${row.row}行“${label}”${conflict.message}，请核对`,
          where(ctx, report, c.status ?? c.progress, unit, task?.id),
        ),
      );
    }
    const status = typedStatus || (!hasStatusColumn && progressSaysDone(progress) ? '已完成' : '');
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
    findings.push(finding('MISSING_PHONE', '未填写联系电话', where(ctx, report, report.phoneCell, unit)));
  } else if (!isValidPhone(report.phone)) {
    findings.push(
      finding('BAD_PHONE', `联系电话“${report.phone}”不是有效的手机号码或带区号的座机号码`, where(ctx, report, report.phoneCell, unit)),
    );
  }

  const submission = submissionOf({ filledDate: report.filledDate, ...ctx.times }, catalog.calendar.utcOffset ?? DEFAULT_UTC_OFFSET);
  if (submission && submission.date > dueDate) {
    const how = submission.source === 'filled' ? '填报日期为' : submission.source === 'saved' ? '文件保存于' : '文件修改于';
    findings.push(
      finding(
        'LATE_SUBMISSION',
        `${how}${describeInstant(submission)}，晚于规定的报送截止日期${dueDate}`,
        where(ctx, report, report.filledDateCell, unit),
      ),
    );
  }
  return { file: ctx.file, unit, report, rows, missing, findings, submission, dueDate };
}
