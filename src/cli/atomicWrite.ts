/**
 * Output folders of one kind of file (the feedback copies), whole or not at all: filled under a
 * temporary name beside their place and renamed into place (single files: output.ts). A folder that is there already is replaced only when everything in it is a file this
 * command writes (`owns`); anything else in it stops the command before it writes, and nothing of
 * the user's is deleted.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { fsErrorText, outputError } from './errors';

function tempName(target: string, kind: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${kind}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
}

/** Throws (in Chinese) unless `dir` is absent, or a folder holding only files `owns` accepts. */
export async function checkFolderTarget(dir: string, owns: (name: string) => boolean): Promise<void> {
  const st = await fs.stat(dir).catch(() => null);
  if (!st) return;
  if (!st.isDirectory()) throw outputError(`“${dir}”已存在且不是文件夹，请指定其他文件夹`);
  const foreign: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) if (!entry.isFile() || !owns(entry.name)) foreign.push(entry.name);
  if (foreign.length) {
    const list = foreign.slice(0, 3).join('、');
    throw outputError(
      `文件夹“${dir}”中有不是本程序生成的内容（${list}${foreign.length > 3 ? '等' : ''}），为免删除，请指定一个新的或空的文件夹`,
    );
  }
}

/** Writes `files` as the folder `dir`, whole: the old folder (only files `owns` accepts) is replaced once the new one is complete. */
export async function writeFolderAtomic(
  dir: string,
  files: Array<[string, Uint8Array | string]>,
  owns: (name: string) => boolean,
): Promise<void> {
  await checkFolderTarget(dir, owns);
  await fs.mkdir(path.dirname(path.resolve(dir)), { recursive: true });
  const temp = tempName(dir, 'tmp');
  const old = tempName(dir, 'old');
  let moved = false;
  try {
    await fs.mkdir(temp);
    for (const [name, data] of files) await fs.writeFile(path.join(temp, name), data);
    if (await fs.stat(dir).catch(() => null)) {
      await fs.rename(dir, old);
      moved = true;
    }
    await fs.rename(temp, dir);
  } catch (e) {
    if (moved) await fs.rename(old, dir).catch(() => undefined);
    await fs.rm(temp, { recursive: true, force: true });
    throw outputError(`${fsErrorText(e, '写入', dir)}；原有文件未改动`);
  }
  if (moved) await fs.rm(old, { recursive: true, force: true });
}
