/**
 * The merge as the CLI (and the demo, and the benchmark) runs it, in two passes, so that its
 * memory does not grow with the number of returns:
 *   1. every file is read and checked (and compared with last period's progress, --previous) into
 *      its entry (status, unit, submission, findings, counts: about a kilobyte, see FileEntry), on
 *      worker threads when there are enough files; the rows each return that may win would give
 *      the 汇总 and its data sheet (jindu_data) are spooled to a temporary file (spool.ts) meanwhile;
 *   2. the core settles the entries into a plan (planConsolidation: who wins, every sheet but the
 *      data rows of the 汇总 and of the data sheet), the threads stop, and the workbook is written
 *      straight to its file, each unit's rows read back from the spool in the workbook's order.
 * The second pass writes what the first read: a return saved again during the merge changes
 * nothing in it. What is decided is decided in src/core; this module only reads and writes files.
 */
import type { FileHandle } from 'fs/promises';
import os from 'os';
import path from 'path';
import v8 from 'v8';
import {
  fileEntry,
  placeSummaryRows,
  planConsolidation,
  placeRecordCells,
  recordBlockCells,
  RECORD_SHEET,
  summaryBlockRows,
  summaryRowHeight,
  SUMMARY_SHEET,
  type ConsolidationPlan,
  type MergeOptions,
  type MergeSummary,
  type SummaryRow,
} from '../core/consolidation';
import type { CellValue } from '../core/workbook';
import type { RowFeeds, StreamedRow } from '../xlsx/writeStream';
import type { Finding } from '../core/finding';
import { fsErrorText, outputError } from './errors';
import { readForMerge, type MergeFile, type ReadFile } from './mergeRead';
import type { MergeWorkerData } from './mergeWorker';
import { writeOutputs, type Output } from './output';
import { removeSpoolFolder, spoolFolder, SpoolReader, SpoolWriter, type Spooled } from './spool';
import { ThreadPool, THREAD_MEMORY_MB } from './threads';

/**
 * Above this many files the first pass runs on worker threads: each thread loads the reader and
 * the checks, takes the catalog and warms up on its own, which costs about what it saves until
 * here. Measured with `npm run bench -- --threads` on the project's 2-core machine (shared with
 * other work): two threads took 1.21× one thread's time at 100 files, 1.00× at 500, 0.91× at
 * 1,000 and 0.84× at 2,000 (README, Performance).
 */
export const THREAD_BREAK_EVEN = 500;

/** How far past its live objects the writer's heap may grow before V8 collects it (see mergeFiles). */
const WRITER_HEAP_GROWING_PERCENT = 10;

/** A file to merge: its path, or its path and its key (see files.ts collectInputs). */
export type ReturnSource = string | MergeFile;

export interface MergeRunOptions {
  /** Worker threads of the first pass; default one per core above THREAD_BREAK_EVEN files; 0 or 1 reads in this thread. */
  threads?: number;
  /** Heap of each worker thread, MB: a file that needs more is reported unreadable, the merge goes on. */
  threadMemoryMb?: number;
  /** Called as each file is read in the first pass (in any order), with how many are read so far. */
  onProgress?: (read: number, total: number) => void;
}

export interface MergeOutputs {
  /** The 汇总 workbook. */
  output: string;
  /** The summary JSON, written with the workbook (both appear, or neither). */
  json?: string;
  /** More files made from the summary (the 催报 text), written with the workbook in the same way. */
  more?: (summary: MergeSummary) => Output[];
}

export interface MergeRun {
  summary: MergeSummary;
  /** Every finding of every file, in file order. */
  findings: Finding[];
  /** Each input's path, by its key in the summary (summary.files[].file): feedback copies are made from the originals. */
  paths: Map<string, string>;
  /** Wall time of each step, in milliseconds: the first pass, the plan, the 汇总 and JSON written. */
  ms: { read: number; consolidate: number; write: number };
  /** Threads the first pass ran on (0: this thread). */
  threads: number;
}

function sourceOf(f: ReturnSource): MergeFile {
  return typeof f === 'string' ? { path: f, key: path.basename(f) } : f;
}

/** What a file becomes when reading it brought down the thread reading it, twice (see threads.ts). */
function crashed(file: MergeFile, options: MergeOptions): ReadFile {
  return { entry: fileEntry({ file: file.key, unreadable: '读取此文件时读取程序异常退出，文件可能已损坏，已跳过' }, options).entry };
}

/** Reads, checks and consolidates the files, and writes the 汇总 (and the JSON) whole or not at all. */
export async function mergeFiles(
  sources: ReturnSource[],
  options: MergeOptions,
  outputs: MergeOutputs,
  run: MergeRunOptions = {},
): Promise<MergeRun> {
  const files = sources.map(sourceOf);
  const wanted = run.threads ?? (files.length > THREAD_BREAK_EVEN ? os.availableParallelism() : 0);
  const threads = Math.max(0, Math.min(wanted, files.length));
  const onThreads = threads > 1;
  // What the checks need, and nothing else of the caller's (the threads are given a copy).
  const readOptions: MergeOptions = {
    catalog: options.catalog,
    period: options.period,
    asOf: options.asOf,
    includePartners: options.includePartners,
    previous: options.previous,
  };
  let spool: string;
  try {
    spool = spoolFolder();
  } catch (e) {
    throw outputError(fsErrorText(e, '创建临时文件夹', os.tmpdir()));
  }
  const rows = new SpoolReader();
  try {
    const t0 = performance.now();
    const read = await firstPass(files, readOptions, spool, onThreads ? threads : 0, run);
    const t1 = performance.now();
    const plan = planConsolidation(
      read.map((r) => r.entry),
      options,
    );
    const spooled = new Map(read.flatMap((r) => (r.rows && r.record ? [[r.entry.file, { rows: r.rows, record: r.record }] as const] : [])));
    read.length = 0;
    const t2 = performance.now();
    // The writer holds little (some 60 MB at 10,000 returns), but V8 let its garbage pile up to
    // three times that before collecting it; collecting once the heap is 10% past what it holds
    // kept a merge of 10,000 returns about 50 MB smaller, for about 5% more of its CPU time.
    v8.setFlagsFromString(`--heap-growing-percent=${WRITER_HEAP_GROWING_PERCENT}`);
    const written: Output[] = [{ path: outputs.output, data: (file) => writeSummary(plan, file, spooled, rows, options, spool) }];
    // Made once the 汇总 is written (outputs are written in turn), not held through its writing.
    if (outputs.json) written.push({ path: outputs.json, data: (file) => file.writeFile(`${JSON.stringify(plan.summary, null, 2)}\n`) });
    if (outputs.more) written.push(...outputs.more(plan.summary));
    await writeOutputs(written);
    const t3 = performance.now();
    return {
      summary: plan.summary,
      findings: plan.findings,
      paths: new Map(files.map((f) => [f.key, f.path])),
      ms: { read: t1 - t0, consolidate: t2 - t1, write: t3 - t2 },
      threads: onThreads ? threads : 0,
    };
  } finally {
    v8.setFlagsFromString('--heap-growing-percent=0');
    rows.close();
    removeSpoolFolder(spool);
  }
}

/** The first pass: every file's entry, in the order of `files`, read on `threads` worker threads or in this thread. */
async function firstPass(
  files: MergeFile[],
  options: MergeOptions,
  spool: string,
  threads: number,
  run: MergeRunOptions,
): Promise<ReadFile[]> {
  const read: ReadFile[] = new Array<ReadFile>(files.length);
  let done = 0;
  const took = (i: number, r: ReadFile) => {
    read[i] = r;
    run.onProgress?.(++done, files.length);
  };
  if (!threads) {
    const writer = new SpoolWriter(spool);
    for (let i = 0; i < files.length; i++) took(i, await readForMerge(files[i], options, writer));
    return read;
  }
  const data: MergeWorkerData = { options, spool };
  const pool = new ThreadPool<MergeFile, ReadFile>(threads, data, (file) => crashed(file, options), run.threadMemoryMb ?? THREAD_MEMORY_MB);
  try {
    await Promise.all(files.map((file, i) => pool.submit(file).then((r) => took(i, r))));
  } finally {
    // The threads' memory is given back before the 汇总 is written.
    await pool.close();
  }
  return read;
}

/** A winner's spooled lines: its rows of the 汇总 and of the data sheet. */
interface SpooledRows {
  rows: Spooled;
  record: Spooled;
}

/**
 * The workbook written into `file`: the plan's sheets, and the data rows of the 汇总 and of the
 * data sheet block by block, each winner's read back from the spool, the others made from the catalog.
 */
async function writeSummary(
  plan: ConsolidationPlan,
  file: FileHandle,
  spooled: Map<string, SpooledRows>,
  spool: SpoolReader,
  options: MergeOptions,
  folder: string,
): Promise<void> {
  const { writeWorkbookToFile } = await import('../xlsx/writeStream');
  const lines = (block: ConsolidationPlan['blocks'][number]) => {
    const at = block.file ? spooled.get(block.file) : undefined;
    if (block.file && !at) throw new Error(`${block.file} 的汇总行缺失`);
    return at;
  };
  async function* summaryRows(): AsyncGenerator<StreamedRow[]> {
    for (const block of plan.blocks) {
      const at = lines(block);
      // The plan counted these rows (rowsWritten, the filter and print ranges): placeSummaryRows checks that they are the ones written.
      const rows = at ? placeSummaryRows(spool.read<SummaryRow[]>(at.rows), block) : summaryBlockRows(block, undefined, options);
      yield rows.map((r) => ({ values: r.values, style: r.style, height: summaryRowHeight(r), fitted: true }));
    }
  }
  async function* recordRows(): AsyncGenerator<StreamedRow[]> {
    for (const block of plan.blocks) {
      const at = lines(block);
      const rows = at ? placeRecordCells(spool.read<CellValue[][]>(at.record), block) : recordBlockCells(block, undefined, options);
      yield rows.map((values) => ({ values }));
    }
  }
  const feeds: RowFeeds = new Map([
    [SUMMARY_SHEET, summaryRows()],
    [RECORD_SHEET, recordRows()],
  ]);
  // The shared strings wait on disk too (every row's 来源 is a text of its own).
  await writeWorkbookToFile(plan.workbook, file, folder, feeds, { spool: folder });
}
