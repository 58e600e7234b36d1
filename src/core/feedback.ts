/**
 * Feedback (退回修改): after a merge, each unit whose return has something to correct gets its own
 * form back with the problem cells marked and a sheet 需更正事项 listing what to correct. A unit
 * with nothing to correct gets nothing. What to correct is every error and warning of the unit's
 * return in the merge, except a late submission (a fact about the sending, nothing to change in
 * the form). Pure: the doors read the original files and write the copies.
 */
import { reportRecipient } from './template';
import type { Catalog } from './catalog';
import type { Consolidation } from './consolidation';
import { FINDING_LABELS, type Finding, type FindingCode } from './finding';
import { periodLabel, type Period } from './period';
import { chineseDate, printedTable } from './printedTable';
import type { SheetSpec } from './workbook';

/** The sheet added to each copy. */
export const FEEDBACK_SHEET = '需更正事项';

/** Findings that ask nothing of the unit's form. */
const NOTHING_TO_CORRECT: ReadonlySet<FindingCode> = new Set(['LATE_SUBMISSION']);

export interface FeedbackCopy {
  unit: string;
  /** The return as the merge knows it (summary.files[].file): the door finds the original by it. */
  file: string;
  /** The marked-up copy's file name. */
  fileName: string;
  /** What to correct, in the order of the merge's findings; each points at its sheet and cell where it can. */
  findings: Finding[];
  /** The 需更正事项 sheet. */
  note: SheetSpec;
}

export interface FeedbackContext {
  catalog: Catalog;
  period: Period;
  asOf: string;
}

export function needsCorrection(f: Finding): boolean {
  return f.severity !== 'info' && !NOTHING_TO_CORRECT.has(f.code);
}

/** 2019Q2_区教育局_进度情况表_需更正.xlsx, with characters Windows refuses in file names replaced. */
export function feedbackFileName(unit: string, period: Period): string {
  const safe = `${period.code}_${unit}_进度情况表_需更正`
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/[. ]+$/, '');
  return `${safe}.xlsx`;
}

/** Whether a file name is one feedbackFileName gives (a feedback folder holds only these). */
export function isFeedbackFileName(name: string): boolean {
  return /_进度情况表_需更正\.xlsx$/.test(name);
}

const SEVERITY_LABELS = { error: '错误', warning: '提醒', info: '说明' } as const;

/** The 需更正事项 sheet of one unit's copy: what to correct, where, in words. */
export function feedbackNote(unit: string, findings: Finding[], ctx: FeedbackContext): SheetSpec {
  const label = periodLabel(ctx.period);
  return printedTable({
    name: FEEDBACK_SHEET,
    title: `${unit}${label}进度情况表需更正事项`,
    subtitle:
      `${reportRecipient(ctx.catalog)}于${chineseDate(ctx.asOf)}汇总时发现以下问题。` +
      '表中标红的单元格即需更正处（批注中有说明）；请在原表中更正后重新报送。',
    head: ['序号', '级别', '问题', '位置', '需更正的内容'],
    rows: findings.map((f, i) => [
      i + 1,
      SEVERITY_LABELS[f.severity],
      FINDING_LABELS[f.code],
      f.cell ? `${f.sheet ? `${f.sheet}!` : ''}${f.cell}` : '',
      f.message,
    ]),
    widths: [5, 6, 16, 20, 80],
    printed: 5,
  });
}

/** One copy per unit whose return in the merge has something to correct, in the order of the units. */
export function feedbackCopies(result: Pick<Consolidation, 'summary' | 'findings'>, ctx: FeedbackContext): FeedbackCopy[] {
  const copies: FeedbackCopy[] = [];
  const okFiles = new Set(result.summary.files.filter((f) => f.status === 'ok').map((f) => f.file));
  for (const u of result.summary.units) {
    if (!u.file || !okFiles.has(u.file)) continue;
    const findings = result.findings.filter((f) => f.file === u.file && needsCorrection(f));
    if (!findings.length) continue;
    copies.push({
      unit: u.unit,
      file: u.file,
      fileName: feedbackFileName(u.unit, ctx.period),
      findings,
      note: feedbackNote(u.unit, findings, ctx),
    });
  }
  return copies;
}
