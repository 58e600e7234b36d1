/**
 * Zips written by Python's zipfile (tests/helpers/zip_write.py): bundles of returns as packers on
 * other machines make them, names in GBK without the UTF-8 flag among them.
 */
import { spawnSync } from 'child_process';
import path from 'path';
import { PYTHON } from './openpyxl';

export interface ZipMemberSpec {
  name: string;
  /** The member's bytes: a file's, a text's (UTF-8) or this many zero bytes. */
  file?: string;
  text?: string;
  zeros?: number;
  /** How the name is stored: GBK without the UTF-8 flag (Windows), UTF-8 flagged (7-Zip), UTF-8 unflagged (macOS). */
  names?: 'gbk' | 'utf8' | 'utf8-unflagged';
}

export function writeZipsWithPython(zips: Array<{ path: string; members: ZipMemberSpec[] }>): void {
  const r = spawnSync(PYTHON, [path.join(__dirname, 'zip_write.py')], { input: JSON.stringify(zips), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`zipfile failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
}
