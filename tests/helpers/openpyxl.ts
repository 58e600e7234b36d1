/**
 * Workbooks written by openpyxl (Python's usual xlsx library, Debian package python3-openpyxl,
 * installed by .ci/run): files made the way other offices' scripts make them, not by our own writer.
 */
import { spawnSync } from 'child_process';
import path from 'path';
import type { CellValue } from '../../src/core/workbook';

export interface PySheet {
  name: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  rows: CellValue[][];
  merges?: string[];
  /** 1-based rows to hide. */
  hiddenRows?: number[];
  /** Column letters to hide. */
  hiddenColumns?: string[];
}

export interface PyBook {
  path: string;
  sheets: PySheet[];
  /** docProps modified, UTC: 2019-06-25T23:00:00Z. */
  modified?: string;
  creator?: string;
}

export const PYTHON = '/usr/bin/python3';

/** Writes the books with openpyxl in one Python run; throws with Python's output when it fails. */
export function writeWithOpenpyxl(books: PyBook[]): void {
  const r = spawnSync(PYTHON, [path.join(__dirname, 'openpyxl_write.py')], { input: JSON.stringify(books), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openpyxl failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
}
