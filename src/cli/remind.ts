/**
 * jindu merge --remind FILE.txt: the 催报 text of a merge (core/reminder.ts) as a file, with the
 * contacts of this batch's returns and, for units it has none of, of the --previous 汇总. The file
 * is UTF-8 with a BOM and Windows line ends, so that Notepad on an office PC shows it as written.
 */
import { promises as fs } from 'fs';
import type { AssignmentOptions } from '../core/assignment';
import type { Catalog } from '../core/catalog';
import type { MergeSummary } from '../core/consolidation';
import type { ConsolidationRecord } from '../core/consolidationRecord';
import { unitContacts } from '../core/contacts';
import type { Period } from '../core/period';
import { reminders } from '../core/reminder';

const BOM = '\ufeff';
/** What the file's heading says, so that a later run knows the file is its own to replace. */
const HEADING = /进度报表催报（报送截止日期/;

export function remindText(
  summary: MergeSummary,
  ctx: AssignmentOptions & { catalog: Catalog; period: Period; asOf: string },
  previous?: ConsolidationRecord,
): { text: string; units: number } {
  const r = reminders(summary, { ...ctx, contacts: unitContacts(summary.files, previous ? [previous] : []) });
  return { text: `${BOM}${r.text.replace(/\n/g, '\r\n')}\r\n`, units: r.units.length };
}

/** An earlier --remind file (its heading), which a merge may replace. */
export async function isOwnReminder(file: string): Promise<boolean> {
  try {
    const head = (await fs.readFile(file, 'utf8')).slice(0, 400);
    return HEADING.test(head);
  } catch {
    return false;
  }
}
