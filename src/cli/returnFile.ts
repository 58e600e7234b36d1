/**
 * One return file read for a merge. Kept apart from files.ts so that the merge's worker threads
 * load only the reader, not ExcelJS or the list importer.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'fs';
import path from 'path';
import type { MergeInput } from '../core/consolidation';
import { DEFAULT_LIMITS, useRawInflater } from '../xlsx/guard';
import { readReturnBytes } from '../xlsx/read';
import { fsErrorText } from './errors';
import { zlibInflate } from './inflate';

// Here, where every thread that reads returns (the merge's workers too) loads it.
useRawInflater(zlibInflate);

/**
 * Reads at most `limit + 1` bytes of a regular file. Opened without blocking (a FIFO named .xlsx
 * would otherwise wait forever for a writer) and checked by fstat before a byte is read: a device,
 * a pipe or a file over the size limit is refused without reading it.
 */
function readBounded(file: string, limit: number): { bytes?: Uint8Array; refused?: string; fileTime?: string } {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    const fileTime = st.mtime.toISOString();
    if (!st.isFile()) return { refused: '不是普通文件（管道、设备或目录），未读取' };
    if (st.size > limit) {
      return { refused: `文件过大（${(st.size / 1048576).toFixed(1)} MB，上限 ${(limit / 1048576).toFixed(0)} MB），未读取`, fileTime };
    }
    const out = new Uint8Array(Math.min(st.size, limit) + 1);
    let n = 0;
    // A file that grows while it is read is cut at the limit, and then refused by the guard as too large.
    for (let got = 1; got > 0 && n < out.length; n += got) got = readSync(fd, out, n, out.length - n, n);
    return { bytes: out.subarray(0, n), fileTime };
  } finally {
    closeSync(fd);
  }
}

/** A return file as the merge takes it (see readReturnBytes); `key` is its name in the merge (default: its base name). */
export async function readReturnFile(file: string, key = path.basename(file)): Promise<MergeInput> {
  let read: ReturnType<typeof readBounded>;
  try {
    // Synchronous: a merge reads thousands of small files, and each round trip to the I/O pool costs more than the read.
    read = readBounded(file, DEFAULT_LIMITS.maxFileBytes);
  } catch (e) {
    return { file: key, unreadable: fsErrorText(e, '打开', path.basename(file)) };
  }
  if (!read.bytes) return { file: key, unreadable: read.refused ?? '文件无法打开', fileTime: read.fileTime };
  return readReturnBytes(read.bytes, key, read.fileTime);
}
