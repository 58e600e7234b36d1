/**
 * The Office.js adapter: the only module that touches Excel.*. The task pane hands it plain data
 * (SheetSpec, finding cells) and gets plain data back (WorkbookData); everything that decides lives
 * in src/core. Every public function is one Excel.run with a fixed number of context.sync calls,
 * whatever the number of rows, files or findings:
 *
 *   readUsedRanges          2  (sheet list; values and merged areas of every sheet)
 *   writeSheets             3  (probe names + build the new sheets; rename; delete the old ones), or
 *                           2 when no sheet of the same name exists — plus 1 per further 4 MB of data
 *   readThenWrite           5  (readUsedRanges + writeSheets in one Excel.run; 4 on a first write)
 *   selectCell              1
 *   markCells / clearMarks  2  (current fills, protection and our record; then the fills; clearMarks
 *                              with nothing marked: 1)
 *   addCompletionChart      1
 *   openInNewWorkbook       0  (Excel.createWorkbook is not a batched request)
 *   On failure: +2 to remove the temporary sheets, or to undo a swap.
 *
 * API sets: ExcelApi 1.8 is required by the manifest (data validation 1.8, createWorkbook 1.8,
 * and below it getItemOrNullObject/getUsedRangeOrNullObject/settings 1.4, custom conditional
 * formats 1.6, freeze panes and chart axes 1.7, protection and formats 1.2); 1.9 (auto filter,
 * page layout) and 1.13 (merged areas) are used only when isSetSupported says so.
 *
 * Collections (worksheets.items) are read only through `collections` and `protectionAccess`, which
 * tests seed: office-addin-mock does not model collections.
 */
import type { CellStyle, CellValue, Fill, SheetData, SheetSpec, WorkbookData } from '../core/workbook';
import { cellAddress, columnLetter, parseAddress } from '../core/workbook';
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

function reason(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  const text = e instanceof Error ? e.message : String(e);
  if (code === 'RequestPayloadSizeLimitExceeded' || /payload size/i.test(text)) return '一次写入的数据超过 Excel 的请求大小限制';
  if (code === 'AccessDenied' || /protect/i.test(text)) return '工作簿或工作表受保护，无法修改（请先取消“保护工作簿结构”）';
  if (code === 'ItemNotFound') return '找不到指定的工作表或单元格';
  if (code === 'InvalidArgument') return 'Excel 拒绝了写入的内容';
  return text ? text.slice(0, 120) : '未知错误';
}

// ---------------------------------------------------------------------------------------------
// Requirement sets

/** True when the host supports ExcelApi `version` (checked at run time, never assumed). */
export function supportsExcelApi(version: string): boolean {
  try {
    return typeof Office !== 'undefined' && !!Office.context?.requirements?.isSetSupported('ExcelApi', version);
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

async function readBook(context: Excel.RequestContext, only?: readonly string[]): Promise<WorkbookData> {
  const mergedAreas = supportsExcelApi('1.13');
  // Phase 1: which sheets there are.
  const list = collections.queueSheetList(context);
  await context.sync();
  const wanted = list().filter((s) => !only || only.includes(s.name));

  // Phase 2: every wanted sheet's used range (values only: formatting does not widen it) and its
  // merged areas, in one request.
  const reads = wanted.map((s) => {
    const used = s.sheet.getUsedRangeOrNullObject(true);
    used.load('values,rowIndex,columnIndex');
    let merges: Excel.RangeAreas | null = null;
    if (mergedAreas) {
      merges = s.sheet.getRange().getMergedAreasOrNullObject();
      merges.load('address');
    }
    return { s, used, merges };
  });
  await context.sync();

  const sheets: SheetData[] = reads.map(({ s, used, merges }) => ({
    name: s.name,
    state: VISIBILITY[s.visibility] ?? 'visible',
    rows: used.isNullObject ? [] : fromA1(used.values, used.rowIndex, used.columnIndex),
    merges: merges && !merges.isNullObject ? rangesOfAddress(merges.address) : [],
    // Formula text is not read (the reader only ever wants values); validations are not read either.
    formulaCells: [],
    validations: [],
  }));
  return { sheets };
}

/** Values of every sheet's used range (or only the sheets named), with merges and visibility: 2 syncs. */
export async function readUsedRanges(options: { only?: readonly string[] } = {}): Promise<WorkbookData> {
  try {
    return await Excel.run((context) => readBook(counted(context), options.only));
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
  const s = v.length > MAX_CELL_CHARS ? `${v.slice(0, MAX_CELL_CHARS - 1)}…` : v;
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
    if (p.fitToWidth) layout.zoom = { horizontalFitToPages: 1 };
    if (p.blackAndWhite) layout.blackAndWhite = true;
    if (p.area) layout.setPrintArea(p.area);
    if (p.repeatRows) layout.setPrintTitleRows(`$${p.repeatRows[0] + 1}:$${p.repeatRows[1] + 1}`);
    if (p.pageNumbers) layout.headersFooters.defaultForAllPages.centerFooter = '第 &P 页 共 &N 页';
    for (const r of p.pageBreaksBefore ?? []) ws.horizontalPageBreaks.add(`A${r + 1}`);
  }

  for (const chart of spec.charts ?? []) {
    await batch.room(OP_BYTES * 10);
    const c = ws.charts.add('BarClustered', ws.getRange(chart.range), 'Columns');
    c.title.text = chart.title;
    c.legend.visible = false;
    // Bars in table order from the top (a bar chart draws the first category at the bottom).
    c.axes.categoryAxis.reversePlotOrder = true;
    if (chart.max !== undefined) c.axes.valueAxis.maximum = chart.max;
    if (chart.valueFormat) c.axes.valueAxis.numberFormat = chart.valueFormat;
    c.setPosition(chart.position[0], chart.position[1]);
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

/** Deletes whichever of the named sheets exist: 2 syncs, failure path only. */
async function deleteIfPresent(context: Excel.RequestContext, names: string[]): Promise<void> {
  const probes = names.map((n) => {
    // isNullObject is known after the sync without a load.
    return context.workbook.worksheets.getItemOrNullObject(n);
  });
  await context.sync();
  for (const p of probes) {
    if (p.isNullObject) continue;
    // A very hidden sheet is made visible before it is deleted.
    p.visibility = 'Visible';
    p.delete();
  }
  await context.sync();
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
    try {
      await deleteIfPresent(context, temps);
    } catch {
      // The workbook is unreachable; the temporary sheets (named jd~…) may be deleted by hand.
    }
    throw new ExcelError(`写入工作表失败，工作簿未改动：${reason(e)}`, e);
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
    // Replaced sheets keep their place; positions are set in ascending order so they do not disturb each other.
    plan.sheets
      .map((spec, i) => ({ ws: built[i], at: positions.get(spec.name) }))
      .filter((x): x is { ws: Excel.Worksheet; at: number } => x.at !== undefined)
      .sort((a, b) => a.at - b.at)
      .forEach((x) => {
        x.ws.position = x.at;
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
    return await Excel.run((context) => writeBook(counted(context), { ...extra, sheets: specs }, options));
  } catch (e) {
    throw e instanceof ExcelError ? e : new ExcelError(`写入失败：${reason(e)}`, e);
  }
}

/**
 * Reads the workbook, lets `decide` (pure: the engine) turn what is there into the sheets to
 * write, and writes them, in one Excel.run: 5 syncs (4 when nothing is replaced). `decide` may throw a Chinese Error to stop
 * before anything is written, or return null to write nothing.
 */
export async function readThenWrite(
  decide: (book: WorkbookData) => WritePlan | null,
  options: WriteOptions & { only?: readonly string[] },
): Promise<WriteResult | null> {
  try {
    return await Excel.run(async (ctx) => {
      const context = counted(ctx);
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
    await Excel.run(async (ctx) => {
      const context = counted(ctx);
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

interface MarkRecord {
  cells: Array<{ sheet: string; cell: string; color: string | null }>;
}

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

/**
 * Runs `change` with the sheets it touches unprotected, and protects them again with the options
 * they had: a template's catalog cells are locked, and fills cannot change on a protected sheet.
 */
function withUnprotected(protections: Map<string, SheetProtection>, sheets: Set<string>, change: () => void): void {
  const touched = [...sheets].map((n) => protections.get(n)).filter((p): p is SheetProtection => !!p?.protected);
  for (const p of touched) p.protection.unprotect();
  change();
  for (const p of touched) p.protection.protect(p.options);
}

export interface SheetProtection {
  protected: boolean;
  options: Excel.WorksheetProtectionOptions;
  protection: Excel.WorksheetProtection;
}

/** Sheet protections by name, with the collection access kept in one seedable place. */
export const protectionAccess = {
  /** Queues loading of every sheet's name and protection; call the result after the next sync. */
  queue(context: Excel.RequestContext): () => Map<string, SheetProtection> {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/protection/protected,items/protection/options');
    return () =>
      new Map(
        sheets.items.map((s) => [s.name, { protected: s.protection.protected, options: s.protection.options, protection: s.protection }]),
      );
  },
};

/**
 * Fills the cells of findings (标记问题单元格) and records their fills in a workbook setting so
 * that 清除标记 puts back exactly what was there: 2 syncs. Marks from an earlier run are cleared
 * first. Returns the number of cells marked.
 */
export async function markCells(cells: CellRef[]): Promise<number> {
  try {
    return await Excel.run(async (ctx) => {
      const context = counted(ctx);
      const wb = context.workbook;
      // Phase 1: our earlier record, each cell's fill, and every sheet's protection.
      const setting = wb.settings.getItemOrNullObject(MARKS_SETTING);
      setting.load('value');
      const protections = protectionAccess.queue(context);
      const unique = [...new Map(cells.filter((c) => parseAddress(c.cell)).map((c) => [key(c), c])).values()];
      const fills = unique.map((c) => {
        const range = wb.worksheets.getItem(c.sheet).getRange(c.cell);
        range.format.fill.load('color');
        return { ...c, range };
      });
      await context.sync();

      // Phase 2: earlier marks restored (a cell marked again keeps its first original), new marks set.
      const sheets = protections();
      const earlier = setting.isNullObject ? [] : readRecord(setting.value).cells.filter((c) => sheets.has(c.sheet));
      const originals = new Map(earlier.map((c) => [key(c), c.color]));
      const now = new Set(fills.map(key));
      const record: MarkRecord = {
        cells: fills.map((f) => ({
          sheet: f.sheet,
          cell: f.cell,
          color: originals.has(key(f)) ? (originals.get(key(f)) ?? null) : f.range.format.fill.color,
        })),
      };
      const touched = new Set([...earlier.map((c) => c.sheet), ...fills.map((f) => f.sheet)]);
      withUnprotected(sheets, touched, () => {
        for (const c of earlier) if (!now.has(key(c))) restoreFill(wb.worksheets.getItem(c.sheet).getRange(c.cell), c.color);
        for (const f of fills) f.range.format.fill.color = MARK_COLOR;
      });
      if (fills.length) wb.settings.add(MARKS_SETTING, JSON.stringify(record));
      else if (!setting.isNullObject) setting.delete();
      await context.sync();
      return fills.length;
    });
  } catch (e) {
    throw new ExcelError(`标记失败：${reason(e)}`, e);
  }
}

/** Puts back the fills of the cells 标记问题单元格 changed, and nothing else: 2 syncs. Returns the number of cells restored. */
export async function clearMarks(): Promise<number> {
  try {
    return await Excel.run(async (ctx) => {
      const context = counted(ctx);
      const wb = context.workbook;
      const setting = wb.settings.getItemOrNullObject(MARKS_SETTING);
      setting.load('value');
      const protections = protectionAccess.queue(context);
      await context.sync();
      if (setting.isNullObject) return 0;
      const sheets = protections();
      // Cells of sheets deleted since are skipped.
      const cells = readRecord(setting.value).cells.filter((c) => sheets.has(c.sheet));
      withUnprotected(sheets, new Set(cells.map((c) => c.sheet)), () => {
        for (const c of cells) restoreFill(wb.worksheets.getItem(c.sheet).getRange(c.cell), c.color);
      });
      setting.delete();
      await context.sync();
      return cells.length;
    });
  } catch (e) {
    throw new ExcelError(`清除标记失败：${reason(e)}`, e);
  }
}

// ---------------------------------------------------------------------------------------------
// Charts and new workbooks

/** A bar chart of the range (categories, then values) on the sheet: 1 sync. */
export async function addCompletionChart(sheet: string, range: string, title = '各单位任务完成率'): Promise<void> {
  try {
    await Excel.run(async (ctx) => {
      const context = counted(ctx);
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
 * Opens an .xlsx (base64) as a new workbook. Task-pane webviews do not reliably support downloads,
 * so the result goes through Excel.createWorkbook (ExcelApi 1.8) instead: 0 syncs.
 */
export async function openInNewWorkbook(base64: string): Promise<void> {
  if (!supportsExcelApi('1.8')) throw new ExcelError('此版本 Excel 不支持新建工作簿（需要 ExcelApi 1.8）');
  try {
    await Excel.createWorkbook(base64);
  } catch (e) {
    throw new ExcelError(`无法在新工作簿中打开：${reason(e)}`, e);
  }
}

/**
 * Tags the open workbook so that Excel opens this pane with it from now on
 * (Office.AutoShowTaskpaneWithDocument, AddInCommands 1.1; the manifest's button uses that
 * TaskpaneId). Best effort: a host without document settings leaves the workbook untagged, and the
 * template still works without the pane.
 */
export function tagAutoOpen(): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const settings = Office.context.document.settings;
      settings.set('Office.AutoShowTaskpaneWithDocument', true);
      settings.saveAsync((r) => resolve(r.status === Office.AsyncResultStatus.Succeeded));
    } catch {
      resolve(false);
    }
  });
}
