/**
 * The lists a deployed page offers without anything to pick: data files beside the page, not code.
 * `lists/index.json` names them (the first is the default), and each is a catalog JSON file as
 * `jindu import --json` prints it. `jindu deploy --catalog C` writes the office's own list there;
 * the demo build (`--env demo`) the seed lists; a plain build none, so that a site offers no other
 * district's lists. The page and the pane fetch the index when they start, a list when it is chosen.
 * Pure: the doors read and write the files.
 */
import type { Catalog } from './catalog';
import { catalogToJson } from './catalogFile';

/** The folder beside taskpane.html, and its index. */
export const LISTS_FOLDER = 'lists';
export const LISTS_INDEX = `${LISTS_FOLDER}/index.json`;
export const LISTS_SCHEMA = 'jindu-lists';

export interface BundledList {
  /** What `?catalog=` names: a seed's file name (000_45cf8959af68998b), or the deployed list's. */
  id: string;
  title: string;
  /** The catalog JSON's path inside the folder. */
  file: string;
  tasks: number;
  units: number;
}

export interface BundledIndex {
  schema: typeof LISTS_SCHEMA;
  version: 1;
  lists: BundledList[];
}

/** An id from a file name: its base without extension, with characters a link cannot hold as they are replaced. */
export function listIdOf(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return base.replace(/[\s?#&%/\\"'<>|*:=+]+/g, '_').slice(0, 80) || 'list';
}

/** The files of a lists folder: the index, then one catalog JSON per list (named by its version, so plain ASCII). */
export function bundledListFiles(lists: ReadonlyArray<{ id: string; catalog: Catalog }>): Array<{ path: string; text: string }> {
  const seen = new Set<string>();
  const entries: BundledList[] = [];
  const files: Array<{ path: string; text: string }> = [];
  for (const { id, catalog } of lists) {
    let unique = id;
    for (let n = 2; seen.has(unique); n++) unique = `${id}-${n}`;
    seen.add(unique);
    const file = `${catalog.version}.json`;
    entries.push({
      id: unique,
      title: catalog.source.title || unique,
      file,
      tasks: catalog.tasks.length,
      units: catalog.units.filter((u) => u.kind === 'unit').length,
    });
    if (!files.some((f) => f.path === `${LISTS_FOLDER}/${file}`))
      files.push({ path: `${LISTS_FOLDER}/${file}`, text: catalogToJson(catalog) });
  }
  const index: BundledIndex = { schema: LISTS_SCHEMA, version: 1, lists: entries };
  return [{ path: LISTS_INDEX, text: `${JSON.stringify(index, null, 2)}\n` }, ...files];
}

/** The index as fetched; anything that is not one reads as no lists (a site deployed without any). */
export function readBundledIndex(text: string): BundledList[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const d = data as Partial<BundledIndex> | null;
  if (!d || d.schema !== LISTS_SCHEMA || !Array.isArray(d.lists)) return [];
  return d.lists.filter(
    (l): l is BundledList => !!l && typeof l.id === 'string' && typeof l.file === 'string' && /^[\w.-]+\.json$/.test(l.file),
  );
}
