/**
 * A table that is also a document: the sheets of the 汇总 are printed and sent up, so each one
 * starts with a title and a line saying which list, which period and as of when; then the header
 * and the rows. Printed A4 landscape, one page wide, the header row on every page, 第 X 页 共 Y 页;
 * rows fit their text. Columns after the printed ones (file paths, task ids, codes: what an
 * office needs on screen to trace a row, not on paper) stay on screen only.
 */
import { fittedHeight, fittedLines, lineCount, LINE_HEIGHT, linesHeight } from './paper';
import { cellText, columnLetter, type CellStyle, type CellValue, type SheetSpec } from './workbook';

/** 0-based row of the header in a printed table; the title and its line are above it. */
export const TABLE_HEADER_ROW = 2;

export interface PrintedTableInput {
  name: string;
  title: string;
  /** The line under the title: list, period, dates. */
  subtitle: string;
  head: string[];
  rows: CellValue[][];
  /** Column widths in Excel's unit, one per header. */
  widths: number[];
  /** How many columns, from the left, print. */
  printed: number;
  /** Styles of data rows, by 0-based data row. */
  rowStyles?: Record<number, CellStyle>;
  /** Columns frozen at the left. */
  frozenColumns?: number;
  /** How many columns the title lines span (the printed ones by default; more when a chart prints beside the table). */
  titleColumns?: number;
  /**
   * Data rows a writer adds after `rows`, each with its style and fitted height (printedRowHeight),
   * as it writes the sheet: counted in the filter and the print area. The CLI's merge streams
   * the 汇总's rows so.
   */
  streamedRows?: number;
}

/** Excel's width of a column given none. */
const DEFAULT_WIDTH = 9;

const HEADER_STYLE: CellStyle = { bold: true, fill: 'header', wrap: true, border: true, align: 'center' };

/** Chinese date of an ISO date: 2019-06-25 → 2019年6月25日. */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** Estimated height of a merged line of text across `width` digit widths (Excel does not refit merged cells). */
function mergedHeight(text: string, width: number, size = 11): number {
  const scale = size / 11;
  return Math.ceil(lineCount(text, width / scale) * LINE_HEIGHT * scale + 6);
}

/**
 * The lines a data row of a printed table needs, from its column `from` on: `widths` are the
 * table's column widths, one per header. Empty cells need none.
 */
export function printedRowLines(row: CellValue[], widths: number[], from = 0): number {
  const cells: Array<[string, number]> = [];
  for (let c = from; c < row.length && c < widths.length; c++) {
    const v = row[c];
    if (v !== null && v !== '') cells.push([cellText(v), widths[c]]);
  }
  return fittedLines(cells);
}

/** The fitted height of a data row whose cells need `lines` lines. */
export function printedRowHeight(lines: number): number {
  return linesHeight(lines);
}

export function printedTable(t: PrintedTableInput): SheetSpec {
  const n = t.head.length;
  const last = columnLetter(n - 1);
  const span = t.titleColumns ?? t.printed;
  const lastTitle = columnLetter(span - 1);
  const lastPrinted = columnLetter(t.printed - 1);
  const titleWidth = Array.from({ length: span }, (_, c) => t.widths[c] ?? DEFAULT_WIDTH).reduce((a, b) => a + b, 0);
  const pad = (row: CellValue[], width = n): CellValue[] => [...row, ...new Array<CellValue>(Math.max(0, width - row.length)).fill(null)];
  // The title lines have a cell in every column they span, so that each writer styles the whole merged range alike.
  const rows: CellValue[][] = [
    pad([t.title], Math.max(n, span)),
    pad([t.subtitle], Math.max(n, span)),
    t.head,
    ...t.rows.map((r) => pad(r)),
  ];
  const rowStyles: Record<number, CellStyle> = {
    0: { bold: true, size: 16, align: 'center' },
    1: { align: 'left', wrap: true },
    [TABLE_HEADER_ROW]: HEADER_STYLE,
  };
  for (const [i, s] of Object.entries(t.rowStyles ?? {})) rowStyles[Number(i) + TABLE_HEADER_ROW + 1] = s;

  // Fitted heights of the data rows; the title lines are merged, so their heights are fixed here.
  const fitRows: Record<number, number> = {};
  const fitWidths = t.widths.slice(0, n);
  t.rows.forEach((row, i) => {
    fitRows[i + TABLE_HEADER_ROW + 1] = printedRowHeight(printedRowLines(row, fitWidths));
  });
  const headHeight = fittedHeight(t.head.map((h, c) => [h, t.widths[c]]));
  // The sheet's rows, those streamed after its own included.
  const height = rows.length + (t.streamedRows ?? 0);

  return {
    name: t.name,
    rows,
    rowStyles,
    columns: t.widths.map((width) => ({ width, wrap: true })),
    rowHeights: {
      0: mergedHeight(t.title, titleWidth, 16),
      1: mergedHeight(t.subtitle, titleWidth),
      [TABLE_HEADER_ROW]: headHeight,
    },
    fitRows,
    merges: [`A1:${lastTitle}1`, `A2:${lastTitle}2`],
    freeze: { rows: TABLE_HEADER_ROW + 1, columns: t.frozenColumns ?? 0 },
    autoFilter: `A${TABLE_HEADER_ROW + 1}:${last}${height}`,
    print: {
      landscape: true,
      fitToWidth: true,
      repeatRows: [TABLE_HEADER_ROW, TABLE_HEADER_ROW],
      area: `A1:${lastPrinted}${height}`,
      pageNumbers: true,
    },
  };
}
