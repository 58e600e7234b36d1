/**
 * Lists as tables, in any column order: the columns are told by their roles, recognised from the
 * header words of vocabulary.ts (or given by the user's column mapping), not by position.
 *
 *   序号 | 工作任务 | 责任单位 | 完成时限                      (主要任务清单)
 *   序号 | 存在问题 | 整改措施 | 责任领导 | 牵头单位 | 配合单位 | 整改时限   (整改清单)
 *   责任主体 | 主要责任 | 配合单位 | 进度安排: 2021年 | 2022年      (责任清单 by unit)
 *
 * A header is a row naming a task column (or measures, or 项目名称) and a unit column; the row
 * below may refine it (牵头单位 | 配合单位 under a merged 责任单位, years under 进度安排). The header
 * repeats after page breaks; a different header starts a new table. A table that follows without a
 * header (a page break in Word, the next page of a PDF) continues the columns above.
 *
 * Rows: the 序号 cell is a number (a new task group), empty or merged from above (a sub-row of the
 * group: more units or a deadline for the task above, what vertically merged cells leave) or a
 * label such as "落实扶贫工作责任" (a new group whose rows carry that section). A row whose one text
 * spans the table, or reads "一、…" / "…方面", is a category: the section of the rows after it.
 * A problem and its measures make one task (title from the problem, text both); rows that share a
 * merged problem cell are one task when their units and deadlines agree, else one task each.
 *
 * A cell may hold several entries, as `<p>…</p>` fragments or separated by runs of spaces (text
 * converted from Word), or as numbered paragraphs (a Word cell): each fragment of the task cell is
 * one task, aligned by index with the fragments of the unit and deadline cells. Unit lists go into
 * `lead` raw and unsplit: with only a 责任单位 column the first unit named leads (firstUnitLeads);
 * a 牵头单位 column says who leads, and then 责任单位 or 配合单位 beside it gives `partners`.
 */
import type { DocCell, ListDocument, TableBlock } from '../document';
import { tablesOf } from '../document';
import type { ImportWarning, Layout, LayoutResult, RawTask } from '../types';
import { oneLine, stripItemNumber, stripMarkdown, titleFromText, toHalfWidth } from '../text';
import { headerKey, isPlanGroup, ROLE_LABELS, roleOfHeader, type ColumnRole } from '../vocabulary';
import { parseUnitClause, statesRoles } from '../unitClause';

const ROW_NUMBER =
  /^(\d{1,3}(?:[.．-]\d{1,3}){0,2}|[一二三四五六七八九十百]{1,4}|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）])\s*[.．、]?$/;
/** A line that ends the table: a markdown heading, "一、…", or an appendix mark. */
const HEADING = /^\s*(#|[一二三四五六七八九十]{1,3}、|附件\s*\d*\s*[:：]?\s*$)/;
/** A category row's text: "一、产业扶贫", "（二）教育方面", "组织保障类". */
const CATEGORY =
  /^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])|(?:方面|领域|类|板块)(?:问题|任务)?\s*[：:]?$/;
/** Short cells are labels, not sentences: "金融扶贫", "干部管理". */
const SHORT_TITLE = 20;

/** Which column holds what; -1 for none. */
export interface Columns {
  number: number;
  section: number;
  title: number;
  task: number;
  measures: number;
  lead: number;
  partner: number;
  leaders: number;
  deadline: number;
  plans: Array<{ year: string; column: number }>;
  /** The unit column is headed 牵头单位: every unit in it leads (no first-named rule). */
  namedLead: boolean;
  /** Header texts of the task and measures columns, for the text of a problem with its measures. */
  taskName: string;
  measuresName: string;
}

/** A column mapping chosen by the user: the table, its header row, and a role per column. */
export interface ColumnMapping {
  /** 1-based among the document's tables; default: the first table the mapping fits. */
  table?: number;
  /** 1-based row of the header within the table; 0 when the table has no header row. Default 1. */
  headerRow?: number;
  /** Role by 1-based column; plan columns carry their year. */
  columns: Record<number, { role: ColumnRole; year?: string }>;
}

/** Cell text without HTML tags, entities, markdown bold and surrounding blanks (inner runs kept). */
function cleanCell(s: string): string {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\*\*/g, '')
    .trim();
}

const NONE: Columns = {
  number: -1,
  section: -1,
  title: -1,
  task: -1,
  measures: -1,
  lead: -1,
  partner: -1,
  leaders: -1,
  deadline: -1,
  plans: [],
  namedLead: false,
  taskName: '',
  measuresName: '',
};

/** Columns from a role per column (a mapping, or the roles read from header words). */
export function columnsFromRoles(roles: Array<{ role: ColumnRole; year?: string } | null>, names: string[] = []): Columns {
  const first = (role: ColumnRole) => roles.findIndex((r) => r?.role === role);
  let task = first('task');
  let measures = first('measures');
  let title = first('title');
  // Measures alone are the task (具体措施 | 责任单位), and so is a name column alone (任务名称 | 责任主体).
  if (task < 0 && measures >= 0) {
    task = measures;
    measures = -1;
  } else if (task < 0 && title >= 0) {
    task = title;
    title = -1;
  }
  const leadCol = first('lead');
  const unitCol = first('units');
  const partnerCol = first('partners');
  // With both 牵头单位 and 责任单位, the first leads and the second takes part.
  const lead = leadCol >= 0 ? leadCol : unitCol;
  const partner = partnerCol >= 0 ? partnerCol : leadCol >= 0 ? unitCol : -1;
  const plans = roles
    .map((r, column) => (r?.role === 'plan' && r.year ? { year: r.year, column } : null))
    .filter((p): p is { year: string; column: number } => p !== null);
  return {
    number: first('number'),
    section: first('section'),
    title,
    task,
    measures,
    lead,
    partner,
    leaders: first('leaders'),
    deadline: first('deadline'),
    plans,
    namedLead: leadCol >= 0,
    taskName: task >= 0 ? headerKey(names[task] ?? '') || ROLE_LABELS.task : '',
    measuresName: measures >= 0 ? headerKey(names[measures] ?? '') || ROLE_LABELS.measures : '',
  };
}

/** The roles a header row names, cell by cell (covered cells of a merged header name nothing new). */
export function headerRoles(cells: DocCell[]): Array<{ role: ColumnRole; year?: string } | null> {
  const seen = new Set<string>();
  return cells.map((c) => {
    const key = headerKey(cleanCell(c.text));
    const m = roleOfHeader(cleanCell(c.text));
    if (!m) return null;
    // A merged header cell names its role once: the first column of the merge.
    if (c.covered === 'right' && seen.has(key)) return null;
    seen.add(key);
    return m;
  });
}

/** The columns named by a header row, or null when the row is not a task-table header. */
function headerColumns(cells: DocCell[]): Columns | null {
  const roles = headerRoles(cells);
  const has = (...rs: ColumnRole[]) => roles.some((r) => r && rs.includes(r.role));
  if (!has('task', 'measures', 'title') || !has('lead', 'units')) return null;
  return columnsFromRoles(
    roles,
    cells.map((c) => cleanCell(c.text)),
  );
}

/**
 * The row under a header refines it when it only holds role words or years (牵头单位 | 配合单位 under
 * a merged 责任单位, 2021年 | 2022年 under 进度安排).
 */
function refineHeader(header: DocCell[], next: DocCell[]): Columns | null {
  const own = next.filter((c) => !c.covered && cleanCell(c.text));
  if (!own.length) return null;
  const sub = next.map((c) => (c.covered ? null : roleOfHeader(cleanCell(c.text))));
  if (own.length !== sub.filter(Boolean).length) return null;
  const roles = headerRoles(header).map((r, i) => sub[i] ?? (r && !(r.role === 'units' && sub[i]) ? r : null));
  // Years under 进度安排: the group heading itself names no column.
  header.forEach((c, i) => {
    if (isPlanGroup(cleanCell(c.text)) && !sub[i]) roles[i] = null;
  });
  return columnsFromRoles(
    roles,
    header.map((c, i) => cleanCell(next[i] && !next[i].covered && cleanCell(next[i].text) ? next[i].text : c.text)),
  );
}

function sameColumns(a: Columns, b: Columns): boolean {
  return JSON.stringify({ ...a, taskName: '', measuresName: '' }) === JSON.stringify({ ...b, taskName: '', measuresName: '' });
}

const NUMBERED_PARAGRAPH = /^\s*(?:\d{1,2}\s*[.．、]|[（(]\s*\d{1,2}\s*[)）])\s*(?!\d)/;

/**
 * The entries of a cell: its `<p>` fragments, or else the pieces between runs of two or more spaces
 * (a run right after "，、：（" is a break inside a sentence, not a separator). A cell of a Word or
 * Excel table has its own paragraphs: they are entries when `split` says so.
 */
function fragments(c: DocCell | undefined, split: 'paragraphs' | 'numbered' | 'none' = 'paragraphs'): string[] {
  if (!c) return [];
  const text = c.text;
  let pieces: string[];
  if (/<p\b[^>]*>/i.test(text)) pieces = text.split(/<\/?p\b[^>]*>/i);
  else if (text.includes('\n')) {
    const paras = text.split('\n').filter((p) => p.trim());
    if (split === 'paragraphs') pieces = paras;
    else if (split === 'numbered' && paras.length > 1 && paras.every((p) => NUMBERED_PARAGRAPH.test(p))) pieces = paras;
    else pieces = [paras.join('\n')];
  } else pieces = splitAtSpaceRuns(text);
  return pieces.map((p) => oneLine(cleanCell(p))).filter(Boolean);
}

/**
 * A unit cell's fragments: as `fragments`, but the paragraphs of one entry keep their line breaks,
 * for the unit list to tell a name cut by a wrap (市民政 / 局) from a name on each line (县农业农村局 /
 * 县财政局, as Word leaves two cells merged down).
 */
function unitFragments(c: DocCell | undefined, split: 'paragraphs' | 'numbered' | 'none'): string[] {
  if (!c || split === 'paragraphs' || /<p\b[^>]*>/i.test(c.text) || !c.text.includes('\n')) return fragments(c, split);
  const entries = fragments(c, split);
  if (entries.length > 1) return entries; // numbered paragraphs
  const lines = fragments(c, 'paragraphs');
  return lines.length ? [lines.join('\n')] : [];
}

/** Pieces between runs of two or more spaces or tabs, except runs right after “，、：；（(“” (no lookbehind: older webviews lack it). */
function splitAtSpaceRuns(cell: string): string[] {
  const pieces: string[] = [];
  const runs = /[ \t]{2,}/g;
  let from = 0;
  for (let m = runs.exec(cell); m !== null; m = runs.exec(cell)) {
    if (m.index > 0 && '，、：；（(“'.includes(cell[m.index - 1])) continue;
    pieces.push(cell.slice(from, m.index));
    from = m.index + m[0].length;
  }
  pieces.push(cell.slice(from));
  return pieces;
}

const CJK_LEFT = /[\u3400-\u9fff）)」》”]$/;
const CJK_RIGHT = /^[\u3400-\u9fff（(「《“]/;

/**
 * The unit lists of one unit fragment: a single space between Chinese text separates two lists
 * ("各区（县）、镇、贫困村（各帮扶单位） 市委组织部，各区（县）、镇、贫困村").
 */
function unitLists(fragment: string): string[] {
  const lists: string[] = [];
  for (const part of fragment.split(' ')) {
    const prev = lists[lists.length - 1];
    if (prev !== undefined && !(CJK_LEFT.test(prev) && CJK_RIGHT.test(part))) lists[lists.length - 1] = `${prev} ${part}`;
    else lists.push(part);
  }
  return lists.filter(Boolean);
}

function addUnique(target: string[], items: string[]): void {
  for (const item of items) if (!target.includes(item)) target.push(item);
}

function preview(s: string, max = 16): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * Spreads the fragments of a unit or deadline cell over `count` tasks: fragment i goes to task i,
 * later tasks reuse the last fragment, extra fragments go to the last task. A single fragment
 * shared by all tasks is a merged cell, not a mismatch; other mismatches are reported.
 */
function distribute<T>(
  frags: T[],
  count: number,
  what: string,
  at: { line: number; where?: string },
  warnings: ImportWarning[],
  show: (f: T) => string,
): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < count; i++) out.push(frags.length ? [frags[Math.min(i, frags.length - 1)]] : []);
  const warn = (message: string) =>
    warnings.push({ line: at.line, ...(at.where ? { where: at.where } : {}), message: `${at.where ?? `第${at.line}行`}：${message}` });
  if (frags.length > count) {
    const extra = frags.slice(count);
    out[count - 1].push(...extra);
    if (count > 1) {
      warn(
        `工作任务有${count}项，${what}有${frags.length}段，多出的${extra.length}段（“${preview(show(extra[0]))}”${extra.length > 1 ? '等' : ''}）归入第${count}项任务`,
      );
    } else if (what === '完成时限') {
      // One task with several unit lists is ordinary; with several deadlines the reader should look.
      warn(`只有1项工作任务，${what}却有${frags.length}段，已一并保留：“${frags.map(show).join('  ')}”`);
    }
  } else if (frags.length > 1 && frags.length < count) {
    warn(
      `工作任务有${count}项，${what}只有${frags.length}段，第${frags.length + 1}至${count}项任务沿用最后一段“${preview(show(frags[frags.length - 1]))}”`,
    );
  }
  return out;
}

function taskTitle(text: string): string {
  const label = oneLine(stripItemNumber(stripMarkdown(text)));
  if (label.length <= SHORT_TITLE && !label.includes('。')) return label.replace(/[，,；;：:]$/, '');
  return titleFromText(text);
}

function splitLeaders(s: string): string[] {
  return s
    .split(/[\s、，,；;]+/)
    .map((x) => x.trim())
    .filter((x) => x && !/^[\\/／—-]+$/.test(x));
}

/** The one text of a category row ("一、产业扶贫" spanning the table), or null. */
function categoryOf(cells: DocCell[], c: Columns): string | null {
  const texts = [...new Set(cells.map((x) => oneLine(cleanCell(x.text))).filter(Boolean))];
  if (texts.length === 2) return numberedCategory(cells, c);
  if (texts.length !== 1) return null;
  const at = cells.findIndex((x) => oneLine(cleanCell(x.text)));
  const spans = cells.filter((x) => oneLine(cleanCell(x.text))).length >= 2 && cells.some((x) => x.covered === 'right');
  const text = texts[0];
  // A label in the 序号 column is that column's own business (see the module comment), unless it reads as a category.
  if (at === c.number && !spans && !CATEGORY.test(text)) return null;
  if (text.length > 60) return null;
  // A lone unit list or deadline is a sub-row of the task above, whatever it says.
  if (!spans && [c.lead, c.partner, c.deadline, c.leaders].includes(at)) return null;
  return spans || CATEGORY.test(text) ? text : null;
}

/** A category's number in the 序号 column: 一 / 一、 / （一）, where tasks are numbered 1, 2, 3. */
const CATEGORY_NUMBER = /^(?:[一二三四五六七八九十]{1,3}[、.．]?|[（(][一二三四五六七八九十]{1,3}[)）])$/;

/**
 * A category numbered in the 序号 column with its name beside it, and nothing else in the row
 * (no unit, no deadline): （一） | 强化监测帮扶 is the section “（一）强化监测帮扶”.
 */
function numberedCategory(cells: DocCell[], c: Columns): string | null {
  const text = (i: number) => (i >= 0 && cells[i] ? oneLine(cleanCell(cells[i].text)) : '');
  const number = text(c.number);
  if (!CATEGORY_NUMBER.test(number) || cells[c.number]?.covered) return null;
  const name = [c.task, c.title, c.section, c.measures].map(text).find(Boolean) ?? '';
  if (!name || name.length > 30 || [c.lead, c.partner, c.deadline, c.leaders].some((i) => text(i))) return null;
  return /^[一二三四五六七八九十]+$/.test(number) ? `${number}、${name}` : `${number}${name}`;
}

export interface Scan {
  tasks: RawTask[];
  warnings: ImportWarning[];
  rows: number;
  /** Tables with a recognised header (or the mapped table), by index among the document's tables. */
  read: number[];
}

interface Row {
  cells: DocCell[];
  line: number;
  /** The row's place in a file's table; absent for text, whose rows are found by line. */
  where?: string;
  table: number;
  /** Position of the row in its table, 0-based. */
  index: number;
}

type Event =
  { kind: 'row'; row: Row; from: TableBlock['from'] } | { kind: 'text'; text: string; line: number } | { kind: 'table'; table: number };

function events(doc: ListDocument): Event[] {
  const out: Event[] = [];
  let t = -1;
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') {
      if (b.text.trim()) out.push({ kind: 'text', text: b.text, line: b.line });
      continue;
    }
    t++;
    out.push({ kind: 'table', table: t });
    b.rows.forEach((r, index) =>
      out.push({
        kind: 'row',
        row: { cells: r.cells, line: r.line, where: doc.source === 'text' ? undefined : r.where, table: t, index },
        from: b.from,
      }),
    );
  }
  return out;
}

export function scanTables(doc: ListDocument, mapping?: ColumnMapping): Scan {
  const tasks: RawTask[] = [];
  const warnings: ImportWarning[] = [];
  const read = new Set<number>();
  let rows = 0;
  let cols: Columns | null = null;
  let headerCells: DocCell[] | null = null;
  // State of the current group: the numbered (or labelled) row and its sub-rows.
  let section = '';
  let category = '';
  let groupDeadline: string | undefined;
  let groupUnits: string[] = [];
  let previous: RawTask | null = null;
  /** Tasks of the current merged problem cell, for joining rows that agree. */
  let problemRows: RawTask[] = [];

  const resetGroup = (label: string): void => {
    section = label;
    groupDeadline = undefined;
    groupUnits = [];
  };
  const closeProblem = (): void => {
    joinAgreeing(problemRows, tasks);
    problemRows = [];
  };
  const warn = (row: Row, message: string) =>
    warnings.push({ line: row.line, ...(row.where ? { where: row.where } : {}), message: `${row.where ?? `第${row.line}行`}：${message}` });

  const mappedTable = mapping ? (mapping.table ?? 1) - 1 : -1;
  const mappedHeader = mapping ? (mapping.headerRow ?? 1) - 1 : -1;

  for (const ev of events(doc)) {
    if (ev.kind === 'table') {
      // A table that follows without a header continues the columns above; a mapped table stands alone.
      closeProblem();
      if (mapping) {
        cols = ev.table === mappedTable && mappedHeader < 0 ? mappedColumns(mapping) : null;
        if (cols) read.add(ev.table);
        previous = null;
        resetGroup('');
        category = '';
      }
      continue;
    }
    if (ev.kind === 'text') {
      if (!cols || mapping) continue;
      if (HEADING.test(ev.text)) {
        cols = null;
        previous = null;
        resetGroup('');
        category = '';
        continue;
      }
      if (doc.source === 'text') {
        warnings.push({
          line: ev.line,
          message: `第${ev.line}行：表格中的这一行没有分列，未读取：“${preview(oneLine(cleanCell(ev.text)), 30)}”`,
        });
      }
      continue;
    }
    const row = ev.row;
    const cells = row.cells;
    if (mapping) {
      if (row.table !== mappedTable || row.index < mappedHeader) continue;
      if (row.index === mappedHeader) {
        cols = mappedColumns(mapping, cells);
        read.add(row.table);
        continue;
      }
    } else {
      const header = headerColumns(cells);
      if (header) {
        // A repeated header (page break) keeps the group going; a different one starts a new table.
        if (!cols || !sameColumns(cols, header)) {
          previous = null;
          resetGroup('');
          category = '';
        }
        cols = header;
        headerCells = cells;
        read.add(row.table);
        continue;
      }
      if (cols && headerCells && row.index > 0) {
        const refined = refineHeader(headerCells, cells);
        headerCells = null;
        if (refined) {
          cols = refined;
          continue;
        }
      }
      headerCells = null;
    }
    if (!cols) continue;
    const c: Columns = cols;
    read.add(row.table);
    const at = (i: number): DocCell | undefined => (i >= 0 && i < cells.length ? cells[i] : undefined);
    const own = (i: number): DocCell | undefined => {
      const x = at(i);
      return x && x.covered !== 'down' ? x : undefined;
    };

    const category0 = categoryOf(cells, c);
    if (category0) {
      closeProblem();
      category = category0;
      resetGroup('');
      previous = null;
      continue;
    }

    // Which paragraphs of a cell are separate entries: text converted from Word marks them (<p>,
    // runs of spaces); a Word or Excel cell's paragraphs are entries only when numbered.
    const split = ev.from === 'file' ? 'numbered' : ev.from === 'spaces' ? 'none' : 'paragraphs';
    const taskCell = at(c.task);
    const problemMerged = taskCell?.covered === 'down';
    const measuresText = c.measures >= 0 ? oneLine(cleanCell(own(c.measures)?.text ?? '')) : '';
    const titleText = c.title >= 0 ? oneLine(cleanCell(own(c.title)?.text ?? '')) : '';
    let taskFrags = problemMerged ? [] : fragments(taskCell, c.measures >= 0 ? 'none' : split);
    if (!taskFrags.length && titleText && !problemMerged) taskFrags = [titleText];
    // A unit or deadline cell merged down over several rows holds for each of them. A unit cell that
    // states the roles itself ("牵头：县人社局；配合：各乡镇") is read as a clause.
    const leadCell = at(c.lead);
    const clause = leadCell && statesRoles(leadCell.text) ? parseUnitClause(oneLine(cleanCell(leadCell.text))) : null;
    const leadFrags = clause ? [clause.lead] : unitFragments(leadCell, split).map(unitLists);
    const partnerFrags = [...(clause?.partners.length ? [clause.partners] : []), ...unitFragments(at(c.partner), split).map(unitLists)];
    const deadlineFrags = fragments(at(c.deadline), split);
    const numberCell = own(c.number);
    const number = numberCell ? oneLine(cleanCell(numberCell.text)) : '';
    const leaders = c.leaders >= 0 ? splitLeaders(oneLine(cleanCell(at(c.leaders)?.text ?? ''))) : [];
    if (!taskFrags.length && !measuresText && !leadFrags.length && !partnerFrags.length && !deadlineFrags.length && !number) continue;
    rows++;

    // A further measure of a problem merged over several rows: one more task of that problem.
    if (problemMerged && measuresText && problemRows.length) {
      const base = problemRows[0];
      const problem = base.problem ?? base.text;
      const task = problemTask(c, problem, measuresText, base.title ?? taskTitle(problem), row, section || category);
      fillUnits(task, leadFrags, partnerFrags, deadlineFrags, leaders, c, cells, groupUnits, groupDeadline);
      tasks.push(task);
      problemRows.push(task);
      previous = task;
      continue;
    }
    closeProblem();

    // Without a 序号 column nothing marks a sub-row, so every row is its own group: an empty
    // deadline stays empty rather than borrowing one that may not apply.
    if (c.number < 0 || ROW_NUMBER.test(toHalfWidth(number))) resetGroup('');
    else if (number) resetGroup(number);
    else if (at(c.number)?.covered === 'down') {
      // merged 序号: the group goes on
    }

    if (!taskFrags.length) {
      // A sub-row without a task: more units (or a deadline) of the task above.
      if (!previous) {
        if (leadFrags.length || partnerFrags.length) warn(row, '没有工作任务，前面也没有可归属的任务，已忽略');
        continue;
      }
      const prev: RawTask = previous;
      addUnique(prev.lead, leadFrags.flat());
      addUnique(prev.partners, partnerFrags.flat());
      addUnique(groupUnits, leadFrags.flat());
      if (deadlineFrags.length) {
        const extra = deadlineFrags.join('  ');
        prev.deadlineRaw = prev.deadlineRaw ? `${prev.deadlineRaw}  ${extra}` : extra;
        groupDeadline = prev.deadlineRaw;
      }
      if (number && ROW_NUMBER.test(toHalfWidth(number)))
        warn(row, `序号${number}没有工作任务，其责任单位并入上一项任务（${prev.where ?? `第${prev.line}行`}）`);
      continue;
    }

    const count = taskFrags.length;
    const showUnits = (lists: string[]): string => lists.join(' ');
    const leads = distribute(leadFrags, count, '责任单位', row, warnings, showUnits);
    const partners = distribute(partnerFrags, count, '配合单位', row, warnings, showUnits);
    const deadlines = distribute(deadlineFrags, count, '完成时限', row, warnings, (d) => d);

    taskFrags.forEach((text, i) => {
      let lead: string[] = [];
      addUnique(lead, leads[i].flat());
      if (!lead.length && groupUnits.length) lead = [...groupUnits];
      let deadlineRaw: string | undefined;
      if (c.deadline >= 0) deadlineRaw = deadlines[i].length ? deadlines[i].join('  ') : (groupDeadline ?? '');
      const title = titleText && titleText !== text ? titleText : taskTitle(text);
      const task: RawTask = measuresText
        ? problemTask(c, text, measuresText, title, row, section || category)
        : {
            title,
            text,
            lead,
            partners: partners[i].flat(),
            leaders,
            deadlineRaw,
            plans: plansOf(c, cells),
            section: section || category,
            line: row.line,
            ...(row.where ? { where: row.where } : {}),
          };
      if (measuresText) {
        task.lead = lead;
        task.partners = partners[i].flat();
        task.leaders = leaders;
        task.deadlineRaw = deadlineRaw;
        task.plans = plansOf(c, cells);
      }
      if (c.namedLead) {
        task.firstUnitLeads = false;
        task.leadExplicit = true;
      }
      if (!lead.length) warn(row, `工作任务“${preview(task.title ?? text)}”没有责任单位`);
      tasks.push(task);
      previous = task;
      if (lead.length) groupUnits = [...lead];
      if (deadlineRaw) groupDeadline = deadlineRaw;
    });
    if (measuresText && count === 1 && tasks.length) problemRows = [tasks[tasks.length - 1]];
  }
  closeProblem();
  return { tasks, warnings, rows, read: [...read].sort((a, b) => a - b) };
}

function plansOf(c: Columns, cells: DocCell[]): Record<string, string> {
  const plans: Record<string, string> = {};
  for (const p of c.plans) {
    const v = oneLine(cleanCell(cells[p.column]?.text ?? ''));
    if (v && !/^[\\/／—-]+$/.test(v)) plans[p.year] = v;
  }
  return plans;
}

/** A problem with its measures: the title from the problem, the text both, under their own headers. */
function problemTask(c: Columns, problem: string, measures: string, title: string, row: Row, section: string): RawTask {
  return {
    title,
    text: `${c.taskName}：${problem}\n${c.measuresName}：${measures}`,
    problem,
    lead: [],
    partners: [],
    leaders: [],
    plans: {},
    section,
    line: row.line,
    ...(row.where ? { where: row.where } : {}),
  };
}

function fillUnits(
  task: RawTask,
  leadFrags: string[][],
  partnerFrags: string[][],
  deadlineFrags: string[],
  leaders: string[],
  c: Columns,
  cells: DocCell[],
  groupUnits: string[],
  groupDeadline: string | undefined,
): void {
  task.lead = leadFrags.flat();
  if (!task.lead.length) task.lead = [...groupUnits];
  task.partners = partnerFrags.flat();
  task.leaders = leaders;
  if (c.deadline >= 0) task.deadlineRaw = deadlineFrags.length ? deadlineFrags.join('  ') : (groupDeadline ?? '');
  task.plans = plansOf(c, cells);
  if (c.namedLead) {
    task.firstUnitLeads = false;
    task.leadExplicit = true;
  }
}

/**
 * Rows that share one merged problem: one task when their units, leaders and deadlines agree (the
 * measures joined), else one task each, numbered after the problem's title.
 */
function joinAgreeing(group: RawTask[], tasks: RawTask[]): void {
  if (group.length < 2) return;
  const [first, ...rest] = group;
  const key = (t: RawTask) => JSON.stringify([t.lead, t.partners, t.leaders, t.deadlineRaw ?? '']);
  // Rows left empty under a merged unit or deadline cell take the first row's.
  for (const t of rest) {
    if (!t.lead.length) t.lead = [...first.lead];
    if (!t.partners.length) t.partners = [...first.partners];
    if (!t.leaders.length) t.leaders = [...first.leaders];
    if (!t.deadlineRaw) t.deadlineRaw = first.deadlineRaw;
  }
  if (rest.every((t) => key(t) === key(first))) {
    const measures = group.map((t) =>
      t.text
        .split('\n')
        .slice(1)
        .join('\n')
        .replace(/^[^：]*：/, ''),
    );
    const name = first.text.split('\n')[1]?.split('：')[0] ?? ROLE_LABELS.measures;
    first.text = `${first.text.split('\n')[0]}\n${name}：${measures.join('\n')}`;
    for (const t of rest) tasks.splice(tasks.indexOf(t), 1);
    return;
  }
  const title = first.title;
  group.forEach((t, i) => {
    t.title = `${title}（${i + 1}）`;
  });
}

function mappedColumns(mapping: ColumnMapping, header?: DocCell[]): Columns {
  const width = Math.max(0, ...Object.keys(mapping.columns).map(Number));
  const roles: Array<{ role: ColumnRole; year?: string } | null> = [];
  for (let i = 1; i <= width; i++) roles.push(mapping.columns[i] ?? null);
  const names = header ? header.map((h) => cleanCell(h.text)) : [];
  const cols = columnsFromRoles(roles, names);
  return cols.task >= 0 ? cols : { ...NONE };
}

export const taskTable: Layout = {
  name: 'task-table',
  label: '表格（按列名识别：任务/措施/牵头单位/配合单位/完成时限…）',
  firstUnitLeads: true,
  /** The number of data rows under a recognised header; 0 when no such header exists. */
  detect(doc) {
    return scanTables(doc).rows;
  },
  read(doc): LayoutResult {
    const { tasks, warnings } = scanTables(doc);
    return { tasks, warnings };
  },
};

/** The tables of a document, each with the header row found in it and the roles it names. */
export interface TableSurvey {
  index: number;
  label: string;
  rows: number;
  columns: number;
  /** 1-based header row found, 0 when none. */
  headerRow: number;
  roles: Array<{ role: ColumnRole; year?: string } | null>;
}

export function surveyTables(doc: ListDocument): TableSurvey[] {
  return tablesOf(doc).map((t, index) => {
    const columns = Math.max(0, ...t.rows.map((r) => r.cells.length));
    const limit = Math.min(t.rows.length, 12);
    let headerRow = 0;
    let best: Array<{ role: ColumnRole; year?: string } | null> = [];
    let bestCount = 0;
    for (let r = 0; r < limit; r++) {
      const roles = headerRoles(t.rows[r].cells);
      const n = roles.filter(Boolean).length;
      if (n > bestCount && n >= 2) {
        bestCount = n;
        best = roles;
        headerRow = r + 1;
      }
    }
    const roles = Array.from({ length: columns }, (_, i) => best[i] ?? null);
    return { index, label: t.label, rows: t.rows.length, columns, headerRow, roles };
  });
}
