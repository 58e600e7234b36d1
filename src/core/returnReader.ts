/**
 * Reading a return (填报的进度情况表) whoever made it: the add-in's template, a WPS copy, or a sheet
 * typed by hand. The report sheet is found by its header row, not by its name or position; merged
 * cells are spread over their range first; the 填报单位 line above the header and the 填报人 /
 * 联系电话 / 填报日期 footer below the rows are read in the forms clerks write them. Values are only
 * ever read as text: a cell that looks like a formula stays text. Pure TypeScript.
 */
import { finding } from './finding';
import {
  CATALOG_SUBJECT,
  CONSOLIDATION_SUBJECT,
  META_KEYS,
  META_SHEET,
  type HiddenContent,
  type ReadOutcome,
  type ReadReturn,
  type ReportField,
  type ReturnMeta,
  type ReturnRow,
} from './report';
import { cellAddress, cellText, columnLetter, parseAddress, type CellValue, type SheetData, type WorkbookData } from './workbook';

/** The header is looked for in this many rows from the top of each sheet. */
export const HEADER_SCAN_ROWS = 30;
/** Footer labels are looked for in this many rows after the last data row. */
const FOOTER_SCAN_ROWS = 15;

// ---------------------------------------------------------------------------------------------
// Header vocabulary

/** Period words that may precede the progress header (2019年第二季度工作进展). */
const PERIOD_PREFIX = '(?:(?:19|20)\\d{2}年?)?(?:第?[一二三四1-4]季度|[上下]半年|前三季度|全年|\\d{1,2}月份?)?';

/**
 * Header synonyms per field, matched against the whole header text after `headerKey` (no spaces or
 * line breaks, half-width, no parenthetical notes such as （必填）). Order matters: the first field
 * whose pattern matches wins.
 */
const HEADER_PATTERNS: [ReportField, RegExp][] = [
  ['taskId', /^任务(?:编号|代码|id)$/i],
  ['seq', /^(?:序号|序)$/],
  ['leader', /^(?:(?:分管|责任|牵头|联系)(?:区|市|县|镇)?领导(?:同志)?|分管|领导)$/],
  ['title', /^(?:项目名称|任务名称|工作任务|工作事项|项目|工作项目|任务)$/],
  ['plan', /^(?:((?:19|20)\d{2})年?)?(?:年?度)?(?:工作)?(?:计划|进度安排|计划安排)$/],
  ['progress', new RegExp(`^${PERIOD_PREFIX}(?:工作)?(?:进展|进度)(?:情况)?(?:[及和与、]?存在(?:的)?问题)?$`)],
  ['progress', new RegExp(`^${PERIOD_PREFIX}(?:工作)?完成情况[及和与、]存在(?:的)?问题$`)],
  ['problems', /^(?:存在(?:的)?(?:主要)?(?:困难和|困难及)?问题|(?:主要)?困难(?:和|及)问题|存在困难)$/],
  ['nextSteps', /^(?:下(?:一)?步(?:工作)?(?:打算|计划|安排|措施|思路)|下阶段(?:工作)?(?:打算|计划))$/],
  ['remark', /^备注$/],
  ['deadline', /^(?:完成)?(?:时限|期限|时间)$/],
  ['status', /^(?:(?:完成)?状态|完成情况|是否完成)$/],
];

/** Looser forms for the two fields that identify the sheet, when no exact synonym matched. */
const HEADER_CONTAINS: [ReportField, RegExp][] = [
  ['title', /项目名称|任务名称/],
  ['plan', /工作计划/],
  ['progress', /工作进展|进展情况/],
];

/** Longest cell text still looked at as a possible header (with a long note in parentheses). */
const HEADER_MAX_TEXT = 120;

/** Header text as compared: half-width, no whitespace, no parenthetical notes, no markers. */
function headerKey(v: CellValue | undefined): string {
  return cellText(v)
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^()]*\)/g, '')
    .replace(/^[*]+|[*:]+$/g, '');
}

/** The field a header cell names, or undefined. */
export function headerField(v: CellValue | undefined): ReportField | undefined {
  // Headers are short text; progress paragraphs need not be normalised to learn that they are not one.
  if (typeof v !== 'string' || v.length > HEADER_MAX_TEXT) return undefined;
  const key = headerKey(v);
  if (!key || key.length > 20) return undefined;
  for (const [field, re] of HEADER_PATTERNS) if (re.test(key)) return field;
  for (const [field, re] of HEADER_CONTAINS) if (re.test(key)) return field;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Merged cells

interface Grid {
  rows: CellValue[][];
  /** For cells filled from a merged range: "row,col" → the range's top-left [row, col]. */
  origin: Map<string, [number, number]>;
}

function key(r: number, c: number): string {
  return `${r},${c}`;
}

/** A copy of the sheet's values with each merged range's top-left value in every cell of the range. */
function spreadMerges(sheet: SheetData): Grid {
  const rows = sheet.rows.map((r) => [...r]);
  const origin = new Map<string, [number, number]>();
  for (const range of sheet.merges) {
    const [a, b = a] = range.split(':');
    const tl = parseAddress(a);
    const br = parseAddress(b);
    if (!tl || !br) continue;
    const r0 = Math.min(tl.row, br.row);
    const r1 = Math.max(tl.row, br.row);
    const c0 = Math.min(tl.column, br.column);
    const c1 = Math.max(tl.column, br.column);
    const value = rows[r0]?.[c0] ?? null;
    // A range reaching beyond the data is cut to it: its extra cells would be empty anyway.
    for (let r = r0; r <= Math.min(r1, rows.length - 1); r++) {
      const row = rows[r];
      for (let c = c0; c <= c1; c++) {
        if (r === r0 && c === c0) continue;
        while (row.length <= c) row.push(null);
        row[c] = value;
        origin.set(key(r, c), [r0, c0]);
      }
    }
  }
  return { rows, origin };
}

// ---------------------------------------------------------------------------------------------
// Finding the header

interface HeaderCandidate {
  sheetIndex: number;
  row: number;
  columns: Map<ReportField, number>;
  /** Hidden columns whose header names a field: left unread, reported. */
  hiddenColumns: Map<number, ReportField>;
  score: number;
}

/** What a person sees of a sheet: its hidden rows and columns (0-based). */
interface Visibility {
  rows: Set<number>;
  columns: Set<number>;
}

function visibilityOf(sheet: SheetData): Visibility {
  return { rows: new Set(sheet.hiddenRows ?? []), columns: new Set(sheet.hiddenColumns ?? []) };
}

function classifyRow(
  row: CellValue[],
  hiddenColumns: Set<number>,
): { columns: Map<ReportField, number>; hidden: Map<number, ReportField> } {
  const columns = new Map<ReportField, number>();
  const hidden = new Map<number, ReportField>();
  row.forEach((v, c) => {
    const field = headerField(v);
    if (!field) return;
    // A hidden column is not what the clerk sees, even when it carries the header: noted, not read.
    if (hiddenColumns.has(c)) hidden.set(c, field);
    else if (!columns.has(field)) columns.set(field, c);
  });
  return { columns, hidden };
}

function findHeader(grid: Grid, sheetIndex: number, seen: Visibility): HeaderCandidate | undefined {
  let best: HeaderCandidate | undefined;
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, grid.rows.length); r++) {
    if (seen.rows.has(r)) continue;
    const { columns, hidden } = classifyRow(grid.rows[r], seen.columns);
    if (!columns.has('title') || !columns.has('progress')) continue;
    // The official form's fields decide which row is the header; a 存在问题 under a merged 工作进展 is its sub-header.
    const score = [...columns.keys()].filter((f) => f !== 'problems' && f !== 'nextSteps').length;
    if (!best || score > best.score) best = { sheetIndex, row: r, columns, hiddenColumns: hidden, score };
  }
  return best;
}

/** Whether a sheet, hidden or not, holds a report's header (for the findings on hidden content). */
function hasReportHeader(sheet: SheetData): HeaderCandidate | undefined {
  return findHeader(spreadMerges(sheet), 0, { rows: new Set(), columns: new Set() });
}

/** Rows right under the header that continue it (a header over two rows, sub-headers), or number the columns (1 2 3 4 5 6). */
function headerContinuation(grid: Grid, header: HeaderCandidate, seen: Visibility): number {
  let r = header.row + 1;
  for (; r < Math.min(header.row + 3, grid.rows.length); r++) {
    const cells = grid.rows[r].map(cellText);
    const filled = cells.filter(Boolean);
    const named = grid.rows[r].filter((v) => headerField(v) !== undefined).length;
    if (named >= 1 && named >= filled.length - named) {
      grid.rows[r].forEach((v, c) => {
        const field = headerField(v);
        if (!field || seen.columns.has(c)) return;
        if (!header.columns.has(field) && ![...header.columns.values()].includes(c)) header.columns.set(field, c);
      });
      continue;
    }
    if (filled.length >= 3 && filled.every((t, i) => t === String(i + 1))) continue;
    break;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Labels above the header and in the footer

type LabelKey = 'unit' | 'reporter' | 'phone' | 'date' | 'period';

const LABEL_WORDS: [LabelKey, string[]][] = [
  ['unit', ['填报单位（盖章）', '填报单位(盖章)', '填报单位', '报送单位', '单位名称']],
  ['reporter', ['填报人', '填表人', '联系人']],
  ['phone', ['联系电话', '电话号码', '手机号码', '联系方式', '电话', '手机']],
  ['date', ['填报日期', '填报时间', '报送日期', '填表日期', '日期']],
  // Not read (the period comes from the metadata or the caller); only ends the value before it.
  ['period', ['报告期', '报送期']],
];

/** One regex for all labels, longest first, tolerating spaces inside a label (填 报 人). */
const LABEL_RE = (() => {
  const words = LABEL_WORDS.flatMap(([k, ws]) => ws.map((w) => [k, w] as const)).sort((a, b) => b[1].length - a[1].length);
  const escape = (ch: string): string => ch.replace(/[()（）]/g, (p) => `\\${p}`);
  return new RegExp(words.map(([, w]) => `(${[...w].map(escape).join('\\s*')})`).join('|'), 'g');
})();
const LABEL_KEYS: LabelKey[] = LABEL_WORDS.flatMap(([k, ws]) => ws.map((w) => [k, w] as const))
  .sort((a, b) => b[1].length - a[1].length)
  .map(([k]) => k);

/** Rows from here on are the footer, not tasks. */
const FOOTER_START = /^(?:填报人|填表人|联系人|联系电话|填报日期|填报时间|审核人|单位负责人|负责人[:：]|注[:：]|备注[:：]|说明[:：])/;
/** A note under the table: never holds label values even if it mentions them. */
const NOTE = /^(?:注|备注|说明)[:：]/;

interface LabelHit {
  key: LabelKey;
  value: string;
  raw: CellValue;
  /** Where the value is, or the label when the value is empty. */
  cell: string;
}

interface LabelMatch {
  key: LabelKey;
  start: number;
  end: number;
}

function labelMatches(text: string): LabelMatch[] {
  const out: LabelMatch[] = [];
  LABEL_RE.lastIndex = 0;
  for (let m = LABEL_RE.exec(text); m; m = LABEL_RE.exec(text)) {
    const group = m.slice(1).findIndex((g) => g !== undefined);
    let end = m.index + m[0].length;
    const colon = /^\s*[:：]/.exec(text.slice(end));
    // Mid-text a label needs its colon; at the start of a cell the label alone will do (填报人 | 张三).
    if (!colon && !(m.index === 0 && /^(?:\s*$|\s+\S|\d)/.test(text.slice(end)))) continue;
    if (colon) end += colon[0].length;
    out.push({ key: LABEL_KEYS[group], start: m.index, end });
  }
  return out;
}

function isCopyOf(grid: Grid, r: number, c: number, of: [number, number]): boolean {
  const o = grid.origin.get(key(r, c));
  return (!!o && o[0] === of[0] && o[1] === of[1]) || (r === of[0] && c === of[1]);
}

/** Labels and their values in one row: in the label's own cell, or in the next non-empty cell to the right. */
function rowLabels(grid: Grid, r: number): LabelHit[] {
  const row = grid.rows[r] ?? [];
  const hits: LabelHit[] = [];
  for (let c = 0; c < row.length; c++) {
    if (grid.origin.has(key(r, c))) continue; // a merged copy of a cell read already
    const text = cellText(row[c]);
    if (!text || NOTE.test(text.normalize('NFKC'))) continue;
    const matches = labelMatches(text);
    matches.forEach((m, i) => {
      const value = text
        .slice(m.end, i + 1 < matches.length ? matches[i + 1].start : undefined)
        .trim()
        .replace(/^[:：]\s*/, '');
      if (value || i + 1 < matches.length) {
        hits.push({ key: m.key, value, raw: value, cell: cellAddress(r, c) });
        return;
      }
      // Where the value should go when it is missing: the first empty cell right of the label.
      let input: number | undefined;
      for (let k = c + 1; k < row.length; k++) {
        if (isCopyOf(grid, r, k, [r, c])) continue;
        const next = cellText(row[k]);
        if (!next) {
          input ??= k;
          continue;
        }
        if (labelMatches(next).some((n) => n.start === 0)) break;
        hits.push({ key: m.key, value: next, raw: row[k], cell: cellAddress(r, k) });
        return;
      }
      hits.push({ key: m.key, value: '', raw: null, cell: cellAddress(r, input ?? c) });
    });
  }
  return hits;
}

/** First hit per key over the rows given, a hit with a value before one without. */
function collectLabels(grid: Grid, rows: number[]): Map<LabelKey, LabelHit> {
  const found = new Map<LabelKey, LabelHit>();
  for (const r of rows) {
    for (const hit of rowLabels(grid, r)) {
      const seen = found.get(hit.key);
      if (!seen || (!seen.value && hit.value)) found.set(hit.key, hit);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Dates

function isoDate(y: number, m: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return t.toISOString().slice(0, 10);
}

/** Excel serial day number (1900 date system) to ISO. */
export function excelSerialToIso(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86400000).toISOString().slice(0, 10);
}

/**
 * A 填报日期 as ISO: yyyy-mm-dd (what the xlsx module gives for date cells), 2019年6月20日,
 * 2019-6-20, 2019.6.20, 2019/6/20, 20190620, an Excel serial number (30000–80000), or 6月20日 in
 * the report's year.
 */
export function parseFilledDate(raw: CellValue, year?: number): string | undefined {
  if (typeof raw === 'number') {
    if (raw >= 30000 && raw <= 80000) return excelSerialToIso(raw);
    return parseFilledDate(String(raw), year);
  }
  if (typeof raw !== 'string') return undefined;
  const s = raw.normalize('NFKC').replace(/\s+/g, '');
  let m = /^((?:19|20)\d{2})[-年./](\d{1,2})[-月./](\d{1,2})(?:日|号)?(?:T.*)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^((?:19|20)\d{2})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{5}(?:\.\d+)?$/.test(s)) return parseFilledDate(Number(s), year);
  m = /^(\d{1,2})月(\d{1,2})(?:日|号)?$/.exec(s);
  if (m && year) return isoDate(year, Number(m[1]), Number(m[2]));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Metadata

function readMeta(book: WorkbookData): ReturnMeta {
  const meta: ReturnMeta = {};
  const sheet = book.sheets.find((s) => s.name === META_SHEET);
  if (!sheet) return meta;
  const fields = Object.entries(META_KEYS) as [keyof typeof META_KEYS, string][];
  for (const row of sheet.rows) {
    const k = cellText(row[0]);
    const v = cellText(row[1]);
    const hit = fields.find(([field, label]) => k === label || k === field);
    if (hit && v) meta[hit[0]] = v;
  }
  return meta;
}

// ---------------------------------------------------------------------------------------------
// The reader

const YEAR_IN_TEXT = /((?:19|20)\d{2})\s*年/;

function yearOf(grid: Grid, header: HeaderCandidate): number | undefined {
  for (const field of ['plan', 'progress'] as const) {
    const c = header.columns.get(field);
    const m = c === undefined ? null : YEAR_IN_TEXT.exec(headerKey(grid.rows[header.row][c]));
    if (m) return Number(m[1]);
  }
  for (let r = 0; r < header.row; r++) {
    for (const v of grid.rows[r]) {
      const m = YEAR_IN_TEXT.exec(cellText(v).normalize('NFKC'));
      if (m) return Number(m[1]);
    }
  }
  return undefined;
}

/** A quarter or half year named in a text: 2019年第一季度, 2019年二季度, 2019年上半年. Not months (a 填报日期 line names those). */
const PERIOD_IN_TEXT = /((?:19|20)\d{2})\s*年\s*(?:度\s*)?(?:第\s*([一二三四1-4])\s*季度|([上下])\s*半年)/;

function periodCodeIn(text: string): string | undefined {
  const m = PERIOD_IN_TEXT.exec(text.normalize('NFKC'));
  if (!m) return undefined;
  if (m[2]) return `${m[1]}Q${'一二三四'.indexOf(m[2]) + 1 || Number(m[2])}`;
  return `${m[1]}H${m[3] === '上' ? 1 : 2}`;
}

/** The period the form names, in its progress header (2019年第二季度工作进展) or above the table (its title). */
function periodTextOf(grid: Grid, header: HeaderCandidate): string | undefined {
  const c = header.columns.get('progress');
  const inHeader = c === undefined ? undefined : periodCodeIn(cellText(grid.rows[header.row][c]));
  if (inHeader) return inHeader;
  for (let r = 0; r < header.row; r++) {
    for (const v of grid.rows[r]) {
      const code = periodCodeIn(cellText(v));
      if (code) return code;
    }
  }
  return undefined;
}

const FOLDED_NAMES = { problems: '存在问题', nextSteps: '下步打算' } as const;

/**
 * A 存在问题 or 下步打算 column of a clerk's own form goes into the progress, after it and under its
 * header's name (完成3所学校改造。\n存在问题：资金缺口), as the official form has them in one column.
 */
function foldIntoProgress(values: Partial<Record<ReportField, string>>, header: HeaderCandidate, grid: Grid): void {
  for (const field of ['problems', 'nextSteps'] as const) {
    const text = values[field];
    if (!text) continue;
    // The header cell that names it: on the header row, or on a sub-header row under a merged 工作进展.
    const c = header.columns.get(field) ?? 0;
    const named = [0, 1, 2].map((d) => grid.rows[header.row + d]?.[c]).find((v) => headerField(v) === field);
    const name = named === undefined ? FOLDED_NAMES[field] : headerKey(named);
    const part = `${name}：${text}`;
    values.progress = values.progress ? `${values.progress}\n${part}` : part;
  }
}

/** A row that only goes on with the progress or 备注 of the row above. */
function isContinuation(values: Partial<Record<ReportField, string>>): boolean {
  return (
    !values.seq &&
    !values.title &&
    !values.plan &&
    !values.taskId &&
    !values.leader &&
    !values.status &&
    !!(values.progress || values.remark)
  );
}

/** First non-empty cell of a row that is not spilled into it from a merged range above. */
function firstText(grid: Grid, r: number): string {
  const row = grid.rows[r];
  for (let c = 0; c < row.length; c++) {
    const o = grid.origin.get(key(r, c));
    if (o && o[0] < r) continue;
    const t = cellText(row[c]);
    if (t) return t.normalize('NFKC').replace(/\s+/g, '');
  }
  return '';
}

function phoneText(raw: CellValue, value: string): string {
  return typeof raw === 'number' && Number.isInteger(raw) ? raw.toFixed(0) : value;
}

/**
 * Why a workbook the product wrote itself is no return: a 汇总 (its 汇总 sheet has a report's header
 * and would otherwise be read as one unit's return) or a catalog workbook. Undefined for anything else.
 */
function ownOutput(book: WorkbookData): string | undefined {
  const names = new Set(book.sheets.map((s) => s.name));
  if (book.subject === CONSOLIDATION_SUBJECT || (names.has('报送情况') && names.has('问题清单'))) {
    return '这是进度通生成的汇总表，不是单位报回的进度表，已跳过（请不要把汇总表放进报表文件夹）';
  }
  return undefined;
}

/** A catalog workbook has no report's header; said so when no report is found (a clerk's workbook may carry the catalog's sheets too). */
function isCatalogBook(book: WorkbookData): boolean {
  const names = new Set(book.sheets.map((s) => s.name));
  return book.subject === CATALOG_SUBJECT || (names.has('任务清单') && names.has('单位名录'));
}

/**
 * Reads a return from a workbook: the report sheet wherever it is, its rows and the lines around
 * them. `file` only goes into the NOT_A_REPORT finding.
 */
export function readReturn(book: WorkbookData, file?: string): ReadOutcome {
  const own = ownOutput(book);
  if (own) return { ok: false, finding: finding('NOT_A_REPORT', own, { file }) };
  let best: { header: HeaderCandidate; grid: Grid; seen: Visibility } | undefined;
  const looked: string[] = [];
  const hidden: HiddenContent[] = [];
  for (const [i, sheet] of book.sheets.entries()) {
    if (sheet.name === META_SHEET) continue;
    if (sheet.state !== 'visible') {
      // Hidden and very hidden sheets are not what the clerk sees: never read, reported when they hold a report.
      const h = hasReportHeader(sheet);
      if (h) {
        const titleCell = cellAddress(h.row, h.columns.get('title') ?? 0);
        hidden.push({ kind: 'sheet', sheet: sheet.name, cell: titleCell, where: `工作表“${sheet.name}”` });
      }
      continue;
    }
    looked.push(sheet.name);
    const grid = spreadMerges(sheet);
    const seen = visibilityOf(sheet);
    const header = findHeader(grid, i, seen);
    if (!header) continue;
    // More known headers win; on a tie the first sheet.
    if (!best || header.score > best.header.score) best = { header, grid, seen };
  }
  if (!best) {
    if (hidden.some((h) => h.kind === 'sheet')) {
      const names = hidden.filter((h) => h.kind === 'sheet').map((h) => `“${h.sheet}”`);
      return {
        ok: false,
        finding: finding(
          'NOT_A_REPORT',
          `报表所在的工作表${names.join('、')}已隐藏，看不到的内容不汇总；请在 Excel 中取消隐藏该工作表后重新报送`,
          { file },
        ),
      };
    }
    if (isCatalogBook(book))
      return { ok: false, finding: finding('NOT_A_REPORT', '这是任务清单工作簿，不是单位报回的进度表，已跳过', { file }) };
    const where = looked.length ? `（已查看工作表：${looked.join('、')}，每表前${HEADER_SCAN_ROWS}行）` : '（工作簿中没有可读的工作表）';
    return {
      ok: false,
      finding: finding('NOT_A_REPORT', `不是进度情况表：未找到包含“项目名称”和“工作进展”的表头行${where}`, { file }),
    };
  }
  const { header, grid, seen } = best;
  const sheet = book.sheets[header.sheetIndex];
  const dataStart = headerContinuation(grid, header, seen);
  for (const [c, field] of header.hiddenColumns) {
    if (field !== 'progress' && field !== 'title' && field !== 'status' && field !== 'plan') continue;
    hidden.push({
      kind: 'column',
      sheet: sheet.name,
      cell: cellAddress(header.row, c),
      where: `第${columnLetter(c)}列（${cellText(grid.rows[header.row][c])}）`,
    });
  }
  const hiddenRows: number[] = [];
  const year = yearOf(grid, header);
  const mappedColumns = new Set(header.columns.values());
  const headerTitle = headerKey(grid.rows[header.row][header.columns.get('title') ?? 0]);

  const valueAt = (r: number, c: number): string => {
    const o = grid.origin.get(key(r, c));
    // A value spilled sideways from another field's column (a merged title over the plan) is not this field's.
    if (o && o[1] !== c && mappedColumns.has(o[1])) return '';
    return cellText(grid.rows[r]?.[c]);
  };

  const rows: ReturnRow[] = [];
  let footerRow = grid.rows.length;
  for (let r = dataStart; r < grid.rows.length; r++) {
    if (FOOTER_START.test(firstText(grid, r))) {
      footerRow = r;
      break;
    }
    const values: Partial<Record<ReportField, string>> = {};
    const cells: Partial<Record<ReportField, string>> = {};
    for (const [field, c] of header.columns) {
      values[field] = valueAt(r, c);
      cells[field] = cellAddress(r, c);
    }
    foldIntoProgress(values, header, grid);
    if (!values.title && !values.progress && !values.taskId && !values.plan) continue;
    // The header repeated further down (a printed page break copied in).
    if (values.title && headerKey(values.title) === headerTitle && headerField(values.progress ?? '') === 'progress') continue;
    if (seen.rows.has(r)) {
      hiddenRows.push(r);
      continue;
    }
    // A line of progress under a row, with nothing else of a task (no 序号, 项目名称, 计划 or 编号):
    // the clerk ran out of room in the cell above and went on below, so it belongs to that row.
    const previous = rows[rows.length - 1];
    if (previous && previous.row === r && isContinuation(values)) {
      for (const field of ['progress', 'remark'] as const) {
        if (values[field]) previous.values[field] = previous.values[field] ? `${previous.values[field]}\n${values[field]}` : values[field];
      }
      continue;
    }
    rows.push({ row: r + 1, values, cells });
  }
  if (hiddenRows.length) {
    const shown = hiddenRows.slice(0, 8).map((r) => r + 1);
    hidden.push({
      kind: 'row',
      sheet: sheet.name,
      cell: cellAddress(hiddenRows[0], header.columns.get('title') ?? 0),
      where: `第${shown.join('、')}${hiddenRows.length > shown.length ? '等' : ''}行（共 ${hiddenRows.length} 行）`,
    });
  }

  const footerRows: number[] = [];
  for (let r = footerRow; r < Math.min(grid.rows.length, footerRow + FOOTER_SCAN_ROWS); r++) footerRows.push(r);
  const aboveRows: number[] = [];
  for (let r = 0; r < header.row; r++) aboveRows.push(r);
  const above = collectLabels(grid, aboveRows);
  const below = collectLabels(grid, footerRows);
  const pick = (k: LabelKey, first: Map<LabelKey, LabelHit>, second: Map<LabelKey, LabelHit>): LabelHit | undefined => {
    const a = first.get(k);
    const b = second.get(k);
    return a?.value || !b?.value ? (a ?? b) : b;
  };
  const unit = pick('unit', above, below);
  const reporter = pick('reporter', below, above);
  const phone = pick('phone', below, above);
  const date = pick('date', below, above);

  const columns: Partial<Record<ReportField, string>> = {};
  for (const [field, c] of header.columns) columns[field] = columnLetter(c);

  const report: ReadReturn = {
    sheet: sheet.name,
    headerRow: header.row + 1,
    columns,
    unitText: unit
      ? unit.value
          .replace(/[（(](?:盖章|公章|签章)[)）]/g, '')
          .replace(/^[:：]\s*/, '')
          .trim()
      : '',
    unitCell: unit?.cell,
    titleText: aboveRows
      .map((r) => firstText(grid, r))
      .filter(Boolean)
      .join('\n'),
    year,
    periodText: periodTextOf(grid, header),
    rows,
    reporter: reporter?.value ?? '',
    reporterCell: reporter?.cell,
    phone: phone ? phoneText(phone.raw, phone.value) : '',
    phoneCell: phone?.cell,
    filledDate: date?.value ? parseFilledDate(date.raw, year) : undefined,
    filledDateCell: date?.cell,
    meta: readMeta(book),
    hidden,
  };
  return { ok: true, report };
}
