/**
 * The xlsx door: WorkbookSpec → .xlsx bytes, and .xlsx bytes → WorkbookData, in Node and in the
 * browser. Writing: ExcelJS (styles, validation, protection, print setup; no known advisories,
 * unlike the npm `xlsx` 0.18.5), in memory here or streaming in writeStream.ts (Node), both through
 * sheets.ts. Reading: read.ts, after guard.ts has checked the file from outside; no ExcelJS.
 */
import ExcelJS from 'exceljs';
import type { WorkbookSpec } from '../core/workbook';
import { finishPackage, setProperties, writeSheet } from './sheets';

export { UnreadableFileError, DEFAULT_LIMITS, type ReadLimits } from './guard';
export { readConsolidationBytes, readReturnBytes, readWorkbook } from './read';
export { escapeLiteralEscapes, fillArgb, finishPackage, PAGE_NUMBERS, setProperties, sheetSteps } from './sheets';

/** Writes a workbook. Properties' dates default to a fixed epoch so the same spec gives the same bytes. */
export async function writeWorkbook(spec: WorkbookSpec): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  setProperties(wb, spec);
  for (const s of spec.sheets) writeSheet(wb, s);
  const buffer = await wb.xlsx.writeBuffer();
  return finishPackage(new Uint8Array(buffer as ArrayBuffer), spec, wb.modified);
}
