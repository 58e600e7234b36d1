/**
 * Messages between the web page and its worker (src/taskpane/workerStart.ts, then worker.ts). Plain data and File
 * objects only, so everything survives structured cloning; results carry bytes as Uint8Array
 * (their buffers are transferred, not copied). The results are the hosts' own types (hosts/types.ts).
 */
import type { Catalog } from '../../core/catalog';
import type { FeedbackCopy } from '../../core/feedback';
import type { Finding } from '../../core/finding';
import type { LastPeriod } from '../../core/lastPeriod';
import type { Ledger } from '../../core/ledger';
import type { WorkbookData } from '../../core/workbook';
import type { CheckOutcome, ConsolidationBrief, FileProgress, ListRead, MergeDone, StepProgress } from '../hosts/types';

export type Progress = ({ kind: 'file' } & FileProgress) | ({ kind: 'step' } & StepProgress);

export interface FileResult {
  fileName: string;
  bytes: Uint8Array;
}

export interface ZipResult extends FileResult {
  count: number;
}

/** Every request the worker answers, with its payload and its result. */
export interface WorkerApi {
  /** base: the page's address, for the files beside it (pdf.js's CMaps). */
  listFile: { payload: { file: File; base: string }; result: ListRead };
  listText: { payload: { text: string }; result: ListRead };
  /** The catalog workbook (任务清单, 单位名录, …) of the page's catalog, to keep what was added here. */
  catalogFile: { payload: { catalog: Catalog }; result: FileResult };
  // previous: last period's 汇总, for COPIED_PROGRESS and its contacts. The result's handle is the 汇总's bytes.
  merge: { payload: { files: File[]; catalog: Catalog; period: string; asOf: string; previous?: File }; result: MergeDone };
  consolidation: { payload: { file: File }; result: ConsolidationBrief };
  workbook: { payload: { file: File }; result: WorkbookData };
  ledger: { payload: { files: File[] }; result: { ledger: Ledger; fileName: string; bytes: Uint8Array } };
  check: { payload: { file: File; catalog: Catalog; period: string; asOf: string }; result: CheckOutcome };
  annotate: { payload: { file: File; findings: Finding[] }; result: FileResult };
  /** The marked-up copies as one zip; `files` are the returns the copies are made from (by their key in the merge). */
  feedback: { payload: { files: File[]; copies: FeedbackCopy[]; period: string }; result: ZipResult };
  feedbackOne: { payload: { files: File[]; copy: FeedbackCopy }; result: FileResult };
  // share: the add-in's network-share catalog for the templates' web-extension part (none: centralized deployment).
  template: {
    payload: { catalog: Catalog; unit: string; period: string; share?: string; previous?: LastPeriod; copyPrevious?: boolean };
    result: FileResult;
  };
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
