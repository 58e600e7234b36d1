/**
 * Messages between the web page and its worker (src/taskpane/workerStart.ts, then worker.ts). Plain data and File
 * objects only, so everything survives structured cloning; results carry bytes as Uint8Array
 * (their buffers are transferred, not copied).
 */
import type { Catalog } from '../../core/catalog';
import type { MergeSummary } from '../../core/consolidation';
import type { FeedbackCopy } from '../../core/feedback';
import type { Finding } from '../../core/finding';
import type { ImportWarning } from '../../core/import';
import type { Ledger } from '../../core/ledger';
import type { ListDocument } from '../../core/import/document';

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

/**
 * A list file as read: its catalog (a catalog workbook or JSON, or a list whose structure was
 * recognised), and for a list its document, so that the user can map its columns; `error` says
 * why no catalog came out of it.
 */
export interface ListFileResult {
  info?: CatalogInfo;
  doc?: ListDocument;
  error?: string;
  /** Word, Excel, PDF, 文本（GBK）… */
  format?: string;
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
  /** Its sheets' names. */
  sheets: string[];
  /** One copy per unit with something to correct, to be made on request ('feedback'). */
  feedback: FeedbackCopy[];
  /** Worker time from the first file read to the workbook written. */
  ms: number;
}

/** What a picked 汇总 was read as. */
export interface ConsolidationInfo {
  period: string;
  periodLabel: string;
  units: number;
  rows: number;
  /** From its data sheet, or from the visible sheets of an earlier version's 汇总. */
  source: 'data' | 'visible';
}

export interface LedgerResult {
  ledger: Ledger;
  /** The 台账 workbook, ready to download. */
  bytes: Uint8Array;
  fileName: string;
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
  listFile: { payload: { file: File }; result: ListFileResult };
  // previous: last period's 汇总, for COPIED_PROGRESS.
  merge: { payload: { files: File[]; catalog: Catalog; period: string; asOf: string; previous?: File }; result: MergeResult };
  consolidation: { payload: { file: File }; result: ConsolidationInfo };
  ledger: { payload: { files: File[] }; result: LedgerResult };
  check: { payload: { file: File; catalog: Catalog; period: string; asOf: string }; result: CheckResult };
  annotate: { payload: { file: File; findings: Finding[] }; result: FileResult };
  /** The marked-up copies as one zip; `files` are the returns the copies are made from (by name). */
  feedback: { payload: { files: File[]; copies: FeedbackCopy[]; period: string }; result: ZipResult };
  // share: the add-in's network-share catalog for the templates' web-extension part (none: centralized deployment).
  template: { payload: { catalog: Catalog; unit: string; period: string; share?: string }; result: FileResult };
  templates: { payload: { catalog: Catalog; period: string; share?: string }; result: ZipResult };
  /** The catalog workbook (任务清单, 单位名录, …) of the page's catalog, to keep what was added here. */
  catalogFile: { payload: { catalog: Catalog }; result: FileResult };
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
