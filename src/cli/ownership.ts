/**
 * Whether an existing file is one the CLI wrote before, and so one it may replace: an earlier 汇总,
 * summary JSON or catalog. Anything else of the same name (a return, a user's own workbook) is never
 * overwritten.
 */
import { promises as fs } from 'fs';
import { CATALOG_SUBJECT, CONSOLIDATION_SUBJECT } from '../core/report';
import { workbookSubject } from '../xlsx/read';

async function subjectOf(file: string): Promise<string | undefined> {
  const bytes = await fs.readFile(file).catch(() => null);
  return bytes ? workbookSubject(new Uint8Array(bytes)) : undefined;
}

async function jsonOf(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const data: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A 汇总 the product wrote (any version): its properties say 进度汇总. */
export async function isOwnConsolidation(file: string): Promise<boolean> {
  return (await subjectOf(file)) === CONSOLIDATION_SUBJECT;
}

/** A merge summary JSON: period, files and units. */
export async function isOwnSummary(file: string): Promise<boolean> {
  const data = await jsonOf(file);
  return !!data && typeof data.period === 'string' && Array.isArray(data.files) && Array.isArray(data.units);
}

/** A catalog workbook (its properties say 进度通任务清单) or catalog JSON (source, units and tasks). */
export async function isOwnCatalog(file: string): Promise<boolean> {
  if (/\.json$/i.test(file)) {
    const data = await jsonOf(file);
    return !!data && typeof data.source === 'object' && Array.isArray(data.units) && Array.isArray(data.tasks);
  }
  return (await subjectOf(file)) === CATALOG_SUBJECT;
}
