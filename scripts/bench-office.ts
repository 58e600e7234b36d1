/**
 * The Office.js side of the benchmark: the 300-unit consolidation written through the adapter
 * against office-addin-mock. The fake workbook lives in the adapter's test (it needs jest's module
 * mocks), so this runs that one test and reads the figures it leaves behind.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');

export async function officeMergeBench(units: number): Promise<{ units: number; rows: number; syncs: number; maxPayloadBytes: number }> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-office-')), 'figures.json');
  const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'tests/office-adapter.test.ts', '-t', `${units} units`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, JINDU_BENCH_OFFICE: out },
  });
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`office bench failed:\n${(r.stderr || r.stdout).slice(-2000)}`);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}
