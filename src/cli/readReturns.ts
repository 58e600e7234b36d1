/**
 * Reading the return files of a merge. A province merges thousands: they are read on worker
 * threads, one per core, each file inflated, parsed and understood there; only the read return (a
 * few kilobytes) comes back. Results keep the order of `files`.
 */
import os from 'os';
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
}

export async function readReturnFiles(files: string[], options: ReadOptions = {}): Promise<MergeInput[]> {
  const pool = new TextPool();
  // Each return's repeated texts are pooled as it arrives, so that the copies never pile up.
  const keep = (input: MergeInput): MergeInput => {
    if ('outcome' in input && input.outcome.ok) pool.shareReport(input.outcome.report);
    return input;
  };
  const threads = Math.min(options.threads ?? os.availableParallelism(), Math.ceil(files.length / IN_FLIGHT));
  if (threads <= 1 || (options.threads === undefined && files.length < MIN_FILES_FOR_THREADS)) {
    const out: MergeInput[] = [];
    for (const f of files) out.push(keep(await readReturnFile(f)));
    return out;
  }
  return readOnThreads(files, threads, keep);
}

/** The worker's TypeScript runs through tsx, as the CLI itself does. */
function startWorker(): Worker {
  const tsx = require.resolve('tsx/cjs/api');
  const script = require.resolve('./readWorker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(script)});`, { eval: true });
}

function readOnThreads(files: string[], threads: number, keep: (input: MergeInput) => MergeInput): Promise<MergeInput[]> {
  const results = new Array<MergeInput | undefined>(files.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let alive = threads;
    const finish = () => {
      for (const w of workers) void w.terminate();
      resolve(results as MergeInput[]);
    };
    const settle = (id: number, input: MergeInput) => {
      results[id] = keep(input);
      if (++done === files.length) finish();
    };
    for (let t = 0; t < threads; t++) {
      const w = startWorker();
      const pending = new Set<number>();
      const feed = () => {
        while (pending.size < IN_FLIGHT && next < files.length) {
          const id = next++;
          pending.add(id);
          w.postMessage({ id, file: files[id] });
        }
      };
      w.on('message', (m: { id: number; input: MergeInput }) => {
        pending.delete(m.id);
        settle(m.id, m.input);
        feed();
      });
      // A thread that dies (out of memory, say) loses nothing: its files are read here instead.
      w.on('error', () => {
        const lost = [...pending];
        pending.clear();
        // The last thread gone, the files not yet sent are read here too.
        if (--alive === 0) while (next < files.length) lost.push(next++);
        (async () => {
          for (const id of lost) settle(id, await readReturnFile(files[id]));
        })().catch(reject);
      });
      workers.push(w);
      feed();
    }
  });
}
