/**
 * Outputs appear whole or not at all. A file is written to a temporary file beside its place,
 * flushed, then renamed over it (a rename within one folder is atomic), so a full disk or a kill
 * mid-write leaves the previous file as it was. Several files written together (the 汇总 and its
 * JSON) are all renamed or none: a failed rename puts back what was there. An output folder is
 * built beside its place and moved in; a folder that holds files the command did not write is
 * never emptied: only the command's own earlier files are replaced, or the command refuses.
 */
import { promises as fs, constants, existsSync } from 'fs';
import type { FileHandle } from 'fs/promises';
import path from 'path';
import { errnoOf, fsErrorText, outputError } from './errors';

/**
 * What an output holds: its bytes or text, or a writer that writes it into the (new, empty) file
 * it is given, for outputs too big to hold in memory (a province's 汇总).
 */
export type OutputData = Uint8Array | string | ((file: FileHandle) => Promise<void>);

/** The file-system calls used, so that tests can make one of them fail (a full disk, say). */
export interface OutputFs {
  writeFile(file: string, data: OutputData): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  link(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

/** Writes and flushes to disk before the rename, so that a crash right after cannot leave an empty file behind the new name. */
async function writeFlushed(file: string, data: OutputData): Promise<void> {
  // Read and write: a streamed writer may set bytes in place once it is done (zip entry times).
  const handle = await fs.open(file, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    if (typeof data === 'function') await data(handle);
    else await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const realFs: OutputFs = {
  writeFile: writeFlushed,
  rename: (a, b) => fs.rename(a, b),
  link: (a, b) => fs.link(a, b),
  copyFile: (a, b) => fs.copyFile(a, b),
  unlink: (f) => fs.unlink(f),
};

export interface Output {
  path: string;
  data: OutputData;
}

const TEMP_SUFFIX = '.jindu-tmp';

function tempName(target: string, tag: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}-${Date.now().toString(36)}.${tag}${TEMP_SUFFIX}`);
}

/** Temporary files of an earlier run that was killed, for this target: ours by name, so ours to remove. */
async function removeStaleTemps(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const n of names) if (n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX)) await fs.unlink(path.join(dir, n)).catch(() => undefined);
}

/**
 * Writes the outputs together: every file to a temporary file beside its target, then every rename.
 * On any failure each target is as it was before and no temporary file is left.
 */
export async function writeOutputs(outputs: Output[], io: OutputFs = realFs): Promise<void> {
  const staged: Array<{ target: string; temp: string; backup?: string; renamed: boolean }> = [];
  const cleanUp = async () => {
    for (const s of staged) {
      if (!s.renamed) await io.unlink(s.temp).catch(() => undefined);
      if (s.backup) await io.unlink(s.backup).catch(() => undefined);
    }
  };
  try {
    for (const o of outputs) {
      const target = path.resolve(o.path);
      try {
        await fs.mkdir(path.dirname(target), { recursive: true });
      } catch (e) {
        throw outputError(fsErrorText(e, '创建目录', path.dirname(o.path)));
      }
      await removeStaleTemps(target);
      const temp = tempName(target, 'new');
      staged.push({ target, temp, renamed: false });
      try {
        await io.writeFile(temp, o.data);
      } catch (e) {
        // A streamed writer fails for its own reasons too (an input that changed): those are not the disk's.
        if (typeof o.data === 'function' && !errnoOf(e)) throw e;
        throw outputError(`${fsErrorText(e, '写入', o.path)}；原有文件未改动`);
      }
    }
    // Keep what each target held until all are in place, to put it back if a later rename fails.
    for (const s of staged) {
      if (!existsSync(s.target)) continue;
      const backup = tempName(s.target, 'old');
      try {
        await io.link(s.target, backup);
      } catch {
        await io.copyFile(s.target, backup).catch((e: unknown) => {
          throw outputError(`${fsErrorText(e, '备份', s.target)}；原有文件未改动`);
        });
      }
      s.backup = backup;
    }
    for (const s of staged) {
      try {
        await io.rename(s.temp, s.target);
        s.renamed = true;
      } catch (e) {
        for (const done of staged.filter((x) => x.renamed)) {
          if (done.backup)
            await io.rename(done.backup, done.target).then(
              () => (done.backup = undefined),
              () => undefined,
            );
          else await io.unlink(done.target).catch(() => undefined);
        }
        throw outputError(`${fsErrorText(e, '写入', s.target)}；原有文件未改动`);
      }
    }
  } finally {
    await cleanUp();
  }
}

/** One output file, whole or not at all. */
export function writeOutput(file: string, data: OutputData, io: OutputFs = realFs): Promise<void> {
  return writeOutputs([{ path: file, data }], io);
}

// ---------------------------------------------------------------------------------------------
// Output folders

/** The file in a folder the CLI made that lists what it wrote there (relative paths). */
export const OUTPUT_MARKER = '.jindu-output.json';

interface Marker {
  made: string;
  files: string[];
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p, base)));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}

async function readMarker(dir: string): Promise<Marker | undefined> {
  try {
    const m = JSON.parse(await fs.readFile(path.join(dir, OUTPUT_MARKER), 'utf8')) as Partial<Marker>;
    return Array.isArray(m.files) && m.files.every((f) => typeof f === 'string')
      ? { made: String(m.made ?? ''), files: m.files }
      : undefined;
  } catch {
    return undefined;
  }
}

export interface OutputFolder {
  /** Where to write the folder's files now (a temporary folder beside the target). */
  dir: string;
  /** Moves the written files into place. */
  commit(): Promise<void>;
  /** Removes the temporary folder (after a failure). */
  abandon(): Promise<void>;
}

/**
 * An output folder built beside `target` and moved in on commit: into a new or empty folder as a
 * whole; into a folder the command made before (its marker lists its files, or `isOwnLegacy` says
 * an unmarked folder has only entries of the command's known layout) by replacing only those files.
 * A non-empty folder that is not the command's is refused, before any work, with a message.
 */
export async function prepareOutputFolder(
  target: string,
  command: string,
  isOwnLegacy: (topLevelNames: string[]) => boolean = () => false,
): Promise<OutputFolder> {
  const dest = path.resolve(target);
  let previous: string[] | undefined;
  const st = await fs.stat(dest).catch((e: unknown) => {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw outputError(fsErrorText(e, '访问', target));
  });
  if (st && !st.isDirectory()) throw outputError(`“${target}”已存在且不是目录，请另选输出目录`);
  if (st) {
    const names = (await fs.readdir(dest)).filter((n) => n !== OUTPUT_MARKER);
    const marker = await readMarker(dest);
    if (marker) previous = marker.files;
    else if (names.length === 0) previous = [];
    else if (isOwnLegacy(names)) previous = await listFiles(dest);
    else {
      throw outputError(`输出目录“${target}”中已有其他文件，且不是 ${command} 生成的；为免删除或覆盖您的文件，请指定一个新目录或空目录`);
    }
  }
  const temp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}-${Date.now().toString(36)}${TEMP_SUFFIX}`);
  try {
    await fs.mkdir(temp, { recursive: true });
  } catch (e) {
    throw outputError(fsErrorText(e, '创建目录', path.dirname(target)));
  }
  const abandon = () => fs.rm(temp, { recursive: true, force: true });
  const commit = async () => {
    const files = await listFiles(temp);
    const marker: Marker = { made: command, files };
    await fs.writeFile(path.join(temp, OUTPUT_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    if (!previous) {
      await fs.rename(temp, dest).catch((e: unknown) => {
        throw outputError(fsErrorText(e, '写入', target));
      });
      return;
    }
    // Only the command's own earlier files go; anything the user added stays.
    const newSet = new Set(files);
    for (const f of previous) {
      if (!newSet.has(f)) await fs.unlink(path.join(dest, f)).catch(() => undefined);
    }
    for (const f of [...files, OUTPUT_MARKER]) {
      const to = path.join(dest, f);
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.rename(path.join(temp, f), to);
    }
    await removeEmptyDirs(dest);
    await abandon();
  };
  return { dir: temp, commit, abandon };
}

/** Folders left empty once the command's old files are gone (never the folder itself). */
async function removeEmptyDirs(dir: string, top = true): Promise<boolean> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory() && (await removeEmptyDirs(path.join(dir, e.name), false))) continue;
    empty = false;
  }
  if (empty && !top) await fs.rmdir(dir).catch(() => undefined);
  return empty && !top;
}
