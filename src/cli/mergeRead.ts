/**
 * What a merge's first pass does with one return file, on a worker thread or in the main thread:
 * reads and checks it (compared with last period when the merge is) into its entry (FileEntry:
 * status, unit, submission, findings, counts) and, when it may win for its unit, makes the rows it
 * would give the 汇总 and the data sheet and spools them, so that the second pass writes exactly
 * what this pass read. Nothing here loads ExcelJS.
 */
import {
  candidateBlock,
  fileEntry,
  recordBlockCells,
  summaryBlockRows,
  type FileEntry,
  type MergeOptions,
  type SummaryRow,
} from '../core/consolidation';
import { excelSafeText, type CellValue } from '../core/workbook';
import { readReturnFile } from './returnFile';
import type { SpoolWriter, Spooled } from './spool';

/** A file of the merge: where it is and its key (see files.ts collectInputs). */
export interface MergeFile {
  path: string;
  key: string;
}

/** A file read by the first pass: its entry and, for an ok return, where its rows are spooled. */
export interface ReadFile {
  entry: FileEntry;
  /** Its rows of the 汇总 (SummaryRow[]) and of the data sheet (CellValue[][]), were it to win. */
  rows?: Spooled;
  record?: Spooled;
}

export async function readForMerge(file: MergeFile, options: MergeOptions, spool: SpoolWriter): Promise<ReadFile> {
  const { entry, checked } = fileEntry(await readReturnFile(file.path, file.key), options);
  if (entry.status !== 'ok' || !checked) return { entry };
  const block = candidateBlock(entry, options);
  const rows = summaryBlockRows(block, checked, options);
  for (const row of rows) storedCells(row.values);
  const record = recordBlockCells(block, checked, options);
  for (const row of record) storedCells(row);
  const [at, recordAt] = spool.append([rows satisfies SummaryRow[], record satisfies CellValue[][]]);
  return { entry, rows: at, record: recordAt };
}

/**
 * Texts cut as the workbook stores them (excelSafeText, which the writer applies again to the same
 * effect), so that a return of huge cells is spooled at the size it is written. The rows' fitted
 * heights were measured on the texts as read, as the in-memory 汇总 measures them.
 */
function storedCells(values: CellValue[]): void {
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (typeof v === 'string') values[c] = excelSafeText(v);
  }
}
