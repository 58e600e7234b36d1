/**
 * Finding a unit as clerks type it: part of the name (教育局), an alias (区卫健局), a short form by
 * the directory's rule (卫健局, 人社局: units.ts shortFormOf), the pinyin initials ("jyj" or "qjyj"
 * for 区教育局) or the full pinyin ("jiaoyu"). When nothing matches, the nearest units (edit distance
 * on the name, or on its pinyin for Latin letters) are offered instead. Pinyin comes from pinyin-pro,
 * computed once per catalog.
 */
import { distance } from 'fastest-levenshtein';
import { pinyin } from 'pinyin-pro';
import { shortFormOf, type Unit } from '../core/units';

export interface UnitEntry {
  name: string;
  /** The name and its aliases, each with its pinyin initials and full pinyin, lower case. */
  keys: Array<{ text: string; initials: string; full: string }>;
}

function pinyinKeys(text: string): { text: string; initials: string; full: string } {
  const plain = text.replace(/[（）()\s]/g, '');
  const initials = pinyin(plain, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
  const full = pinyin(plain, { toneType: 'none', type: 'array' }).join('').toLowerCase();
  return { text, initials, full };
}

/** The search index of the units a pane offers (`names`), with aliases from the unit directory. */
export function unitIndex(names: readonly string[], units: readonly Unit[] = []): UnitEntry[] {
  const aliases = new Map(units.map((u) => [u.name, u.aliases]));
  return names.map((name) => ({ name, keys: [name, ...(aliases.get(name) ?? [])].map(pinyinKeys) }));
}

/** How well one key matches the query; 0 for not at all. */
function score(key: UnitEntry['keys'][number], q: string, isAlias: boolean): number {
  const alias = isAlias ? 1 : 0;
  if (key.text === q) return 100 - alias;
  if (key.text.startsWith(q)) return 90 - alias;
  if (key.text.includes(q)) return 80 - alias;
  if (shortFormOf(q, key.text)) return 75 - alias;
  const latin = q.toLowerCase();
  if (!/^[a-z]+$/.test(latin)) return 0;
  if (key.initials === latin) return 70 - alias;
  if (key.initials.startsWith(latin)) return 65 - alias;
  if (key.initials.includes(latin)) return 60 - alias;
  if (latin.length >= 2 && key.full.startsWith(latin)) return 55 - alias;
  if (latin.length >= 3 && key.full.includes(latin)) return 50 - alias;
  return 0;
}

/**
 * Units matching the query, best first (exact name, name prefix, name part, alias, initials, full
 * pinyin; ties in directory order). An empty query gives every unit.
 */
export function searchUnits(index: readonly UnitEntry[], query: string, limit = Infinity): string[] {
  const q = query.trim().replace(/\s+/g, '');
  if (!q) return index.slice(0, limit).map((e) => e.name);
  return index
    .map((e, order) => ({ e, order, s: Math.max(...e.keys.map((k, i) => score(k, q, i > 0))) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.order - b.order)
    .slice(0, limit)
    .map((x) => x.e.name);
}

/** Units close to a query nothing matched: the smallest edit distance to a name, an alias or their pinyin. */
export function nearestUnits(index: readonly UnitEntry[], query: string, limit = 3): string[] {
  const q = query.trim().replace(/\s+/g, '').toLowerCase();
  if (!q) return [];
  const latin = /^[a-z]+$/.test(q);
  const scored = index.map((e, order) => {
    const d = Math.min(
      ...e.keys.map((k) => (latin ? Math.min(distance(q, k.initials), distance(q, k.full)) : distance(q, k.text.replace(/[（）()]/g, '')))),
    );
    return { name: e.name, order, d };
  });
  // Close enough to be a slip: at most half the query's length away.
  const bound = Math.max(1, Math.floor(q.length / 2));
  return scored
    .filter((x) => x.d <= bound)
    .sort((a, b) => a.d - b.d || a.order - b.order)
    .slice(0, limit)
    .map((x) => x.name);
}
