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
  /** Charts drawn over the sheet. */
  charts?: ChartSpec[];
}

/** How a sheet prints: always A4. */
export interface PrintSpec {
  landscape: boolean;
  fitToWidth: boolean;
  /** 0-based first and last row repeated at the top of every page. */
  repeatRows?: [number, number];
  /** The printed range (A1:F30); columns right of it stay on screen only. The whole sheet when absent. */
  area?: string;
  /** 第 X 页 共 Y 页 centred in the page footer. */
  pageNumbers?: boolean;
  /** Print in black and white (Excel, WPS): cell fills and conditional formats do not print. */
  blackAndWhite?: boolean;
  /** 0-based rows that begin a new printed page. */
  pageBreaksBefore?: number[];
}

/** A bar chart of one series over a block of the sheet: categories in its first column, values in its second, names on its first row. */
export interface ChartSpec {
  /** A1 range of the block, header row included (A3:B30). */
  range: string;
  title: string;
  /** The cells the chart covers: top-left and bottom-right. */
  position: [string, string];
  /** Number format of the value axis (0% for rates); the axis runs from 0 to `max` when given. */
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
}

export interface WorkbookData {
  sheets: SheetData[];
  /** Modified time stored in the file's properties, ISO; undefined when absent. */
  modified?: string;
  creator?: string;
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
