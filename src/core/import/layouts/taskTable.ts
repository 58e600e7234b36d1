/**
 * Task lists as a table (主要任务清单): one row per numbered task, with sub-rows.
 *
 *   序号 | 工作任务 | 责任单位 | 完成时限
 *
 * In the converted text a row is one line of tab-separated cells. The columns are found by their
 * header names, not their positions; the header row repeats after page breaks. The 序号 cell is a
 * number (a new task group), empty (a sub-row of the group above, what vertically merged cells
 * leave) or a category label such as "落实扶贫工作责任" (a new group whose rows carry that section).
 *
 * A cell may hold several entries, as `<p>…</p>` fragments or separated by runs of spaces: each
 * fragment of the task cell is one task, aligned by index with the fragments of the unit and
 * deadline cells. Every unit list of the row goes into `lead`, raw and unsplit: in this structure
 * all listed units are 责任单位, and the first unit named leads (firstUnitLeads), the rest take
 * part. Only a table with a 牵头单位 column says who leads: then its units all lead and a second
 * unit column (责任单位, 配合单位) gives `partners`.
 *
 * Without a 序号 column nothing marks a sub-row, so each row stands alone. A label in the 序号
 * column holds for the rows up to the next numbered row or label.
 */
import type { ImportWarning, Layout, LayoutResult, RawTask } from '../types';
import { oneLine, stripItemNumber, stripMarkdown, titleFromText, toHalfWidth } from '../text';

/** Header names, compared after removing spaces, markdown and a parenthesised note ("完成时限（月底）"). */
const NUMBER_HEADER = /^(序号|编号|序)$/;
const TASK_HEADER = /^(工作任务|主要任务|具体任务|重点任务|任务|任务内容|工作内容|具体措施|工作措施|主要措施|任务措施)$/;
const LEAD_HEADER = /^(牵头单位|牵头部门)$/;
const UNIT_HEADER = /^(责任单位|责任部门|主责单位)$/;
const PARTNER_HEADER = /^(配合单位|配合部门|协办单位|参与单位|协助单位)$/;
const DEADLINE_HEADER = /^(完成时限|完成期限|时间节点|完成时间|时限|时限要求|时间要求)$/;

/** A line that ends the table: a markdown heading, "一、…", or an appendix mark. */
const HEADING = /^\s*(#|[一二三四五六七八九十]{1,3}、|附件\s*\d*\s*[:：]?\s*$)/;
const ROW_NUMBER = /^(\d{1,3}|[一二三四五六七八九十百]{1,4}|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）])\s*[.．、]?$/;
/** Short cells are labels, not sentences: "金融扶贫", "干部管理". */
const SHORT_TITLE = 20;

interface Columns {
  number: number;
  task: number;
  lead: number;
  partner: number;
  deadline: number;
  /** The unit column is headed 牵头单位: every unit in it leads (no first-named rule). */
  namedLead: boolean;
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

function headerName(cell: string): string {
  return cleanCell(cell)
    .replace(/\s+/g, '')
    .replace(/[（(][^）)]*[）)]$/, '');
}

/** The columns named by a header row, or null when the row is not a task-table header. */
function headerColumns(cells: string[]): Columns | null {
  const names = cells.map(headerName);
  const find = (re: RegExp): number => names.findIndex((n) => re.test(n));
  const task = find(TASK_HEADER);
  const leadCol = find(LEAD_HEADER);
  const unitCol = find(UNIT_HEADER);
  if (task < 0 || (leadCol < 0 && unitCol < 0)) return null;
  // With both 牵头单位 and 责任单位, the first leads and the second takes part.
  const lead = leadCol >= 0 ? leadCol : unitCol;
  const partnerCol = find(PARTNER_HEADER);
  const partner = partnerCol >= 0 ? partnerCol : leadCol >= 0 ? unitCol : -1;
  return { number: find(NUMBER_HEADER), task, lead, partner, deadline: find(DEADLINE_HEADER), namedLead: leadCol >= 0 };
}

function sameColumns(a: Columns, b: Columns): boolean {
  return a.number === b.number && a.task === b.task && a.lead === b.lead && a.partner === b.partner && a.deadline === b.deadline;
}

/**
 * The entries of a cell: its `<p>` fragments, or else the pieces between runs of two or more spaces
 * (a run right after "，、：（" is a break inside a sentence, not a separator).
 */
function fragments(cell: string): string[] {
  const pieces = /<p\b[^>]*>/i.test(cell) ? cell.split(/<\/?p\b[^>]*>/i) : splitAtSpaceRuns(cell);
  return pieces.map((p) => oneLine(cleanCell(p))).filter(Boolean);
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
function distribute<T>(frags: T[], count: number, what: string, line: number, warnings: ImportWarning[], show: (f: T) => string): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < count; i++) out.push(frags.length ? [frags[Math.min(i, frags.length - 1)]] : []);
  if (frags.length > count) {
    const extra = frags.slice(count);
    out[count - 1].push(...extra);
    if (count > 1) {
      warnings.push({
        line,
        message: `第${line}行：工作任务有${count}项，${what}有${frags.length}段，多出的${extra.length}段（“${preview(show(extra[0]))}”${extra.length > 1 ? '等' : ''}）归入第${count}项任务`,
      });
    } else if (what === '完成时限') {
      // One task with several unit lists is ordinary; with several deadlines the reader should look.
      warnings.push({
        line,
        message: `第${line}行：只有1项工作任务，${what}却有${frags.length}段，已一并保留：“${frags.map(show).join('  ')}”`,
      });
    }
  } else if (frags.length > 1 && frags.length < count) {
    warnings.push({
      line,
      message: `第${line}行：工作任务有${count}项，${what}只有${frags.length}段，第${frags.length + 1}至${count}项任务沿用最后一段“${preview(show(frags[frags.length - 1]))}”`,
    });
  }
  return out;
}

function taskTitle(text: string): string {
  const label = oneLine(stripItemNumber(stripMarkdown(text)));
  if (label.length <= SHORT_TITLE && !label.includes('。')) return label.replace(/[，,；;：:]$/, '');
  return titleFromText(text);
}

interface Scan {
  tasks: RawTask[];
  warnings: ImportWarning[];
  rows: number;
}

function scan(lines: string[]): Scan {
  const tasks: RawTask[] = [];
  const warnings: ImportWarning[] = [];
  let rows = 0;
  let cols: Columns | null = null;
  // State of the current group: the numbered (or labelled) row and its sub-rows.
  let section = '';
  let groupDeadline: string | undefined;
  let groupUnits: string[] = [];
  let previous: RawTask | null = null;

  const resetGroup = (label: string): void => {
    section = label;
    groupDeadline = undefined;
    groupUnits = [];
  };

  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    if (!raw.includes('\t')) {
      if (!cols) return;
      const text = raw.trim();
      if (!text) return;
      if (HEADING.test(text)) {
        cols = null;
        previous = null;
        resetGroup('');
        return;
      }
      warnings.push({ line: lineNo, message: `第${lineNo}行：表格中的这一行没有分列，未读取：“${preview(oneLine(cleanCell(text)), 30)}”` });
      return;
    }

    const cells = raw.split('\t');
    const header = headerColumns(cells);
    if (header) {
      // A repeated header (page break) keeps the group going; a different one starts a new table.
      if (!cols || !sameColumns(cols, header)) {
        previous = null;
        resetGroup('');
      }
      cols = header;
      return;
    }
    if (!cols) return;
    const c: Columns = cols;
    const cell = (i: number): string => (i >= 0 && i < cells.length ? cells[i] : '');

    const taskFrags = fragments(cell(c.task));
    const leadFrags = fragments(cell(c.lead)).map(unitLists);
    const partnerFrags = fragments(cell(c.partner)).map(unitLists);
    const deadlineFrags = fragments(cell(c.deadline));
    const number = c.number >= 0 ? oneLine(cleanCell(cell(c.number))) : '';
    if (!taskFrags.length && !leadFrags.length && !partnerFrags.length && !deadlineFrags.length && !number) return;
    rows++;

    // Without a 序号 column nothing marks a sub-row, so every row is its own group: an empty
    // deadline stays empty rather than borrowing one that may not apply.
    if (c.number < 0 || ROW_NUMBER.test(toHalfWidth(number))) resetGroup('');
    else if (number) resetGroup(number);

    if (!taskFrags.length) {
      // A sub-row without a task: more units (or a deadline) of the task above.
      if (!previous) {
        if (leadFrags.length || partnerFrags.length) {
          warnings.push({ line: lineNo, message: `第${lineNo}行：没有工作任务，前面也没有可归属的任务，已忽略` });
        }
        return;
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
      if (number && ROW_NUMBER.test(toHalfWidth(number))) {
        warnings.push({ line: lineNo, message: `第${lineNo}行：序号${number}没有工作任务，其责任单位并入上一项任务（第${prev.line}行）` });
      }
      return;
    }

    const count = taskFrags.length;
    const showUnits = (lists: string[]): string => lists.join(' ');
    const leads = distribute(leadFrags, count, '责任单位', lineNo, warnings, showUnits);
    const partners = distribute(partnerFrags, count, '配合单位', lineNo, warnings, showUnits);
    const deadlines = distribute(deadlineFrags, count, '完成时限', lineNo, warnings, (d) => d);

    taskFrags.forEach((text, i) => {
      let lead: string[] = [];
      addUnique(lead, leads[i].flat());
      if (!lead.length && groupUnits.length) lead = [...groupUnits];
      let deadlineRaw: string | undefined;
      if (c.deadline >= 0) deadlineRaw = deadlines[i].length ? deadlines[i].join('  ') : (groupDeadline ?? '');
      const task: RawTask = {
        title: taskTitle(text),
        text,
        lead,
        partners: partners[i].flat(),
        leaders: [],
        deadlineRaw,
        plans: {},
        section,
        line: lineNo,
      };
      if (c.namedLead) task.firstUnitLeads = false;
      if (!lead.length) {
        warnings.push({ line: lineNo, message: `第${lineNo}行：工作任务“${preview(task.title ?? text)}”没有责任单位` });
      }
      tasks.push(task);
      previous = task;
      if (lead.length) groupUnits = [...lead];
      if (deadlineRaw) groupDeadline = deadlineRaw;
    });
  });
  return { tasks, warnings, rows };
}

export const taskTable: Layout = {
  name: 'task-table',
  label: '任务表格（序号/工作任务/责任单位/完成时限）',
  firstUnitLeads: true,
  /** The number of data rows under a 工作任务 + 责任单位 header; 0 when no such header exists. */
  detect(lines) {
    return scan(lines).rows;
  },
  read(lines): LayoutResult {
    const { tasks, warnings } = scan(lines);
    return { tasks, warnings };
  },
};
