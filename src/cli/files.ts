/**
 * File I/O of the CLI: catalogs from seed texts, catalog JSON or catalog workbooks; the seed folder.
 */
import { promises as fs, existsSync } from 'fs';
import path from 'path';
import type { Catalog } from '../core/catalog';
import { catalogFromJson, catalogFromWorkbook, CatalogFormatError, isCatalogWorkbook } from '../core/catalogFile';
import { importList, type ImportResult } from '../core/import';
import { readWorkbook } from '../xlsx';

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

/** A catalog from a seed text (.txt), catalog JSON (.json) or catalog workbook (.xlsx). */
export async function loadCatalog(file: string): Promise<LoadedCatalog> {
  if (!existsSync(file)) {
    // A seed may be named without its folder and extension: 000_45cf8959af68998b.
    const seed = path.join(seedsDir(), file.endsWith('.txt') ? file : `${file}.txt`);
    if (existsSync(seed)) return loadCatalog(seed);
    throw new Error(`找不到文件：${file}`);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return { catalog: catalogFromJson(await fs.readFile(file, 'utf8')) };
  if (ext === '.xlsx') {
    const book = await readWorkbook(new Uint8Array(await fs.readFile(file)), file);
    if (!isCatalogWorkbook(book)) throw new CatalogFormatError(`“${path.basename(file)}”不是任务清单工作簿（缺少“任务清单”工作表）`);
    return { catalog: catalogFromWorkbook(book) };
  }
  const text = await fs.readFile(file, 'utf8');
  const imported = importList(text);
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
