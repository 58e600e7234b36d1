/**
 * 催报: after a merge, a message to paste into a work group chat or an SMS for each unit the office
 * must chase, and one text for all of them. Who is chased: units with no return counted (none sent,
 * only a blank form, or only a form of another period), units that sent theirs after the due date,
 * and units whose return leaves out some of their tasks. Each message names the unit, what is
 * missing or late by task, the due date, and the unit's 填报人 and 联系电话 from its latest return
 * known (contacts.ts). Pure: the doors copy the text, or write it to a file.
 */
import { assignedTasks, type AssignmentOptions } from './assignment';
import type { Catalog, Task } from './catalog';
import { periodDueDate } from './calendar';
import type { MergeSummary } from './consolidation';
import { contactText, type Contact } from './contacts';
import { periodLabel, type Period } from './period';
import { chineseDate } from './printedTable';

export type ReminderReason = 'missing' | 'blank' | 'wrong-period' | 'late' | 'missing-tasks';

/** The reasons in words, for lists and filters. */
export const REMINDER_REASONS: Record<ReminderReason, string> = {
  missing: '未报',
  blank: '报回的表未填写',
  'wrong-period': '报告期不符',
  late: '逾期报送',
  'missing-tasks': '缺报任务',
};

export interface ReminderTask {
  id: string;
  title: string;
  /** not-submitted: the unit sent nothing for it; missing: its return has no row for it; late: past its deadline, not done. */
  why: 'not-submitted' | 'missing' | 'late';
}

export interface UnitReminder {
  unit: string;
  reason: ReminderReason;
  tasks: ReminderTask[];
  contact?: Contact;
  /** The file behind a blank or wrong-period reason, or a late return. */
  file?: string;
  /** The paste-ready message. */
  text: string;
}

export interface ReminderContext extends AssignmentOptions {
  catalog: Catalog;
  period: Period;
  asOf: string;
  /** Each unit's contact (contacts.ts unitContacts). */
  contacts: ReadonlyMap<string, Contact>;
}

export interface Reminders {
  units: UnitReminder[];
  /** Every unit's message under one heading, for pasting all at once. */
  text: string;
  dueDate: string;
}

/** At most this many task titles a message; the rest are counted. */
const MAX_TASKS = 10;

function taskLines(tasks: readonly ReminderTask[]): string[] {
  const shown = tasks.slice(0, MAX_TASKS).map((t, i) => `${i + 1}. ${t.title}`);
  if (tasks.length > MAX_TASKS) shown.push(`……等共 ${tasks.length} 项`);
  return shown;
}

function heading(unit: string, contact: Contact | undefined): string {
  const who = contactText(contact);
  return who ? `${unit}（${who}）：` : `${unit}（未找到填报人和联系电话）：`;
}

function listName(catalog: Catalog): string {
  return catalog.source.title ? `《${catalog.source.title}》` : '';
}

function messageOf(r: Omit<UnitReminder, 'text'>, ctx: ReminderContext, dueDate: string, submittedAt?: string | null): string {
  const form = `${listName(ctx.catalog)}${periodLabel(ctx.period)}进度情况表`;
  const due = chineseDate(dueDate);
  const asOf = chineseDate(ctx.asOf);
  const lines = [heading(r.unit, r.contact)];
  const by = (why: ReminderTask['why']) => r.tasks.filter((t) => t.why === why);
  switch (r.reason) {
    case 'missing':
      lines.push(`${form}应于${due}前报送，截至${asOf}尚未收到，请尽快填报后报送。涉及本单位任务 ${r.tasks.length} 项：`);
      break;
    case 'blank':
      lines.push(
        `报回的${form}（${r.file}）没有填写任何工作进展，按未报送计。报送截止日期为${due}，请填写后重新报送。涉及本单位任务 ${r.tasks.length} 项：`,
      );
      break;
    case 'wrong-period':
      lines.push(
        `报回的表（${r.file}）不是${periodLabel(ctx.period)}的，未计入本期汇总。请报送${form}，报送截止日期为${due}。涉及本单位任务 ${r.tasks.length} 项：`,
      );
      break;
    case 'late':
      lines.push(
        `${form}已于${submittedAt ? chineseDate(submittedAt.slice(0, 10)) : '截止日期后'}收到，晚于${due}的报送截止日期，请今后按时报送。`,
      );
      break;
    case 'missing-tasks':
      lines.push(`${form}已收到，但缺少以下任务，请补充后重新报送：`);
      break;
  }
  if (r.reason === 'late' || r.reason === 'missing-tasks') {
    const missing = by('missing');
    const late = by('late');
    if (missing.length) {
      if (r.reason === 'late') lines.push(`表中缺少任务 ${missing.length} 项，请补充：`);
      lines.push(...taskLines(missing));
    }
    if (late.length) {
      lines.push(`已过完成时限、尚未完成的任务 ${late.length} 项，请说明进展：`);
      lines.push(...taskLines(late));
    }
  } else lines.push(...taskLines(r.tasks));
  return lines.join('\n');
}

const ORDER: Record<ReminderReason, number> = { missing: 0, blank: 1, 'wrong-period': 2, late: 3, 'missing-tasks': 4 };

/** The units to chase after a merge, each with its message, and the text for all. */
export function reminders(summary: MergeSummary, ctx: ReminderContext): Reminders {
  const dueDate = periodDueDate(ctx.catalog.calendar, ctx.period).date;
  const titles = new Map(ctx.catalog.tasks.map((t) => [t.id, t.title]));
  const task = (t: Task, why: ReminderTask['why']): ReminderTask => ({ id: t.id, title: t.title, why });
  const out: UnitReminder[] = [];
  for (const u of summary.units) {
    const contact = ctx.contacts.get(u.unit);
    const files = summary.files.filter((f) => f.unit === u.unit);
    if (u.status === 'missing') {
      // A form that came back but does not count says why; another period's before a blank one.
      const sent = files.find((f) => f.status === 'wrong-period') ?? files.find((f) => f.status === 'blank');
      const reason: ReminderReason = sent ? (sent.status === 'wrong-period' ? 'wrong-period' : 'blank') : 'missing';
      const tasks = assignedTasks(ctx.catalog, u.unit, ctx).map((t) => task(t, 'not-submitted'));
      const r = { unit: u.unit, reason, tasks, contact, file: sent?.file };
      out.push({ ...r, text: messageOf(r, ctx, dueDate) });
      continue;
    }
    const winner = files.find((f) => f.file === u.file);
    const tasks: ReminderTask[] = [];
    for (const f of winner?.findings ?? []) {
      if (!f.task || (f.code !== 'MISSING_TASK' && f.code !== 'LATE_TASK')) continue;
      if (tasks.some((t) => t.id === f.task && t.why === (f.code === 'MISSING_TASK' ? 'missing' : 'late'))) continue;
      tasks.push({ id: f.task, title: titles.get(f.task) ?? f.task, why: f.code === 'MISSING_TASK' ? 'missing' : 'late' });
    }
    const missingTasks = tasks.some((t) => t.why === 'missing');
    if (u.status !== 'late' && !missingTasks) continue;
    // Late tasks alone are a matter of progress, not of reporting: they go with a late or incomplete return only.
    const r = {
      unit: u.unit,
      reason: (u.status === 'late' ? 'late' : 'missing-tasks') as ReminderReason,
      tasks,
      contact,
      file: u.file ?? undefined,
    };
    out.push({ ...r, text: messageOf(r, ctx, dueDate, winner?.submittedAt) });
  }
  out.sort((a, b) => ORDER[a.reason] - ORDER[b.reason]);
  const count = (reasons: ReminderReason[]) => out.filter((r) => reasons.includes(r.reason)).length;
  const parts = [
    count(['missing', 'blank', 'wrong-period']) ? `未报 ${count(['missing', 'blank', 'wrong-period'])} 个单位` : '',
    count(['late']) ? `逾期报送 ${count(['late'])} 个单位` : '',
    count(['missing-tasks']) ? `缺报任务 ${count(['missing-tasks'])} 个单位` : '',
  ].filter(Boolean);
  const head = `${listName(ctx.catalog)}${periodLabel(ctx.period)}进度报表催报（报送截止日期${chineseDate(dueDate)}，截至${chineseDate(ctx.asOf)}）：${
    parts.length ? parts.join('，') : '各单位均已按时报送，无需催报'
  }。`;
  return { units: out, dueDate, text: [head, ...out.map((r) => r.text)].join('\n\n') };
}
