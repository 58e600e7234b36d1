/**
 * Messages between the web page and its worker (src/taskpane/workerStart.ts, then worker.ts). Plain data and File
 * objects only, so everything survives structured cloning; results carry bytes as Uint8Array
 * (their buffers are transferred, not copied).
 */
import type { Catalog } from '../../core/catalog';
import type { MergeSummary } from '../../core/consolidation';
import type { Finding } from '../../core/finding';
import type { ImportWarning } from '../../core/import';

export interface SeedInfo {
  id: string;
  /** The document title (catalog.source.title), or the id when the text names none. */
  title: string;
}

/** Where a catalog comes from: a bundled seed, pasted list text, or a catalog .xlsx/.json file. */
export type CatalogRequest = { kind: 'seed'; id: string } | { kind: 'text'; text: string } | { kind: 'file'; file: File };

export interface CatalogInfo {
  catalog: Catalog;
  /** Import warnings (pasted text and seeds only). */
  warnings: ImportWarning[];
  /** How the list's structure was read, for text. */
  layout?: { name: string; label: string };
}

/** How far one return has got. */
export type { FileState } from '../fileState';
import type { FileState } from '../fileState';

export interface FileProgress {
  kind: 'file';
  index: number;
  file: string;
  state: FileState;
  /** The Chinese reason for unreadable or not-a-report. */
  message?: string;
}

export interface StepProgress {
  kind: 'step';
  done: number;
  total: number;
  label: string;
}

export type Progress = FileProgress | StepProgress;

export interface MergeResult {
  summary: MergeSummary;
  findings: Finding[];
  /** The consolidation workbook, ready to download. */
  workbook: Uint8Array;
  fileName: string;
  /** Worker time from the first file read to the workbook written. */
  ms: number;
}

export interface CheckResult {
  file: string;
  /** False when the file could not be read or is not a report: then findings hold the reason. */
  readable: boolean;
  unit: string | null;
  rows: number;
  findings: Finding[];
}

export interface FileResult {
  fileName: string;
  bytes: Uint8Array;
}

export interface ZipResult extends FileResult {
  count: number;
}

/** Every request the worker answers, with its payload and its result. */
export interface WorkerApi {
  seeds: { payload: Record<string, never>; result: SeedInfo[] };
  catalog: { payload: CatalogRequest; result: CatalogInfo };
  merge: { payload: { files: File[]; catalog: Catalog; period: string; asOf: string }; result: MergeResult };
  check: { payload: { file: File; catalog: Catalog; period: string; asOf: string }; result: CheckResult };
  annotate: { payload: { file: File; findings: Finding[] }; result: FileResult };
  // share: the add-in's network-share catalog for the templates' web-extension part (none: centralized deployment).
  template: { payload: { catalog: Catalog; unit: string; period: string; share?: string }; result: FileResult };
  templates: { payload: { catalog: Catalog; period: string; share?: string }; result: ZipResult };
}

export type RequestType = keyof WorkerApi;

export interface WorkerRequest<K extends RequestType = RequestType> {
  id: number;
  type: K;
  payload: WorkerApi[K]['payload'];
}

export type WorkerResponse =
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; message: string };

/**
 * The page's first message to a new worker: the polyfill script to load before the worker's own code
 * (an absolute address; the one taskpane.html's bootstrap loaded in the page), or null when the page
 * needed none.
 */
export interface WorkerStart {
  kind: 'start';
  polyfills: string | null;
}
