/**
 * A worker thread of readReturnFiles: reads the return files it is sent and posts each result back.
 */
import { parentPort } from 'worker_threads';
import { readReturnFile } from './returnFile';

parentPort?.on('message', (m: { id: number; file: string }) => {
  void readReturnFile(m.file).then((input) => parentPort?.postMessage({ id: m.id, input }));
});
