/**
 * Contacts (填报人 and 联系电话) of the units, as their returns give them: who to call when a unit
 * has not reported. A unit's contact is the one of its latest return known: any return of this
 * batch that names the unit (also one superseded, blank or of another period: the form's footer
 * is still the unit's), else the unit's entry in an earlier 汇总's data sheet. Pure.
 */
import type { MergeSummary } from './consolidation';
import type { ConsolidationRecord } from './consolidationRecord';
import { instantMs } from './submission';

export interface Contact {
  reporter: string;
  phone: string;
  /** Where it was read, in words: 本批报表“区教育局.xlsx”, 2019年第一季度汇总表. */
  source: string;
}

/** What one file of a merge says of its unit's contact. */
type ContactFile = Pick<MergeSummary['files'][number], 'file' | 'unit' | 'submittedAt' | 'reporter' | 'phone'>;

function time(iso: string | null | undefined): number {
  const ms = iso ? instantMs(iso) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Each unit's contact from the latest of its files in this batch that has one. */
export function batchContacts(files: readonly ContactFile[]): Map<string, Contact> {
  const best = new Map<string, { contact: Contact; at: number }>();
  for (const f of files) {
    const reporter = (f.reporter ?? '').trim();
    const phone = (f.phone ?? '').trim();
    if (!f.unit || (!reporter && !phone)) continue;
    const at = time(f.submittedAt);
    const seen = best.get(f.unit);
    if (seen && seen.at >= at) continue;
    best.set(f.unit, { contact: { reporter, phone, source: `本批报表“${f.file}”` }, at });
  }
  return new Map([...best].map(([unit, { contact }]) => [unit, contact]));
}

/** What contacts are read from: a consolidation record, or as much of one as a door passes on. */
export type ContactRecord = Pick<ConsolidationRecord, 'period' | 'periodLabel' | 'units'>;

/** Each unit's contact as an earlier 汇总 recorded it (its data sheet; older 汇总 recorded none). */
export function recordContacts(record: ContactRecord): Map<string, Contact> {
  const out = new Map<string, Contact>();
  for (const u of record.units) {
    const reporter = (u.reporter ?? '').trim();
    const phone = (u.phone ?? '').trim();
    if (reporter || phone) out.set(u.unit, { reporter, phone, source: `${record.periodLabel}汇总表` });
  }
  return out;
}

/** This batch's contacts, and for units it has none of, the earlier 汇总's (latest period first). */
export function unitContacts(files: readonly ContactFile[], earlier: readonly ContactRecord[] = []): Map<string, Contact> {
  const out = batchContacts(files);
  const byPeriod = [...earlier].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
  for (const record of byPeriod) for (const [unit, c] of recordContacts(record)) if (!out.has(unit)) out.set(unit, c);
  return out;
}

/** 张三，0754-88123456 (what is known of it). */
export function contactText(c: Contact | undefined): string {
  if (!c) return '';
  return [c.reporter, c.phone].filter(Boolean).join('，');
}
