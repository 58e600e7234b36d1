import type { AddinReference } from './addin';

/**
 * Workbooks as plain data: what the core asks the xlsx module (or the Office.js adapter) to write,
 * and what they give back when reading. No file format here, only cells and their meaning.
 */

/** A cell value. Dates travel as ISO strings (yyyy-mm-dd); text is always written as text, never as a formula. */
export type CellValue = string | number | boolean | null;

export interface ColumnSpec {
  /** Width in characters (Excel's unit). */
  width: number;
  wrap?: boolean;
  /** Cells of this column the user may edit when the sheet is protected. */
  unlocked?: boolean;
  hidden?: boolean;
  /** Excel number format of the column's written cells, e.g. yyyy-mm-dd for date serial numbers. */
  numFmt?: string;
}

export type Fill = 'header' | 'late' | 'missing' | 'warning' | 'ok' | 'extra' | 'title';

export interface CellStyle {
  bold?: boolean;
  size?: number;
  fill?: Fill;
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
  border?: boolean;
  unlocked?: boolean;
  italic?: boolean;
  /** Excel number format, e.g. yyyy-mm-dd, or @ for text (phone numbers). */
  numFmt?: string;
}

export interface ListValidation {
  /** A1 range, e.g. I5:I40. */
  range: string;
  values: string[];
  prompt?: string;
}

export interface ConditionalFormat {
  /** A1 range the rule applies to. */
  range: string;
  /** Excel formula relative to the range's top-left cell, without the leading '='. */
  formula: string;
  fill: Fill;
  /** Lower numbers win when rules overlap. */
  priority: number;
}

export interface SheetSpec {
  name: string;
  rows: CellValue[][];
  /** Styles by 0-based row, and optionally by 0-based column within that row. */
  rowStyles?: Record<number, CellStyle>;
  cellStyles?: Record<string, CellStyle>;
  columns?: ColumnSpec[];
  /** Fixed row heights in points by 0-based row (titles, merged lines: rows that never refit). */
  rowHeights?: Record<number, number>;
  /**
   * Rows that fit their text, by 0-based row: the estimated height in points. Written as a height
   * that is not the user's choice (no customHeight), so that Excel and WPS refit the row on opening
   * and whenever the text changes, and LibreOffice, which keeps the stated height on loading, starts
   * from a height that shows the whole text.
   */
  fitRows?: Record<number, number>;
  merges?: string[];
  /** Freeze panes: rows above and columns left of this split stay visible. */
  freeze?: { rows: number; columns: number };
  /** A1 range of an auto filter. */
  autoFilter?: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  validations?: ListValidation[];
  conditionalFormats?: ConditionalFormat[];
  /** Sheet protection without a password: catalog cells locked, unlocked cells editable. */
  protect?: boolean;
  print?: PrintSpec;
  /** Charts drawn over the sheet (bar or column charts of its own cells). */
  charts?: BarChartSpec[];
}

/** How a sheet prints: always A4. */
export interface PrintSpec {
  landscape: boolean;
  /** One page wide (fit to width, any number of pages down). */
  fitToWidth: boolean;
  /** 0-based first and last row repeated at the top of every page. */
  repeatRows?: [number, number];
  /** 0-based first and last column printed on every page across (with fitToWidth false). */
  repeatColumns?: [number, number];
  /** Print scale in percent when not fitting to width. */
  scale?: number;
  /** The printed range (A1:F30); columns right of it stay on screen only. The whole sheet when absent. */
  area?: string;
  /** 第 X 页 共 Y 页 centred in the page footer (unless `footer` says otherwise). */
  pageNumbers?: boolean;
  /** Page header and footer in Excel's codes (&P page, &N pages, &L/&C/&R sections); `footer` replaces pageNumbers' footer. */
  header?: string;
  footer?: string;
  /** Print in black and white (Excel, WPS): cell fills and conditional formats do not print. */
  blackAndWhite?: boolean;
  /** 0-based rows that begin a new printed page. */
  pageBreaksBefore?: number[];
  /** 0-based columns that begin a new page across (manual page breaks). */
  columnBreaks?: number[];
}

/**
 * A bar or column chart over cells of its sheet: category labels in one range, each series' values
 * in another (ranges of the same length), drawn over a block of cells. The xlsx module writes it as
 * a DrawingML chart part (src/xlsx/chart.ts); the Office.js adapter draws it natively.
 */
export interface BarChartSpec {
  /** column: vertical bars; bar: horizontal bars. */
  type: 'column' | 'bar';
  grouping: 'clustered' | 'stacked' | 'percentStacked';
  title: string;
  /** A1 range of the category labels, e.g. A4:A6. */
  categories: string;
  /** Each series: its name and the A1 range of its values. */
  series: Array<{ name: string; values: string; colour?: string }>;
  /** Cells the chart covers, top-left and bottom-right (A1). */
  anchor: { from: string; to: string };
  /** Show each bar's value on it. */
  dataLabels?: boolean;
  valueAxisTitle?: string;
  /** Number format of the value axis and labels (0% for rates); the axis runs from 0 to `max` when given. */
  valueFormat?: string;
  max?: number;
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  /** Web-extension parts that make Excel open the add-in's pane with the file. */
  addin?: AddinReference;
  /** Document properties: title, subject, creator, and fixed created/modified dates for deterministic output. */
  properties?: { title?: string; subject?: string; creator?: string; created?: string; modified?: string };
}

/** A workbook as read back: values only, with merged ranges and sheet state. */
export interface SheetData {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Rectangular from A1; empty cells are null. Formula cells carry their cached value. */
  rows: CellValue[][];
  /** Merged ranges in A1 notation. */
  merges: string[];
  /** Cells that held a formula in the file, A1 addresses. */
  formulaCells: string[];
  /** Data validation lists found on the sheet, by A1 range. */
  validations: ListValidation[];
  /** 0-based rows and columns hidden in the file (a person does not see them); absent when none or unknown. */
  hiddenRows?: number[];
  hiddenColumns?: number[];
}

export interface WorkbookData {
  sheets: SheetData[];
  /** Modified time stored in the file's properties, ISO; undefined when absent. */
  modified?: string;
  creator?: string;
  /** The subject in the file's properties (进度通 writes 进度汇总 into its consolidations). */
  subject?: string;
  /** The document title in the file's properties, when it has one. */
  title?: string;
}

/** Characters a cell holds in Excel; longer text is cut there (Excel itself would refuse or repair the file). */
export const EXCEL_MAX_TEXT = 32767;

/** Code units that may make a text unsafe for a cell (any surrogate: a valid pair is told apart below). */
// eslint-disable-next-line no-control-regex
const MAYBE_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;

/**
 * Text as a cell may hold it: characters XML 1.0 cannot carry (control characters, lone surrogates,
 * the non-characters U+FFFE and U+FFFF, U+FDD0–U+FDEF) replaced by U+FFFD, and cut at
 * EXCEL_MAX_TEXT characters without splitting a surrogate pair. The checks report what is cut.
 */
export function excelSafeText(s: string): string {
  // Nearly every text has none of these: one native scan then, not a loop over its characters.
  if (s.length <= EXCEL_MAX_TEXT && !MAYBE_UNSAFE.test(s)) return s;
  let out: string[] | undefined;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let bad = false;
    let width = 1;
    if (c < 0x20) bad = c !== 0x09 && c !== 0x0a && c !== 0x0d;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        width = 2;
        // U+1FFFE, U+1FFFF, … U+10FFFF: the last two code points of each plane.
        bad = (c & 0x3f) === 0x3f && (d === 0xdffe || d === 0xdfff);
      } else bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) bad = true;
    else bad = c === 0xfffe || c === 0xffff || (c >= 0xfdd0 && c <= 0xfdef);
    if (bad) {
      (out ??= []).push(s.slice(from, i), '\uFFFD');
      from = i + width;
    }
    i += width - 1;
  }
  let text = out ? out.join('') + s.slice(from) : s;
  if (text.length > EXCEL_MAX_TEXT) {
    let end = EXCEL_MAX_TEXT;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    text = text.slice(0, end);
  }
  return text;
}

/** 0-based column index to letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based row and column to an A1 address. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}

/** Parses an A1 address to 0-based row and column. */
export function parseAddress(a1: string): { row: number; column: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(a1.toUpperCase());
  if (!m) return null;
  let column = 0;
  for (const ch of m[1]) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, column: column - 1 };
}

/** Text of a cell as a clerk sees it, trimmed; numbers and booleans as written. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  return String(v).trim();
}
