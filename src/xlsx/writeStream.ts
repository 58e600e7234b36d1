/**
 * Node's way of writing a big workbook (a province's 汇总 has hundreds of thousands of rows):
 * ExcelJS's streaming WorkbookWriter writes each row out as soon as it is made, instead of keeping a
 * cell object for every cell until the end, and compresses with Node's zlib. The same sheets, values
 * and styles as writeWorkbook (not the same bytes: the zip differs), and the same bytes for the same
 * spec from run to run; the browser keeps writeWorkbook (this writer needs Node streams).
 */
import { once } from 'events';
import { PassThrough, type Writable } from 'stream';
import ExcelJS from 'exceljs';
import type { WorkbookSpec } from '../core/workbook';
import { finishPackage, setProperties, sheetSteps } from './index';
import { fittedRowNumbers, unfixRowXml } from './parts';

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
export function fitRowsAsWritten(ws: ExcelJS.Worksheet, rows: Set<number>): boolean {
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

export async function writeWorkbookStreaming(spec: WorkbookSpec): Promise<Uint8Array> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  setProperties(wb, spec);
  const fitted = new Set<string>();
  for (const s of spec.sheets) {
    const rows = fittedRowNumbers(s);
    const steps = sheetSteps(wb, s, true, (ws) => {
      if (rows.size && fitRowsAsWritten(ws, rows)) fitted.add(s.name);
    });
    let step = steps.next();
    for (; !step.done; step = steps.next()) await drained(step.value);
    step.value.commit();
  }
  await wb.commit();
  await ended;
  return finishPackage(new Uint8Array(Buffer.concat(chunks)), spec, wb.modified, fitted);
}
