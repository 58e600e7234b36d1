/**
 * Node's way of writing a big workbook (a province's 汇总 has hundreds of thousands of rows):
 * ExcelJS's streaming WorkbookWriter writes each row out as soon as it is made, instead of keeping a
 * cell object for every cell until the end, and compresses with Node's zlib. The same sheets, values
 * and styles as writeWorkbook (not the same bytes: the zip differs), and the same bytes for the same
 * spec from run to run; the browser keeps writeWorkbook (this writer needs Node streams).
 *
 * Rows of a sheet may also come while it is written (RowFeeds), and the package may go to a file:
 * then neither the rows nor the workbook are ever whole in memory. Either way the bytes are the
 * same as for a spec holding those rows.
 */
import { once } from 'events';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'fs';
import type { FileHandle } from 'fs/promises';
import path from 'path';
import { PassThrough, Readable, Writable } from 'stream';
import type ExcelJS from 'exceljs';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer';
import type { CellStyle, CellValue, WorkbookSpec } from '../core/workbook';
import { fittedRowNumbers, packageEdits, unfixRowXml, type RowSet } from './parts';
import { MemorySharedStrings, SpooledSharedStrings, type SharedStringTable } from './sharedStrings';
import { finishPackage, openSheet, ROWS_PER_STEP, setProperties, type PlainRowWriter } from './sheets';
import { writePatchedPackage, type ZipSink, type ZipSource } from './zipPatch';

/**
 * What of ExcelJS 4.4's WorksheetWriter tells whether the zip has taken the rows written so far: its
 * stream's pipe into archiver, a readable-stream PassThrough (older than Node's writableNeedDrain).
 */
interface SheetStream {
  stream?: { pipes?: Array<Writable & { _writableState?: { needDrain?: boolean } }> };
}

/** The zip's intake for a sheet's rows; undefined would mean ExcelJS changed (a test checks it is found). */
export function zipIntake(ws: ExcelJS.Worksheet): (Writable & { _writableState?: { needDrain?: boolean } }) | undefined {
  return (ws as unknown as SheetStream).stream?.pipes?.[0];
}

/**
 * What of ExcelJS 4.4's WorksheetWriter carries a sheet's XML: the stream it writes each row's tag
 * and cells to, one string per row. undefined would mean ExcelJS changed (a test checks it is found).
 */
interface SheetXmlStream {
  stream?: { write(chunk: unknown, ...rest: unknown[]): boolean };
}

/**
 * Fitted rows leave the writer as such (parts.ts explains why): each row's XML is mended as it is
 * written, instead of rewriting a sheet of hundreds of thousands of rows once the zip is made.
 * Returns false when the sheet's stream is not where ExcelJS 4.4 keeps it.
 */
export function fitRowsAsWritten(ws: ExcelJS.Worksheet, rows: RowSet): boolean {
  const target = (ws as unknown as SheetXmlStream).stream;
  if (!target) return false;
  const write = target.write.bind(target);
  target.write = (chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' && chunk.startsWith('<row') ? unfixRowXml(chunk, rows) : chunk, ...rest);
  return true;
}

/**
 * Waits until the zip's compressor has taken the sheet's rows written so far. ExcelJS hands rows on
 * without waiting for the compressor (it ignores backpressure), so a 汇总 of hundreds of thousands of
 * rows would otherwise sit uncompressed in memory until the end.
 */
async function drained(ws: ExcelJS.Worksheet): Promise<void> {
  const target = zipIntake(ws);
  await new Promise((resolve) => setImmediate(resolve));
  while (target?._writableState?.needDrain) await once(target, 'drain');
}

/** What of ExcelJS 4.4's WorksheetWriter and its workbook a plain row is written with. */
interface WorksheetInternals {
  startedData?: boolean;
  _rowZero: number;
  _rows: unknown[];
  _writeColumns(): void;
  _writeOpenSheetData(): void;
  stream: { write(chunk: string): boolean };
  _workbook: {
    styles: { addStyleModel(style: object, cellType: number): number };
    sharedStrings: { add(text: string): number };
  };
}

// ExcelJS's ValueType (exceljs/lib/doc/enums): the types a plain row holds.
const NULL_TYPE = 0;
const NUMBER_TYPE = 2;
const STRING_TYPE = 3;

const COLUMN_LETTERS: string[] = [];
function letters(c: number): string {
  let s = COLUMN_LETTERS[c];
  if (s === undefined) {
    s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    COLUMN_LETTERS[c] = s;
  }
  return s;
}

/**
 * A plain row's XML, byte for byte as ExcelJS 4.4's RowXform and CellXform render it (after
 * preparing its cells: a style id per cell, a shared string per text, in cell order), written to
 * the sheet's stream as ExcelJS's WorksheetWriter does. Rows are most of a 汇总, and making an
 * ExcelJS row and cell object for each cell was most of the time the writer took. A test compares
 * this writer's package with one written through ExcelJS's objects, byte for byte.
 */
export const writePlainRow: PlainRowWriter = (sheet, r, values, styles, height) => {
  const ws = sheet as unknown as WorksheetInternals;
  if (ws._rows.length || ws._rowZero !== r + 1) return false;
  for (const v of values) if (v !== null && typeof v !== 'string' && typeof v !== 'number') return false;
  if (!ws.startedData) {
    ws._writeColumns();
    ws._writeOpenSheetData();
    ws.startedData = true;
  }
  ws._rowZero = r + 2;
  // ExcelJS writes no row without a value or a height.
  if (!height && values.every((v) => v === null)) return true;
  const { styles: styleTable, sharedStrings } = ws._workbook;
  const n = r + 1;
  let xml = `<row r="${n}"`;
  if (height) xml += ` ht="${height}" customHeight="1"`;
  if (values.length) xml += ` spans="1:${values.length}"`;
  xml += ' x14ac:dyDescent="0.25">';
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    const type = v === null ? NULL_TYPE : typeof v === 'number' ? NUMBER_TYPE : STRING_TYPE;
    const styleId = styleTable.addStyleModel(styles[c] ?? {}, type);
    if (v === null && !styleId) continue;
    xml += `<c r="${letters(c)}${n}"`;
    if (styleId) xml += ` s="${styleId}"`;
    if (v === null) xml += '/>';
    else if (typeof v === 'number') xml += `><v>${v.toString()}</v></c>`;
    else xml += ` t="s"><v>${sharedStrings.add(v as string)}</v></c>`;
  }
  ws.stream.write(`${xml}</row>`);
  return true;
};

/** A row added to a sheet as it is written: its values, style and height (fitted: Excel may refit it). */
export interface StreamedRow {
  values: CellValue[];
  style?: CellStyle;
  height?: number;
  fitted?: boolean;
}

/** Rows added to sheets while the workbook is written, after each sheet's own rows, in batches: by the sheet's index in the spec. */
export type RowFeeds = ReadonlyMap<number, AsyncIterable<StreamedRow[]>>;

/**
 * Writes every sheet into the streaming workbook, pausing for the zip every ROWS_PER_STEP rows.
 * Returns the names of the sheets whose fitted rows were written as such.
 */
async function writeSheets(
  wb: ExcelJS.Workbook,
  spec: WorkbookSpec,
  feeds: RowFeeds | undefined,
  options: StreamingOptions,
): Promise<Set<string>> {
  const fitted = new Set<string>();
  for (let i = 0; i < spec.sheets.length; i++) {
    const s = spec.sheets[i];
    const feed = feeds?.get(i);
    const own = fittedRowNumbers(s);
    // Fitted rows that come with the feed, until the writer has mended each one's tag.
    const streamed = new Set<number>();
    let mending = false;
    const sheet = openSheet(
      wb,
      s,
      true,
      (ws) => {
        if (!own.size && !feed) return;
        mending = fitRowsAsWritten(ws, { has: (row) => own.has(row) || streamed.delete(row) });
        if (mending) fitted.add(s.name);
      },
      options.exceljsRows ? undefined : writePlainRow,
    );
    let r = 0;
    const written = async () => {
      if (++r % ROWS_PER_STEP === 0) await drained(sheet.ws);
    };
    for (const values of s.rows) {
      // A fitted row is written with its estimated height too; parts.ts takes away the mark that makes it fixed.
      sheet.row(r, values, s.rowStyles?.[r], s.rowHeights?.[r] ?? s.fitRows?.[r]);
      await written();
    }
    if (feed) {
      for await (const batch of feed) {
        for (const row of batch) {
          if (row.fitted && row.height) {
            if (!mending) throw new Error(`ExcelJS 的工作表写出方式已变，无法写出“${s.name}”的自适应行高`);
            streamed.add(r + 1);
          }
          sheet.row(r, row.values, row.style, row.height);
          await written();
        }
      }
    }
    sheet.end().commit();
  }
  return fitted;
}

/** What of ExcelJS 4.4's WorkbookWriter the shared strings take the place of. */
interface WriterInternals {
  sharedStrings: SharedStringTable;
  zip: { append(source: Readable, data: { name: string }): void };
  addSharedStrings(): Promise<void>;
}

/**
 * Options of the writers below: `spool`, a folder where the shared strings are kept on disk while
 * the workbook is written (see sharedStrings.ts); `exceljsSharedStrings` keeps ExcelJS's own table
 * (a test compares the tables' bytes); `exceljsRows` writes every row through ExcelJS's objects.
 */
export interface StreamingOptions {
  spool?: string;
  exceljsSharedStrings?: boolean;
  /** Every row through ExcelJS's row and cell objects, none by writePlainRow (a test compares the two). */
  exceljsRows?: boolean;
}

function streamingWorkbook(
  stream: Writable,
  spec: WorkbookSpec,
  options: StreamingOptions = {},
): { wb: ExcelJS.stream.xlsx.WorkbookWriter; done(): void } {
  const wb = new WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  setProperties(wb, spec);
  if (options.exceljsSharedStrings) return { wb, done: () => undefined };
  const internals = wb as unknown as WriterInternals;
  const table: SharedStringTable = options.spool ? new SpooledSharedStrings(options.spool) : new MemorySharedStrings();
  internals.sharedStrings = table;
  internals.addSharedStrings = async () => {
    // The same entry, under the same name, as ExcelJS's addSharedStrings appends: a stream instead
    // of its buffer, which deflates to the same bytes (zlib's output does not depend on how its
    // input is cut; compare-merge checks the package), so that the part (25 MB at 10,000 returns)
    // is never whole in memory.
    if (table.count) internals.zip.append(Readable.from(table.part(), { objectMode: false }), { name: '/xl/sharedStrings.xml' });
  };
  return { wb, done: () => (table instanceof SpooledSharedStrings ? table.close() : undefined) };
}

/** The workbook's package in memory, finished (parts.ts). */
export async function writeWorkbookStreaming(spec: WorkbookSpec, feeds?: RowFeeds, options: StreamingOptions = {}): Promise<Uint8Array> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const { wb, done } = streamingWorkbook(sink, spec, options);
  let fitted: Set<string>;
  try {
    fitted = await writeSheets(wb, spec, feeds, options);
    await wb.commit();
  } finally {
    done();
  }
  await ended;
  return finishPackage(new Uint8Array(Buffer.concat(chunks)), spec, wb.modified, fitted);
}

/** Bytes copied at a time from ExcelJS's package to the finished one. */
const COPY_CHUNK = 1 << 20;

/**
 * The same package as writeWorkbookStreaming, written into an open file from its start. ExcelJS's
 * package goes to a file in `scratch` (a folder of the caller's) as the zip makes it, and is then
 * finished into `file`: its entries copied as they were compressed, the few parts that change
 * (parts.ts) made again. A failed write (a full disk) rejects; the caller owns `file` and removes it.
 */
export async function writeWorkbookToFile(
  spec: WorkbookSpec,
  file: FileHandle,
  scratch: string,
  feeds?: RowFeeds,
  options: StreamingOptions = {},
): Promise<void> {
  if (spec.addin) throw new Error('writeWorkbookToFile: workbooks with web-extension parts are written in memory');
  const packageFile = path.join(scratch, `package-${process.pid}.zip`);
  const fd = openSync(packageFile, 'w+');
  try {
    let size = 0;
    const out = new Writable({
      write: (chunk: Buffer, _encoding, cb) => {
        try {
          for (let done = 0; done < chunk.length;) done += writeSync(fd, chunk, done, chunk.length - done, size + done);
          size += chunk.length;
          cb();
        } catch (e) {
          cb(e as Error);
        }
      },
    });
    const failed = new Promise<never>((_, reject) => out.once('error', reject));
    failed.catch(() => undefined); // awaited through the race below
    const finished = new Promise<void>((resolve) => out.once('finish', resolve));
    const { wb, done } = streamingWorkbook(out, spec, options);
    let fitted = new Set<string>();
    try {
      await Promise.race([
        (async () => {
          fitted = await writeSheets(wb, spec, feeds, options);
          await wb.commit();
          await finished;
        })(),
        failed,
      ]);
    } finally {
      done();
    }
    const readInto = (b: Uint8Array, at: number, length: number) => {
      for (let got = 0; got < length;) {
        const n = readSync(fd, b, got, length - got, at + got);
        if (n === 0) throw new Error('xlsx 临时文件读取不完整');
        got += n;
      }
      return b;
    };
    const src: ZipSource = { size, read: (at, length) => readInto(new Uint8Array(length), at, length) };
    // The entries copied as they are (tens of MB at 10,000 returns) pass through one buffer.
    const through = new Uint8Array(COPY_CHUNK);
    let at = 0;
    const put = (bytes: Uint8Array) => {
      for (let done = 0; done < bytes.length;) done += writeSync(file.fd, bytes, done, bytes.length - done, at + done);
      at += bytes.length;
    };
    const sink: ZipSink = {
      write: put,
      copy: (from, start, length) => {
        for (let done = 0; done < length; done += COPY_CHUNK) {
          const n = Math.min(COPY_CHUNK, length - done);
          put(from === src ? readInto(through, start + done, n).subarray(0, n) : from.read(start + done, n));
        }
      },
    };
    writePatchedPackage(src, (read) => packageEdits(spec, fitted, read), wb.modified, sink);
  } finally {
    closeSync(fd);
    rmSync(packageFile, { force: true });
  }
}
