/**
 * Returns picked in the 汇总 tab, read in the pane: the xlsx reader (loaded on first use, without
 * ExcelJS) turns each file into plain sheets and the engine's reader finds the report in them (as the
 * web page's worker does in src/taskpane/worker.ts); ExcelJS loads only to write a workbook.
 */
import type { MergeInput } from '../../core/consolidation';
import { reader } from '../xlsxModules';

/** A File's bytes; FileReader where Blob.arrayBuffer is missing (older webviews). */
export function fileBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('文件无法打开'));
    reader.readAsArrayBuffer(file);
  });
}

/** A picked file as the merge takes it (see readReturnBytes in the xlsx module). */
export async function readPickedReturn(file: File, key = file.name): Promise<MergeInput> {
  const mtime = file.lastModified ? new Date(file.lastModified).toISOString() : undefined;
  let bytes: Uint8Array;
  try {
    bytes = await fileBytes(file);
  } catch {
    return { file: key, unreadable: '文件无法打开', fileTime: mtime };
  }
  return (await reader()).readReturnBytes(bytes, key, mtime);
}

/** Bytes to base64 for Excel.createWorkbook, in slices so no huge argument list is built. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
