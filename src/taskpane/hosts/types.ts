/**
 * The seam between the one set of tabs and the two doors: the open workbook in Excel (the Office.js
 * adapter, the engine in the pane), or picked files, the web page's worker and downloads in a
 * browser. The tabs call these; a feature exists once and behaves the same in both. What a door
 * cannot do it leaves out (an optional member), and the tab shows nothing for it.
 */
import type { BundledList } from '../../core/bundledLists';
import type { Catalog } from '../../core/catalog';
import type { ConsolidationRecord, RecordUnit } from '../../core/consolidationRecord';
import type { MergeSummary } from '../../core/consolidation';
import type { Dashboard } from '../../core/dashboard';
import type { FeedbackCopy } from '../../core/feedback';
import type { Finding } from '../../core/finding';
import type { ImportWarning } from '../../core/import';
import type { ListDocument } from '../../core/import/document';
import type { LastPeriod } from '../../core/lastPeriod';
import type { Ledger } from '../../core/ledger';
import type { RefillChanges } from '../../core/refill';
import type { ReturnMeta } from '../../core/report';
import type { WorkbookData } from '../../core/workbook';
import type { FileState } from '../fileState';

export type { BundledList };

export interface CatalogInfo {
  catalog: Catalog;
  /** Import warnings (lists read from text or a document). */
  warnings: ImportWarning[];
  /** How the list's structure was read. */
  layout?: { name: string; label: string };
}

/**
 * A list file or pasted text as read: its catalog, and for a document with tables the document, so
 * that its columns can be mapped; `error` says why no catalog came out of it.
 */
export interface ListRead {
  info?: CatalogInfo;
  doc?: ListDocument;
  error?: string;
}

/** Where the catalog in use came from. */
export type CatalogOrigin = { kind: 'bundled'; id: string } | { kind: 'workbook' } | { kind: 'imported'; label: string };

export interface CurrentCatalog extends CatalogInfo {
  origin: CatalogOrigin;
}

/** What is remembered of the office's work between visits: its list, and the period and 截至日期 it chose. */
export interface Remembered {
  list?: { kind: 'bundled'; id: string } | { kind: 'imported'; label: string; catalog: string };
  /** Recently used lists besides the current one (browser), for switching back. */
  recent?: Array<{ kind: 'bundled'; id: string; title: string } | { kind: 'imported'; label: string; catalog: string; title: string }>;
  period?: string;
  asOf?: string;
}

/** What a door knows when the tabs start. */
export interface HostStart {
  bundled: BundledList[];
  remembered: Remembered | null;
  /** The open workbook's own catalog (its 任务清单 sheets), in Excel. */
  workbookCatalog?: Catalog | null;
  /** The template's metadata in the open workbook, in Excel. */
  meta?: ReturnMeta;
  /** What could not be read, in Chinese (the rest still works). */
  problems: string[];
  /** What a link asked for (?catalog=…&period=…&asOf=…), on the web page. */
  link?: { catalog?: string; period?: string; asOf?: string };
}

export interface FillRequest {
  catalog: Catalog;
  unit: string;
  period: import('../../core/period').Period;
  previous?: LastPeriod;
  copyPrevious?: boolean;
}

export interface FillDone {
  kind: 'new' | 'refill' | 'download';
  /** The sheet written (Excel) or the file downloaded. */
  name: string;
  unit: string;
  label: string;
  tasks: number;
  changes?: RefillChanges;
  notes: string[];
  /** What the open workbook now says of itself (Excel). */
  meta?: ReturnMeta;
}

export interface StepProgress {
  done: number;
  total: number;
  label: string;
}

export type CheckOutcome =
  | { kind: 'checked'; source: string; unit: string | null; periodLabel: string; rows: number; findings: Finding[]; notes: string[] }
  | { kind: 'not-a-report'; source: string; message: string; notes: string[] };

export interface MergeRequest {
  files: File[];
  catalog: Catalog;
  period: string;
  asOf: string;
  /** Last period's 汇总: copied progress is found, and its contacts serve 催报. */
  previous?: File;
}

export interface FileProgress {
  index: number;
  state: FileState;
  message?: string;
}

export interface MergeDone {
  summary: MergeSummary;
  dashboard: Dashboard;
  /** One copy per unit with something to correct. */
  feedback: FeedbackCopy[];
  /** The visible sheets of the 汇总. */
  sheets: string[];
  fileName: string;
  ms: number;
  /** What the door has to say (sheets written, limits met). */
  notes: string[];
  /** The contacts of the previous 汇总 given (for 催报). */
  previousUnits?: RecordUnit[];
  /** The door's own handle on the result (the workbook's bytes, or its spec). */
  handle: unknown;
}

/** A picked 汇总 as far as the tabs need it: its period, units (with contacts) and size. */
export interface ConsolidationBrief {
  period: string;
  periodLabel: string;
  units: RecordUnit[];
  rows: number;
  source: ConsolidationRecord['source'];
}

export interface LedgerDone {
  ledger: Ledger;
  fileName: string;
  handle?: unknown;
}

export interface Host {
  kind: 'excel' | 'browser';
  /** Words a tab shows that name what the door does. */
  words: {
    /** 填报 (into the open workbook) or 模板 (downloads). */
    fillTab: string;
    fillButton: string;
    fillHint: string;
    saveMerged: string;
    saveLedger: string;
    saveCatalog: string;
    feedbackAll: string;
    feedbackOne?: string;
    checkIntro: string;
  };
  start(): Promise<HostStart>;
  remember(state: Remembered): Promise<void>;
  loadBundled(list: BundledList): Promise<CatalogInfo>;
  readListFile(file: File): Promise<ListRead>;
  readListText(text: string): Promise<ListRead>;
  /** Keeps the catalog: written into the workbook (Excel), or downloaded as the catalog workbook. */
  saveCatalog(catalog: Catalog): Promise<string>;
  /** Whether saveCatalog makes it the open workbook's own catalog (then it is 本工作簿's). */
  savesCatalogInWorkbook: boolean;

  /** 填报 / 模板: the form of one unit. */
  fill(req: FillRequest): Promise<FillDone>;
  /** Every reporting unit's form at once, as one zip. */
  fillAll?(req: Omit<FillRequest, 'unit' | 'previous' | 'copyPrevious'>, onStep: (s: StepProgress) => void): Promise<string>;
  /** A picked workbook's values (last period's 汇总, or the unit's own return). */
  readWorkbook(file: File): Promise<WorkbookData>;

  /** 检查: the open workbook (Excel), or a picked file. */
  checkSource: 'workbook' | 'file';
  check(req: { catalog: Catalog; period: string; asOf: string; file?: File }): Promise<CheckOutcome>;
  selectCell?(sheet: string, cell: string): Promise<void>;
  markCells?(findings: Finding[]): Promise<string>;
  clearMarks?(): Promise<string>;
  annotate?(file: File, findings: Finding[]): Promise<string>;

  /** 汇总: the returns read and consolidated; in Excel also written into the open workbook. */
  merge(req: MergeRequest, onFile: (p: FileProgress) => void, onStep: (s: StepProgress) => void): Promise<MergeDone>;
  /** Opens the 汇总 in a new workbook (Excel) or downloads it; a notice when it had to do otherwise. */
  saveMerged(done: MergeDone): Promise<string | null>;
  /** Where a finding applies in the open workbook (the 汇总 just written): selects it. */
  showInWorkbook?(sheet: string, cell: string): Promise<void>;
  feedbackOne?(done: MergeDone, copy: FeedbackCopy, files: File[]): Promise<void>;
  feedbackAll(done: MergeDone, files: File[]): Promise<void>;
  readConsolidation(file: File): Promise<ConsolidationBrief>;

  /** 台账. */
  buildLedger(files: File[]): Promise<LedgerDone>;
  saveLedger(done: LedgerDone): Promise<void>;
}
