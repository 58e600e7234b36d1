/**
 * Returns picked in the 汇总 tab, read in the pane: the xlsx reader (loaded on first use, without
 * ExcelJS) turns each file into plain sheets and the engine's reader finds the report in them (as the
 * web page's worker does in src/taskpane/worker.ts); ExcelJS loads only to write a workbook.
 */
import type { MergeInput } from '../../core/consolidation';
import type { ConsolidationRecord } from '../../core/consolidationRecord';
import type { WorkbookData } from '../../core/workbook';
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

/** A picked file's bytes, or a Chinese Error. */
async function openedBytes(file: File): Promise<Uint8Array> {
  try {
    return await fileBytes(file);
  } catch {
    throw new Error(`“${file.name}”无法打开`);
  }
}

/** A picked 汇总 workbook as its consolidation record; a Chinese Error when it is not one. */
export async function readPickedConsolidation(file: File): Promise<ConsolidationRecord> {
  const bytes = await openedBytes(file);
  return (await reader()).readConsolidationBytes(bytes, file.name);
}

/** A picked workbook's values, read with the limits of a 汇总 (which may be a unit's return too). */
export async function readPickedWorkbook(file: File): Promise<WorkbookData> {
  const bytes = await openedBytes(file);
  const r = await reader();
  try {
    return await r.readWorkbook(bytes, file.name, r.CONSOLIDATION_LIMITS);
  } catch (e) {
    throw new Error(`“${file.name}”无法读取：${e instanceof Error ? e.message : String(e)}`);
  }
}
