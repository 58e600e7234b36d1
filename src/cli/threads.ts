/**
 * Worker threads of a merge's first pass: each runs the compiled merge worker (mergeWorker.ts).
 * Jobs go to the threads a few at a time, so that none waits for its next file; a thread that dies
 * (out of memory, say) takes nobody's job with it: its jobs in flight are run again one by one,
 * each on a thread of its own, and only a job that brings a thread down by itself gets the
 * caller's `crashed` result; a fresh thread takes the dead one's place.
 */
import { existsSync } from 'fs';
import path from 'path';
import { Worker } from 'worker_threads';
import { CliError, type ExitCode } from './errors';

/** Jobs sent ahead to each thread. */
const IN_FLIGHT = 4;

/** A return needs a few MB to read; a thread that wants this much is reading something hostile. */
export const THREAD_MEMORY_MB = 512;
/**
 * Each thread's young generation, MB. V8's default (three semispaces of up to 16 MB) let each
 * thread hold some 30 MB of garbage from the returns it read; with 8 MB a thread reads as fast
 * (measured at 10,000 returns) and holds about 30 MB less.
 */
const THREAD_YOUNG_MB = 8;

/**
 * The worker's script: the compiled one beside this module when the CLI runs from build/, else the
 * build of the current sources (compiled first if stale: tests run the sources), else the sources
 * through tsx.
 */
function workerScript(): { file: string; viaTsx: boolean } {
  const beside = path.join(__dirname, 'mergeWorker.mjs');
  if (existsSync(beside)) return { file: beside, viaTsx: false };
  const root = path.resolve(__dirname, '..', '..');
  const build = require(path.join(root, 'scripts', 'build-cli.cjs')) as { compiled(rel: string): string | undefined };
  const built = build.compiled('mergeWorker.mjs');
  if (built) return { file: built, viaTsx: false };
  return { file: path.join(__dirname, 'mergeWorker.ts'), viaTsx: true };
}

function startWorker(data: unknown, memoryMb: number): Worker {
  const script = workerScript();
  const options = { workerData: data, resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: THREAD_YOUNG_MB } };
  if (!script.viaTsx) return new Worker(script.file, options);
  const tsx = require.resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(script.file)});`, { ...options, eval: true });
}

interface Pending<J, R> {
  job: J;
  resolve(result: R): void;
  reject(error: Error): void;
}

/**
 * What a worker posts back: its job's result, or the failure of the job: a CLI failure (its
 * Chinese message and exit code, see errors.ts) or a fault of the program (its stack).
 */
export type WorkerReply<R> = { id: number; result: R } | { id: number; error: string; exitCode?: ExitCode };

/** The reply for a job that failed with `e`, for a worker to post. */
export function failedReply(id: number, e: unknown): WorkerReply<never> {
  if (e instanceof CliError) return { id, error: e.message, exitCode: e.exitCode };
  return { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}

function settleWith<J, R>(p: Pending<J, R>, m: WorkerReply<R>): void {
  if ('error' in m) p.reject(m.exitCode !== undefined ? new CliError(m.error, m.exitCode) : new Error(m.error));
  else p.resolve(m.result);
}

export class ThreadPool<J, R> {
  private readonly queue: Array<Pending<J, R>> = [];
  private readonly workers = new Set<Worker>();
  private closed = false;
  private nextId = 0;

  /**
   * @param size threads to run at most
   * @param data each thread's workerData (the merge's options: catalog, period, date)
   * @param crashed the result of a job that brought a thread down by itself
   */
  constructor(
    private readonly size: number,
    private readonly data: unknown,
    private readonly crashed: (job: J) => R,
    private readonly memoryMb = THREAD_MEMORY_MB,
  ) {}

  /** Runs a job on the first thread free. */
  submit(job: J): Promise<R> {
    if (this.closed) return Promise.reject(new Error('ThreadPool: closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (this.workers.size < this.size) this.start();
      else this.feedAll();
    });
  }

  /** Stops every thread; jobs still queued are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('ThreadPool: closed'));
    await Promise.all([...this.workers].map((w) => (w.removeAllListeners(), w.terminate())));
    this.workers.clear();
  }

  private feeders = new Map<Worker, () => void>();

  private feedAll(): void {
    for (const feed of this.feeders.values()) feed();
  }

  private start(): void {
    const w = startWorker(this.data, this.memoryMb);
    this.workers.add(w);
    const inFlight = new Map<number, Pending<J, R>>();
    const feed = () => {
      while (inFlight.size < IN_FLIGHT && this.queue.length) {
        const p = this.queue.shift() as Pending<J, R>;
        const id = this.nextId++;
        inFlight.set(id, p);
        w.postMessage({ id, job: p.job });
      }
    };
    this.feeders.set(w, feed);
    w.on('message', (m: WorkerReply<R>) => {
      const p = inFlight.get(m.id);
      inFlight.delete(m.id);
      if (p) settleWith(p, m);
      feed();
    });
    const lost = () => {
      w.removeAllListeners();
      this.workers.delete(w);
      this.feeders.delete(w);
      if (this.closed) return;
      if (this.queue.length) this.start();
      for (const p of inFlight.values()) void this.alone(p);
      inFlight.clear();
    };
    w.on('error', lost);
    w.on('exit', lost);
    feed();
  }

  /** A job on a thread of its own: its result, or `crashed` when that thread dies too. */
  private alone(p: Pending<J, R>): Promise<void> {
    return new Promise((done) => {
      const w = startWorker(this.data, this.memoryMb);
      const end = (settle: () => void) => {
        w.removeAllListeners();
        void w.terminate();
        settle();
        done();
      };
      w.on('message', (m: WorkerReply<R>) => end(() => settleWith(p, m)));
      w.on('error', () => end(() => p.resolve(this.crashed(p.job))));
      w.on('exit', () => end(() => p.resolve(this.crashed(p.job))));
      w.postMessage({ id: 0, job: p.job });
    });
  }
}
