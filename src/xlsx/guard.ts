/**
 * Checks on a workbook file from outside before any parser touches it: size, container type
 * (encrypted workbooks and .xls/.et are OLE containers, not zips), the zip directory read as JSZip
 * reads it (entry count, declared sizes, compression methods), then a capped inflate of every part
 * that catches directories that lie and looks inside the sheets for what a parser would expand cell
 * by cell: too many cells, huge merges, `<col>` past the last column, whole-column dropdowns and huge
 * defined names. The reader (read.ts) takes the inflated parts from here; ExcelJS, which still loads
 * the original for the annotated copy, gets a copy with the last two cut down rather than refused.
 */
import { Inflate, inflateSync, strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { escapeXml } from './xml';
import { textDecoder } from './text';

export type UnreadableReason = 'too-large' | 'encrypted' | 'legacy-format' | 'corrupt' | 'zip-bomb' | 'not-xlsx';

export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly reason: UnreadableReason,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

export interface ReadLimits {
  /** Bytes of the file itself. */
  maxFileBytes: number;
  /** Total bytes once inflated. */
  maxInflatedBytes: number;
  maxEntries: number;
  maxRows: number;
  maxColumns: number;
  /** Cells and rows (`<c>` and `<row>` elements) over all sheets, counted before parsing: the parser needs several hundred bytes for each. */
  maxCells?: number;
  /**
   * Bytes of any one XML part once inflated. Parsing holds a part several times over (its bytes, its
   * text, the parser's buffers), so this bounds what reading one file can take: a return padded with
   * 190 MB of spaces took 1.2 GB before it was refused.
   */
  maxPartBytes?: number;
  /** Bytes of all the parts the reader keeps to parse (sheets, strings, styles), once inflated. */
  maxKeptBytes?: number;
  /** Milliseconds the reader may spend parsing one file's XML. */
  maxParseMs?: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxInflatedBytes: 200 * 1024 * 1024,
  maxEntries: 2000,
  maxRows: 20000,
  maxColumns: 200,
  maxCells: 500_000,
  maxPartBytes: 32 * 1024 * 1024,
  maxKeptBytes: 64 * 1024 * 1024,
  maxParseMs: 30_000,
};

/** Columns in a sheet, per the file format; ExcelJS loops up to a `<col max>` it is given. */
const EXCEL_COLUMNS = 16384;
/** ExcelJS checks every merge against all earlier ones of its sheet (n merges cost n²/2) and makes a cell object for each merged cell. */
const MAX_MERGES = 5000;
const MAX_MERGED_CELLS = 200_000;
/**
 * ExcelJS keeps one entry per cell of a data validation. Lists reaching past maxRows × maxColumns
 * (a whole-column dropdown is I1:I1048576) are cut to that box; a sheet whose lists still cover more
 * cells than this loses its lists (its values are read as usual).
 */
const MAX_VALIDATION_CELLS = 200_000;
/** Defined names are expanded cell by cell too; the reader does not use them, so big ones are dropped. */
const MAX_NAME_CELLS = 100_000;
/** Compressed bytes per inflate step: at deflate's ratio limit (about 1:1032) a step yields at most ~8 MB. */
const INFLATE_STEP = 8192;
/** Compressed and declared bytes up to which an entry is inflated in one step (see inflateEntry). */
const ONE_SHOT_COMPRESSED = 64 * 1024;
const ONE_SHOT_SIZE = 4 * 1024 * 1024;

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** "EncryptionInfo" as UTF-16LE: the stream an encrypted OOXML package carries inside its OLE container. */
function hasUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern: number[] = [];
  for (const ch of text) pattern.push(ch.charCodeAt(0), 0);
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

/** Megabytes for a message: sizes found are rounded up and limits down, so that "over" reads as over. */
function megabytes(n: number, round: 'up' | 'down'): string {
  const mb = n / 1048576;
  const digits = mb >= 100 ? 0 : 1;
  const scale = 10 ** digits;
  return ((round === 'up' ? Math.ceil(mb * scale) : Math.floor(mb * scale)) / scale).toFixed(digits);
}

export function corrupt(detail: string): UnreadableFileError {
  return new UnreadableFileError(`文件已损坏（${detail}），无法读取`, 'corrupt');
}

function directoryLies(): UnreadableFileError {
  return new UnreadableFileError('文件的压缩目录与内容不符（解压后比声明的大），疑似压缩炸弹，已跳过', 'zip-bomb');
}

function tooLarge(detail: string): UnreadableFileError {
  return new UnreadableFileError(`文件过大或结构异常（${detail}），不像进度报表，已跳过`, 'too-large');
}

/**
 * Checks a workbook file and returns the bytes to give ExcelJS (which the annotated copy still
 * loads): the file itself, or, when a sheet carries structures ExcelJS would expand cell by cell
 * (whole-column dropdowns, huge defined names), a copy with those cut down. Throws
 * UnreadableFileError with a Chinese message otherwise.
 */
export function checkWorkbookBytes(bytes: Uint8Array, fileName: string, limits: ReadLimits): Uint8Array {
  const { entries, scan } = examine(bytes, fileName, limits, () => false);
  const plans = new Map<ZipEntry, (xml: string) => string>();
  for (const s of scan.sheets) {
    const drop = s.validationCells > MAX_VALIDATION_CELLS;
    if (drop || s.validationClipped) plans.set(s.entry, (xml) => rewriteValidations(xml, limits, drop));
  }
  if (scan.workbook && scan.workbook.nameCells > MAX_NAME_CELLS) plans.set(scan.workbook.entry, dropDefinedNames);
  return plans.size ? rewrite(bytes, entries, plans) : bytes;
}

/** The inflated XML parts of a checked workbook, by lower-cased name (part names are case-insensitive). */
export type WorkbookParts = Map<string, Uint8Array>;

/** What the reader (read.ts) parses: the workbook, its relationships, strings, styles, sheets and core properties. */
function isReaderPart(name: string): boolean {
  return /^xl\/(?:[^/]+\.xml|_rels\/[^/]+\.rels|worksheets\/[^/]+\.xml)$|^docprops\/core\.xml$/.test(name);
}

/**
 * Checks a workbook file as checkWorkbookBytes does and hands back the parts the reader needs,
 * inflated once during the checks. Nothing is rewritten: the reader takes ranges as ranges.
 */
export function workbookParts(bytes: Uint8Array, fileName: string, limits: ReadLimits): { parts: WorkbookParts; dropLists: Set<string> } {
  const { parts, scan } = examine(bytes, fileName, limits, isReaderPart);
  // Lists that still cover more cells than a report could hold once cut to maxRows × maxColumns are no report's dropdowns.
  const dropLists = new Set(scan.sheets.filter((s) => s.validationCells > MAX_VALIDATION_CELLS).map((s) => partName(s.entry)));
  return { parts, dropLists };
}

/** The checks both doors share; parts for which `keep` says yes are collected while inflating. */
function examine(
  bytes: Uint8Array,
  fileName: string,
  limits: ReadLimits,
  keep: (lowerName: string) => boolean,
): { entries: ZipEntry[]; scan: Scan; parts: WorkbookParts } {
  const lower = fileName.toLowerCase();
  if (bytes.length > limits.maxFileBytes) {
    throw new UnreadableFileError(
      `文件过大（${megabytes(bytes.length, 'up')} MB，上限 ${megabytes(limits.maxFileBytes, 'down')} MB）`,
      'too-large',
    );
  }
  if (startsWith(bytes, OLE)) {
    if (hasUtf16(bytes, 'EncryptionInfo')) throw new UnreadableFileError('文件已加密，请取消密码后另存为 .xlsx 再提交', 'encrypted');
    throw new UnreadableFileError('这是旧版 Excel（.xls）或 WPS（.et）格式，请另存为 .xlsx 后再提交', 'legacy-format');
  }
  // The content decides, not the name: a real .xlsx renamed .xls is read as what it is.
  if (!startsWith(bytes, ZIP)) {
    if (bytes.length === 0) throw new UnreadableFileError('文件是空的（0 字节），请重新保存后再提交', 'not-xlsx');
    if (lower.endsWith('.xls') || lower.endsWith('.et')) {
      const head = new TextDecoder('latin1')
        .decode(bytes.subarray(0, 512))
        .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
        .trimStart();
      if (head.startsWith('<')) {
        throw new UnreadableFileError(
          '这是网页（HTML）或 XML 格式的表格，只是扩展名为 .xls；请用 Excel 或 WPS 打开后另存为 .xlsx 再提交',
          'legacy-format',
        );
      }
      throw new UnreadableFileError('这是旧版 Excel（.xls）或 WPS（.et）文件，请另存为 .xlsx 后再提交', 'legacy-format');
    }
    throw new UnreadableFileError('不是 Excel 工作簿（.xlsx）文件，或文件已损坏', 'not-xlsx');
  }
  // The central directory, read the way JSZip reads it, without inflating anything.
  const entries = readDirectory(bytes, limits.maxEntries);
  if (!entries.some((e) => stripSlash(e.name) === 'xl/workbook.xml')) {
    throw new UnreadableFileError('不是 Excel 工作簿（缺少 xl/workbook.xml），或文件已损坏', 'not-xlsx');
  }
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > limits.maxInflatedBytes) {
    throw new UnreadableFileError(
      `文件解压后过大（${megabytes(declared, 'up')} MB，上限 ${megabytes(limits.maxInflatedBytes, 'down')} MB），疑似压缩炸弹，已跳过`,
      'zip-bomb',
    );
  }
  const partCap = limits.maxPartBytes ?? DEFAULT_LIMITS.maxPartBytes ?? Infinity;
  const big = entries.find((e) => /\.(?:xml|rels)$/i.test(e.name) && e.size > partCap);
  if (big) throw tooLarge(`其中“${big.name.slice(0, 60)}”解压后有 ${megabytes(big.size, 'up')} MB，远大于一份进度表`);
  for (const e of entries) locate(bytes, e);
  // The directory may lie about sizes: inflate every part with a running cap, stop at the first excess,
  // and look inside sheets for what a parser would expand cell by cell.
  const parts: WorkbookParts = new Map();
  const scan = inspect(bytes, entries, limits, keep, parts);
  const maxCells = limits.maxCells ?? DEFAULT_LIMITS.maxCells ?? Infinity;
  if (scan.cells > maxCells) throw tooLarge(`单元格和行共 ${scan.cells} 个，上限 ${maxCells} 个`);
  for (const s of scan.sheets) {
    if (s.maxColumn > EXCEL_COLUMNS) throw corrupt(`列定义超出 Excel 的 ${EXCEL_COLUMNS} 列上限`);
  }
  const merges = scan.sheets.reduce((n, s) => n + s.merges, 0);
  if (merges > MAX_MERGES) throw tooLarge(`${merges} 处合并单元格，上限 ${MAX_MERGES} 处`);
  const mergedCells = scan.sheets.reduce((n, s) => n + s.mergedCells, 0);
  if (mergedCells > MAX_MERGED_CELLS) throw tooLarge(`合并单元格共覆盖 ${mergedCells} 个单元格`);
  return { entries, scan, parts };
}

// ---------------------------------------------------------------------------------------------
// The zip directory

interface ZipEntry {
  name: string;
  /** The name as stored (UTF-8 when flag 0x800 says so; packers on Windows write GBK without it). */
  nameBytes: Uint8Array;
  flags: number;
  method: number;
  compressedSize: number;
  /** Uncompressed size as the central directory declares it. */
  size: number;
  /** Offset of the local header (shifted by any bytes prepended to the archive). */
  header: number;
  /** Offset of the compressed data, once located. */
  start: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}

function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

function u64(b: Uint8Array, i: number): number {
  return u32(b, i) + u32(b, i + 4) * 0x100000000;
}

function lastSignature(b: Uint8Array, sig: number): number {
  const first = sig & 0xff;
  for (let i = b.length - 4; i >= 0; i--) if (b[i] === first && u32(b, i) === sig) return i;
  return -1;
}

function stripSlash(name: string): string {
  return name.startsWith('/') ? name.slice(1) : name;
}

function partName(e: ZipEntry): string {
  return stripSlash(e.name).toLowerCase();
}

const NAMES = textDecoder('utf-8');

/**
 * The entries of the central directory, as JSZip finds them: the last end-of-directory record
 * (ZIP64 when its fields say so), bytes prepended to the archive allowed for, then central headers
 * one after another for as long as their signature is there.
 */
function readDirectory(b: Uint8Array, maxEntries: number): ZipEntry[] {
  const broken = () => corrupt('压缩包不完整或目录损坏');
  const end = lastSignature(b, SIG_END);
  if (end < 0 || end + 22 > b.length) throw broken();
  let cdSize = u32(b, end + 12);
  let cdOffset = u32(b, end + 16);
  let expectedEnd = cdOffset + cdSize;
  const zip64 = [4, 6, 8, 10].some((o) => u16(b, end + o) === 0xffff) || cdSize === 0xffffffff || cdOffset === 0xffffffff;
  if (zip64) {
    const locator = lastSignature(b, SIG_LOCATOR64);
    if (locator < 0 || locator + 20 > b.length) throw broken();
    let record = u64(b, locator + 8);
    if (!(record + 56 <= b.length && u32(b, record) === SIG_END64)) record = lastSignature(b, SIG_END64);
    if (record < 0 || record + 56 > b.length) throw broken();
    cdSize = u64(b, record + 40);
    cdOffset = u64(b, record + 48);
    expectedEnd = cdOffset + cdSize + 20 + 12 + u64(b, record + 4);
  }
  const zero = end - expectedEnd;
  if (zero < 0) throw broken();
  const entries: ZipEntry[] = [];
  let p = zero + cdOffset;
  while (p + 4 <= b.length && u32(b, p) === SIG_CENTRAL) {
    if (entries.length >= maxEntries) {
      throw new UnreadableFileError(`文件结构异常（超过 ${maxEntries} 个部件），疑似压缩炸弹，已跳过`, 'zip-bomb');
    }
    if (p + 46 > b.length) throw broken();
    const nameEnd = p + 46 + u16(b, p + 28);
    const extraEnd = nameEnd + u16(b, p + 30);
    if (extraEnd > b.length) throw broken();
    let compressedSize = u32(b, p + 20);
    let size = u32(b, p + 24);
    let header = u32(b, p + 42);
    // ZIP64 extra field: 64-bit values for the fields set to 0xFFFFFFFF, in this order.
    for (let x = nameEnd; x + 4 <= extraEnd; x += 4 + u16(b, x + 2)) {
      if (u16(b, x) !== 1) continue;
      const fieldEnd = Math.min(extraEnd, x + 4 + u16(b, x + 2));
      let q = x + 4;
      const next = () => {
        if (q + 8 > fieldEnd) throw broken();
        q += 8;
        return u64(b, q - 8);
      };
      if (size === 0xffffffff) size = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (header === 0xffffffff) header = next();
      break;
    }
    entries.push({
      name: NAMES.decode(b.subarray(p + 46, nameEnd)),
      nameBytes: b.subarray(p + 46, nameEnd),
      flags: u16(b, p + 8),
      method: u16(b, p + 10),
      compressedSize,
      size,
      header: zero + header,
      start: -1,
    });
    p = extraEnd + u16(b, p + 32);
  }
  if (entries.length === 0) throw broken();
  return entries;
}

/** Finds an entry's data behind its local header; refuses what the parser could not read either. */
function locate(b: Uint8Array, e: ZipEntry): void {
  if (e.flags & 1) throw new UnreadableFileError('文件已加密（压缩包设有密码），请取消密码后另存为 .xlsx 再提交', 'encrypted');
  if (e.method !== 0 && e.method !== 8) {
    throw corrupt(`“${e.name.slice(0, 60)}”使用了不支持的压缩方式 ${e.method}；请用 Excel 或 WPS 打开后另存为 .xlsx 再提交`);
  }
  const h = e.header;
  if (h + 30 > b.length || u32(b, h) !== SIG_LOCAL) throw corrupt('压缩包不完整或目录损坏');
  e.start = h + 30 + u16(b, h + 26) + u16(b, h + 28);
  if (e.start + e.compressedSize > b.length) throw corrupt('压缩包不完整');
}

/**
 * Inflates a small entry's raw deflate data into at most `limit` bytes: the bytes it holds, or
 * `limit` bytes (or a RangeError) when it holds more. Corrupt data throws. fflate's by default,
 * which every platform has; the command line gives zlib's (src/cli/inflate.ts), the same bytes.
 */
export type RawInflater = (data: Uint8Array, limit: number) => Uint8Array;

const fflateInflate: RawInflater = (data, limit) => inflateSync(data, { out: new Uint8Array(limit) });

let inflateSmall = fflateInflate;

/** The inflater of small entries from now on; none: fflate's again. */
export function useRawInflater(inflater?: RawInflater): void {
  inflateSmall = inflater ?? fflateInflate;
}

/** Streams an entry's inflated bytes to `sink` in bounded steps; the sink may throw to stop. */
function inflateEntry(b: Uint8Array, e: ZipEntry, sink: (chunk: Uint8Array) => void): void {
  const data = b.subarray(e.start, e.start + e.compressedSize);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += 1 << 20) sink(data.subarray(i, i + (1 << 20)));
    return;
  }
  if (data.length === 0) return;
  if (data.length <= ONE_SHOT_COMPRESSED && e.size <= ONE_SHOT_SIZE) {
    // Small entries in one step into a buffer one byte longer than declared: deflate cannot expand
    // this little data past ~64 MB, bytes past the buffer's end are dropped (typed arrays ignore
    // writes out of bounds), and a full buffer tells the sink the directory lied. The streaming
    // path below regrows its buffer for every step, which cost most of the checks' time.
    let out: Uint8Array;
    try {
      out = inflateSmall(data, e.size + 1);
    } catch (err) {
      // More than the buffer holds (zlib), or a stored block longer than it (fflate): the same lie.
      if (err instanceof RangeError) throw directoryLies();
      throw err;
    }
    sink(out);
    return;
  }
  const inflate = new Inflate((chunk) => sink(chunk));
  for (let i = 0; i < data.length; i += INFLATE_STEP) inflate.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
}

/** A member of a zip of returns (see bundle.ts), read with the reader's own directory and inflater. */
export interface ZipMember {
  nameBytes: Uint8Array;
  /** Flag 0x800: the name is UTF-8. */
  utf8: boolean;
  /** Uncompressed size as declared. */
  size: number;
  /** The member's bytes; throws UnreadableFileError when encrypted, compressed otherwise than zips are, corrupt, over `limit` bytes or larger than declared. */
  bytes(limit: number): Uint8Array<ArrayBuffer>;
}

/** The members of a zip, at most `maxEntries` (more throws, as a zip bomb). */
export function zipMembers(b: Uint8Array, maxEntries: number): ZipMember[] {
  return readDirectory(b, maxEntries).map((e) => ({
    nameBytes: e.nameBytes,
    utf8: (e.flags & 0x800) !== 0,
    size: e.size,
    bytes(limit: number): Uint8Array<ArrayBuffer> {
      if (e.size > limit)
        throw new UnreadableFileError(`文件过大（${megabytes(e.size, 'up')} MB，上限 ${megabytes(limit, 'down')} MB）`, 'too-large');
      locate(b, e);
      const out = new Uint8Array(e.size);
      let at = 0;
      inflateEntry(b, e, (chunk) => {
        if (at + chunk.length > e.size) throw directoryLies();
        out.set(chunk, at);
        at += chunk.length;
      });
      if (at !== e.size) throw corrupt('压缩包中的文件不完整');
      return out;
    },
  }));
}

// ---------------------------------------------------------------------------------------------
// Looking inside sheets while inflating

interface SheetScan {
  entry: ZipEntry;
  cells: number;
  merges: number;
  mergedCells: number;
  maxColumn: number;
  validationCells: number;
  validationClipped: boolean;
}

interface Scan {
  sheets: SheetScan[];
  workbook?: { entry: ZipEntry; nameCells: number };
  cells: number;
}

/** Worksheet parts: the checks look inside each, and the reader reads no other part as a sheet. */
const SHEET_PART = /^xl\/worksheets\/[^/]+[.]xml$/i;

export function isSheetPart(name: string): boolean {
  return SHEET_PART.test(name);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Start tags of interest with their attributes (quoted values may hold '>'), and the text that follows. */
const TAG = /<(?:[\w.-]+:)?(c|row|col|mergeCell|dataValidation|definedName)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>([^<]*)/g;

function inspect(b: Uint8Array, entries: ZipEntry[], limits: ReadLimits, keep: (lowerName: string) => boolean, parts: WorkbookParts): Scan {
  const scan: Scan = { sheets: [], cells: 0 };
  let total = 0;
  let keptTotal = 0;
  const keptCap = limits.maxKeptBytes ?? DEFAULT_LIMITS.maxKeptBytes ?? Infinity;
  for (const e of entries) {
    const name = stripSlash(e.name);
    let onTag: ((tag: string, attrs: string, text: string) => void) | undefined;
    if (SHEET_PART.test(name)) {
      const s: SheetScan = { entry: e, cells: 0, merges: 0, mergedCells: 0, maxColumn: 0, validationCells: 0, validationClipped: false };
      scan.sheets.push(s);
      onTag = (tag, attrs) => sheetTag(s, tag, attrs, limits);
    } else if (name === 'xl/workbook.xml') {
      const w = { entry: e, nameCells: 0 };
      scan.workbook = w;
      onTag = (tag, _attrs, text) => {
        if (tag === 'definedName') w.nameCells += nameArea(decodeXml(text));
      };
    }
    const scanner = onTag ? new TagScanner(onTag) : undefined;
    const kept: Uint8Array[] | undefined = keep(name.toLowerCase()) ? [] : undefined;
    const partCap = /\.(?:xml|rels)$/i.test(name) ? (limits.maxPartBytes ?? DEFAULT_LIMITS.maxPartBytes ?? Infinity) : Infinity;
    let produced = 0;
    try {
      inflateEntry(b, e, (chunk) => {
        produced += chunk.length;
        total += chunk.length;
        if (produced > e.size) throw directoryLies();
        if (produced > partCap) {
          throw tooLarge(`其中“${name.slice(0, 60)}”解压后超过 ${megabytes(partCap, 'down')} MB，远大于一份进度表`);
        }
        if (total > limits.maxInflatedBytes) {
          throw new UnreadableFileError(
            `文件解压后超过 ${megabytes(limits.maxInflatedBytes, 'down')} MB，疑似压缩炸弹，已跳过`,
            'zip-bomb',
          );
        }
        scanner?.push(chunk);
        if (kept) {
          keptTotal += chunk.length;
          if (keptTotal > keptCap) throw tooLarge(`表格内容解压后超过 ${megabytes(keptCap, 'down')} MB，远大于一份进度表`);
          kept.push(chunk);
        }
      });
      scanner?.end();
      if (kept) parts.set(name.toLowerCase(), concat(kept));
    } catch (err) {
      if (err instanceof UnreadableFileError) throw err;
      throw corrupt('压缩数据错误');
    }
  }
  scan.cells = scan.sheets.reduce((n, s) => n + s.cells, 0);
  return scan;
}

function sheetTag(s: SheetScan, tag: string, attrs: string, limits: ReadLimits): void {
  switch (tag) {
    case 'c':
    case 'row': // an empty <row> costs the parser a row object all the same
      s.cells++;
      break;
    case 'col':
      for (const a of ['min', 'max']) {
        const n = Number(attr(attrs, a));
        if (n > s.maxColumn) s.maxColumn = n;
      }
      break;
    case 'mergeCell': {
      s.merges++;
      const box = decodeBox(attr(attrs, 'ref') ?? '');
      if (box) s.mergedCells += area(box);
      break;
    }
    case 'dataValidation': {
      const sqref = attr(attrs, 'sqref');
      if (sqref === undefined) break;
      for (const item of sqref.split(/\s+/)) {
        const box = decodeBox(item);
        if (!box) continue;
        const cut = clip(box, limits);
        if (cut) s.validationCells += area(cut);
        if (!cut || cut.bottom !== box.bottom || cut.right !== box.right) s.validationClipped = true;
      }
      break;
    }
  }
}

/**
 * Feeds complete tags to a callback from a stream of XML bytes. The text is cut before the last '<'
 * of what has arrived, so no tag (and no text between tags) is split between two calls.
 */
class TagScanner {
  private carry = '';
  private readonly decoder = textDecoder('latin1');

  constructor(private readonly onTag: (tag: string, attrs: string, text: string) => void) {}

  push(chunk: Uint8Array): void {
    const text = this.decoder.decode(chunk, { stream: true });
    const lt = text.lastIndexOf('<');
    if (lt < 0) {
      this.carry += text;
      return;
    }
    const region = this.carry + text.slice(0, lt);
    this.carry = text.slice(lt);
    this.scan(region);
  }

  end(): void {
    this.scan(this.carry + this.decoder.decode());
    this.carry = '';
  }

  private scan(text: string): void {
    TAG.lastIndex = 0;
    for (let m = TAG.exec(text); m; m = TAG.exec(text)) this.onTag(m[1], m[2], m[3]);
  }
}

const ATTRS: Record<string, RegExp> = {};

function attr(attrs: string, name: string): string | undefined {
  const re = (ATTRS[name] ??= new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`));
  const m = re.exec(attrs);
  return m ? decodeXml(m[1] ?? m[2]) : undefined;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character and entity references, which an XML parser resolves before anyone sees the value. */
function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (m, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref];
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A cell address as ExcelJS's colCache.decodeAddress reads it: letters, then digits, '$' ignored. */
function decodeCell(s: string): { row?: number; col?: number } {
  let col = 0;
  let row = 0;
  let hasCol = false;
  let hasRow = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (!hasRow && ch >= 65 && ch <= 90) {
      hasCol = true;
      col = col * 26 + ch - 64;
    } else if (ch >= 48 && ch <= 57) {
      hasRow = true;
      row = row * 10 + ch - 48;
    } else if (hasRow && hasCol && ch !== 36) break;
  }
  return { col: hasCol ? col : undefined, row: hasRow ? row : undefined };
}

/** The box ExcelJS would walk for a reference (sheet prefix dropped), or null when it walks none. */
function decodeBox(ref: string): Box | null {
  const parts = ref.slice(ref.lastIndexOf('!') + 1).split(':');
  const a = decodeCell(parts[0]);
  const z = parts.length > 1 ? decodeCell(parts[1]) : a;
  if (a.row === undefined || a.col === undefined || z.row === undefined || z.col === undefined) return null;
  if (a.col > EXCEL_COLUMNS || z.col > EXCEL_COLUMNS) return null; // ExcelJS refuses the address
  return {
    top: Math.min(a.row, z.row),
    bottom: Math.max(a.row, z.row),
    left: Math.min(a.col, z.col),
    right: Math.max(a.col, z.col),
  };
}

function area(box: Box): number {
  return (box.bottom - box.top + 1) * (box.right - box.left + 1);
}

function clip(box: Box, limits: ReadLimits): Box | null {
  const bottom = Math.min(box.bottom, limits.maxRows);
  const right = Math.min(box.right, limits.maxColumns);
  return box.top > bottom || box.left > right ? null : { ...box, bottom, right };
}

/** Cells ExcelJS would walk for a defined name's text (comma-separated references). */
function nameArea(text: string): number {
  let n = 0;
  for (const piece of text.split(',')) {
    if (!piece.includes(':')) continue;
    const box = decodeBox(piece);
    if (box) n += area(box);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Cutting down what the parser would expand

function columnName(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A complete element (self-closing or with content) with the given local name, any prefix. */
function elementPattern(local: string): RegExp {
  // Attributes may hold '/' but not "/>"; no lookbehind (older Safari, as in Excel for Mac, lacks it).
  return new RegExp(`<((?:[\\w.-]+:)?)${local}(?=[\\s/>])((?:[^>"'/]|/(?!>)|"[^"]*"|'[^']*')*)(?:/>|>[\\s\\S]*?</\\1${local}\\s*>)`, 'g');
}

const VALIDATIONS = elementPattern('dataValidations');
const VALIDATION = elementPattern('dataValidation');
const DEFINED_NAMES = elementPattern('definedNames');

/** Cuts each list's range to maxRows × maxColumns (dropping lists left with nothing), or drops all lists. */
function rewriteValidations(xml: string, limits: ReadLimits, dropAll: boolean): string {
  if (dropAll) return xml.replace(VALIDATIONS, '');
  return xml.replace(VALIDATION, (element: string, prefix: string, attrs: string) => {
    const sqref = attr(attrs, 'sqref');
    if (sqref === undefined) return element;
    const kept: string[] = [];
    for (const item of sqref.split(/\s+/).filter(Boolean)) {
      const box = decodeBox(item);
      if (!box) {
        kept.push(item);
        continue;
      }
      const cut = clip(box, limits);
      if (!cut) continue;
      const tl = `${columnName(cut.left)}${cut.top}`;
      const br = `${columnName(cut.right)}${cut.bottom}`;
      kept.push(tl === br ? tl : `${tl}:${br}`);
    }
    if (!kept.length) return '';
    const open = `<${prefix}dataValidation`;
    const newAttrs = attrs.replace(/(^|\s)sqref\s*=\s*(?:"[^"]*"|'[^']*')/, `$1sqref="${escapeXml(kept.join(' '))}"`);
    return open + newAttrs + element.slice(open.length + attrs.length);
  });
}

function dropDefinedNames(xml: string): string {
  return xml.replace(DEFINED_NAMES, '');
}

/** The archive again, every part inflated once more (the scan has bounded them) and the planned parts rewritten. */
function rewrite(b: Uint8Array, entries: ZipEntry[], plans: Map<ZipEntry, (xml: string) => string>): Uint8Array {
  const files: Zippable = {};
  for (const e of entries) {
    const chunks: Uint8Array[] = [];
    inflateEntry(b, e, (chunk) => chunks.push(chunk));
    let data = concat(chunks);
    const plan = plans.get(e);
    if (plan) data = strToU8(plan(strFromU8(data)));
    files[e.name] = data;
  }
  return zipSync(files, { level: 1 });
}
