/**
 * The lists folder of a site (core/bundledLists.ts) from catalog files: `jindu deploy --catalog C`
 * writes the office's own list, the demo build (`webpack --env demo`) the seed lists.
 */
import path from 'path';
import { bundledListFiles, listIdOf } from '../core/bundledLists';
import { loadCatalog, seedFiles } from './files';

/** The lists folder's files for these catalogs (list texts as issued, catalog .xlsx or .json; seeds by name), in order: the first is the default. */
export async function listFilesOf(sources: readonly string[]): Promise<Array<{ path: string; text: string }>> {
  const lists = [];
  for (const source of sources) lists.push({ id: listIdOf(path.basename(source)), catalog: (await loadCatalog(source)).catalog });
  return bundledListFiles(lists);
}

/** The demo build's lists: the seed lists (../shared/seeds, or JINDU_SEEDS_DIR). */
export async function demoListFiles(): Promise<Array<{ path: string; text: string }>> {
  return listFilesOf(await seedFiles());
}
