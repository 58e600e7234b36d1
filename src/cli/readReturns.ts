/**
 * Reading the return files of a merge. A province merges thousands: they are read on worker
 * threads, one per core, each file inflated, parsed and understood there; only the read return (a
 * few kilobytes) comes back. Results keep the order of `files`.
 */
import os from 'os';
import path from 'path';
import { Worker } from 'worker_threads';
import type { MergeInput } from '../core/consolidation';
import { TextPool } from '../core/report';
import { readReturnFile } from './returnFile';

/** Below this many files, starting threads (each loads the engine) costs more than it saves. */
const MIN_FILES_FOR_THREADS = 48;
/** Files sent ahead to each worker, so that none waits for the next one. */
const IN_FLIGHT = 4;

export interface ReadOptions {
  /** Worker threads; default one per core, 0 or 1 reads in this thread. */
  threads?: number;
  /** Heap of each worker thread, MB: a file that needs more is reported unreadable, the merge goes on. */
  threadMemoryMb?: number;
  /** Called as each file is read (in any order), with how many are read so far. */
  onProgress?: (read: number, total: number) => void;
}

/** A return needs a few MB to read; a thread that wants this much is reading something hostile. */
const THREAD_MEMORY_MB = 512;

/** A file to read: its path, or its path and its key in the merge (see files.ts collectInputs). */
export type ReturnSource = string | { path: string; key: string };

function sourceOf(f: ReturnSource): { path: string; key: string } {
  return typeof f === 'string' ? { path: f, key: path.basename(f) } : f;
}

export async function readReturnFiles(sources: ReturnSource[], options: ReadOptions = {}): Promise<MergeInput[]> {
  const files = sources.map(sourceOf);
  const pool = new TextPool();
  let read = 0;
  // Each return's repeated texts are pooled as it arrives, so that the copies never pile up.
  const keep = (input: MergeInput): MergeInput => {
    if ('outcome' in input && input.outcome.ok) pool.shareReport(input.outcome.report);
    options.onProgress?.(++read, files.length);
    return input;
  };
  const threads = Math.min(options.threads ?? os.availableParallelism(), Math.ceil(files.length / IN_FLIGHT));
  if (threads <= 1 || (options.threads === undefined && files.length < MIN_FILES_FOR_THREADS)) {
    const out: MergeInput[] = [];
    for (const f of files) out.push(keep(await readReturnFile(f.path, f.key)));
    return out;
  }
  return readOnThreads(files, threads, options.threadMemoryMb ?? THREAD_MEMORY_MB, keep);
}

/** The worker's TypeScript runs through tsx, as the CLI itself does. */
function startWorker(memoryMb: number): Worker {
  const tsx = require.resolve('tsx/cjs/api');
  const script = require.resolve('./readWorker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(script)});`, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
}

/** What a return becomes when reading it brought down the thread reading it (twice: see below). */
function crashed(file: { key: string }): MergeInput {
  return { file: file.key, unreadable: '读取此文件时读取程序异常退出，文件可能已损坏，已跳过' };
}

/** One file on a thread of its own: what it reads, or `crashed` when the thread dies or exits. */
function readAlone(file: { path: string; key: string }, memoryMb: number): Promise<MergeInput> {
  return new Promise((resolve) => {
    const w = startWorker(memoryMb);
    const end = (input: MergeInput) => {
      w.removeAllListeners();
      void w.terminate();
      resolve(input);
    };
    w.on('message', (m: { input: MergeInput }) => end(m.input));
    w.on('error', () => end(crashed(file)));
    w.on('exit', () => end(crashed(file)));
    w.postMessage({ id: 0, file: file.path, key: file.key });
  });
}

/**
 * Files over `threads` workers, each kept IN_FLIGHT files ahead. A worker that dies (out of memory,
 * say) takes nobody's file with it: its files in flight are read again one by one, each on a thread
 * of its own, so that only a file that brings a thread down by itself is reported unreadable, and a
 * fresh worker takes its place for the rest.
 */
function readOnThreads(
  files: Array<{ path: string; key: string }>,
  threads: number,
  memoryMb: number,
  keep: (input: MergeInput) => MergeInput,
): Promise<MergeInput[]> {
  const results = new Array<MergeInput | undefined>(files.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const workers = new Set<Worker>();
    const finish = () => {
      for (const w of workers) {
        w.removeAllListeners();
        void w.terminate();
      }
      resolve(results as MergeInput[]);
    };
    const settle = (id: number, input: MergeInput) => {
      results[id] = keep(input);
      if (++done === files.length) finish();
    };
    const start = () => {
      const w = startWorker(memoryMb);
      workers.add(w);
      const pending = new Set<number>();
      const feed = () => {
        while (pending.size < IN_FLIGHT && next < files.length) {
          const id = next++;
          pending.add(id);
          w.postMessage({ id, file: files[id].path, key: files[id].key });
        }
      };
      w.on('message', (m: { id: number; input: MergeInput }) => {
        pending.delete(m.id);
        settle(m.id, m.input);
        feed();
      });
      const lost = () => {
        w.removeAllListeners();
        workers.delete(w);
        const ids = [...pending];
        pending.clear();
        if (next < files.length) start();
        (async () => {
          for (const id of ids) settle(id, await readAlone(files[id], memoryMb));
        })().catch(reject);
      };
      w.on('error', lost);
      w.on('exit', lost);
      feed();
    };
    for (let t = 0; t < threads; t++) start();
  });
}
