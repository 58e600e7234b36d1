/**
 * Paper: how the sheets the product writes fall onto A4 pages. Column widths are in Excel's unit
 * (characters of the default font's digits, 7 px at 96 dpi for Calibri 11); row heights in points.
 * The estimates here are what a row needs in Excel with a Chinese font (宋体 or 等线 11 pt: a
 * Chinese character is 11 pt wide, two digit widths; a line is 14.25 pt): Excel and WPS refit rows
 * themselves, LibreOffice draws the height it is given, and its Chinese fonts are no wider, so
 * an estimate made for Excel shows the whole text everywhere.
 */

/** A4 in points. */
export const A4 = { width: 841.9, height: 595.3 } as const;
/** Page margins the xlsx module and the Office.js adapter set, in points (0.4 in left and right, 0.6 in top and bottom). */
export const MARGINS = { side: 28.8, topBottom: 43.2 } as const;

/** Printable width and height of an A4 page, in points. */
export function printableArea(landscape: boolean): { width: number; height: number } {
  const [w, h] = landscape ? [A4.width, A4.height] : [A4.height, A4.width];
  return { width: w - 2 * MARGINS.side, height: h - 2 * MARGINS.topBottom };
}

/** A column's width in points, as Excel lays it out (7 px per digit width plus 5 px of padding, at 0.75 pt per px). */
export function columnPoints(width: number): number {
  return (width * 7 + 5) * 0.75;
}

/** The width of a text in digit widths: Chinese and other full-width characters count two. */
export function displayWidth(s: string): number {
  // By code unit, not regex: a province's 汇总 measures hundreds of thousands of rows.
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue; // the second half of a surrogate pair
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xd800 && c <= 0xdbff) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

/** Digit widths of text one line of a wrapped cell holds: its width less the cell's padding, in 11 pt 宋体 half-width characters (7.33 px). */
function lineCapacity(width: number): number {
  return Math.max(1, Math.floor((width * 7 + 2) / 7.33));
}

/** Lines a text takes in a wrapped cell `width` wide. */
export function lineCount(text: string, width: number): number {
  const usable = lineCapacity(width);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

/** A line of 11 pt 宋体 or 等线 in Excel (19 px). */
export const LINE_HEIGHT = 14.25;
const ROW_PADDING = 4;
/** Excel's largest row height. */
export const MAX_ROW_HEIGHT = 409;

/** The lines a row needs to show each of its wrapped cells whole: `cells` are [text, column width] pairs. */
export function fittedLines(cells: Array<[string, number]>, minLines = 1): number {
  let lines = minLines;
  for (const [text, width] of cells) lines = Math.max(lines, text ? lineCount(text, width) : 1);
  return lines;
}

/** The height of a row of `lines` lines of text. */
export function linesHeight(lines: number): number {
  // Excel keeps row heights in whole pixels (0.75 pt).
  return Math.min(MAX_ROW_HEIGHT, Math.ceil((lines * LINE_HEIGHT + ROW_PADDING) / 0.75) * 0.75);
}

/** The height a row needs to show each of its wrapped cells whole: `cells` are [text, column width] pairs. */
export function fittedHeight(cells: Array<[string, number]>, minLines = 1): number {
  return linesHeight(fittedLines(cells, minLines));
}

/**
 * Where pages begin when rows of these heights are printed: row i goes on the page it starts
 * unless it does not fit below what is there, and every page after the first begins with the
 * repeated rows (`repeat`, their height). Returns each row's 0-based page.
 */
export function pagesOf(heights: number[], pageHeight: number, repeat: number, breaksBefore: ReadonlySet<number> = new Set()): number[] {
  const pages: number[] = [];
  let page = 0;
  let used = 0;
  heights.forEach((h, i) => {
    if (i > 0 && (breaksBefore.has(i) || used + h > pageHeight)) {
      page++;
      used = repeat;
    }
    used += h;
    pages.push(page);
  });
  return pages;
}

/** How one application lays a sheet's rows onto pages: the scale it shrinks the table to and the body height of a page, in points. */
export interface PageView {
  scale: number;
  height: number;
}

/**
 * How Excel and LibreOffice print columns of these widths one page wide. Excel lays a digit
 * width out at 5.25 pt and leaves the page's body between the margins; LibreOffice takes Excel's
 * width unit as 7 pt, so it shrinks the same table (and its rows) more, and its page footer
 * (0.3 in, of which 0.147 in spacing, inside the bottom margin's place) leaves the body a little
 * taller (both measured on LibreOffice 7.4's conversion of our templates).
 */
export function pageViews(widths: number[], landscape: boolean): PageView[] {
  const area = printableArea(landscape);
  const excel = Math.min(1, area.width / widths.reduce((a, w) => a + columnPoints(w), 0));
  const libre = Math.min(1, area.width / widths.reduce((a, w) => a + w * 7, 0));
  return [
    { scale: excel, height: area.height },
    { scale: libre, height: area.height + 0.147 * 72 },
  ];
}

/**
 * A page break that keeps rows `first`…`last` (the last row of a table and the lines under it)
 * on one page: the row to break before, or undefined when they already share a page, or cannot.
 * The pages are worked out for each of `views` (Excel's, LibreOffice's), with `slack` points to
 * spare for fonts that differ, and the rows kept together if they part in any.
 */
export function keepTogether(
  heights: number[],
  first: number,
  last: number,
  page: { repeat: number; slack?: number; views: PageView[] },
): number | undefined {
  const slack = page.slack ?? 0;
  const block = heights.slice(first, last + 1).reduce((a, b) => a + b, 0);
  if (first === 0) return undefined;
  for (const { scale, height } of page.views) {
    if ((page.repeat + block) * scale + slack > height) continue;
    const scaled = heights.map((h, i) => (i === last ? h * scale + slack : h * scale));
    const pages = pagesOf(scaled, height, page.repeat * scale);
    if (pages[first] !== pages[last]) return first;
  }
  return undefined;
}
