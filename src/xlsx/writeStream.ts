/**
 * Node's way of writing a big workbook (a province's 汇总 has hundreds of thousands of rows):
 * ExcelJS's streaming WorkbookWriter writes each row out as soon as it is made, instead of keeping a
 * cell object for every cell until the end, and compresses with Node's zlib. Same sheets, styles and
 * bytes-for-the-same-spec as writeWorkbook; the browser keeps writeWorkbook (the writer needs Node streams).
 */
import { PassThrough } from 'stream';
import ExcelJS from 'exceljs';
import type { WorkbookSpec } from '../core/workbook';
import { finishPackage, setProperties, writeSheet } from './index';

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
  for (const s of spec.sheets) {
    const ws = writeSheet(wb, s, true);
    ws.commit();
  }
  await wb.commit();
  await ended;
  return finishPackage(new Uint8Array(Buffer.concat(chunks)), spec, wb.modified);
}
