/**
 * The catalog importer: a responsibility list's text in, the catalog out. The structure of the
 * list is recognised from its text by the layout readers (one per structure, best score wins);
 * units, deadlines, ids and the reporting calendar are then resolved the same way for all.
 */
import { withVersion, type Catalog, type Task } from '../catalog';
import { parseCalendar } from '../calendar';
import { findDeadlineInText, parseDeadline, type Deadline } from '../deadline';
import { shortId } from '../hash';
import { buildUnitDirectory, splitUnitList } from '../units';
import { readSource, documentYear } from './source';
import { normaliseDocument } from './text';
import type { ImportWarning, Layout, RawTask } from './types';
import { unitRowsTable } from './layouts/unitRowsTable';
import { taskTable } from './layouts/taskTable';
import { numberedParagraphs } from './layouts/numberedParagraphs';
import { markerMeasures } from './layouts/markerMeasures';
import { leaderBlocks } from './layouts/leaderBlocks';

export type { ImportWarning } from './types';

/** Every structure the importer knows. Order breaks ties in detection scores. */
export const LAYOUTS: readonly Layout[] = [
  unitRowsTable,
  { ...taskTable, firstUnitLeads: true },
  markerMeasures,
  leaderBlocks,
  numberedParagraphs,
];

export interface ImportResult {
  catalog: Catalog;
  warnings: ImportWarning[];
  /** The structure the list was read as. */
  layout: { name: string; label: string };
}

/** The input is not a responsibility list at all (no structure recognised, or no task in it). */
export class NotAListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAListError';
  }
}

function chooseLayout(lines: string[]): Layout | null {
  let best: Layout | null = null;
  let bestScore = 0;
  for (const layout of LAYOUTS) {
    const score = layout.detect(lines);
    if (score > bestScore) {
      best = layout;
      bestScore = score;
    }
  }
  return best;
}

interface Assigned {
  lead: string[];
  partners: string[];
}

function assignUnits(raw: RawTask, firstLeads: boolean): Assigned {
  const leadNames = raw.lead.flatMap(splitUnitList);
  const partnerNames = raw.partners.flatMap(splitUnitList);
  if (firstLeads && leadNames.length > 0) {
    return { lead: [leadNames[0]], partners: [...leadNames.slice(1), ...partnerNames] };
  }
  return { lead: leadNames, partners: partnerNames };
}

/**
 * A list that schedules each duty by year (进度安排: 2018年, 2019年, 2020年) and states no other
 * deadline sets each year's plan to be done within that year: a yearly deadline at year end.
 */
function planDeadline(raw: RawTask): Deadline | undefined {
  const years = Object.keys(raw.plans);
  if (years.length === 0) return undefined;
  return { raw: `按年度进度安排（${years.map((y) => `${y}年`).join('、')}）`, kind: 'yearly', month: 12, day: 31 };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

export function importList(text: string): ImportResult {
  const lines = normaliseDocument(text).split('\n');
  const layout = chooseLayout(lines);
  if (!layout) {
    throw new NotAListError(
      '无法识别为责任清单：没有找到任务表格、编号任务段落、责任单位标注或“责任领导/责任单位”段落。请确认粘贴的是责任清单正文。',
    );
  }
  const { tasks: rawTasks, warnings: layoutWarnings } = layout.read(lines);
  if (rawTasks.length === 0) {
    throw new NotAListError(`按“${layout.label}”结构读取，但没有找到任何任务。`);
  }
  // Messages carry no line number of their own: whoever shows a warning puts its line in front.
  const warnings: ImportWarning[] = layoutWarnings.map((w) => ({ line: w.line, message: w.message.replace(/^第\d+行[：:]\s*/, '') }));
  const source = readSource(lines);
  const year = documentYear(source, lines.join('\n'));
  if (!year) warnings.push({ line: 1, message: '文中没有年份，没有年份的完成时限无法确定日期' });

  const assigned = rawTasks.map((raw) => assignUnits(raw, raw.firstUnitLeads ?? layout.firstUnitLeads ?? false));
  const directory = buildUnitDirectory(assigned.flatMap((a) => [...a.lead, ...a.partners]));

  const seen = new Map<string, number>();
  const tasks: Task[] = rawTasks.map((raw, i) => {
    const lead = unique(assigned[i].lead.map((n) => directory.canonical(n)));
    const partners = unique(assigned[i].partners.map((n) => directory.canonical(n))).filter((n) => !lead.includes(n));
    if (lead.length === 0) warnings.push({ line: raw.line, message: `任务“${raw.title ?? raw.text.slice(0, 20)}”没有牵头单位` });

    const ctx = { year, docDate: source.date || undefined };
    let deadline: Deadline;
    if (raw.deadlineRaw !== undefined) {
      deadline = parseDeadline(raw.deadlineRaw, ctx);
      if (deadline.kind === 'unknown' && raw.deadlineRaw.trim()) {
        warnings.push({ line: raw.line, message: `无法解析完成时限“${raw.deadlineRaw.trim()}”，已原样保留` });
      }
    } else {
      deadline = findDeadlineInText(raw.text, ctx) ?? planDeadline(raw) ?? { raw: '', kind: 'unknown' };
    }

    // The id hashes what the task is (its lead and text), so re-importing the same text gives the
    // same ids and an inserted task does not renumber the others.
    const base = `T${shortId(`${lead.join('、')}|${raw.text}`)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return {
      id: n === 1 ? base : `${base}-${n}`,
      title: raw.title ?? raw.text.slice(0, 30),
      text: raw.text,
      lead,
      partners,
      leaders: raw.leaders,
      deadline,
      plans: raw.plans,
      section: raw.section,
    };
  });

  warnings.sort((a, b) => a.line - b.line);
  return {
    catalog: withVersion({ source, units: directory.units, calendar: parseCalendar(lines.join('\n')), tasks }),
    warnings,
    layout: { name: layout.name, label: layout.label },
  };
}
