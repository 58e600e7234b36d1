/**
 * Where the pane's catalog comes from: the workbook's own 任务清单 sheets, or a bundled seed list
 * (imported in the pane on first use; the seed texts are a separate chunk loaded on demand).
 */
import type { Catalog } from '../../core/catalog';
import { CATALOG_SHEETS, catalogFromWorkbook, isCatalogWorkbook } from '../../core/catalogFile';
import { importList, type ImportResult, type ImportWarning } from '../../core/import';
import { readSource } from '../../core/import/source';
import { normaliseDocument } from '../../core/import/text';
import { META_KEYS, META_SHEET, type ReturnMeta } from '../../core/report';
import { cellText, type WorkbookData } from '../../core/workbook';

export interface CurrentCatalog {
  catalog: Catalog;
  /** 本工作簿 (its 任务清单 sheet), a bundled seed, or pasted text not yet written. */
  origin: 'workbook' | 'seed' | 'text';
  seedId?: string;
  warnings: ImportWarning[];
}

export interface SeedInfo {
  id: string;
  title: string;
}

/** The sheets the pane reads when it opens: the catalog's and the template's metadata. */
export const STARTUP_SHEETS: readonly string[] = [...Object.values(CATALOG_SHEETS), META_SHEET];

type SeedsModule = typeof import('../seeds');
let seedsModule: Promise<SeedsModule> | undefined;
function seeds(): Promise<SeedsModule> {
  seedsModule ??= import(/* webpackChunkName: "seeds" */ '../seeds');
  return seedsModule;
}

function titleOf(text: string, id: string): string {
  try {
    return readSource(normaliseDocument(text).split('\n')).title || id;
  } catch {
    return id;
  }
}

let seedList: SeedInfo[] | undefined;
export async function listSeeds(): Promise<SeedInfo[]> {
  if (!seedList) {
    const { SEEDS } = await seeds();
    seedList = SEEDS.map((s) => ({ id: s.id, title: titleOf(s.text, s.id) }));
  }
  return seedList;
}

const imported = new Map<string, ImportResult>();
export async function importSeed(id: string): Promise<ImportResult> {
  const hit = imported.get(id);
  if (hit) return hit;
  const { SEEDS } = await seeds();
  const seed = SEEDS.find((s) => s.id === id);
  if (!seed) throw new Error(`没有名为“${id}”的内置责任清单`);
  const r = importList(seed.text);
  imported.set(id, r);
  return r;
}

/** The catalog kept in the workbook (its 任务清单 sheets), or null when it has none. */
export function catalogOfBook(book: WorkbookData): Catalog | null {
  return isCatalogWorkbook(book) ? catalogFromWorkbook(book) : null;
}

/** What the very hidden jindu_meta sheet says (unit, period, catalog version and title). */
export function metaOfBook(book: WorkbookData): ReturnMeta {
  const meta: ReturnMeta = {};
  const sheet = book.sheets.find((s) => s.name === META_SHEET);
  for (const row of sheet?.rows ?? []) {
    const k = cellText(row[0]);
    const v = cellText(row[1]);
    const field = (Object.keys(META_KEYS) as Array<keyof typeof META_KEYS>).find((f) => META_KEYS[f] === k);
    if (field && v) meta[field] = v;
  }
  return meta;
}
