/**
 * Returns picked in the 汇总 tab, read in the pane: the xlsx module (ExcelJS, loaded on first use)
 * turns each file into plain sheets and the engine's reader finds the report in them (as the web
 * page's worker does in src/taskpane/worker.ts).
 */
import type { MergeInput } from '../../core/consolidation';
import { readReturn } from '../../core/returnReader';

type XlsxModule = typeof import('../../xlsx');
let xlsxModule: Promise<XlsxModule> | undefined;
export function xlsx(): Promise<XlsxModule> {
  xlsxModule ??= import(/* webpackChunkName: "xlsx" */ '../../xlsx');
  return xlsxModule;
}

/** Our templates carry a fixed placeholder time; it says nothing about submission (as in src/cli/files.ts). */
const PLACEHOLDER_MODIFIED = '2000-01-01';

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

/** A picked file as the merge takes it: read and understood, or the Chinese reason it could not be. */
export async function readPickedReturn(file: File): Promise<MergeInput> {
  const mtime = file.lastModified ? new Date(file.lastModified).toISOString() : undefined;
  let bytes: Uint8Array;
  try {
    bytes = await fileBytes(file);
  } catch {
    return { file: file.name, unreadable: '文件无法打开', modified: mtime };
  }
  const { readWorkbook, UnreadableFileError } = await xlsx();
  try {
    const book = await readWorkbook(bytes, file.name);
    const modified = book.modified && book.modified.slice(0, 10) > PLACEHOLDER_MODIFIED ? book.modified : mtime;
    return { file: file.name, outcome: readReturn(book, file.name), modified };
  } catch (e) {
    if (e instanceof UnreadableFileError) return { file: file.name, unreadable: e.message, modified: mtime };
    return { file: file.name, unreadable: `文件无法读取（${e instanceof Error ? e.message.slice(0, 60) : '未知错误'}）`, modified: mtime };
  }
}

/** Bytes to base64 for Excel.createWorkbook, in slices so no huge argument list is built. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
