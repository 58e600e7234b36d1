/**
 * The Office.js adapter: the only module that touches Excel.*. The task pane hands it plain data
 * (SheetSpec, finding cells) and gets plain data back (WorkbookData); everything that decides lives
 * in src/core. Every public function is one Excel.run with a fixed number of context.sync calls,
 * whatever the number of rows, files or findings:
 *
 *   readUsedRanges          3  (sheet list; each sheet's used-range size; the values, and the merged
 *                              areas of sheets small enough to hold at most 512) — plus 1 for the merged
 *                              areas of larger sheets, 1 more when a sheet has over 512 of them, and 1
 *                              when Excel on the web refuses the values' response as over 5 MB
 *   writeSheets             3  (probe names + build the new sheets; rename; delete the old ones), or
 *                           2 when no sheet of the same name exists — plus 1 per further 4 MB of data
 *   readThenWrite           6  (readUsedRanges + writeSheets in one Excel.run; 5 on a first write)
 *   selectCell              1
 *   markCells / clearMarks  2  (our record, protection and the marked cells' rules; then the change;
 *                              clearMarks with nothing marked: 1)
 *   addCompletionChart      1
 *   tagAutoOpen             1
 *   readPaneState / savePaneState  1
 *   openInNewWorkbook       0  (Excel.createWorkbook is not a batched request)
 *   On failure: +2 to remove the temporary sheets, or to undo a swap.
 *
 * Every Excel.run waits while the user is editing a cell (delayForCellEdit): a clerk who typed
 * progress and clicked without pressing Enter gets the action, not InvalidOperationInCellEditMode.
 *
 * API sets: the manifest asks only for ExcelApi 1.1 so that the add-in loads everywhere and the pane
 * can say why it cannot run; the pane needs ExcelApi 1.8 (src/taskpane/host.ts checks it at run
 * time: data validation 1.8, createWorkbook 1.8, getRangeByIndexes and sheet protection with a
 * password 1.7, custom conditional formats 1.6, getItemOrNullObject/getUsedRangeOrNullObject/
 * settings 1.4); 1.9 (auto filter, page layout), 1.13 (merged areas) and ExcelApiOnline 1.1
 * (isPasswordProtected) are used only when isSetSupported says so.
 *
 * Collections (worksheets.items, a range's conditional formats) are read only through
 * `collections`, `protectionAccess` and `conditionalFormatAccess`, which tests seed:
 * office-addin-mock does not model collections.
 */
import type { BarChartSpec, CellStyle, CellValue, Fill, SheetData, SheetSpec, WorkbookData } from '../core/workbook';
import { cellAddress, columnLetter, excelSafeText, parseAddress } from '../core/workbook';
import { MARGINS } from '../core/paper';

// ---------------------------------------------------------------------------------------------
// Limits and counters

/**
 * Excel on the web refuses a request (one context.sync) over 5 MB. Queued work is sent before it
 * would pass this budget, leaving room for the request's own envelope.
 */
export const REQUEST_BUDGET = 4_000_000;
/** Rough size in the request of one queued operation besides its data (object path, action, ids). */
const OP_BYTES = 250;
/** Excel keeps at most 32,767 characters in a cell; longer text would fail the whole request. */
const MAX_CELL_CHARS = 32767;
/** Where 清除标记 finds what 标记问题单元格 changed (a workbook setting, saved with the file). */
export const MARKS_SETTING = 'jindu.marks';
/** The fill of a marked cell. */
export const MARK_COLOR = '#FFC7CE';
const TEMP_PREFIX = 'jd~';

let syncCount = 0;

/** context.sync calls made by this module since the last reset (tests state them per action). */
export function syncsSoFar(): number {
  return syncCount;
}

export function resetSyncCount(): void {
  syncCount = 0;
}

/** The request context with its sync counted: every Excel.run of this module starts here. */
const countedContexts = new WeakSet<Excel.RequestContext>();
function counted(context: Excel.RequestContext): Excel.RequestContext {
  if (countedContexts.has(context)) return context;
  countedContexts.add(context);
  const send = context.sync.bind(context);
  context.sync = (<T>(passThroughValue?: T) => {
    syncCount++;
    return send(passThroughValue);
  }) as typeof context.sync;
  return context;
}

/** A message for the pane: Office.js errors carry English text and a code; the user gets Chinese. */
export class ExcelError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ExcelError';
  }
}

/** What was protected when an AccessDenied came back (the error itself does not say). */
type Protection = 'structure' | 'sheet' | 'unknown';

/**
 * The Chinese reason of an Office.js error, by its code (the list of "Error codes" in Microsoft's
 * "Error handling with the application-specific JavaScript APIs"); the English text is a last resort.
 */
export function reason(e: unknown, protection: Protection = 'unknown'): string {
  const code = (e as { code?: string } | null)?.code;
  const text = e instanceof Error ? e.message : String(e);
  if (code === 'ResponsePayloadSizeLimitExceeded') return '读取的数据超过 Excel 网页版一次能返回的上限（5 MB）';
  if (code === 'RequestPayloadSizeLimitExceeded' || /payload size/i.test(text))
    return '一次写入的数据超过 Excel 网页版一次能接收的上限（5 MB）';
  if (code === 'InvalidOperationInCellEditMode') return 'Excel 正在编辑单元格：请先按 Enter（或 Esc）结束编辑，再点此按钮';
  // A wrong or missing password answers InvalidArgument (as WorksheetProtection.pauseProtection documents).
  if (code === 'AccessDenied' || /protect/i.test(text) || (protection === 'sheet' && code === 'InvalidArgument')) {
    if (protection === 'structure') return '工作簿结构受保护，无法添加或删除工作表（请在“审阅 → 保护工作簿”中取消）';
    if (protection === 'sheet') return '工作表受保护，无法修改（请在“审阅 → 撤消工作表保护”中取消；设有密码的须输入密码）';
    return '工作表或工作簿结构受保护，无法修改（请在“审阅”选项卡中撤消工作表保护或取消保护工作簿）';
  }
  if (code === 'ItemNotFound') return '找不到指定的工作表或单元格';
  if (code === 'InvalidArgument') return 'Excel 拒绝了写入的内容';
  return text ? text.slice(0, 120) : '未知错误';
}

/**
 * One Excel.run of this module: counted syncs, and the batch waits while the user edits a cell
 * (Excel.RunOptions.delayForCellEdit; hosts that do not know it run at once and may answer
 * InvalidOperationInCellEditMode, which `reason` puts in Chinese).
 */
function run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  return Excel.run({ delayForCellEdit: true }, (context: Excel.RequestContext) => batch(counted(context)));
}

// ---------------------------------------------------------------------------------------------
// Requirement sets

/** True when the host supports ExcelApi `version` (checked at run time, never assumed). */
export function supportsExcelApi(version: string, set = 'ExcelApi'): boolean {
  try {
    return typeof Office !== 'undefined' && !!Office.context?.requirements?.isSetSupported(set, version);
  } catch {
    return false;
  }
}

/** The optional API sets this adapter uses, and what the pane does without each. */
export const OPTIONAL_SETS: ReadonlyArray<{ version: string; missing: string }> = [
  { version: '1.9', missing: '汇总表不加自动筛选，工作表不设打印区域、打印标题、页码和分页（ExcelApi 1.9）' },
  { version: '1.13', missing: '读取时不识别合并单元格，合并区域中只有左上角单元格有值（ExcelApi 1.13）' },
];

/** Chinese notes for the optional sets this host lacks (empty when it has them all). */
export function missingFeatureNotes(): string[] {
  return OPTIONAL_SETS.filter((s) => !supportsExcelApi(s.version)).map((s) => s.missing);
}

// ---------------------------------------------------------------------------------------------
// Collections: kept behind these small functions (office-addin-mock does not model collections;
// tests seed them)

export interface SheetHandle {
  name: string;
  visibility: string;
  sheet: Excel.Worksheet;
}

export const collections = {
  /** Queues loading of every worksheet's name and visibility; call the result after the next sync. */
  queueSheetList(context: Excel.RequestContext): () => SheetHandle[] {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/visibility');
    return () => sheets.items.map((s) => ({ name: s.name, visibility: s.visibility, sheet: s }));
  },
};

// ---------------------------------------------------------------------------------------------
// Reading

const VISIBILITY: Record<string, SheetData['state']> = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' };

/** A1 ranges in a RangeAreas address such as "'2019年第二季度'!A1:F1, '2019年第二季度'!A2:F2". */
export function rangesOfAddress(address: string): string[] {
  const out: string[] = [];
  const re = /!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)/g;
  for (let m = re.exec(address); m; m = re.exec(address)) out.push(m[1].replace(/\$/g, ''));
  return out;
}

/** The used range's values placed from A1, empty cells as null. */
function fromA1(values: unknown[][], rowIndex: number, columnIndex: number): CellValue[][] {
  const width = columnIndex + Math.max(0, ...values.map((r) => r.length));
  const rows: CellValue[][] = [];
  for (let r = 0; r < rowIndex; r++) rows.push(new Array<CellValue>(width).fill(null));
  for (const src of values) {
    const row = new Array<CellValue>(width).fill(null);
    src.forEach((v, c) => {
      row[columnIndex + c] =
        v === '' || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
    });
    rows.push(row);
  }
  return rows;
}

/**
 * Excel on the web refuses a response over 5 MB (ResponsePayloadSizeLimitExceeded), and any host
 * refuses reads of over 5,000,000 cells ("Resource limits and performance optimization for Office
 * Add-ins"). Values are read in one response, so the sheets read together stay under this many cells:
 * at 20 bytes a cell on average (an empty cell is 3, a number up to 20, a 工作进展 text of 30
 * characters about 100) that is 4 MB. A report of this product has a few thousand cells.
 */
export const READ_CELL_BUDGET = 200_000;
/** getMergedAreasOrNullObject fails on a range holding over 512 merged areas (Range reference). */
export const MERGED_AREAS_CAP = 512;
/** A range of this many cells or fewer cannot hold more than 512 merged areas (each covers two cells). */
const MERGE_SAFE_CELLS = MERGED_AREAS_CAP * 2;

/** A sheet left out of a read for its size, with the number of cells of its used range. */
export interface SkippedSheet {
  name: string;
  cells: number;
}

export interface ReadResult extends WorkbookData {
  /** Sheets not read because they are too large to read with the others (their rows are empty). */
  skipped?: SkippedSheet[];
}

/** Rectangles of at most `cap` cells covering rows × columns: whole rows where they fit. */
export function tiles(
  rows: number,
  columns: number,
  cap = MERGED_AREAS_CAP,
): Array<{ row: number; column: number; rows: number; columns: number }> {
  const width = Math.min(columns, cap);
  const height = Math.max(1, Math.floor(cap / width));
  const out: Array<{ row: number; column: number; rows: number; columns: number }> = [];
  for (let r = 0; r < rows; r += height) {
    for (let c = 0; c < columns; c += width)
      out.push({ row: r, column: c, rows: Math.min(height, rows - r), columns: Math.min(width, columns - c) });
  }
  return out;
}

function isOfficeCode(e: unknown, code: string): boolean {
  return (e as { code?: string } | null)?.code === code;
}

interface UsedProbe {
  s: SheetHandle;
  used: Excel.Range;
}

/**
 * The rows and columns (0-based, of the sheet) of a used range that no visible area covers: what
 * the clerk has hidden. `visible` is the address of getSpecialCells(visible) (ExcelApi 1.9), or
 * null when no cell of the range is visible.
 */
export function hiddenOfUsed(
  visible: string | null,
  used: { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number },
): { rows: number[]; columns: number[] } {
  const rowSeen = new Array<boolean>(used.rowCount).fill(false);
  const columnSeen = new Array<boolean>(used.columnCount).fill(false);
  for (const area of visible ? rangesOfAddress(visible) : []) {
    const [a, b = a] = area.split(':');
    const p = parseAddress(a);
    const q = parseAddress(b);
    if (!p || !q) continue;
    for (let r = Math.max(p.row, used.rowIndex); r <= Math.min(q.row, used.rowIndex + used.rowCount - 1); r++)
      rowSeen[r - used.rowIndex] = true;
    for (let c = Math.max(p.column, used.columnIndex); c <= Math.min(q.column, used.columnIndex + used.columnCount - 1); c++) {
      columnSeen[c - used.columnIndex] = true;
    }
  }
  return {
    rows: rowSeen.flatMap((seen, i) => (seen ? [] : [used.rowIndex + i])),
    columns: columnSeen.flatMap((seen, i) => (seen ? [] : [used.columnIndex + i])),
  };
}

async function readBook(context: Excel.RequestContext, only?: readonly string[], budget = READ_CELL_BUDGET): Promise<ReadResult> {
  const mergedAreas = supportsExcelApi('1.13');
  // Hidden rows and columns are not what the clerk sees (the reader skips them): asked with the values.
  const visibleCells = supportsExcelApi('1.9');
  // Phase 1: which sheets there are.
  const list = collections.queueSheetList(context);
  await context.sync();
  const wanted = list().filter((s) => !only || only.includes(s.name));

  // Phase 2: the size of every wanted sheet's used range (values only: formatting does not widen it).
  const probes: UsedProbe[] = wanted.map((s) => {
    const used = s.sheet.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    return { s, used };
  });
  await context.sync();
  const cellsOf = (p: UsedProbe) => (p.used.isNullObject ? 0 : p.used.rowCount * p.used.columnCount);

  // Phase 3: the values of the sheets that fit the budget together, smallest first (a big unrelated
  // sheet is left out, not the report), with the merged areas of the small ones.
  const choose = (limit: number) => {
    const chosen = new Set<UsedProbe>();
    let total = 0;
    for (const p of [...probes].filter((x) => !x.used.isNullObject).sort((a, b) => cellsOf(a) - cellsOf(b))) {
      if (total + cellsOf(p) > limit) continue;
      chosen.add(p);
      total += cellsOf(p);
    }
    return chosen;
  };
  const queueValues = (chosen: Set<UsedProbe>) =>
    [...chosen].map((p) => {
      p.used.load('values');
      let merges: Excel.RangeAreas | null = null;
      if (mergedAreas && cellsOf(p) <= MERGE_SAFE_CELLS) {
        merges = p.used.getMergedAreasOrNullObject();
        merges.load('address');
      }
      let visible: Excel.RangeAreas | null = null;
      if (visibleCells) {
        visible = p.used.getSpecialCellsOrNullObject('Visible');
        visible.load('address');
      }
      return { p, merges, visible };
    });
  let chosen = choose(budget);
  let reads = queueValues(chosen);
  try {
    await context.sync();
  } catch (e) {
    if (!isOfficeCode(e, 'ResponsePayloadSizeLimitExceeded')) throw e;
    // Long texts made the response pass 5 MB: once more with a quarter of the budget.
    chosen = choose(Math.floor(budget / 4));
    reads = queueValues(chosen);
    await context.sync();
  }
  const merges = new Map<UsedProbe, string[]>();
  for (const r of reads) if (r.merges) merges.set(r.p, r.merges.isNullObject ? [] : rangesOfAddress(r.merges.address));
  const hidden = new Map<UsedProbe, { rows: number[]; columns: number[] }>();
  for (const r of reads) if (r.visible) hidden.set(r.p, hiddenOfUsed(r.visible.isNullObject ? null : r.visible.address, r.p.used));

  // Phase 4 (larger sheets only): their merged areas, whole; if one holds over 512 (the request then
  // fails), phase 5 asks again in tiles of at most 512 cells, which cannot hold more.
  const large = mergedAreas ? [...chosen].filter((p) => !merges.has(p)) : [];
  if (large.length) {
    try {
      const whole = large.map((p) => {
        const m = p.used.getMergedAreasOrNullObject();
        m.load('address');
        return { p, m };
      });
      await context.sync();
      for (const { p, m } of whole) merges.set(p, m.isNullObject ? [] : rangesOfAddress(m.address));
    } catch {
      const parts = large.map((p) => ({
        p,
        areas: tiles(p.used.rowCount, p.used.columnCount).map((t) => {
          const m = p.s.sheet
            .getRangeByIndexes(p.used.rowIndex + t.row, p.used.columnIndex + t.column, t.rows, t.columns)
            .getMergedAreasOrNullObject();
          m.load('address');
          return m;
        }),
      }));
      await context.sync();
      for (const { p, areas } of parts) {
        merges.set(p, [...new Set(areas.flatMap((m) => (m.isNullObject ? [] : rangesOfAddress(m.address))))]);
      }
    }
  }

  const skipped: SkippedSheet[] = probes
    .filter((p) => !p.used.isNullObject && !chosen.has(p))
    .map((p) => ({ name: p.s.name, cells: cellsOf(p) }));
  const sheets: SheetData[] = probes.map((p) => {
    const sheet: SheetData = {
      name: p.s.name,
      state: VISIBILITY[p.s.visibility] ?? 'visible',
      rows: chosen.has(p) ? fromA1(p.used.values, p.used.rowIndex, p.used.columnIndex) : [],
      merges: merges.get(p) ?? [],
      // Formula text is not read (the reader only ever wants values); validations are not read either.
      formulaCells: [],
      validations: [],
    };
    const h = hidden.get(p);
    if (h?.rows.length) sheet.hiddenRows = h.rows;
    if (h?.columns.length) sheet.hiddenColumns = h.columns;
    return sheet;
  });
  return { sheets, skipped };
}

/**
 * Values of every sheet's used range (or only the sheets named), with merges and visibility: 3
 * syncs (see the top of this module for the size-aware extra ones).
 */
export async function readUsedRanges(options: { only?: readonly string[]; budget?: number } = {}): Promise<ReadResult> {
  try {
    return await run((context) => readBook(context, options.only, options.budget));
  } catch (e) {
    throw new ExcelError(`读取工作簿失败：${reason(e)}`, e);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing: sizes and batches

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 3;
  }
  return n;
}

/** About the JSON size of a 2D array of values or formats in the request. */
export function estimateBytes(rows: ReadonlyArray<ReadonlyArray<CellValue>>): number {
  let n = 2;
  for (const row of rows) {
    n += 3;
    // Quotes, comma, and a margin for escaped characters in text.
    for (const v of row) n += typeof v === 'string' ? Math.ceil(utf8Length(v) * 1.02) + 3 : v === null ? 3 : String(v).length + 1;
  }
  return Math.ceil(n);
}

/**
 * Rows cut into runs whose values and number formats stay under `budget` bytes together, so that
 * no single request passes Excel on the web's limit.
 */
export function chunkRows(rows: CellValue[][], formats: string[][], budget: number): Array<{ start: number; end: number; bytes: number }> {
  const chunks: Array<{ start: number; end: number; bytes: number }> = [];
  let start = 0;
  let bytes = 0;
  for (let r = 0; r < rows.length; r++) {
    const b = estimateBytes([rows[r]]) + estimateBytes([formats[r]]);
    if (r > start && bytes + b > budget) {
      chunks.push({ start, end: r, bytes });
      start = r;
      bytes = 0;
    }
    bytes += b;
  }
  if (rows.length > start) chunks.push({ start, end: rows.length, bytes });
  return chunks;
}

/**
 * Queued work with its estimated size: when the next operation would pass the budget, what is
 * queued is sent first. With the usual sizes (a template, a consolidation of a few hundred units)
 * nothing is sent early and the write stays at its fixed syncs.
 */
class Batch {
  private bytes = 0;
  constructor(
    private readonly context: Excel.RequestContext,
    readonly budget: number,
  ) {}

  async room(bytes: number): Promise<void> {
    if (this.bytes > 0 && this.bytes + bytes > this.budget) {
      // Works around the 5 MB request limit of Excel on the web: one sync per full budget, never per row.
      await this.context.sync();
      this.bytes = 0;
    }
    this.bytes += bytes;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing: cells

/** The same colours as the xlsx module (src/xlsx), as Office.js wants them. */
const FILL_COLOURS: Record<Fill, string> = {
  header: '#D9E2F3',
  title: '#FFFFFF',
  late: '#F8CBAD',
  missing: '#FFE699',
  warning: '#FFF2CC',
  ok: '#E2EFDA',
  extra: '#EDEDED',
};

export function fillColour(fill: Fill): string {
  return FILL_COLOURS[fill];
}

/** Text Excel would parse as a formula (= + - @) or eat as a text prefix (') when assigned to values. */
const FORMULA_START = /^[=+\-@']/;

/**
 * A value as assigned to range.values. Text never becomes a formula: every text cell is given the
 * Text number format (@) before its value (which also keeps "0754…" and "2019-06-20" as typed),
 * and text that Excel would still parse (= + - @ ') gets the apostrophe text prefix, which Excel
 * keeps out of the cell's value.
 */
export function literal(v: CellValue): string | number | boolean {
  if (v === null) return '';
  if (typeof v !== 'string') return v;
  // No characters a workbook cannot hold; at most MAX_CELL_CHARS, the checks having said what was cut.
  const safe = excelSafeText(v);
  const s = v.length > MAX_CELL_CHARS ? `${safe.slice(0, MAX_CELL_CHARS - 1)}…` : safe;
  return FORMULA_START.test(s) ? `'${s}` : s;
}

interface Grid {
  width: number;
  values: CellValue[][];
  formats: string[][];
  styles: (CellStyle | undefined)[][];
}

function grid(spec: SheetSpec): Grid {
  const width = Math.max(1, ...spec.rows.map((r) => r.length), spec.columns?.length ?? 0);
  const values = spec.rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? null));
  const styles = values.map((row, r) =>
    row.map((_, c) => {
      const rowStyle = spec.rowStyles?.[r];
      const cellStyle = spec.cellStyles?.[cellAddress(r, c)];
      return rowStyle || cellStyle ? { ...rowStyle, ...cellStyle } : undefined;
    }),
  );
  const formats = values.map((row, r) =>
    row.map((v, c) => (typeof v === 'string' ? '@' : (styles[r][c]?.numFmt ?? spec.columns?.[c]?.numFmt ?? 'General'))),
  );
  return { width, values, formats, styles };
}

interface StyleRun {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  style: CellStyle;
}

/** Cells with the same style gathered into rectangles: runs along each row, then equal runs down the rows. */
export function styleRuns(styles: (CellStyle | undefined)[][]): StyleRun[] {
  const key = (s: CellStyle | undefined) => (s ? JSON.stringify({ ...s, numFmt: undefined }) : '');
  const open = new Map<string, StyleRun>();
  const done: StyleRun[] = [];
  styles.forEach((row, r) => {
    const seen = new Set<string>();
    for (let c = 0; c < row.length;) {
      const k = key(row[c]);
      let e = c;
      while (e + 1 < row.length && key(row[e + 1]) === k) e++;
      if (k && k !== '{}') {
        const id = `${c}:${e}:${k}`;
        const run = open.get(id);
        if (run && run.r1 === r - 1) run.r1 = r;
        else {
          if (run) done.push(run);
          open.set(id, { r0: r, r1: r, c0: c, c1: e, style: row[c] as CellStyle });
        }
        seen.add(id);
      }
      c = e + 1;
    }
    for (const [id, run] of open) {
      if (!seen.has(id)) {
        done.push(run);
        open.delete(id);
      }
    }
  });
  return [...done, ...open.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
}

function rangeOf(r0: number, c0: number, r1: number, c1: number): string {
  const a = cellAddress(r0, c0);
  const b = cellAddress(r1, c1);
  return a === b ? a : `${a}:${b}`;
}

const ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;
const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const;

/** Operations one style run queues: the range, its format objects, and each property set. */
function styleCost(run: StyleRun): number {
  const s = run.style;
  const props = [s.bold, s.italic, s.size, s.fill, s.wrap, s.unlocked].filter((x) => x !== undefined).length + (s.align ? 2 : 0);
  return OP_BYTES * (3 + props + (s.border ? 18 : 0));
}

async function applyStyle(batch: Batch, ws: Excel.Worksheet, run: StyleRun): Promise<void> {
  const s = run.style;
  await batch.room(styleCost(run));
  const f = ws.getRange(rangeOf(run.r0, run.c0, run.r1, run.c1)).format;
  if (s.bold !== undefined) f.font.bold = s.bold;
  if (s.italic !== undefined) f.font.italic = s.italic;
  if (s.size !== undefined) f.font.size = s.size;
  if (s.fill) f.fill.color = FILL_COLOURS[s.fill];
  if (s.align) {
    f.horizontalAlignment = ALIGN[s.align];
    f.verticalAlignment = 'Center';
  }
  if (s.wrap !== undefined) f.wrapText = s.wrap;
  if (s.unlocked !== undefined) f.protection.locked = !s.unlocked;
  if (s.border) {
    const edges: Excel.BorderIndex[] = [...EDGES] as Excel.BorderIndex[];
    if (run.r1 > run.r0) edges.push('InsideHorizontal' as Excel.BorderIndex);
    if (run.c1 > run.c0) edges.push('InsideVertical' as Excel.BorderIndex);
    for (const edge of edges) {
      const border = f.borders.getItem(edge);
      border.style = 'Continuous';
      border.color = '#808080';
    }
  }
}

/** Consecutive runs [first, last] of the given row numbers. */
function runs(rows: number[]): Array<[number, number]> {
  const sorted = [...rows].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r === last[1] + 1) last[1] = r;
    else out.push([r, r]);
  }
  return out;
}

/** Excel's column width unit (characters of the default font) in points, as Office.js wants it. */
function widthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

interface Features {
  autoFilter: boolean;
  pageLayout: boolean;
}

/** Queues everything of one sheet spec onto a new, empty worksheet; protection comes last. */
async function queueSheet(batch: Batch, ws: Excel.Worksheet, spec: SheetSpec, features: Features): Promise<void> {
  const g = grid(spec);
  const lastCol = columnLetter(g.width - 1);

  // Columns first, so that wrapped text lays out in the final widths.
  for (const [i, c] of (spec.columns ?? []).entries()) {
    await batch.room(OP_BYTES * 2);
    const col = ws.getRange(`${columnLetter(i)}:${columnLetter(i)}`);
    col.format.columnWidth = widthPoints(c.width);
    if (c.hidden) col.columnHidden = true;
  }

  // Values: one 2D array per chunk (one chunk for any ordinary sheet); the Text format goes in first.
  for (const chunk of chunkRows(g.values, g.formats, batch.budget - OP_BYTES * 4)) {
    await batch.room(chunk.bytes + OP_BYTES * 3);
    const range = ws.getRange(`A${chunk.start + 1}:${lastCol}${chunk.end}`);
    range.numberFormat = g.formats.slice(chunk.start, chunk.end);
    range.values = g.values.slice(chunk.start, chunk.end).map((row) => row.map(literal));
  }

  // Column-wide wrap and unlocked cells over the written rows.
  if (g.values.length) {
    for (const [i, c] of (spec.columns ?? []).entries()) {
      if (!c.wrap && !c.unlocked) continue;
      await batch.room(OP_BYTES * 3);
      const col = ws.getRange(`${columnLetter(i)}1:${columnLetter(i)}${g.values.length}`);
      if (c.wrap) {
        col.format.wrapText = true;
        col.format.verticalAlignment = 'Top';
      }
      if (c.unlocked) col.format.protection.locked = false;
    }
  }

  for (const run of styleRuns(g.styles)) await applyStyle(batch, ws, run);

  // Rows that fit their text are sized by Excel itself (and stay so: AutoFit leaves the height Excel's, not custom).
  for (const [r0, r1] of runs(Object.keys(spec.fitRows ?? {}).map(Number))) {
    await batch.room(OP_BYTES);
    ws.getRange(`${r0 + 1}:${r1 + 1}`).format.autofitRows();
  }

  // Fixed row heights, consecutive equal heights together.
  const heights = Object.entries(spec.rowHeights ?? {})
    .map(([r, h]) => [Number(r), h] as const)
    .sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < heights.length;) {
    let j = i;
    while (j + 1 < heights.length && heights[j + 1][0] === heights[j][0] + 1 && heights[j + 1][1] === heights[i][1]) j++;
    await batch.room(OP_BYTES);
    ws.getRange(`${heights[i][0] + 1}:${heights[j][0] + 1}`).format.rowHeight = heights[i][1];
    i = j + 1;
  }

  for (const m of spec.merges ?? []) {
    await batch.room(OP_BYTES);
    ws.getRange(m).merge(false);
  }

  if (spec.freeze && (spec.freeze.rows || spec.freeze.columns)) {
    await batch.room(OP_BYTES);
    const { rows, columns } = spec.freeze;
    if (!columns) ws.freezePanes.freezeRows(rows);
    else if (!rows) ws.freezePanes.freezeColumns(columns);
    else ws.freezePanes.freezeAt(ws.getRange(`A1:${columnLetter(columns - 1)}${rows}`));
  }

  if (spec.autoFilter && features.autoFilter) {
    await batch.room(OP_BYTES);
    ws.autoFilter.apply(ws.getRange(spec.autoFilter));
  }

  for (const v of spec.validations ?? []) {
    await batch.room(OP_BYTES * 3);
    // The list is written inline ("已完成,推进中,未启动"), as in the xlsx module: it survives copying the sheet.
    const dv = ws.getRange(v.range).dataValidation;
    dv.rule = { list: { inCellDropDown: true, source: v.values.join(',') } };
    dv.errorAlert = { showAlert: true, style: 'Stop', title: '请从下拉列表中选择', message: `可选：${v.values.join('、')}` };
    if (v.prompt) dv.prompt = { showPrompt: true, title: '提示', message: v.prompt };
  }

  // Conditional formats are added lowest priority first: Excel puts each new rule on top.
  const formats = [...(spec.conditionalFormats ?? [])].sort((a, b) => b.priority - a.priority);
  for (const cf of formats) {
    await batch.room(OP_BYTES * 3);
    const added = ws.getRange(cf.range).conditionalFormats.add('Custom');
    added.custom.rule.formula = `=${cf.formula}`;
    added.custom.format.fill.color = FILL_COLOURS[cf.fill];
  }

  if (spec.print && features.pageLayout) {
    const p = spec.print;
    await batch.room(OP_BYTES * 12);
    const layout = ws.pageLayout;
    layout.orientation = p.landscape ? 'Landscape' : 'Portrait';
    layout.paperSize = 'A4';
    layout.centerHorizontally = true;
    layout.leftMargin = MARGINS.side;
    layout.rightMargin = MARGINS.side;
    layout.topMargin = MARGINS.topBottom;
    layout.bottomMargin = MARGINS.topBottom;
    // One page wide and as many tall as needed (0 = automatic, as fitToHeight in the file format).
    if (p.fitToWidth) layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    else if (p.scale) layout.zoom = { scale: p.scale };
    if (p.blackAndWhite) layout.blackAndWhite = true;
    if (p.area) layout.setPrintArea(p.area);
    if (p.repeatRows) layout.setPrintTitleRows(`$${p.repeatRows[0] + 1}:$${p.repeatRows[1] + 1}`);
    if (p.header) layout.headersFooters.defaultForAllPages.leftHeader = p.header.replace(/^&L/, '');
    if (p.footer) layout.headersFooters.defaultForAllPages.centerFooter = p.footer.replace(/^&C/, '');
    else if (p.pageNumbers) layout.headersFooters.defaultForAllPages.centerFooter = '第 &P 页 共 &N 页';
    if (p.repeatColumns) layout.setPrintTitleColumns(`$${columnLetter(p.repeatColumns[0])}:$${columnLetter(p.repeatColumns[1])}`);
    for (const r of p.pageBreaksBefore ?? []) ws.horizontalPageBreaks.add(`A${r + 1}`);
    for (const c of p.columnBreaks ?? []) ws.verticalPageBreaks.add(`${columnLetter(c)}1`);
  }

  for (const chart of spec.charts ?? []) {
    await batch.room(OP_BYTES * 10);
    const c = ws.charts.add(nativeChartType(chart), ws.getRange(chartSource(chart)), 'Columns');
    c.title.text = chart.title;
    c.legend.visible = chart.series.length > 1;
    // Horizontal bars in table order from the top (a bar chart draws the first category at the bottom).
    if (chart.type === 'bar') c.axes.categoryAxis.reversePlotOrder = true;
    if (chart.max !== undefined) c.axes.valueAxis.maximum = chart.max;
    if (chart.valueFormat) c.axes.valueAxis.numberFormat = chart.valueFormat;
    c.setPosition(chart.anchor.from, chart.anchor.to);
  }

  if (spec.protect) {
    await batch.room(OP_BYTES);
    // No password: the protection keeps catalog columns from accidental edits, it is not security.
    ws.protection.protect({
      allowFormatColumns: true,
      allowFormatRows: true,
      allowAutoFilter: true,
      // A unit reports work beyond the list in rows it inserts.
      allowInsertRows: true,
      allowDeleteRows: false,
    });
  }

  if (spec.state && spec.state !== 'visible') {
    await batch.room(OP_BYTES);
    ws.visibility = spec.state === 'veryHidden' ? 'VeryHidden' : 'Hidden';
  }
}

// ---------------------------------------------------------------------------------------------
// Writing: whole sheets, atomically

/** Office.js's chart type for a BarChartSpec. */
export function nativeChartType(chart: BarChartSpec): Excel.ChartType {
  const kind = chart.type === 'bar' ? 'Bar' : 'Column';
  const grouping = chart.grouping === 'stacked' ? 'Stacked' : chart.grouping === 'percentStacked' ? 'Stacked100' : 'Clustered';
  return `${kind}${grouping}` as Excel.ChartType;
}

/**
 * The block a native chart is made from: the categories' column and the series' columns, from the
 * header row above the categories (the series names) to their last row. The specs the product
 * writes keep their series in the columns right of the categories, under one header row.
 */
export function chartSource(chart: BarChartSpec): string {
  const [a, b = a] = chart.categories.split(':');
  const top = parseAddress(a);
  const bottom = parseAddress(b);
  if (!top || !bottom) throw new Error(`图表数据区域“${chart.categories}”无效`);
  const columns = chart.series.map((s) => parseAddress(s.values.split(':')[0])?.column ?? top.column);
  const right = Math.max(top.column, ...columns);
  return `${cellAddress(Math.max(0, top.row - 1), top.column)}:${cellAddress(bottom.row, right)}`;
}

export interface WritePlan {
  /** The sheets, each with its charts (SheetSpec.charts), drawn natively. */
  sheets: SheetSpec[];
  /** Further sheets to delete in the swap (a renamed copy of the report, say). */
  remove?: string[];
  /** The sheet shown when done; the first visible written sheet by default. */
  activate?: string;
}

export interface WriteOptions {
  /** Sheets of the same name are replaced (the only mode: writing never merges into a sheet). */
  replace: true;
  /** Request budget in bytes (tests make it small to see the chunking). */
  budget?: number;
}

export interface WriteResult {
  sheets: string[];
  /** context.sync calls this write made. */
  syncs: number;
  /** What was left out for lack of an API set, in Chinese. */
  notes: string[];
}

const SHEET_NAME_BAD = /[[\]:*?/\\]/;

function checkNames(plan: WritePlan): void {
  const seen = new Set<string>();
  for (const s of plan.sheets) {
    if (!s.name || s.name.length > 31 || SHEET_NAME_BAD.test(s.name) || /^'|'$/.test(s.name)) {
      throw new ExcelError(`工作表名称“${s.name}”不符合 Excel 的要求（不超过31个字符，不含 []:*?/\\）`);
    }
    const k = s.name.toLowerCase();
    if (seen.has(k)) throw new ExcelError(`工作表名称重复：${s.name}`);
    seen.add(k);
  }
}

function tempNames(count: number): string[] {
  const tag = Math.random().toString(36).slice(2, 8);
  return Array.from({ length: count }, (_, i) => `${TEMP_PREFIX}${tag}${i}`);
}

/**
 * Deletes whichever of the named sheets exist: 2 syncs, failure path only. Says whether the workbook's
 * structure is protected (ExcelApi 1.7), which is why adding sheets failed when it is.
 */
async function deleteIfPresent(context: Excel.RequestContext, names: string[]): Promise<boolean> {
  const probes = names.map((n) => {
    // isNullObject is known after the sync without a load.
    return context.workbook.worksheets.getItemOrNullObject(n);
  });
  const structure = context.workbook.protection;
  structure.load('protected');
  await context.sync();
  const structureProtected = structure.protected === true;
  for (const p of probes) {
    if (p.isNullObject) continue;
    // A very hidden sheet is made visible before it is deleted.
    p.visibility = 'Visible';
    p.delete();
  }
  await context.sync();
  return structureProtected;
}

async function writeBook(context: Excel.RequestContext, plan: WritePlan, options: WriteOptions): Promise<WriteResult> {
  checkNames(plan);
  const started = syncCount;
  const notes: string[] = [];
  const features: Features = { autoFilter: supportsExcelApi('1.9'), pageLayout: supportsExcelApi('1.9') };
  if (!features.autoFilter && plan.sheets.some((s) => s.autoFilter)) notes.push('此版本 Excel 不支持 ExcelApi 1.9：未添加自动筛选');
  const sheets = context.workbook.worksheets;
  const temps = tempNames(plan.sheets.length);
  const batch = new Batch(context, options.budget ?? REQUEST_BUDGET);

  // Phase 1: look up the sheets to be replaced, and build the new ones under temporary names.
  const targets = [...new Set([...plan.sheets.map((s) => s.name), ...(plan.remove ?? [])])];
  const probes = targets.map((name) => {
    const p = sheets.getItemOrNullObject(name);
    p.load('position');
    return { name, p };
  });
  const built: Excel.Worksheet[] = [];
  try {
    for (const [i, spec] of plan.sheets.entries()) {
      await batch.room(OP_BYTES);
      const ws = sheets.add(temps[i]);
      built.push(ws);
      await queueSheet(batch, ws, spec, features);
    }
    await context.sync();
  } catch (e) {
    // Nothing of the old workbook has changed yet: remove what was built and report.
    let structureProtected = false;
    try {
      structureProtected = await deleteIfPresent(context, temps);
    } catch {
      // The workbook is unreachable; the temporary sheets (named jd~…) may be deleted by hand.
    }
    throw new ExcelError(`写入工作表失败，工作簿未改动：${reason(e, structureProtected ? 'structure' : 'sheet')}`, e);
  }

  // Phase 2: the swap. The old sheets are renamed aside and the new ones take their names; the old
  // ones are only deleted in phase 3, so that a failure here can be undone completely.
  const existing = probes.filter((x) => !x.p.isNullObject);
  const positions = new Map(existing.map((x) => [x.name, x.p.position]));
  const tag = temps[0].slice(TEMP_PREFIX.length, TEMP_PREFIX.length + 6);
  const aside = new Map(existing.map((x, i) => [x.name, `${TEMP_PREFIX}old${i}${tag}`]));
  try {
    for (const x of existing) x.p.name = aside.get(x.name) as string;
    plan.sheets.forEach((spec, i) => {
      built[i].name = spec.name;
    });
    // Replaced sheets take their old sheet's place. Setting `position` moves a sheet to that index,
    // shifting the ones from there on by one; the old sheets are still there (deleted in phase 3), so
    // in ascending order each new sheet goes in front of its old one, which earlier moves have pushed
    // right by one each: old position + sheets placed so far.
    plan.sheets
      .map((spec, i) => ({ ws: built[i], at: positions.get(spec.name) }))
      .filter((x): x is { ws: Excel.Worksheet; at: number } => x.at !== undefined)
      .sort((a, b) => a.at - b.at)
      .forEach((x, placed) => {
        x.ws.position = x.at + placed;
      });
    const show = plan.activate ?? plan.sheets.find((s) => !s.state || s.state === 'visible')?.name;
    const i = plan.sheets.findIndex((s) => s.name === show);
    if (i >= 0) built[i].activate();
    await context.sync();
  } catch (e) {
    await undoSwap(context, plan, temps, aside).catch(() => undefined);
    throw new ExcelError(`替换工作表失败，已恢复原工作表：${reason(e)}`, e);
  }

  // Phase 3: the old sheets go (a very hidden one is made visible first, in case the host refuses to delete it).
  if (existing.length) {
    try {
      for (const x of existing) {
        x.p.visibility = 'Visible';
        x.p.delete();
      }
      await context.sync();
    } catch {
      notes.push(`新工作表已写入，但旧工作表未能删除：可手动删除名称以 ${TEMP_PREFIX}old 开头的工作表`);
    }
  }
  return { sheets: plan.sheets.map((s) => s.name), syncs: syncCount - started, notes };
}

/**
 * After a failed swap: the new sheets gone and the old ones back under their names, whichever
 * rename the swap stopped at (2 syncs, failure path only). The old sheets were not deleted yet.
 */
async function undoSwap(context: Excel.RequestContext, plan: WritePlan, temps: string[], aside: Map<string, string>): Promise<void> {
  const sheets = context.workbook.worksheets;
  const specs = plan.sheets.map((spec, i) => ({
    temp: sheets.getItemOrNullObject(temps[i]),
    target: sheets.getItemOrNullObject(spec.name),
  }));
  const olds = [...aside].map(([name, a]) => ({ name, old: sheets.getItemOrNullObject(a) }));
  await context.sync();
  const drop = (ws: Excel.Worksheet) => {
    ws.visibility = 'Visible';
    ws.delete();
  };
  for (const x of specs) {
    // Still under its temporary name, or already under the target name (which the old sheet had left).
    if (!x.temp.isNullObject) drop(x.temp);
    else if (!x.target.isNullObject) drop(x.target);
  }
  for (const o of olds) if (!o.old.isNullObject) o.old.name = o.name;
  await context.sync();
}

/**
 * Writes whole sheets into the open workbook, replacing sheets of the same names. Atomic: the new
 * sheets are built under temporary names first; the old ones are only touched once all of that has
 * succeeded, and only deleted once the new ones hold their names. 3 syncs (2 when nothing is
 * replaced), plus 1 per further 4 MB of data.
 */
export async function writeSheets(specs: SheetSpec[], options: WriteOptions, extra: Omit<WritePlan, 'sheets'> = {}): Promise<WriteResult> {
  try {
    return await run((context) => writeBook(context, { ...extra, sheets: specs }, options));
  } catch (e) {
    throw e instanceof ExcelError ? e : new ExcelError(`写入失败：${reason(e)}`, e);
  }
}

/**
 * Reads the workbook, lets `decide` (pure: the engine) turn what is there into the sheets to
 * write, and writes them, in one Excel.run: 6 syncs (5 when nothing is replaced). `decide` may throw a Chinese Error to stop
 * before anything is written, or return null to write nothing.
 */
export async function readThenWrite(
  decide: (book: WorkbookData) => WritePlan | null,
  options: WriteOptions & { only?: readonly string[] },
): Promise<WriteResult | null> {
  try {
    return await run(async (context) => {
      const book = await readBook(context, options.only);
      const plan = decide(book);
      return plan ? writeBook(context, plan, options) : null;
    });
  } catch (e) {
    throw e instanceof ExcelError || !isOfficeError(e) ? e : new ExcelError(`操作失败：${reason(e)}`, e);
  }
}

function isOfficeError(e: unknown): boolean {
  return typeof (e as { code?: unknown } | null)?.code === 'string';
}

// ---------------------------------------------------------------------------------------------
// Cells: select, mark, clear

/** Shows a cell: its sheet activated and the cell selected (1 sync). */
export async function selectCell(sheet: string, address: string): Promise<void> {
  try {
    await run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await context.sync();
    });
  } catch (e) {
    throw new ExcelError(`无法定位到 ${sheet}!${address}：${reason(e)}`, e);
  }
}

export interface CellRef {
  sheet: string;
  cell: string;
}

/**
 * Marked cells, in a workbook setting (Excel.SettingCollection, saved with the file). `color` is set
 * only in records of earlier versions, which filled the cells: 清除标记 puts that fill back.
 */
interface MarkRecord {
  cells: Array<{ sheet: string; cell: string; color?: string | null }>;
}

/**
 * The rule of a mark: a conditional format on the one cell, always true, on top of the others and
 * stopping them. Conditional formats take precedence over a cell's own fill ("Apply conditional
 * formatting to Excel ranges"), so a direct fill would stay hidden under the template's rules for
 * late rows and empty progress; this rule is what turns the cell pink. The formula is how 清除标记
 * finds it again (ids are not kept across sessions).
 */
export const MARK_FORMULA = '=ISTEXT("进度通标记")';

function readRecord(value: unknown): MarkRecord {
  let v = value;
  if (typeof value === 'string') {
    try {
      v = JSON.parse(value);
    } catch {
      v = null;
    }
  }
  const cells = (v as MarkRecord | null)?.cells;
  return {
    cells: Array.isArray(cells)
      ? cells.filter((c) => c && typeof c.sheet === 'string' && typeof c.cell === 'string' && parseAddress(c.cell))
      : [],
  };
}

const key = (c: CellRef) => `${c.sheet}!${c.cell}`;

function restoreFill(range: Excel.Range, color: string | null): void {
  // Office.js reports "no fill" as white: white goes back to no fill.
  if (!color || color.toUpperCase() === '#FFFFFF') range.format.fill.clear();
  else range.format.fill.color = color;
}

export interface SheetProtection {
  protected: boolean;
  /** Known only where ExcelApiOnline 1.1 is supported (Excel on the web); undefined elsewhere. */
  passwordProtected?: boolean;
  options: Excel.WorksheetProtectionOptions;
  protection: Excel.WorksheetProtection;
}

/** Sheet protections by name, with the collection access kept in one seedable place. */
export const protectionAccess = {
  /** Queues loading of every sheet's name and protection; call the result after the next sync. */
  queue(context: Excel.RequestContext): () => Map<string, SheetProtection> {
    const sheets = context.workbook.worksheets;
    const password = supportsExcelApi('1.1', 'ExcelApiOnline');
    sheets.load(`items/name,items/protection/protected,items/protection/options${password ? ',items/protection/isPasswordProtected' : ''}`);
    return () =>
      new Map(
        sheets.items.map((s) => [
          s.name,
          {
            protected: s.protection.protected,
            passwordProtected: password ? s.protection.isPasswordProtected : undefined,
            options: s.protection.options,
            protection: s.protection,
          },
        ]),
      );
  },
};

/** A cell's conditional formats: their ids and, for custom ones, the formula (to find our marks). */
export const conditionalFormatAccess = {
  queue(range: Excel.Range): () => Array<{ id: string; formula: string | null }> {
    const formats = range.conditionalFormats;
    formats.load('items/id,items/type,items/customOrNullObject/rule/formula');
    return () =>
      formats.items.map((f) => ({
        id: f.id,
        formula: f.type === 'Custom' && !f.customOrNullObject.isNullObject ? f.customOrNullObject.rule.formula : null,
      }));
  },
};

const isMarkRule = (formula: string | null) => !!formula && formula.replace(/\s+/g, '').toUpperCase() === MARK_FORMULA.toUpperCase();

/**
 * Changes on each sheet with the sheet unprotected for just that change, sheet by sheet: a sheet
 * that cannot be unprotected (a password) stops the request there, and every sheet before it is
 * already protected again. Sheets known to have a password are left out and returned.
 */
function sheetBySheet(protections: Map<string, SheetProtection>, sheets: string[], change: (sheet: string) => void): string[] {
  const locked: string[] = [];
  for (const name of sheets) {
    const p = protections.get(name);
    if (p?.protected && p.passwordProtected) {
      locked.push(name);
      continue;
    }
    if (p?.protected) p.protection.unprotect();
    change(name);
    if (p?.protected) p.protection.protect(p.options);
  }
  return locked;
}

export interface MarkResult {
  /** Cells marked. */
  marked: number;
  /** Sheets left as they were because they are protected with a password (Chinese note below). */
  locked: string[];
  notes: string[];
}

function lockedNote(locked: string[]): string[] {
  return locked.length
    ? [`工作表“${locked.join('”“')}”设有密码保护，其中的问题单元格未标记（请在“审阅 → 撤消工作表保护”中输入密码后再标记）`]
    : [];
}

/**
 * 标记问题单元格: each finding's cell gets a mark rule (see MARK_FORMULA) and is recorded in a
 * workbook setting so that 清除标记 removes exactly those: 3 syncs. Marks of an earlier run that
 * are not findings now are removed. Cell fills are not touched.
 */
export async function markCells(cells: CellRef[]): Promise<MarkResult> {
  let touchedProtected = false;
  try {
    return await run(async (context) => {
      const wb = context.workbook;
      // Phase 1: our earlier record and every sheet's protection.
      const setting = wb.settings.getItemOrNullObject(MARKS_SETTING);
      setting.load('value');
      const protections = protectionAccess.queue(context);
      await context.sync();

      // Phase 2: the conditional formats of the cells marked before and of the cells to mark.
      const sheets = protections();
      const earlier = setting.isNullObject ? [] : readRecord(setting.value).cells.filter((c) => sheets.has(c.sheet));
      const now = [...new Map(cells.filter((c) => sheets.has(c.sheet) && parseAddress(c.cell)).map((c) => [key(c), c])).values()];
      const all = [...new Map([...earlier, ...now].map((c) => [key(c), c])).values()];
      const rules = new Map(all.map((c) => [key(c), conditionalFormatAccess.queue(wb.worksheets.getItem(c.sheet).getRange(c.cell))]));
      await context.sync();

      // Phase 3: the record first (so that whatever is done below can be undone), then sheet by sheet.
      const nowKeys = new Set(now.map(key));
      const legacy = new Map(earlier.filter((c) => c.color !== undefined).map((c) => [key(c), c.color ?? null]));
      const touched = [...new Set(all.map((c) => c.sheet))];
      const locked = touched.filter((n) => sheets.get(n)?.protected && sheets.get(n)?.passwordProtected);
      touchedProtected = touched.some((n) => sheets.get(n)?.protected);
      const kept = [...now.filter((c) => !locked.includes(c.sheet)), ...earlier.filter((c) => locked.includes(c.sheet))];
      const record: MarkRecord = {
        cells: kept.map((c) =>
          legacy.has(key(c)) ? { sheet: c.sheet, cell: c.cell, color: legacy.get(key(c)) } : { sheet: c.sheet, cell: c.cell },
        ),
      };
      if (record.cells.length) wb.settings.add(MARKS_SETTING, JSON.stringify(record));
      else if (!setting.isNullObject) setting.delete();
      sheetBySheet(sheets, touched, (sheet) => {
        for (const c of all.filter((x) => x.sheet === sheet)) {
          const range = wb.worksheets.getItem(c.sheet).getRange(c.cell);
          const ours = (rules.get(key(c)) as () => Array<{ id: string; formula: string | null }>)().filter((f) => isMarkRule(f.formula));
          if (nowKeys.has(key(c))) {
            if (ours.length) continue; // already marked
            const rule = range.conditionalFormats.add('Custom');
            rule.custom.rule.formula = MARK_FORMULA;
            rule.custom.format.fill.color = MARK_COLOR;
            rule.stopIfTrue = true;
            rule.priority = 0;
          } else {
            for (const f of ours) range.conditionalFormats.getItem(f.id).delete();
            if (legacy.has(key(c))) restoreFill(range, legacy.get(key(c)) ?? null);
          }
        }
      });
      await context.sync();
      const marked = now.filter((c) => !locked.includes(c.sheet)).length;
      return { marked, locked, notes: lockedNote(locked) };
    });
  } catch (e) {
    throw new ExcelError(`标记失败：${reason(e, touchedProtected ? 'sheet' : 'unknown')}`, e);
  }
}

/** 清除标记: removes the marks of the record, and nothing else: 3 syncs (1 with nothing marked). Returns the cells cleared. */
export async function clearMarks(): Promise<MarkResult> {
  let touchedProtected = false;
  try {
    return await run(async (context) => {
      const wb = context.workbook;
      const setting = wb.settings.getItemOrNullObject(MARKS_SETTING);
      setting.load('value');
      const protections = protectionAccess.queue(context);
      await context.sync();
      if (setting.isNullObject) return { marked: 0, locked: [], notes: [] };
      const sheets = protections();
      // Cells of sheets deleted since are skipped.
      const cells = readRecord(setting.value).cells.filter((c) => sheets.has(c.sheet));
      const rules = cells.map((c) => conditionalFormatAccess.queue(wb.worksheets.getItem(c.sheet).getRange(c.cell)));
      await context.sync();

      const touched = [...new Set(cells.map((c) => c.sheet))];
      touchedProtected = touched.some((n) => sheets.get(n)?.protected);
      const locked = sheetBySheet(sheets, touched, (sheet) => {
        cells.forEach((c, i) => {
          if (c.sheet !== sheet) return;
          const range = wb.worksheets.getItem(c.sheet).getRange(c.cell);
          for (const f of rules[i]().filter((x) => isMarkRule(x.formula))) range.conditionalFormats.getItem(f.id).delete();
          if (c.color !== undefined) restoreFill(range, c.color);
        });
      });
      const left = cells.filter((c) => locked.includes(c.sheet));
      if (left.length) wb.settings.add(MARKS_SETTING, JSON.stringify({ cells: left }));
      else setting.delete();
      await context.sync();
      return { marked: cells.length - left.length, locked, notes: lockedNote(locked) };
    });
  } catch (e) {
    throw new ExcelError(`清除标记失败：${reason(e, touchedProtected ? 'sheet' : 'unknown')}`, e);
  }
}

// ---------------------------------------------------------------------------------------------
// Charts and new workbooks

/** A bar chart of the range (categories, then values) on the sheet: 1 sync. */
export async function addCompletionChart(sheet: string, range: string, title = '各单位任务完成率'): Promise<void> {
  try {
    await run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      const c = ws.charts.add('BarClustered', ws.getRange(range), 'Columns');
      c.title.text = title;
      c.legend.visible = false;
      c.axes.categoryAxis.reversePlotOrder = true;
      await context.sync();
    });
  } catch (e) {
    throw new ExcelError(`添加图表失败：${reason(e)}`, e);
  }
}

/**
 * Excel on the web sends Excel.createWorkbook's file inside one request, and refuses requests over
 * 5 MB (RequestPayloadSizeLimitExceeded, "Resource limits and performance optimization for Office
 * Add-ins"): base64 of more than this many characters (a file of about 3.6 MB) is not sent there.
 */
export const CREATE_WORKBOOK_WEB_LIMIT = 4_800_000;

function onTheWeb(): boolean {
  try {
    return typeof Office !== 'undefined' && Office.context?.diagnostics?.platform === Office.PlatformType.OfficeOnline;
  } catch {
    return false;
  }
}

/**
 * Opens an .xlsx (base64) as a new workbook. Task-pane webviews do not reliably support downloads,
 * so the result goes through Excel.createWorkbook (ExcelApi 1.8) instead: 0 syncs. On Excel on the
 * web a file too large for one request is not sent: 'too-large' tells the pane to offer a download
 * (a download works there: the pane is a page in the browser).
 */
export async function openInNewWorkbook(base64: string): Promise<'opened' | 'too-large'> {
  if (!supportsExcelApi('1.8')) throw new ExcelError('此版本 Excel 不支持新建工作簿（需要 ExcelApi 1.8）');
  if (onTheWeb() && base64.length > CREATE_WORKBOOK_WEB_LIMIT) return 'too-large';
  try {
    await Excel.createWorkbook(base64);
    return 'opened';
  } catch (e) {
    if (isOfficeCode(e, 'RequestPayloadSizeLimitExceeded')) return 'too-large';
    throw new ExcelError(`无法在新工作簿中打开：${reason(e)}`, e);
  }
}

/**
 * Tags the open workbook so that Excel opens this pane with it from now on
 * (Office.AutoShowTaskpaneWithDocument, AddInCommands 1.1; the manifest's button uses that
 * TaskpaneId): 1 sync. Written through Excel.SettingCollection, the same store as the marks record:
 * Office.context.document.settings keeps an in-memory copy loaded when the pane opened, and its
 * saveAsync writes that whole copy back ("Persist add-in state and settings"), which would drop a
 * marks record written since, or bring back one cleared since. Best effort: a host that refuses
 * leaves the workbook untagged, and the template still works without the pane.
 */
export async function tagAutoOpen(): Promise<boolean> {
  try {
    await run(async (context) => {
      context.workbook.settings.add('Office.AutoShowTaskpaneWithDocument', true);
      await context.sync();
    });
    return true;
  } catch {
    return false;
  }
}

/** Where the pane keeps the office's list, period and 截至日期 in the workbook (Excel.SettingCollection, as the marks record). */
export const PANE_STATE_SETTING = 'jindu.pane';

/** The pane's remembered state in this workbook, or null (1 sync). Unreadable JSON counts as none. */
export async function readPaneState(): Promise<unknown> {
  return run(async (context) => {
    const setting = context.workbook.settings.getItemOrNullObject(PANE_STATE_SETTING);
    setting.load('value');
    await context.sync();
    if (setting.isNullObject || typeof setting.value !== 'string' || !setting.value) return null;
    try {
      return JSON.parse(setting.value) as unknown;
    } catch {
      return null;
    }
  });
}

/** Keeps the pane's state in this workbook (1 sync); saved with the workbook. */
export async function savePaneState(state: unknown): Promise<void> {
  await run(async (context) => {
    context.workbook.settings.add(PANE_STATE_SETTING, JSON.stringify(state));
    await context.sync();
  });
}
