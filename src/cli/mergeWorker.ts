/**
 * A worker thread of a merge's first pass (see threads.ts and merge.ts): given the merge's options
 * and spool folder once, it reads the files it is sent and posts each one's entry (and where its
 * rows are spooled) back.
 */
import { parentPort, workerData } from 'worker_threads';
import type { MergeOptions } from '../core/consolidation';
import { readForMerge, type MergeFile } from './mergeRead';
import { SpoolWriter } from './spool';
import { failedReply } from './threads';

export interface MergeWorkerData {
  options: MergeOptions;
  spool: string;
}

const { options, spool } = workerData as MergeWorkerData;
const rows = new SpoolWriter(spool);

parentPort?.on('message', (m: { id: number; job: MergeFile }) => {
  readForMerge(m.job, options, rows).then(
    (result) => parentPort?.postMessage({ id: m.id, result }),
    (e: unknown) => parentPort?.postMessage(failedReply(m.id, e)),
  );
});
