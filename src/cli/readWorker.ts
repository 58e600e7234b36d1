/**
 * A worker thread of readReturnFiles: reads the return files it is sent and posts each result back.
 */
import { parentPort } from 'worker_threads';
import { readReturnFile } from './returnFile';

parentPort?.on('message', (m: { id: number; file: string; key?: string }) => {
  void readReturnFile(m.file, m.key).then((input) => parentPort?.postMessage({ id: m.id, input }));
});
