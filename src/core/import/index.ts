/**
 * The catalog importer: a responsibility list in, the catalog out. Every source (text, Word, Excel,
 * PDF) arrives as one document model (document.ts); the structure of the list is recognised by the
 * layout readers (one per structure, best score wins; when the best yields no task the next is
 * tried), or read through the column mapping the user chose; units, deadlines, ids and the
 * reporting calendar are then resolved the same way for all.
 */
import { withVersion, type Catalog, type Task } from '../catalog';
import { parseCalendar } from '../calendar';
import { findDeadlineInText, parseDeadline, type Deadline } from '../deadline';
import { shortId } from '../hash';
import { buildUnitDirectory, splitUnitList } from '../units';
import { readSource, documentYear } from './source';
import type { ListDocument } from './document';
import { tablesOf } from './document';
import { OriginalText } from './normalise';
import { textDocument } from './textSource';
import type { ImportWarning, Layout, RawTask } from './types';
import { unitRowsTable } from './layouts/unitRowsTable';
import { scanTables, surveyTables, taskTable, type ColumnMapping, type TableSurvey } from './layouts/taskTable';
import { ROLE_LABELS } from './vocabulary';
import { numberedParagraphs } from './layouts/numberedParagraphs';
import { markerMeasures } from './layouts/markerMeasures';
import { leaderBlocks } from './layouts/leaderBlocks';

export type { ImportWarning } from './types';
export type { ColumnMapping, TableSurvey } from './layouts/taskTable';
export type { ListDocument } from './document';
export { textDocument } from './textSource';
export { surveyTables } from './layouts/taskTable';

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
  /** The column mapping the tasks were read through, when the user gave one. */
  mapping?: ColumnMapping;
}

/**
 * The input is not a responsibility list, or its structure was not recognised. The message says
 * what was found and what to do; `tables` lists the tables found, for a column mapping.
 */
export class NotAListError extends Error {
  constructor(
    message: string,
    readonly tables: TableSurvey[] = [],
  ) {
    super(message);
    this.name = 'NotAListError';
  }
}

/** Layouts by score, best first; those scoring 0 left out. Ties keep LAYOUTS order. */
function rankLayouts(doc: ListDocument): Layout[] {
  return LAYOUTS.map((layout, i) => ({ layout, score: layout.detect(doc), i }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.layout);
}

/** What to do when no task was found: map the columns. The same words for the CLI, the pane and the page. */
export const MAPPING_HINT =
  '请指定各列的内容：命令行用 --columns（如 --columns 任务=2,牵头单位=3,完成时限=5），窗格和网页在“清单”中为各列选择内容。';

/** What was found in a document that gave no task, in Chinese: 找到 2 个表格，第1个有 8 行，未识别出任务列. */
export function describeFound(doc: ListDocument): string {
  const tables = surveyTables(doc);
  const paragraphs = doc.blocks.filter((b) => b.kind === 'paragraph' && b.text.trim()).length;
  if (!tables.length) return paragraphs ? `找到 ${paragraphs} 段文字，没有表格` : '文件中没有文字';
  const parts = tables.slice(0, 3).map((t, i) => {
    const named = t.roles.filter(Boolean).map((r) => (r ? ROLE_LABELS[r.role] : ''));
    const missing = !t.roles.some((r) => r && (r.role === 'task' || r.role === 'measures' || r.role === 'title'))
      ? '未识别出任务列'
      : !t.roles.some((r) => r && (r.role === 'lead' || r.role === 'units'))
        ? '未识别出责任单位列'
        : '';
    return `第${i + 1}个有 ${t.rows} 行 ${t.columns} 列${named.length ? `，识别出${[...new Set(named)].join('、')}列` : ''}${missing ? `，${missing}` : ''}`;
  });
  return `找到 ${tables.length} 个表格，${parts.join('；')}${tables.length > 3 ? '……' : ''}`;
}

interface Assigned {
  lead: string[];
  partners: string[];
}

/** A document's own rule that the first unit named leads (排在第一位的为牵头单位, 列在首位的为牵头单位). */
const FIRST_LEADS_RULE = /(?:排|列)在(?:[^，。；]{0,8})?(?:首位|第一位|第一个|最前)的?(?:单位)?(?:为|是)牵头(?:单位)?/;

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

function placeOf(raw: RawTask): { where?: string } {
  return raw.where && !/^第\d+行$/.test(raw.where) ? { where: raw.where } : {};
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** A list's text (pasted or .txt, already decoded) to a catalog. */
export function importList(text: string): ImportResult {
  return importDocument(textDocument(text));
}

export interface ImportOptions {
  /** Read the tasks from this table with these columns instead of recognising the structure. */
  mapping?: ColumnMapping;
}

/** A document (from any source) to a catalog. */
export function importDocument(doc: ListDocument, options: ImportOptions = {}): ImportResult {
  const lines = doc.lines;
  let layout: Layout | null = null;
  let read: ReturnType<Layout['read']> | null = null;
  if (options.mapping) {
    layout = { ...taskTable, label: '按指定的列读取表格' };
    const scan = scanTables(doc, options.mapping);
    read = { tasks: scan.tasks, warnings: scan.warnings };
    if (!scan.read.length) {
      throw new NotAListError(`指定的表格不存在或其中没有任务列：${describeFound(doc)}。${MAPPING_HINT}`, surveyTables(doc));
    }
  } else {
    for (const candidate of rankLayouts(doc)) {
      const r = candidate.read(doc);
      if (r.tasks.length > 0) {
        layout = candidate;
        read = r;
        break;
      }
      layout ??= candidate;
    }
  }
  if (!layout || !read) {
    const found = describeFound(doc);
    const tables = surveyTables(doc);
    throw new NotAListError(
      tables.length
        ? `无法识别为责任清单：${found}。${MAPPING_HINT}`
        : `无法识别为责任清单：${found}；没有找到任务表格、编号任务段落、责任单位标注或“责任领导/责任单位”段落。请确认是责任清单正文。`,
      tables,
    );
  }
  if (read.tasks.length === 0) {
    throw new NotAListError(
      `按“${layout.label}”结构读取，但没有找到任何任务：${describeFound(doc)}。${tablesOf(doc).length ? MAPPING_HINT : ''}`,
      surveyTables(doc),
    );
  }
  const { tasks: rawTasks, warnings: layoutWarnings } = read;
  // Messages carry no place of their own: whoever shows a warning puts its line (or where) in front.
  const warnings: ImportWarning[] = layoutWarnings.map((w) => {
    const message = w.message.replace(/^第\d+行[：:]\s*/, '');
    // A text's rows are found by line; a table of a file by its place (第2个表格第5行).
    const where = w.where && !/^第\d+行$/.test(w.where) ? w.where : undefined;
    return where ? { line: w.line, where, message: message.replace(`${where}：`, '') } : { line: w.line, message };
  });
  // Text the layouts read in normalised form, shown as the document wrote it.
  const original = new OriginalText(doc.lines, doc.originalLines);
  const firstLeadsRule = FIRST_LEADS_RULE.test(lines.join('\n').replace(/\s+/g, ''));
  const read0 = readSource(lines);
  const source = { ...read0, title: original.restore(read0.title), issuer: original.restore(read0.issuer) };
  const year = documentYear(source, lines.join('\n'));
  if (!year) warnings.push({ line: 1, message: '文中没有年份，没有年份的完成时限无法确定日期' });

  const assigned = rawTasks.map((raw) =>
    assignUnits(raw, firstLeadsRule && !raw.leadExplicit ? true : (raw.firstUnitLeads ?? layout.firstUnitLeads ?? false)),
  );
  const directory = buildUnitDirectory(assigned.flatMap((a) => [...a.lead, ...a.partners]));

  const seen = new Map<string, number>();
  const tasks: Task[] = rawTasks.map((raw, i) => {
    const lead = unique(assigned[i].lead.map((n) => directory.canonical(n)));
    const partners = unique(assigned[i].partners.map((n) => directory.canonical(n))).filter((n) => !lead.includes(n));
    if (lead.length === 0)
      warnings.push({ line: raw.line, ...placeOf(raw), message: `任务“${raw.title ?? raw.text.slice(0, 20)}”没有牵头单位` });

    const ctx = { year, docDate: source.date || undefined };
    const text = original.restore(raw.text);
    let deadline: Deadline;
    if (raw.deadlineRaw !== undefined) {
      deadline = parseDeadline(raw.deadlineRaw, ctx);
      deadline = { ...deadline, raw: original.restore(deadline.raw) };
      if (deadline.kind === 'unknown' && raw.deadlineRaw.trim()) {
        warnings.push({ line: raw.line, ...placeOf(raw), message: `无法解析完成时限“${deadline.raw}”，已原样保留` });
      }
    } else {
      deadline = findDeadlineInText(text, ctx) ?? planDeadline(raw) ?? { raw: '', kind: 'unknown' };
    }

    // The id hashes what the task is (its lead and text), so re-importing the same text gives the
    // same ids and an inserted task does not renumber the others.
    const base = `T${shortId(`${lead.join('、')}|${text}`)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return {
      id: n === 1 ? base : `${base}-${n}`,
      title: original.restore(raw.title ?? raw.text.slice(0, 30)),
      text,
      lead,
      partners,
      leaders: raw.leaders,
      deadline,
      plans: Object.fromEntries(Object.entries(raw.plans).map(([y, plan]) => [y, original.restore(plan)])),
      section: raw.section,
    };
  });

  warnings.sort((a, b) => a.line - b.line);
  return {
    catalog: withVersion({
      source,
      units: directory.units,
      calendar: parseCalendar(lines.join('\n')),
      tasks,
      ...(options.mapping ? { mapping: options.mapping } : {}),
    }),
    warnings,
    layout: { name: layout.name, label: layout.label },
    ...(options.mapping ? { mapping: options.mapping } : {}),
  };
}
