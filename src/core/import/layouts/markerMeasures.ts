/**
 * Work points (工作要点): top headings 一、二、…, sections "（三）标题。", numbered measures "1. …" that run
 * inline in a paragraph or start paragraphs, and unit markers in parentheses that cover the measures
 * before them back to the previous marker:
 *
 *   （三）深入学习…重要论述。1. 把…。2. 把…。3. 组织媒体…。（**牵头单位：**区委组织部、区委宣传部；**责任单位：**区扶贫办、各镇党委政府）
 *   （二十一）加大…力度。1. 实施农村公路建设…。(责任单位：区住建局，各镇党委政府) 2. 新建…
 *
 * One task per numbered measure; a section without numbered measures is one task (its text). Text
 * between a section's title and its measure 1 introduces the measures and is no task. A marker with
 * 牵头单位 gives the lead, its 责任单位 the partners; a marker with only 责任单位 names the lead first.
 * Markers stay within their section.
 *
 * Which sections are tasks: a section is work assigned to someone only when units are assigned to it,
 * by a marker in its text or by units in the 速览表. 总体要求 (指导思想, 目标任务) has neither and is
 * context. The one exception is text cut off by the conversion (U+FFFD, or the body's last section
 * ending without a marker): its measures are kept, with a warning, even when nothing gives their units.
 *
 * The 速览表 after the body (目标 / 任务 / 措施 / 牵头单位 / 责任单位) restates the same measures in short, so
 * its rows are never tasks of their own: it fills units a body measure lacks, restores measures the
 * conversion cut off the body, and any section whose count differs from the body's is reported.
 */
import type { ImportWarning, Layout, LayoutResult, RawTask } from '../types';
import { oneLine, stripMarkdown, titleFromText } from '../text';

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 (and 百) as a number; NaN for anything else. */
export function chineseNumeral(s: string): number {
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return NaN;
  let total = 0;
  let digit = 0;
  for (const c of s) {
    if (c === '百' || c === '十') {
      total += (digit || 1) * (c === '百' ? 100 : 10);
      digit = 0;
    } else {
      digit = CN_DIGIT[c];
    }
  }
  return total + digit;
}

const SECTION_HEAD = /^\s*[（(]\s*([零〇一二两三四五六七八九十百]{1,4})\s*[)）]\s*/;
const TOP_HEAD = /^\s*([一二三四五六七八九十]{1,3})\s*、/;
/** A unit marker's opening, also when a page break cut its label and the next paragraph repeats it ("（责\n\n责任单位："). */
const MARKER_OPEN = /[（(]\s*(?:(?:牵头?单?|责任?单?)\s*\n\s*)?(?=(?:牵头单位|责任单位)\s*[：:])/g;
const MARKER_LABEL = /(牵头单位|责任单位)\s*[：:]/g;
const MEASURE_NUMBER = /(\d{1,2})\s?[.．、](?!\d)/g;
const CUT = '\uFFFD';
/** The characters after which a new measure may begin inside a paragraph. */
const MEASURE_BOUNDARY = /[。！？!?；;）)：:]/;
/** A repeated number counts only after a sentence (or a marker) closed. */
const SENTENCE_END = /[。！？!?）)]/;

/** Line breaks and markdown left by the conversion removed; kept line by line so that offsets map to lines. */
function cleanLine(raw: string): string {
  return stripMarkdown(raw).replace(/<\/?p\b[^>]*>/gi, '');
}

function cleanText(s: string): string {
  return oneLine(s.split(CUT).join(''));
}

/** "（三）" + title, with full-width parentheses and no trailing full stop. */
function sectionLabel(numeral: string, title: string): string {
  return `（${numeral}）${cleanText(title).replace(/[。．.：:]+$/, '')}`;
}

function measureName(numeral: string, n: number): string {
  return n > 0 ? `（${numeral}）第${n}项` : `（${numeral}）`;
}

/** The first unit of a raw list and the rest, split at the first separator outside parentheses. */
export function splitFirstUnit(list: string): [string, string] {
  let depth = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && '、，,；;'.includes(c)) return [list.slice(0, i).trim(), list.slice(i + 1).trim()];
  }
  return [list.trim(), ''];
}

interface Units {
  lead: string[];
  partners: string[];
}

function unitValue(s: string): string {
  return cleanText(s)
    .replace(/^[\s：:、，,；;]+/, '')
    .replace(/[\s、，,；;。]+$/, '');
}

/** 牵头单位 leads and 责任单位 partners; with only 责任单位, its first unit leads. */
function unitsFrom(leadList: string, dutyList: string): Units {
  if (leadList) return { lead: [leadList], partners: dutyList ? [dutyList] : [] };
  if (!dutyList) return { lead: [], partners: [] };
  const [first, rest] = splitFirstUnit(dutyList);
  return { lead: [first], partners: rest ? [rest] : [] };
}

/** "牵头单位：A、B；责任单位：C" → the two lists; text before the first label is the 牵头单位 when `firstIsLead`. */
function labelledLists(content: string, firstIsLead: boolean): { lead: string; duty: string } {
  const lists = { lead: '', duty: '' };
  const labels = [...content.matchAll(MARKER_LABEL)];
  const add = (key: 'lead' | 'duty', value: string) => {
    const v = unitValue(value);
    if (v) lists[key] = lists[key] ? `${lists[key]}、${v}` : v;
  };
  if (firstIsLead) add('lead', content.slice(0, labels[0]?.index ?? content.length));
  labels.forEach((m, i) => {
    const end = i + 1 < labels.length ? (labels[i + 1].index ?? content.length) : content.length;
    add(m[1] === '牵头单位' ? 'lead' : 'duty', content.slice((m.index ?? 0) + m[0].length, end));
  });
  return lists;
}

interface Marker {
  start: number;
  end: number;
  units: Units;
  closed: boolean;
}

/** The unit markers between `from` and `to`; a marker runs to its matching closing parenthesis. */
function findMarkers(text: string, from: number, to: number): Marker[] {
  const markers: Marker[] = [];
  const open = new RegExp(MARKER_OPEN.source, 'g');
  open.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text)) && m.index < to) {
    const contentStart = m.index + m[0].length;
    let depth = 1;
    let close = -1;
    for (let i = contentStart; i < to; i++) {
      const c = text[i];
      if (c === '（' || c === '(') depth++;
      else if ((c === '）' || c === ')') && --depth === 0) {
        close = i;
        break;
      }
    }
    const closed = close >= 0;
    // An unclosed marker (cut by the conversion) ends with its line.
    const lineEnd = text.indexOf('\n', contentStart);
    const contentEnd = closed ? close : lineEnd >= 0 && lineEnd < to ? lineEnd : to;
    const { lead, duty } = labelledLists(text.slice(contentStart, contentEnd), false);
    markers.push({ start: m.index, end: closed ? close + 1 : contentEnd, units: unitsFrom(lead, duty), closed });
    open.lastIndex = Math.max(contentEnd, contentStart + 1);
  }
  return markers;
}

/** One row of the 速览表: a measure as the table states it. `number` 0 is a section without numbered measures. */
export interface SummaryEntry {
  sectionValue: number;
  numeral: string;
  sectionTitle: string;
  number: number;
  text: string;
  lead: string[];
  partners: string[];
  line: number;
}

/** The 速览表's heading, where the body ends: a short line naming it, not a sentence of the body mentioning it. */
function findSummaryStart(lines: string[]): number {
  return lines.findIndex((l) => l.includes('速览表') && !l.includes('\t') && l.trim().length <= 80 && !/[。；;]\s*$/.test(l));
}

const NONE_CELL = /^[\\/／＼—-]+$/;

/** A 速览表 cell: "\" means none; units set apart by spaces become a list. */
function summaryCell(s: string): { value: string; none: boolean } {
  const v = cleanLine(s)
    .trim()
    .replace(/\s*([、，,；;])\s*/g, '$1')
    .replace(/([\u3400-\u9fff）)])\s+(?=[\u3400-\u9fff（(])/g, '$1、');
  const none = NONE_CELL.test(v);
  return { value: none ? '' : v, none };
}

/**
 * The 速览表 as (section, number, short text, lead, partners). Columns shift from row to row, so a row
 * is read from its section label and its numbered measure, the two unit cells following the measure;
 * rows without cells (the table drawn with spaces) are not read. An empty 牵头单位 cell is a merged
 * cell: the units of the row above in the same section carry on.
 */
export function readSummaryTable(lines: string[]): SummaryEntry[] {
  const start = findSummaryStart(lines);
  if (start < 0) return [];
  const entries: SummaryEntry[] = [];
  const seen = new Set<string>();
  let section: { value: number; numeral: string; title: string } | null = null;
  let above: Units = { lead: [], partners: [] };
  for (let i = start + 1; i < lines.length; i++) {
    if (!lines[i].includes('\t')) continue;
    const cells = lines[i].split('\t').map((c) => cleanLine(c).trim());
    let measureAt = -1;
    const sectionAt = cells.findIndex((c) => SECTION_HEAD.test(c));
    if (sectionAt >= 0) {
      const m = SECTION_HEAD.exec(cells[sectionAt]);
      const value = m ? chineseNumeral(m[1]) : NaN;
      if (m && !Number.isNaN(value)) {
        if (!section || section.value !== value) above = { lead: [], partners: [] };
        section = { value, numeral: m[1], title: cells[sectionAt].slice(m[0].length) };
      }
    }
    if (!section) continue;
    let number = 0;
    let text = '';
    for (let c = sectionAt + 1; c < cells.length; c++) {
      const m = /^(\d{1,2})\s*[、.．](?!\d)\s*(.*)$/.exec(cells[c]);
      if (m) {
        measureAt = c;
        number = Number(m[1]);
        text = m[2];
        break;
      }
    }
    if (measureAt < 0) {
      // A section stated without numbered measures: the cell after its label is the whole measure.
      if (sectionAt < 0 || !cells[sectionAt + 1]) continue;
      measureAt = sectionAt + 1;
      text = cells[measureAt];
    }
    const key = `${section.value}:${number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const leadCell = summaryCell(cells[measureAt + 1] ?? '');
    const dutyCell = summaryCell(cells[measureAt + 2] ?? '');
    let units: Units;
    if (leadCell.none) {
      units = { lead: [], partners: [] };
    } else if (leadCell.value) {
      // A cell may carry a whole marker ("团区委、区文明办；责任单位：区总工会、…"). A list in the first
      // unit column with the second left empty is how the table writes a marker with only 责任单位.
      const { lead, duty } = labelledLists(leadCell.value, true);
      const partners = duty || dutyCell.value;
      units = partners || dutyCell.none ? unitsFrom(lead, partners) : unitsFrom('', lead);
    } else {
      units = { lead: above.lead, partners: dutyCell.value ? [dutyCell.value] : dutyCell.none ? [] : above.partners };
    }
    above = units;
    entries.push({
      sectionValue: section.value,
      numeral: section.numeral,
      sectionTitle: section.title,
      number,
      text: cleanText(text),
      lead: units.lead,
      partners: units.partners,
      line: i + 1,
    });
  }
  return entries;
}

/** A task as read, with the section and number it was read under (for cross-checks and tests). */
export interface MeasureRecord {
  sectionValue: number;
  numeral: string;
  /** Position in its section (1, 2, …); 0 for a section read as one task. */
  number: number;
  source: 'body' | 'summary';
  task: RawTask;
}

export interface MarkerMeasuresResult extends LayoutResult {
  measures: MeasureRecord[];
  summary: SummaryEntry[];
}

interface Draft {
  number: number;
  start: number;
  parts: string[];
  units: Units | null;
}

interface BodySection {
  value: number;
  numeral: string;
  label: string;
  line: number;
  drafts: Draft[];
  numbered: boolean;
  markers: number;
  /** The conversion cut its text (U+FFFD). */
  broken: boolean;
  /** Cut, or its last measures have no marker: the text may have lost measures. */
  cut: boolean;
}

interface Body {
  text: string;
  lineAt(offset: number): number;
  sections: BodySection[];
}

function readBody(lines: string[], end: number, warnings: ImportWarning[]): Body {
  const cleaned = lines.slice(0, end).map(cleanLine);
  const starts: number[] = [];
  let offset = 0;
  for (const l of cleaned) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const text = cleaned.join('\n');
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  // Sections run from their heading to the next section or top heading.
  const heads: Array<{ line: number; numeral: string; value: number } | { line: number; top: true }> = [];
  cleaned.forEach((l, i) => {
    const s = SECTION_HEAD.exec(l);
    if (s && !Number.isNaN(chineseNumeral(s[1]))) heads.push({ line: i, numeral: s[1], value: chineseNumeral(s[1]) });
    else if (TOP_HEAD.test(l)) heads.push({ line: i, top: true });
    if (l.includes(CUT)) warnings.push({ line: i + 1, message: `第${i + 1}行：文字在转换时被截断` });
  });

  const sections: BodySection[] = [];
  heads.forEach((h, k) => {
    if ('top' in h) return;
    const to = k + 1 < heads.length ? starts[heads[k + 1].line] - 1 : text.length;
    const headStart = starts[h.line] + (SECTION_HEAD.exec(cleaned[h.line])?.[0].length ?? 0);
    sections.push(readSection(text, headStart, to, h, lineAt, warnings));
  });
  return { text, lineAt, sections };
}

function prevChar(text: string, pos: number, from: number): { ch: string; newline: boolean } {
  let j = pos - 1;
  let newline = false;
  while (j >= from && /\s/.test(text[j])) {
    if (text[j] === '\n') newline = true;
    j--;
  }
  return { ch: j >= from ? text[j] : '', newline };
}

function readSection(
  text: string,
  headStart: number,
  to: number,
  head: { line: number; numeral: string; value: number },
  lineAt: (pos: number) => number,
  warnings: ImportWarning[],
): BodySection {
  const { numeral } = head;
  // The title runs to its full stop, the end of its paragraph, or the first measure.
  const rest = text.slice(headStart, to);
  const first = /(?:^|[^\d.．])1\s?[.．、](?!\d)/.exec(rest);
  const stops = [rest.indexOf('。'), rest.indexOf('\n'), first ? first.index + (/^\d/.test(first[0]) ? 0 : 1) : -1].filter((i) => i >= 0);
  const titleEnd = stops.length ? Math.min(...stops) : rest.length;
  const label = sectionLabel(numeral, rest.slice(0, titleEnd));
  const bodyStart = headStart + titleEnd + (rest[titleEnd] === '。' ? 1 : 0);

  const markers = findMarkers(text, bodyStart, to);
  for (const m of markers) {
    if (!m.closed) {
      const line = lineAt(m.start);
      warnings.push({ line, message: `第${line}行：${label}的单位标注没有结束括号（可能被截断）` });
    }
  }
  const inMarker = (pos: number) => markers.some((m) => pos >= m.start && pos < m.end);

  // Numbered measures, starting at 1: the next number at a sentence or paragraph start; the same
  // number again only after a sentence end (duplicate numbering); a jump only at a paragraph start.
  // Numbers inside the text ("4.13"讲话, 1—2 种, 2019 年) fail these tests.
  const found: Array<{ start: number; textStart: number }> = [];
  const num = new RegExp(MEASURE_NUMBER.source, 'g');
  num.lastIndex = bodyStart;
  let prev = 0;
  let m: RegExpExecArray | null;
  while ((m = num.exec(text)) && m.index < to) {
    if (inMarker(m.index)) continue;
    const n = Number(m[1]);
    const { ch, newline } = prevChar(text, m.index, bodyStart);
    if (/[\d.．A-Za-z%]/.test(ch)) continue;
    const atStart = ch === '' || newline;
    const boundary = atStart || MEASURE_BOUNDARY.test(ch);
    let ok = false;
    if (n === prev + 1 && boundary) ok = true;
    else if (prev > 0 && n === prev && SENTENCE_END.test(ch)) {
      ok = true;
      const line = lineAt(m.index);
      warnings.push({ line, message: `第${line}行：（${numeral}）编号“${n}.”重复，按第${found.length + 1}项读取` });
    } else if (prev > 0 && n > prev + 1 && n <= prev + 5 && atStart) {
      ok = true;
      const line = lineAt(m.index);
      warnings.push({ line, message: `第${line}行：（${numeral}）编号从${prev}跳到${n}，按第${found.length + 1}项读取` });
    }
    if (ok) {
      found.push({ start: m.index, textStart: m.index + m[0].length });
      prev = n;
    }
  }

  const numbered = found.length > 0;
  // A section without numbered measures is one measure: its text after the title.
  const items = [
    ...(numbered ? found : [{ start: bodyStart, textStart: bodyStart }]).map((f, i) => ({
      kind: 'measure' as const,
      start: f.start,
      textStart: f.textStart,
      draft: { number: numbered ? i + 1 : 0, start: f.start, parts: [], units: null } as Draft,
    })),
    ...markers.map((mk) => ({ kind: 'marker' as const, start: mk.start, marker: mk })),
  ].sort((a, b) => a.start - b.start);

  const drafts: Draft[] = [];
  let pending: Draft[] = [];
  let last: Draft | null = null;
  items.forEach((it, k) => {
    const next = k + 1 < items.length ? items[k + 1].start : to;
    if (it.kind === 'measure') {
      it.draft.parts.push(text.slice(it.textStart, next));
      drafts.push(it.draft);
      pending.push(it.draft);
      last = it.draft;
      return;
    }
    if (pending.length === 0) {
      const line = lineAt(it.start);
      warnings.push({ line, message: `第${line}行：${label}的单位标注前没有新的措施，已忽略` });
    }
    for (const d of pending) d.units = it.marker.units;
    pending = [];
    // Text after a marker and before the next measure continues the measure before the marker.
    const tail = text.slice(it.marker.end, next);
    if (last && tail.replace(/[\s。，、；;,.：:]/g, '')) last.parts.push(tail);
  });

  const broken = text.slice(headStart, to).includes(CUT);
  return {
    value: head.value,
    numeral,
    label,
    line: head.line + 1,
    drafts: drafts.filter((d) => cleanText(d.parts.join('\n')) || numbered || d.units),
    numbered,
    markers: markers.length,
    broken,
    cut: broken || (numbered && pending.length > 0),
  };
}

function toTask(title: string, text: string, units: Units, section: string, line: number): RawTask {
  return { title, text, lead: units.lead, partners: units.partners, leaders: [], plans: {}, section, line };
}

/** The layout's reading with the section and number of every task and the parsed 速览表. */
export function readMarkerMeasures(lines: string[]): MarkerMeasuresResult {
  const warnings: ImportWarning[] = [];
  const summaryStart = findSummaryStart(lines);
  const summary = readSummaryTable(lines);
  const body = readBody(lines, summaryStart >= 0 ? summaryStart : lines.length, warnings);
  const hasUnits = (e: SummaryEntry) => e.lead.length > 0 || e.partners.length > 0;
  const entryOf = (value: number, n: number) => summary.find((e) => e.sectionValue === value && e.number === n);

  const measures: MeasureRecord[] = [];
  const lastSection = body.sections[body.sections.length - 1];
  const bodyCut = lastSection ? lastSection.cut : false;

  for (const s of body.sections) {
    const summaryUnits = summary.some((e) => e.sectionValue === s.value && hasUnits(e));
    const keep = s.markers > 0 || summaryUnits || (s.numbered && (s.broken || (s === lastSection && s.cut)));
    if (!keep) {
      if (s.numbered)
        warnings.push({ line: s.line, message: `第${s.line}行：${s.label}没有牵头/责任单位标注，速览表也未列单位，未作为任务导入` });
      continue;
    }
    const own: MeasureRecord[] = [];
    for (const d of s.drafts) {
      const line = body.lineAt(d.start);
      const text = cleanText(d.parts.join('\n')) || s.label.replace(/^（[^）]*）/, '');
      let units = d.units;
      if (!units) {
        const entry = entryOf(s.value, d.number);
        if (entry && hasUnits(entry)) {
          units = { lead: entry.lead, partners: entry.partners };
          warnings.push({
            line,
            message: `第${line}行：${measureName(s.numeral, d.number)}正文没有单位标注，牵头/责任单位取自速览表（第${entry.line}行）`,
          });
        } else {
          units = { lead: [], partners: [] };
          warnings.push({ line, message: `第${line}行：${measureName(s.numeral, d.number)}之后没有牵头/责任单位标注` });
        }
      }
      own.push({
        sectionValue: s.value,
        numeral: s.numeral,
        number: d.number,
        source: 'body',
        task: toTask(titleFromText(text), text, units, s.label, line),
      });
    }
    if (s.cut) {
      // Measures the conversion cut off: restored from the 速览表.
      const have = new Set(own.map((r) => r.number));
      for (const e of summary) {
        if (e.sectionValue !== s.value || e.number === 0 || have.has(e.number) || !hasUnits(e)) continue;
        own.push(fromSummary(e, s.label, warnings));
      }
      own.sort((a, b) => a.number - b.number);
    }
    measures.push(...own);
  }

  // Sections after the body's cut end that only the 速览表 still has.
  const bodyValues = new Set(body.sections.map((s) => s.value));
  const lastValue = lastSection ? lastSection.value : 0;
  for (const e of summary) {
    if (bodyValues.has(e.sectionValue) || !hasUnits(e)) continue;
    if (bodyCut && e.sectionValue > lastValue) {
      measures.push(fromSummary(e, sectionLabel(e.numeral, e.sectionTitle), warnings));
    }
  }

  if (summary.length > 0) crossCheck(body, summary, warnings);
  warnings.sort((a, b) => a.line - b.line);
  return { tasks: measures.map((r) => r.task), warnings, measures, summary };
}

function fromSummary(e: SummaryEntry, section: string, warnings: ImportWarning[]): MeasureRecord {
  warnings.push({ line: e.line, message: `第${e.line}行：${measureName(e.numeral, e.number)}正文缺失（转换时被截断），取自速览表` });
  return {
    sectionValue: e.sectionValue,
    numeral: e.numeral,
    number: e.number,
    source: 'summary',
    task: toTask(titleFromText(e.text), e.text, { lead: e.lead, partners: e.partners }, section, e.line),
  };
}

/** Sections whose number of measures differs between the body and the 速览表. */
function crossCheck(body: Body, summary: SummaryEntry[], warnings: ImportWarning[]): void {
  const values = new Set<number>();
  for (const s of body.sections) if (s.markers > 0 || s.numbered) values.add(s.value);
  for (const e of summary) if (e.lead.length > 0 || e.partners.length > 0) values.add(e.sectionValue);
  for (const v of [...values].sort((a, b) => a - b)) {
    const s = body.sections.find((x) => x.value === v);
    const rows = summary.filter((e) => e.sectionValue === v);
    const bodyCount = s ? s.drafts.length : 0;
    if (bodyCount === rows.length) continue;
    const numeral = s?.numeral ?? rows[0].numeral;
    const line = s?.line ?? rows[0].line;
    const message = !s
      ? `（${numeral}）正文中没有这一节，速览表列有${rows.length}项措施`
      : rows.length === 0
        ? `${s.label}：正文${bodyCount}项措施，速览表没有列出`
        : `${s.label}：正文${bodyCount}项措施，速览表${rows.length}项，请核对`;
    warnings.push({ line, message: `第${line}行：${message}` });
  }
}

export const markerMeasures: Layout = {
  name: 'marker-measures',
  label: '措施段落＋牵头/责任单位标注',
  detect({ lines }) {
    const text = lines.map(cleanLine).join('\n');
    const count = [...text.matchAll(new RegExp(MARKER_OPEN.source, 'g'))].length;
    return count >= 3 ? count : 0;
  },
  read({ lines }): LayoutResult {
    const { tasks, warnings } = readMarkerMeasures(lines);
    return { tasks, warnings };
  },
};
