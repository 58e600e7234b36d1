/**
 * Where a merge keeps, between its two passes, the rows of every return that may win (its rows of
 * the 汇总, and of the data sheet): one line of JSON each, appended to a file of the thread that
 * read the return, in a temporary folder of the merge's own. The second pass reads back the
 * winners' lines only, in the workbook's order; the folder is removed when the merge ends,
 * whether it succeeded or not.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeSync } from 'fs';
import os from 'os';
import path from 'path';
import { threadId } from 'worker_threads';
import { fsErrorText, outputError } from './errors';

/** A failure of the spool's disk (full, gone): the merge stops and says so; nothing is written. */
function spoolFailure(e: unknown, file: string): Error {
  return outputError(`${fsErrorText(e, '写入临时文件', file)}；汇总未完成，原有文件未改动`);
}

/** Where one line is: the spool file and the line's byte range. */
export interface Spooled {
  file: string;
  at: number;
  length: number;
}

const FOLDER = /^jindu-merge-(\d+)-/;

/** Whether process `pid` runs (a pid in use by another program counts: its folder is left alone). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/**
 * A merge's temporary folder for its spool files, named with the merge's process id; the caller
 * removes it when the merge is over. The folders of merges whose process is gone (killed mid-way:
 * they hold rows of the returns) are removed first.
 */
export function spoolFolder(): string {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    const pid = FOLDER.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !running(Number(pid))) rmSync(path.join(tmp, name), { recursive: true, force: true });
  }
  return mkdtempSync(path.join(tmp, `jindu-merge-${process.pid}-`));
}

export function removeSpoolFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The spool file of this thread in `dir`: each thread appends only to its own, and opens it only
 * to append (a thread stopped at the end of the first pass leaves no file open behind it, which
 * would keep Windows from removing the folder).
 */
export class SpoolWriter {
  private at = 0;
  readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, `rows-${process.pid}-${threadId}.jsonl`);
  }

  /** Appends each value as a line of its own, in one write; returns where each line is. */
  append(values: unknown[]): Spooled[] {
    const lines = values.map((v) => Buffer.from(`${JSON.stringify(v)}\n`));
    const bytes = Buffer.concat(lines);
    try {
      const fd = openSync(this.file, 'a');
      try {
        for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw spoolFailure(e, this.file);
    }
    return lines.map((line) => {
      const spooled = { file: this.file, at: this.at, length: line.length - 1 };
      this.at += line.length;
      return spooled;
    });
  }
}

/** Reads rows back from the spool files, each opened once. */
export class SpoolReader {
  private readonly fds = new Map<string, number>();

  /** Where each line is read into (most are some kilobytes; the reader takes tens of thousands of them). */
  private scratch = Buffer.allocUnsafe(1 << 16);

  read<T>(s: Spooled): T {
    if (s.length > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(s.length, this.scratch.length * 2));
    const bytes = this.scratch;
    try {
      let fd = this.fds.get(s.file);
      if (fd === undefined) this.fds.set(s.file, (fd = openSync(s.file, 'r')));
      for (let done = 0; done < s.length;) {
        const n = readSync(fd, bytes, done, s.length - done, s.at + done);
        if (n === 0) throw Object.assign(new Error('short read'), { code: 'EIO' });
        done += n;
      }
    } catch (e) {
      throw spoolFailure(e, s.file);
    }
    return JSON.parse(bytes.toString('utf8', 0, s.length)) as T;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
