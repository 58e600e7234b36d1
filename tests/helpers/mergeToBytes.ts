/**
 * The CLI's merge (src/cli/merge.ts: two passes, the 汇总 written to its file) of some return
 * files, for tests that want the 汇总's bytes: written into a temporary folder, read, removed.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { MergeOptions } from '../../src/core/consolidation';
import { mergeFiles, type MergeRun, type ReturnSource } from '../../src/cli/merge';

export async function mergeToBytes(files: ReturnSource[], options: MergeOptions): Promise<MergeRun & { bytes: Uint8Array }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-merged-'));
  try {
    const output = path.join(dir, '汇总.xlsx');
    const run = await mergeFiles(files, options, { output });
    return { ...run, bytes: new Uint8Array(fs.readFileSync(output)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
