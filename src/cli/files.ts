/**
 * File I/O of the CLI: catalogs from seed texts, catalog JSON or catalog workbooks; the seed folder.
 */
import { promises as fs, existsSync } from 'fs';
import path from 'path';
import type { Catalog } from '../core/catalog';
import { importDocument, type ImportOptions, type ImportResult } from '../core/import';
import { readListFile, type CMapLoader } from '../documents';

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
    throw new Error(`找不到文件：${file}`);
  }
  const read = await readListFile(new Uint8Array(await fs.readFile(file)), path.basename(file), { loadCMap });
  if (read.kind === 'catalog') return { catalog: read.catalog };
  const imported = importDocument(read.doc, options);
  return { catalog: imported.catalog, imported };
}

export async function writeFileEnsuringDir(file: string, data: Uint8Array | string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, data);
}

/** Files named on the command line, with folders expanded to the .xlsx/.xls/.et files inside (not recursive). */
export async function expandInputs(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const st = await fs.stat(p).catch(() => null);
    if (!st) throw new Error(`找不到文件或目录：${p}`);
    if (st.isDirectory()) {
      const names = (await fs.readdir(p)).filter((n) => /\.(xlsx|xlsm|xls|et)$/i.test(n) && !n.startsWith('~$')).sort();
      out.push(...names.map((n) => path.join(p, n)));
    } else out.push(p);
  }
  return out;
}
