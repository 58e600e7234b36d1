/**
 * Reading a workbook's values from its parts: the guard has checked the file and inflated the parts
 * (bounded), saxes parses their XML, and only what the engine uses is kept: each sheet's values,
 * merged ranges, formula cells and dropdown lists, and the file's modified time and author.
 *
 * Why not ExcelJS, which writes our workbooks: loading builds its whole model (a cell object with
 * style for every cell, every part of the package) and took about three quarters of a merge's time;
 * a return's values need a fraction of that. Values come out as ExcelJS gave them: a formula's cached
 * result, rich text as its plain text, numbers in a date format as ISO dates.
 */
import { unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { CellValue, ListValidation, SheetData, WorkbookData } from '../core/workbook';
import { cellAddress, parseAddress } from '../core/workbook';
import type { MergeInput } from '../core/consolidation';
import { readReturn } from '../core/returnReader';
import { ConsolidationFormatError, readConsolidation } from '../core/consolidationReader';
import type { ConsolidationRecord } from '../core/consolidationRecord';
import { corrupt, DEFAULT_LIMITS, isSheetPart, type ReadLimits, UnreadableFileError, type WorkbookParts, workbookParts } from './guard';
import { textDecoder } from './text';

// ---------------------------------------------------------------------------------------------
// XML

interface XmlHandler {
  open?(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

const UTF8 = textDecoder('utf-8');

/** Characters handed to the parser at a time: the part is never held as one string, and the clock is looked at between pieces. */
const PARSE_CHUNK = 1 << 20;

/** Local name of a possibly prefixed XML name (x:c → c): some writers prefix the SpreadsheetML namespace. */
function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Parses a part in pieces (Excel and WPS write UTF-8; a byte-order mark may say UTF-16, as some
 * converters write). Past `deadline` (ms since the epoch) the file is refused as too large to be a
 * report: parsing is bounded in time as the guard bounds it in bytes.
 */
function parseXml(bytes: Uint8Array, part: string, h: XmlHandler, deadline = Infinity): void {
  const parser = new SaxesParser();
  if (h.open) {
    const open = h.open;
    parser.on('opentag', (node: SaxesTagPlain) => open(local(node.name), node.attributes as Record<string, string>));
  }
  if (h.text) parser.on('text', h.text);
  if (h.close) {
    const close = h.close;
    parser.on('closetag', (node: SaxesTagPlain) => close(local(node.name)));
  }
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const start = utf16 ? 2 : 0;
  const decoder = textDecoder(utf16 ? 'utf-16le' : 'utf-8');
  const inTime = () => {
    if (Date.now() > deadline) throw new UnreadableFileError('文件内容过多，读取超时，不像进度报表（请删除多余内容后再提交）', 'too-large');
  };
  try {
    if (typeof TextDecoder === 'function') {
      for (let i = start; i < bytes.length; i += PARSE_CHUNK) {
        parser.write(decoder.decode(bytes.subarray(i, i + PARSE_CHUNK), { stream: true }));
        inTime();
      }
      parser.write(decoder.decode()).close();
    } else {
      // The fallback decoders (EdgeHTML 18) cannot stream: the part is decoded at once, then fed in pieces.
      const text = decoder.decode(bytes.subarray(start));
      for (let i = 0; i < text.length; i += PARSE_CHUNK) {
        parser.write(text.slice(i, i + PARSE_CHUNK));
        inTime();
      }
      parser.close();
    }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    // The parser's own (English) detail is of no use to the clerk; the part says where.
    throw corrupt(`其中的 ${part} 不是有效的 XML`);
  }
}

/** Excel escapes characters XML cannot hold as _xHHHH_ in cell text. */
function unescapeText(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

// ---------------------------------------------------------------------------------------------
// Package: relationships and the parts they name

interface Relationship {
  type: string;
  target: string;
}

/** A relationship's target as a part name, relative to the folder of the part that points at it. */
function resolveTarget(from: string, target: string): string {
  const base = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') base.pop();
    else if (seg !== '.' && seg !== '') base.push(seg);
  }
  return base.join('/').toLowerCase();
}

function relationships(parts: WorkbookParts, part: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  const slash = part.lastIndexOf('/');
  const relsPart = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const bytes = parts.get(relsPart);
  if (!bytes) return rels;
  parseXml(bytes, relsPart, {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External') {
        rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(part, a.Target) });
      }
    },
  });
  return rels;
}

function relatedPart(rels: Map<string, Relationship>, type: string, fallback: string): string {
  for (const r of rels.values()) if (r.type.endsWith(`/${type}`)) return r.target;
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// Workbook, strings, styles, properties

interface SheetEntry {
  name: string;
  state: SheetData['state'];
  part?: string;
}

function readWorkbookPart(parts: WorkbookParts, rels: Map<string, Relationship>): { sheets: SheetEntry[]; date1904: boolean } {
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  parseXml(parts.get('xl/workbook.xml') as Uint8Array, 'xl/workbook.xml', {
    open(name, a) {
      if (name === 'sheet') {
        // The relationship id is r:id, whatever prefix the file gives its namespace.
        const id = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
        const rel = id ? rels.get(id) : undefined;
        const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
        // Chart sheets and dialog sheets hold no cells.
        const part = rel && rel.type.endsWith('/worksheet') ? rel.target : undefined;
        sheets.push({ name: a.name ?? '', state, part });
      } else if (name === 'workbookPr') {
        date1904 = a.date1904 === '1' || a.date1904 === 'true';
      }
    },
  });
  return { sheets, date1904 };
}

/** Shared strings in order; rich text as its plain text; phonetic guides (rPh) left out. */
function readSharedStrings(bytes: Uint8Array | undefined, part: string, deadline = Infinity): string[] {
  const strings: string[] = [];
  if (!bytes) return strings;
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  parseXml(
    bytes,
    part,
    {
      open(name) {
        if (name === 'si') current = '';
        else if (name === 'rPh') phonetic++;
        else if (name === 't' && phonetic === 0 && current !== undefined) inText = true;
      },
      text(t) {
        if (inText) current += t;
      },
      close(name) {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si') {
          strings.push(unescapeText(current ?? ''));
          current = undefined;
        }
      },
    },
    deadline,
  );
  return strings;
}

/**
 * Built-in number formats read as dates: Excel's (14–22 and 45–47, as ExcelJS read them) and the
 * Chinese locale's date formats, which WPS writes (27–31, 36, 50–54, 57, 58; not its times 32–35, 55, 56).
 */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 36, 45, 46, 47, 50, 51, 52, 53, 54, 57, 58]);

/** A format code shows a date when, outside [colour] and "literal" sections, it has a date or time letter. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\\(.)/g, '$1')
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

/** For each cell style (the `s` of a cell), whether it shows numbers as dates. */
function readDateStyles(bytes: Uint8Array | undefined, part: string): boolean[] {
  const dates: boolean[] = [];
  if (!bytes) return dates;
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  // numFmt and xf elements also appear in other lists (differential formats, cell style formats).
  let inNumFmts = false;
  let inCellXfs = false;
  parseXml(bytes, part, {
    open(name, a) {
      if (name === 'numFmts') inNumFmts = true;
      else if (name === 'numFmt' && inNumFmts) custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'numFmts') inNumFmts = false;
      else if (name === 'cellXfs') inCellXfs = false;
    },
  });
  for (const id of xfFormats) {
    const code = custom.get(id);
    dates.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return dates;
}

function readCoreProperties(bytes: Uint8Array | undefined): { modified?: string; creator?: string; subject?: string; title?: string } {
  const out: { modified?: string; creator?: string; subject?: string; title?: string } = {};
  if (!bytes) return out;
  let field: 'modified' | 'creator' | 'subject' | 'title' | undefined;
  let text = '';
  parseXml(bytes, 'docProps/core.xml', {
    open(name) {
      field = name === 'modified' || name === 'creator' || name === 'subject' || name === 'title' ? name : undefined;
      text = '';
    },
    text(t) {
      if (field) text += t;
    },
    close(name) {
      if (field && name === field) {
        if (field === 'modified') {
          const d = new Date(text.trim());
          if (!Number.isNaN(d.getTime())) out.modified = d.toISOString();
        } else if (text) out[field] = text;
      }
      field = undefined;
    },
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sheets

/** An Excel date serial as an ISO date, the way ExcelJS converts it (1900 or 1904 date system). */
function serialToIso(serial: number, date1904: boolean): string {
  const d = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/** Columns of a sheet, per the file format (XFD). */
const EXCEL_COLUMNS = 16384;

/**
 * 1-based column of an address's letters (A1 → 1), 0 when it has none, and Infinity past Excel's
 * last column: a hostile address of hundreds of letters must not become a number, let alone a name.
 */
function columnOf(address: string): number {
  let n = 0;
  for (let i = 0; i < address.length; i++) {
    const ch = address.charCodeAt(i);
    if (ch >= 65 && ch <= 90) n = n * 26 + ch - 64;
    else if (ch >= 97 && ch <= 122) n = n * 26 + ch - 96;
    else if (ch !== 36) break;
    if (n > EXCEL_COLUMNS) return Infinity;
  }
  return n;
}

/** The row number of an address (B12 → 12), or undefined when it has no digits. */
function rowOf(address: string): number | undefined {
  let n = 0;
  let digits = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      n = n * 10 + ch - 48;
      digits = true;
    }
  }
  return digits ? n : undefined;
}

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A1 reference (optionally a range, $ allowed) to a 1-based box. */
function decodeRef(ref: string): Box | null {
  const [a, b = a] = ref.split(':');
  const p = parseAddress(a);
  const q = parseAddress(b);
  if (!p || !q || Math.min(p.row, q.row, p.column, q.column) < 0) return null;
  return {
    top: Math.min(p.row, q.row) + 1,
    bottom: Math.max(p.row, q.row) + 1,
    left: Math.min(p.column, q.column) + 1,
    right: Math.max(p.column, q.column) + 1,
  };
}

function boxRange(b: Box): string {
  const tl = cellAddress(b.top - 1, b.left - 1);
  return b.top === b.bottom && b.left === b.right ? tl : `${tl}:${cellAddress(b.bottom - 1, b.right - 1)}`;
}

/**
 * Cells of all sheets once made rectangular (rows × widest row): the guard counts the cells a file
 * has, not the box they span, and two cells at A1 and GR20000 span four million.
 */
const MAX_SPANNED_CELLS = 2_000_000;

interface SheetContext {
  /** Spanned cells still allowed for this workbook's remaining sheets. */
  budget: { cells: number };
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  limits: ReadLimits;
  dropLists: boolean;
  /** When parsing must be done by (ms since the epoch). */
  deadline: number;
}

interface ListRule {
  values: string[];
  prompt?: string;
  boxes: Box[];
}

/**
 * Dropdown lists as ranges: each rule's ranges cut to maxRows × maxColumns, then gathered per list
 * into runs down each column, the way Excel shows them (I5:I40), in the order first seen.
 */
function listValidations(rules: ListRule[], limits: ReadLimits): ListValidation[] {
  const groups = new Map<string, { values: string[]; prompt?: string; runs: Array<{ column: number; top: number; bottom: number }> }>();
  for (const rule of rules) {
    const key = JSON.stringify([rule.values, rule.prompt ?? '']);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { values: rule.values, prompt: rule.prompt, runs: [] }));
    for (const b of rule.boxes) {
      const bottom = Math.min(b.bottom, limits.maxRows);
      const right = Math.min(b.right, limits.maxColumns);
      if (b.top > bottom || b.left > right) continue;
      for (let c = b.left; c <= right; c++) g.runs.push({ column: c, top: b.top, bottom });
    }
  }
  const out: ListValidation[] = [];
  for (const g of groups.values()) {
    g.runs.sort((x, y) => x.column - y.column || x.top - y.top);
    const merged: Array<{ column: number; top: number; bottom: number }> = [];
    for (const r of g.runs) {
      const last = merged[merged.length - 1];
      if (last && last.column === r.column && r.top <= last.bottom + 1) last.bottom = Math.max(last.bottom, r.bottom);
      else merged.push({ ...r });
    }
    for (const r of merged) {
      const range = boxRange({ top: r.top, bottom: r.bottom, left: r.column, right: r.column });
      out.push(g.prompt ? { range, values: g.values, prompt: g.prompt } : { range, values: g.values });
    }
  }
  return out;
}

function listValues(formula: string): string[] {
  return formula.startsWith('"') ? formula.slice(1, -1).split(',') : [formula];
}

function sheetTooLarge(entry: SheetEntry, what: string): UnreadableFileError {
  return new UnreadableFileError(`工作表“${entry.name}”${what}，不像进度报表（请删除多余内容后再提交）`, 'too-large');
}

function readSheet(bytes: Uint8Array, part: string, entry: SheetEntry, ctx: SheetContext): SheetData {
  const { limits } = ctx;
  const rows: CellValue[][] = [];
  const formulaCells: string[] = [];
  const mergeBoxes: Box[] = [];
  const rules: ListRule[] = [];
  const hiddenRows: number[] = [];
  const hiddenColumns = new Set<number>();
  let width = 0;

  let rowNumber = 0;
  let column = 0;
  // The cell being read.
  let type = '';
  let style = 0;
  let hasFormula = false;
  let value: string | undefined;
  let textTarget: 'v' | 't' | 'formula1' | undefined;
  let phonetic = 0;
  let rule: { type: string; sqref: string; prompt?: string; formula: string } | undefined;

  const cellValue = (): CellValue => {
    // An empty <v/> or <is><t/></is> holds nothing, as ExcelJS read it.
    if (value === undefined || value === '') return null;
    switch (type) {
      case 's': {
        const s = ctx.strings[parseInt(value, 10)];
        return s === undefined ? null : s;
      }
      case 'str':
        return value;
      case 'inlineStr':
        return unescapeText(value);
      case 'b':
        return parseInt(value, 10) !== 0;
      case 'e':
        return value;
      case 'd':
        return value.slice(0, 10);
      default: {
        const n = parseFloat(value);
        if (Number.isNaN(n)) return null;
        return ctx.dateStyles[style] ? serialToIso(n, ctx.date1904) : n;
      }
    }
  };

  parseXml(
    bytes,
    part,
    {
      open(name, a) {
        switch (name) {
          case 'row':
            rowNumber = a.r ? parseInt(a.r, 10) : rowNumber + 1;
            column = 0;
            if ((a.hidden === '1' || a.hidden === 'true') && rowNumber >= 1 && rowNumber <= limits.maxRows) hiddenRows.push(rowNumber - 1);
            break;
          case 'col':
            // <col min max hidden>: a range of columns; only those a report could use are noted.
            if (a.hidden === '1' || a.hidden === 'true') {
              const from = Math.max(1, parseInt(a.min ?? '0', 10) || 0);
              const to = Math.min(limits.maxColumns, parseInt(a.max ?? '0', 10) || 0);
              for (let c = from; c <= to; c++) hiddenColumns.add(c - 1);
            }
            break;
          case 'c':
            // A cell's own address wins over the counting of rows and cells, as in Excel.
            column = a.r ? columnOf(a.r) : column + 1;
            if (a.r) rowNumber = rowOf(a.r) ?? rowNumber;
            if (column > EXCEL_COLUMNS) throw corrupt(`工作表“${entry.name}”有单元格超出 Excel 的 ${EXCEL_COLUMNS} 列`);
            type = a.t ?? 'n';
            style = a.s ? parseInt(a.s, 10) : 0;
            hasFormula = false;
            value = undefined;
            break;
          case 'f':
            hasFormula = true;
            break;
          case 'v':
            textTarget = 'v';
            value ??= '';
            break;
          case 'is':
            value ??= '';
            break;
          case 'rPh':
            phonetic++;
            break;
          case 't':
            if (phonetic === 0 && value !== undefined) textTarget = 't';
            break;
          case 'mergeCell': {
            const box = a.ref ? decodeRef(a.ref) : null;
            if (box) mergeBoxes.push(box);
            break;
          }
          case 'dataValidation':
            rule = { type: a.type ?? '', sqref: a.sqref ?? '', prompt: a.prompt || undefined, formula: '' };
            break;
          case 'formula1':
            if (rule) textTarget = 'formula1';
            break;
        }
      },
      text(t) {
        if (textTarget === 'formula1' && rule) rule.formula += t;
        else if (textTarget) value += t;
      },
      close(name) {
        switch (name) {
          case 'v':
          case 't':
          case 'formula1':
            textTarget = undefined;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c': {
            if (hasFormula && rowNumber >= 1 && column >= 1) formulaCells.push(cellAddress(rowNumber - 1, column - 1));
            const v = cellValue();
            if (v === null) break;
            // Rows are numbered as in the file: a single value at row 1,048,576 is refused here, before
            // any row array is built, rather than making a million empty rows.
            if (rowNumber > limits.maxRows) throw sheetTooLarge(entry, `第 ${rowNumber} 行有内容，超过 ${limits.maxRows} 行的上限`);
            if (column < 1 || rowNumber < 1 || column > limits.maxColumns) break;
            (rows[rowNumber - 1] ??= [])[column - 1] = v;
            if (column > width) width = column;
            break;
          }
          case 'dataValidation':
            if (rule && rule.type === 'list' && rule.formula && !ctx.dropLists) {
              const boxes = rule.sqref
                .split(/\s+/)
                .map(decodeRef)
                .filter((b): b is Box => b !== null);
              rules.push({ values: listValues(rule.formula), prompt: rule.prompt, boxes });
            }
            rule = undefined;
            break;
        }
      },
    },
    ctx.deadline,
  );

  // Every cell of a merged range shows the range's top-left value, as Excel displays it (and as
  // ExcelJS reads it); the range counts towards the sheet's extent even where it is empty.
  for (const box of mergeBoxes) {
    if (box.bottom > limits.maxRows) throw sheetTooLarge(entry, `第 ${box.bottom} 行有合并单元格，超过 ${limits.maxRows} 行的上限`);
    const master = rows[box.top - 1]?.[box.left - 1] ?? null;
    const right = Math.min(box.right, limits.maxColumns);
    for (let r = box.top; r <= box.bottom; r++) {
      const row = (rows[r - 1] ??= []);
      for (let c = box.left; c <= right; c++) if (r !== box.top || c !== box.left) row[c - 1] = master;
    }
    if (right > width) width = right;
  }

  ctx.budget.cells -= rows.length * width;
  if (ctx.budget.cells < 0) throw sheetTooLarge(entry, `的内容范围过大（${rows.length} 行 × ${width} 列）`);
  const dense: CellValue[][] = [];
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r];
    const out: CellValue[] = new Array<CellValue>(width);
    for (let c = 0; c < width; c++) out[c] = src?.[c] ?? null;
    dense.push(out);
  }
  const merges = mergeBoxes.map(boxRange);
  const sheet: SheetData = {
    name: entry.name,
    state: entry.state,
    rows: dense,
    merges,
    formulaCells,
    validations: listValidations(rules, limits),
  };
  if (hiddenRows.length) sheet.hiddenRows = hiddenRows;
  if (hiddenColumns.size) sheet.hiddenColumns = [...hiddenColumns].sort((x, y) => x - y);
  return sheet;
}

// ---------------------------------------------------------------------------------------------

/** The values of a checked workbook's parts (see guard.ts workbookParts). */
export function readParts(parts: WorkbookParts, limits: ReadLimits, dropLists: Set<string> = new Set()): WorkbookData {
  const rels = relationships(parts, 'xl/workbook.xml');
  const { sheets, date1904 } = readWorkbookPart(parts, rels);
  const stringsPart = relatedPart(rels, 'sharedStrings', 'xl/sharedstrings.xml');
  const stylesPart = relatedPart(rels, 'styles', 'xl/styles.xml');
  const deadline = Date.now() + (limits.maxParseMs ?? DEFAULT_LIMITS.maxParseMs ?? Infinity);
  const strings = readSharedStrings(parts.get(stringsPart), stringsPart, deadline);
  const dateStyles = readDateStyles(parts.get(stylesPart), stylesPart);
  const out: SheetData[] = [];
  const budget = { cells: MAX_SPANNED_CELLS };
  const read = new Set<string>();
  for (const entry of sheets) {
    // Only the worksheet parts the guard has looked inside, each once (a second <sheet> naming the
    // same part adds nothing; ExcelJS kept one as well).
    if (!entry.part || !isSheetPart(entry.part) || read.has(entry.part)) continue;
    const bytes = parts.get(entry.part);
    if (!bytes) continue;
    read.add(entry.part);
    out.push(
      readSheet(bytes, entry.part, entry, {
        budget,
        strings,
        dateStyles,
        date1904,
        limits,
        dropLists: dropLists.has(entry.part),
        deadline,
      }),
    );
  }
  return { sheets: out, ...readCoreProperties(parts.get('docprops/core.xml')) };
}

/**
 * Reads an .xlsx from bytes after the guard's checks (encrypted, legacy, broken or oversized files
 * are refused with UnreadableFileError and a Chinese reason). Values only, no styles.
 */
export async function readWorkbook(bytes: Uint8Array, fileName = '', limits: ReadLimits = DEFAULT_LIMITS): Promise<WorkbookData> {
  const { parts, dropLists } = workbookParts(bytes, fileName, limits);
  return readParts(parts, limits, dropLists);
}

/** Workbooks written by our own templates carry a fixed placeholder time; it says nothing about submission. */
const PLACEHOLDER_MODIFIED = '2000-01-01';

/**
 * A return's bytes as the merge takes them: read and understood, or the Chinese reason they could
 * not be, with the times the submission is told from (see core/submission.ts): the workbook's saved
 * time from its properties (not our templates' placeholder) and the file's own time (`fileTime`, ISO).
 */
export async function readReturnBytes(bytes: Uint8Array, name: string, fileTime?: string): Promise<MergeInput> {
  try {
    const book = await readWorkbook(bytes, name);
    const saved = book.modified && book.modified.slice(0, 10) > PLACEHOLDER_MODIFIED ? book.modified : undefined;
    return { file: name, outcome: readReturn(book, name), saved, fileTime };
  } catch (e) {
    if (e instanceof UnreadableFileError) return { file: name, unreadable: e.message, fileTime };
    return { file: name, unreadable: '文件无法读取（文件内容异常）', fileTime };
  }
}

/**
 * The subject in a workbook's properties, read from docProps/core.xml alone (nothing else is
 * inflated): enough to tell a 汇总 the product wrote before replacing it. Undefined when unreadable.
 */
export function workbookSubject(bytes: Uint8Array): string | undefined {
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name.toLowerCase() === 'docprops/core.xml' && f.originalSize < 1 << 20 });
    const part = Object.values(files)[0];
    if (!part) return undefined;
    const m = /<(?:\w+:)?subject>([^<]*)<\/(?:\w+:)?subject>/.exec(UTF8.decode(part));
    return m ? m[1].trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A 汇总 holds every unit's rows twice (the visible 汇总 and its data sheet): limits sized for
 * consolidations of up to about 50,000 rows rather than for one unit's return.
 */
export const CONSOLIDATION_LIMITS: ReadLimits = {
  ...DEFAULT_LIMITS,
  maxFileBytes: 100 * 1024 * 1024,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxRows: 100_000,
  maxCells: MAX_SPANNED_CELLS,
};

/**
 * A 汇总 workbook's bytes as its consolidation record (see src/core/consolidationReader.ts), or a
 * ConsolidationFormatError with the Chinese reason it is not one.
 */
export async function readConsolidationBytes(bytes: Uint8Array, name: string): Promise<ConsolidationRecord> {
  let book: WorkbookData;
  try {
    book = await readWorkbook(bytes, name, CONSOLIDATION_LIMITS);
  } catch (e) {
    if (e instanceof UnreadableFileError) throw new ConsolidationFormatError(`“${name.replace(/^.*[\\/]/, '')}”无法读取：${e.message}`);
    throw e;
  }
  return readConsolidation(book, name);
}
