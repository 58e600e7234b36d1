/**
 * Writing a WorkbookSpec's sheets into an ExcelJS workbook, shared by the in-memory writer
 * (index.ts, Node and the browser) and Node's streaming writer (writeStream.ts): styles, values
 * made safe for the file, sheet and print settings, document properties, and the package finished
 * (parts.ts, zipPatch.ts). ExcelJS itself is only a type here, so that each writer loads only the
 * part of ExcelJS it uses.
 */
import type ExcelJS from 'exceljs';
import type { CellStyle, CellValue, ColumnSpec, Fill, PrintSpec, SheetSpec, WorkbookSpec } from '../core/workbook';
import { cellAddress, columnLetter, excelSafeText } from '../core/workbook';
import { packageEdits } from './parts';
import { addWebExtension } from './webExtension';
import { patchPackage } from './zipPatch';

const FILL_COLOURS: Record<Fill, string> = {
  header: 'FFD9E2F3',
  title: 'FFFFFFFF',
  late: 'FFF8CBAD',
  missing: 'FFFFE699',
  warning: 'FFFFF2CC',
  ok: 'FFE2EFDA',
  extra: 'FFEDEDED',
};

export function fillArgb(fill: Fill): string {
  return FILL_COLOURS[fill];
}

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };

function applyStyle(cell: Partial<ExcelJS.Style>, style: CellStyle): void {
  if (style.bold || style.size || style.italic) {
    cell.font = { ...(cell.font ?? {}), bold: style.bold, size: style.size, italic: style.italic, name: '宋体' };
  }
  if (style.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL_COLOURS[style.fill] } };
  if (style.align || style.wrap !== undefined) {
    cell.alignment = { ...(cell.alignment ?? {}), horizontal: style.align, vertical: 'middle', wrapText: style.wrap };
  }
  if (style.border) cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
  if (style.unlocked !== undefined) cell.protection = { locked: !style.unlocked };
  if (style.numFmt) cell.numFmt = style.numFmt;
}

/** A cell's style from its column, its row's style and its own, in that order. */
function composeStyle(
  column: ColumnSpec | undefined,
  rowStyle: CellStyle | undefined,
  cellStyle: CellStyle | undefined,
  hasValue: boolean,
): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {};
  if (column?.wrap) style.alignment = { wrapText: true, vertical: 'top' };
  if (column?.unlocked) style.protection = { locked: false };
  if (column?.numFmt && hasValue) style.numFmt = column.numFmt;
  if (rowStyle) applyStyle(style, rowStyle);
  if (cellStyle) applyStyle(style, cellStyle);
  return style;
}

/**
 * Text is written as text: a value such as "=1+1" from a return stays a literal string. It is made
 * safe for the file first (excelSafeText: no characters XML cannot hold, at most 32,767), and a
 * literal _xHHHH_ is escaped as _x005F_xHHHH_, as Excel writes it, so that it reads back as typed.
 */
function toExcelValue(v: CellValue): ExcelJS.CellValue {
  if (v === null) return null;
  if (typeof v === 'string') return escapeLiteralEscapes(excelSafeText(v));
  return v;
}

export function escapeLiteralEscapes(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_') : s;
}

/** ExcelJS's data validations by cell, which both its in-memory and its streaming worksheets keep. */
interface WithValidations {
  dataValidations: { add(address: string, rule: ExcelJS.DataValidation): void };
}

/** Rows written between two pauses of the streaming writer (see writeStream.ts). */
export const ROWS_PER_STEP = 2000;

/**
 * Writes one plain row (text, numbers and empty cells, each with its style object, no merged cell
 * or page break in it) straight into a streaming worksheet, as ExcelJS would write it; false when
 * it cannot, and the row is then written through ExcelJS's row and cell objects (writeStream.ts).
 */
export type PlainRowWriter = (
  ws: ExcelJS.Worksheet,
  r: number,
  values: ExcelJS.CellValue[],
  styles: Array<Partial<ExcelJS.Style>>,
  height: number | undefined,
) => boolean;

/** A sheet being written: its rows one at a time, in order, then what follows them. */
export interface SheetWriter {
  ws: ExcelJS.Worksheet;
  /**
   * Writes the sheet's row `r` (0-based) with its style and height (the sheet's own rows take
   * theirs from the spec); when streaming, the row is written out at once.
   */
  row(r: number, values: CellValue[], rowStyle?: CellStyle, height?: number): void;
  /** Merges (in memory), filter, validations, conditional formats and protection, after the last row. */
  end(): ExcelJS.Worksheet;
}

/**
 * Starts a sheet in an ExcelJS workbook: in memory, or streaming (ExcelJS's WorkbookWriter, see
 * writeStream.ts), where each row is written out once made and merges come before any row.
 */
export function openSheet(
  wb: ExcelJS.Workbook,
  spec: SheetSpec,
  streaming: boolean,
  /** Called with the new worksheet before any row is written. */
  started?: (ws: ExcelJS.Worksheet) => void,
  plainRow?: PlainRowWriter,
): SheetWriter {
  const ws = wb.addWorksheet(spec.name, {
    state: spec.state ?? 'visible',
    views: spec.freeze ? [{ state: 'frozen', xSplit: spec.freeze.columns, ySplit: spec.freeze.rows }] : undefined,
    pageSetup: spec.print ? pageSetup(spec.print) : undefined,
    headerFooter: headerFooter(spec.print),
  });
  started?.(ws);
  (spec.columns ?? []).forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.hidden) col.hidden = true;
  });
  if (streaming) for (const m of spec.merges ?? []) ws.mergeCells(m);
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  const breaks = spec.print?.pageBreaksBefore?.length ? new Set(spec.print.pageBreaksBefore.map((r) => r - 1)) : undefined;
  // Merged before any row when streaming: a value set on a merged cell other than the top-left one
  // would then land on the top-left cell, so those are left alone.
  const covered = streaming && spec.merges?.length ? new Set(spec.merges.flatMap((m) => expandRange(m).slice(1))) : undefined;
  // Rows that hold a merged cell, a cell of its own style or a page break go through ExcelJS's objects.
  const special = new Set<number>([...(breaks ?? [])]);
  for (const a of [...(covered ?? []), ...Object.keys(spec.cellStyles ?? {})]) {
    const m = /(\d+)$/.exec(a);
    if (m) special.add(Number(m[1]) - 1);
  }
  const styleOf = (c: number, v: CellValue, rowKey: string, rowStyle: CellStyle | undefined, cellStyle: CellStyle | undefined) => {
    // Cells alike share one style object: ExcelJS then finds the style by identity instead of
    // rendering it again for each of a 汇总's hundreds of thousands of cells. Nothing edits a style after this.
    const key = `${c}|${typeof v}|${rowKey}|${cellStyle ? JSON.stringify(cellStyle) : ''}`;
    let style = styles.get(key);
    if (!style) styles.set(key, (style = composeStyle(spec.columns?.[c], rowStyle, cellStyle, v !== null)));
    return style;
  };
  // The same style objects for plain rows, found without making a key for every cell.
  const plainStyles = new Map<string, Array<Partial<ExcelJS.Style> | undefined>>();
  const TYPE_SLOT: Record<string, number> = { object: 0, string: 1, number: 2, boolean: 3 };
  const row = (r: number, values: CellValue[], rowStyle?: CellStyle, height?: number) => {
    const rowKey = rowStyle ? JSON.stringify(rowStyle) : '';
    if (plainRow && !special.has(r)) {
      let slots = plainStyles.get(rowKey);
      if (!slots) plainStyles.set(rowKey, (slots = []));
      const cellStyles = values.map((v, c) => {
        const at = c * 4 + TYPE_SLOT[typeof v];
        return (slots[at] ??= styleOf(c, v, rowKey, rowStyle, undefined));
      });
      if (plainRow(ws, r, values.map(toExcelValue), cellStyles, height)) return;
    }
    const line = ws.getRow(r + 1);
    values.forEach((v, c) => {
      const cell = line.getCell(c + 1);
      if (!covered?.has(cellAddress(r, c))) cell.value = toExcelValue(v);
      cell.style = styleOf(c, v, rowKey, rowStyle, spec.cellStyles?.[cellAddress(r, c)]);
    });
    if (height) line.height = height;
    if (breaks?.has(r)) line.addPageBreak();
    if (streaming) line.commit();
  };
  const end = () => {
    if (!streaming) for (const m of spec.merges ?? []) ws.mergeCells(m);
    if (spec.autoFilter) ws.autoFilter = spec.autoFilter;
    for (const v of spec.validations ?? []) {
      // The list is written inline ("a,b,c"): it survives copying the sheet to another workbook.
      for (const addr of expandRange(v.range)) {
        (ws as unknown as WithValidations).dataValidations.add(addr, {
          type: 'list',
          allowBlank: true,
          formulae: [`"${v.values.join(',')}"`],
          showInputMessage: !!v.prompt,
          prompt: v.prompt,
          showErrorMessage: true,
          errorTitle: '请从下拉列表中选择',
          error: `可选：${v.values.join('、')}`,
        });
      }
    }
    for (const cf of spec.conditionalFormats ?? []) {
      ws.addConditionalFormatting({
        ref: cf.range,
        rules: [
          {
            type: 'expression',
            priority: cf.priority,
            formulae: [cf.formula],
            style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: FILL_COLOURS[cf.fill] } } },
          },
        ],
      });
    }
    if (spec.protect) {
      // No password: the protection keeps catalog columns from accidental edits, it is not security.
      void ws.protect('', {
        selectLockedCells: true,
        selectUnlockedCells: true,
        formatColumns: true,
        formatRows: true,
        autoFilter: true,
        sort: false,
        // A unit reports work beyond the list in rows it inserts; rows holding locked cells cannot be deleted anyway.
        insertRows: true,
        deleteRows: false,
      });
    }
    return ws;
  };
  return { ws, row, end };
}

/**
 * Writes a spec's sheet in steps: in memory (one step), or streaming, where the writer pauses every
 * ROWS_PER_STEP rows so that the zip can take what is written.
 */
export function* sheetSteps(
  wb: ExcelJS.Workbook,
  spec: SheetSpec,
  streaming: boolean,
  started?: (ws: ExcelJS.Worksheet) => void,
): Generator<ExcelJS.Worksheet, ExcelJS.Worksheet> {
  const sheet = openSheet(wb, spec, streaming, started);
  for (let r = 0; r < spec.rows.length; r++) {
    // A fitted row is written with its estimated height too; parts.ts takes away the mark that makes it fixed.
    sheet.row(r, spec.rows[r], spec.rowStyles?.[r], spec.rowHeights?.[r] ?? spec.fitRows?.[r]);
    if (streaming && r % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield sheet.ws;
  }
  return sheet.end();
}

/** Writes a sheet into an in-memory ExcelJS workbook. */
export function writeSheet(wb: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet {
  const steps = sheetSteps(wb, spec, false);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** 第 X 页 共 Y 页, centred (&P the page, &N the pages). */
export const PAGE_NUMBERS = '&C第 &P 页 共 &N 页';

/**
 * ExcelJS's page setup for a sheet: A4, the orientation, one page wide. ExcelJS writes the print
 * area's defined name as '$' + start + ':$' + end, so rows are made absolute here ($A$1:$F$30):
 * LibreOffice ignores a print area with relative rows.
 */
function pageSetup(print: PrintSpec): Partial<ExcelJS.PageSetup> {
  const area = print.area ? /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(print.area.replace(/\$/g, '')) : null;
  return {
    paperSize: 9, // A4
    orientation: print.landscape ? 'landscape' : 'portrait',
    fitToPage: print.fitToWidth,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    blackAndWhite: !!print.blackAndWhite,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printArea: area ? `${area[1]}$${area[2]}:${area[3]}$${area[4]}` : undefined,
    printTitlesRow: print.repeatRows ? `${print.repeatRows[0] + 1}:${print.repeatRows[1] + 1}` : undefined,
    printTitlesColumn: print.repeatColumns ? `${columnLetter(print.repeatColumns[0])}:${columnLetter(print.repeatColumns[1])}` : undefined,
    scale: print.scale,
  };
}

/** The page header and footer: the spec's own codes, or 第 X 页 共 Y 页 when it asks for page numbers. */
function headerFooter(print: PrintSpec | undefined): Partial<ExcelJS.HeaderFooter> | undefined {
  if (!print) return undefined;
  const footer = print.footer ?? (print.pageNumbers ? PAGE_NUMBERS : undefined);
  if (!print.header && !footer) return undefined;
  return { oddHeader: print.header, oddFooter: footer };
}

function expandRange(range: string): string[] {
  const [a, b] = range.split(':');
  if (!b) return [a];
  const m1 = /^([A-Z]+)(\d+)$/.exec(a);
  const m2 = /^([A-Z]+)(\d+)$/.exec(b);
  if (!m1 || !m2) return [a];
  const out: string[] = [];
  const c1 = colNumber(m1[1]);
  const c2 = colNumber(m2[1]);
  for (let r = Number(m1[2]); r <= Number(m2[2]); r++) for (let c = c1; c <= c2; c++) out.push(cellAddress(r - 1, c - 1));
  return out;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const EPOCH = new Date(Date.UTC(2000, 0, 1));

/** Document properties; their dates default to a fixed epoch so the same spec gives the same bytes. */
export function setProperties(wb: ExcelJS.Workbook, spec: WorkbookSpec): void {
  const p = spec.properties ?? {};
  wb.creator = p.creator ?? '进度通';
  wb.lastModifiedBy = p.creator ?? '进度通';
  wb.title = p.title ?? '';
  wb.subject = p.subject ?? '';
  wb.created = p.created ? new Date(p.created) : EPOCH;
  wb.modified = p.modified ? new Date(p.modified) : EPOCH;
}

/**
 * The written package finished: what ExcelJS cannot write added (fitted rows, charts: parts.ts),
 * every entry stamped with the workbook's modified time so that the same spec gives the same
 * bytes, and, when the spec asks, the add-in's web-extension parts. `fitted` names the sheets whose
 * fitted rows the writer already wrote as such.
 */
export function finishPackage(bytes: Uint8Array, spec: WorkbookSpec, modified: Date, fitted: ReadonlySet<string> = new Set()): Uint8Array {
  const stamped = patchPackage(bytes, (read) => packageEdits(spec, fitted, read), modified);
  return spec.addin ? addWebExtension(stamped, spec.addin, modified) : stamped;
}
