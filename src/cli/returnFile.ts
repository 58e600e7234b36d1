/**
 * One return file read for a merge. Kept apart from files.ts so that the merge's worker threads
 * load only the reader, not ExcelJS or the list importer.
 */
import { readFileSync, statSync } from 'fs';
import path from 'path';
import type { MergeInput } from '../core/consolidation';
import { readReturnBytes } from '../xlsx/read';

/** A return file as the merge takes it (see readReturnBytes); a file that cannot be opened says so. */
export async function readReturnFile(file: string): Promise<MergeInput> {
  const name = path.basename(file);
  try {
    // Synchronous: a merge reads thousands of small files, and each round trip to the I/O pool costs more than the read.
    const st = statSync(file);
    return await readReturnBytes(new Uint8Array(readFileSync(file)), name, st.mtime.toISOString());
  } catch {
    return { file: name, unreadable: '文件无法打开' };
  }
}
