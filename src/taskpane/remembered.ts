/**
 * The office's list, period and 截至日期 between visits. The web page keeps them in this browser's
 * localStorage (synchronous, so the page opens on them without a flash of another list; a catalog is
 * tens to a few hundred KB of JSON, well within its few MB); the pane in the workbook's settings
 * (hosts/excel.ts). A period or date is kept only once a person chose it: a default is worked out
 * again each time (today moves on). Storage that is full or switched off keeps nothing and says
 * nothing: the page works as before.
 */
import type { Remembered } from './hosts/types';

export const STORAGE_KEY = 'jindu.office.v1';
/** Lists kept besides the current one, for switching back. */
export const RECENT_LISTS = 4;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What was stored, checked field by field: anything malformed is dropped, not trusted. */
export function readRemembered(value: unknown): Remembered | null {
  if (!isRecord(value)) return null;
  const out: Remembered = {};
  const list = value.list;
  if (isRecord(list) && list.kind === 'bundled' && typeof list.id === 'string') out.list = { kind: 'bundled', id: list.id };
  if (isRecord(list) && list.kind === 'imported' && typeof list.catalog === 'string' && typeof list.label === 'string')
    out.list = { kind: 'imported', label: list.label, catalog: list.catalog };
  if (Array.isArray(value.recent)) {
    out.recent = value.recent.filter(
      (r): r is NonNullable<Remembered['recent']>[number] =>
        isRecord(r) &&
        typeof r.title === 'string' &&
        ((r.kind === 'bundled' && typeof r.id === 'string') ||
          (r.kind === 'imported' && typeof r.catalog === 'string' && typeof r.label === 'string')),
    );
  }
  if (typeof value.period === 'string') out.period = value.period;
  if (typeof value.asOf === 'string') out.asOf = value.asOf;
  return out;
}

export function loadLocal(storage: Pick<Storage, 'getItem'> | undefined = safeStorage()): Remembered | null {
  try {
    const text = storage?.getItem(STORAGE_KEY);
    return text ? readRemembered(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

/** Stores the state; when the browser's quota is reached, the recent lists go first, then the list itself. */
export function saveLocal(state: Remembered, storage: Pick<Storage, 'setItem'> | undefined = safeStorage()): boolean {
  if (!storage) return false;
  const tries: Remembered[] = [state, { ...state, recent: [] }, { period: state.period, asOf: state.asOf }];
  for (const t of tries) {
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify(t));
      return true;
    } catch {
      // QuotaExceededError, or storage switched off: try a smaller state.
    }
  }
  return false;
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // a browser that forbids storage throws on access
  }
}
