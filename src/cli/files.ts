/**
 * File I/O of the CLI: catalogs from seed texts, catalog JSON or catalog workbooks; the seed folder.
 */
import { promises as fs, existsSync, type Dirent } from 'fs';
import os from 'os';
import path from 'path';
import type { Catalog } from '../core/catalog';
import type { ImportOptions, ImportResult } from '../core/import';
import { readListFile, type CMapLoader } from '../documents';
import type { SkippedFile } from '../core/consolidation';
import { BUNDLE_NAME, RETURN_NAME, unpackBundle } from '../xlsx/bundle';
import { UnreadableFileError } from '../xlsx/guard';
import { errnoOf, fsErrorText, inputError } from './errors';
import { writeOutput } from './output';

/** The five seed lists live beside the repository (../shared/seeds); JINDU_SEEDS_DIR overrides. */
export function seedsDir(): string {
  return process.env.JINDU_SEEDS_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'seeds');
}

export async function seedFiles(): Promise<string[]> {
  const dir = seedsDir();
  if (!existsSync(dir)) throw new Error(`找不到责任清单样本目录：${dir}（可用环境变量 JINDU_SEEDS_DIR 指定）`);
  return (await fs.readdir(dir))
    .filter((f) => /^\d{3}_.*\.txt$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** Present when the catalog came from a list's text. */
  imported?: ImportResult;
}

/** pdf.js's CMaps, from the pdfjs-dist package. */
export const loadCMap: CMapLoader = async (name) => {
  const dir = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'cmaps');
  return new Uint8Array(await fs.readFile(path.join(dir, `${path.basename(name)}.bcmap`)));
};

/**
 * A catalog from a list as issued (text in UTF-8 or GBK, Word .docx, Excel .xlsx of any layout,
 * PDF with a text layer), a catalog workbook or catalog JSON. `options.mapping` reads the list's
 * table through the user's column mapping.
 */
export async function loadCatalog(file: string, options: ImportOptions = {}): Promise<LoadedCatalog> {
  if (!existsSync(file)) {
    // A seed may be named without its folder and extension: 000_45cf8959af68998b.
    const seed = path.join(seedsDir(), file.endsWith('.txt') ? file : `${file}.txt`);
    if (existsSync(seed)) return loadCatalog(seed, options);
    throw inputError(`找不到文件：${file}`);
  }
  const read = await readListFile(new Uint8Array(await fs.readFile(file)), path.basename(file), { loadCMap });
  if (read.kind === 'catalog') return { catalog: read.catalog };
  // The importer loads only for a list: a merge on a catalog file never needs it.
  const { importDocument } = await import('../core/import');
  const imported = importDocument(read.doc, options);
  return { catalog: imported.catalog, imported };
}

/** Writes one output file whole or not at all (see output.ts). */
export async function writeFileEnsuringDir(file: string, data: Uint8Array | string): Promise<void> {
  await writeOutput(file, data);
}

/** A return file found for a merge: where it is, and its key (path relative to the inputs' common folder). */
export interface ReturnPath {
  path: string;
  key: string;
}

export interface CollectedInputs {
  files: ReturnPath[];
  skipped: SkippedFile[];
  /** Removes the returns unpacked from bundles (zips) into a temporary folder; call once they are read. */
  cleanup(): Promise<void>;
}

/** Folders a person does not keep returns in: version control, system folders, our own temporaries. */
function skippedFolder(name: string): boolean {
  return name.startsWith('.') || name === '__MACOSX' || name === 'node_modules';
}

/**
 * The files named on the command line, folders walked into their subfolders (as Power Query's
 * 从文件夹 does), each file once (by its real path) and only regular files: what is not read is listed
 * with why. Keys are paths relative to the folder all inputs share, so two 财政局.xlsx in two folders
 * stay apart and the result does not depend on the order of the arguments.
 */
export async function collectInputs(paths: string[]): Promise<CollectedInputs> {
  const found: Array<{ path: string; real: string }> = [];
  const skipped: Array<{ path: string; reason: string }> = [];
  const seenReal = new Set<string>();
  const seenDirs = new Set<string>();
  const roots: string[] = [];

  const addFile = async (p: string, given: boolean) => {
    const base = path.basename(p);
    if (!given && base.startsWith('~$')) return skipped.push({ path: p, reason: 'Excel/WPS 打开文件时的临时文件' });
    if (!given && !RETURN_NAME.test(base) && !BUNDLE_NAME.test(base))
      return skipped.push({ path: p, reason: `不是工作簿文件（${path.extname(base) || '无扩展名'}）` });
    const st = await fs.stat(p).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    if (st instanceof Error) return skipped.push({ path: p, reason: fsErrorText(st, '访问', base) });
    if (!st.isFile()) {
      const what = st.isFIFO()
        ? '管道'
        : st.isCharacterDevice() || st.isBlockDevice()
          ? '设备'
          : st.isSocket()
            ? '套接字'
            : st.isDirectory()
              ? '目录'
              : '特殊文件';
      return skipped.push({ path: p, reason: `不是普通文件（${what}），未读取` });
    }
    const real = await fs.realpath(p).catch(() => path.resolve(p));
    if (seenReal.has(real)) return;
    seenReal.add(real);
    found.push({ path: p, real });
  };

  const walk = async (dir: string) => {
    const real = await fs.realpath(dir).catch(() => path.resolve(dir));
    if (seenDirs.has(real)) return; // a link back up the tree
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: fsErrorText(e, '读取目录', dir) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) isDir = (await fs.stat(p).catch(() => null))?.isDirectory() ?? false;
      if (isDir) {
        if (skippedFolder(e.name)) skipped.push({ path: p, reason: '隐藏或系统文件夹，未读取' });
        else await walk(p);
      } else await addFile(p, false);
    }
  };

  for (const p of paths) {
    const st = await fs.stat(p).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    if (st instanceof Error) throw inputError(errnoOf(st) === 'ENOENT' ? `找不到文件或目录：${p}` : fsErrorText(st, '访问', p));
    const abs = path.resolve(p);
    if (st.isDirectory()) {
      roots.push(abs);
      await walk(p);
    } else {
      roots.push(path.dirname(abs));
      await addFile(p, true);
    }
  }
  const common = commonFolder(roots);
  const keyOf = (p: string) => path.relative(common, path.resolve(p)).split(path.sep).join('/');
  const files: ReturnPath[] = [];
  const skippedFiles = skipped.map((s) => ({ file: keyOf(s.path) || path.basename(s.path), reason: s.reason }));
  let unpacked: string | undefined;
  let n = 0;
  const cleanup = async () => {
    if (unpacked) await fs.rm(unpacked, { recursive: true, force: true });
  };
  try {
    for (const f of found) {
      if (!BUNDLE_NAME.test(f.path)) files.push({ path: f.path, key: keyOf(f.path) });
      else {
        unpacked ??= await fs.mkdtemp(path.join(os.tmpdir(), 'jindu-bundle-'));
        const dir = unpacked;
        await unpackInto(f.path, keyOf(f.path), (ext) => path.join(dir, `${++n}${ext}`), files, skippedFiles);
      }
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { files: files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), skipped: skippedFiles, cleanup };
}

/**
 * The returns of a bundle (see xlsx/bundle.ts), each written as it is unpacked to a file of its own
 * named by `place` (never by its name in the zip, which may climb out of the folder), keyed by the
 * bundle's key and its path in it.
 */
async function unpackInto(
  bundle: string,
  bundleKey: string,
  place: (ext: string) => string,
  files: ReturnPath[],
  skipped: SkippedFile[],
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(bundle));
  } catch (e) {
    skipped.push({ file: bundleKey, reason: fsErrorText(e, '读取', path.basename(bundle)) });
    return;
  }
  const seen = new Set<string>();
  try {
    for (const item of unpackBundle(bytes)) {
      const key = `${bundleKey}/${item.path}`;
      if (item.kind === 'skipped') skipped.push({ file: key, reason: item.reason });
      else if (seen.has(key)) skipped.push({ file: key, reason: '压缩包中有同名文件，只读取了第一个' });
      else {
        seen.add(key);
        const file = place(path.extname(item.path).toLowerCase());
        await fs.writeFile(file, item.bytes);
        files.push({ path: file, key });
      }
    }
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    skipped.push({ file: bundleKey, reason: e.message });
  }
}

/** The deepest folder that holds all the given folders. */
export function commonFolder(folders: string[]): string {
  if (!folders.length) return process.cwd();
  let parts = folders[0].split(path.sep);
  for (const f of folders.slice(1)) {
    const other = f.split(path.sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(path.sep) || path.sep;
}

/** Files named on the command line, with folders expanded (see collectInputs); the paths only. */
export async function expandInputs(paths: string[]): Promise<string[]> {
  return (await collectInputs(paths)).files.map((f) => f.path);
}
