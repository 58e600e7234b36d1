/**
 * Copied progress (照搬照抄): when is a unit's 工作进展 for a task "the same as last period"? One
 * rule, used by the merge (COPIED_PROGRESS) and by the 台账 (stalled tasks). Pure.
 *
 * Both texts are first normalised: full-width folded to half-width (NFKC), lower case, and only
 * letters (Chinese characters included) and digits kept, so whitespace, line breaks and punctuation
 * (，。；！、（）…) never make a difference. Then, in this order:
 *
 *   1. Either text shorter than MIN_CHARS (6) normalised characters: not judged (推进中, 已完成, 无 say
 *      nothing in either period; empty and placeholder progress have findings of their own).
 *   2. Equal: copied ("identical").
 *   3. Equal once dates are masked: copied ("dates-only"). A date is 2019年, 2019年6月, 6月底, 6月20日,
 *      9月中旬, 第三季度, 上半年, 2019-06-20, 六月底…: "截至6月底，已…" → "截至9月底，已…" is the same report.
 *   4. The figures differ (the numbers left once dates are masked, in order): not copied
 *      ("figures-changed"). "拨付资金120万元，惠及35户" → "拨付资金180万元，惠及52户" is progress.
 *   5. Both at least NEAR_MIN_CHARS (20) long, with the same figures, and similar: copied ("near").
 *      Similarity is 1 − Levenshtein distance ÷ the longer length, on the date-masked texts
 *      (fastest-levenshtein), and "similar" is NEAR_THRESHOLD (0.9) or more: two characters added to
 *      a 38-character text (0.95) is copied; a sentence of news added to it is not.
 *   6. Otherwise: not copied ("different").
 *
 * A task reported 已完成 in both periods is never copied: the work is done, and saying again how it
 * was done is expected.
 */
import { distance } from 'fastest-levenshtein';
import type { CheckedReturn } from './checks';
import type { ConsolidationRecord } from './consolidationRecord';
import { finding, type Finding } from './finding';
import { parsePeriod, periodLabel, type Period } from './period';

export const MIN_CHARS = 6;
export const NEAR_MIN_CHARS = 20;
export const NEAR_THRESHOLD = 0.9;

export type CopyVerdict = 'identical' | 'dates-only' | 'near' | 'figures-changed' | 'different' | 'too-short' | 'both-done';

export interface ProgressComparison {
  copied: boolean;
  how: CopyVerdict;
  /** 0–1 on the date-masked texts; 1 when equal. */
  similarity: number;
}

/** What a unit said about one task in one period. */
export interface ProgressEntry {
  status: string;
  progress: string;
}

/** Stands for a masked date; survives the normalisation (it is neither a letter nor a digit). */
const DATE_TOKEN = '\u0001';
const CN_DIGIT = '[一二三四五六七八九十〇零○]';
const DATE_PATTERNS: RegExp[] = [
  // 2019-06-20, 2019/6/20, 2019.6.20
  /\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}/g,
  // 2019年, 2019年6月, 2019年6月20日, 2019年第二季度, 2019年上半年, 二〇一九年…
  new RegExp(
    `(?:\\d{4}|${CN_DIGIT}{4})\\s*年(?:度)?(?:\\s*(?:第?[一二三四1-4]\\s*季度|[上下]半年|前三季度|(?:\\d{1,2}|${CN_DIGIT}{1,3})\\s*月(?:份)?(?:\\s*(?:\\d{1,2}|${CN_DIGIT}{1,3})\\s*[日号])?(?:[上中下]旬|底|初|末|中)?))?`,
    'g',
  ),
  // 第二季度, 三季度, 上半年, 前三季度
  /第?[一二三四1-4]\s*季度|[上下]半年|前三季度/g,
  // 6月, 6月份, 6月底, 6月20日, 9月中旬, 六月底
  new RegExp(`(?:\\d{1,2}|${CN_DIGIT}{1,3})\\s*月(?:份)?(?:\\s*(?:\\d{1,2}|${CN_DIGIT}{1,3})\\s*[日号])?(?:[上中下]旬|底|初|末|中)?`, 'g'),
  // 20日, 5号
  /\d{1,2}\s*[日号]/g,
];

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Everything but letters, digits and the date marker (DATE_TOKEN, U+0001). A literal, not built from
 * text: Babel rewrites \p{…} literals for engines without Unicode property escapes (EdgeHTML 18).
 */
// eslint-disable-next-line no-control-regex -- U+0001 is the date marker itself
const NOT_KEPT = /[^\p{L}\p{N}\u0001]/gu;

function strip(text: string): string {
  return text.replace(NOT_KEPT, '');
}

/** The text as compared: half-width, lower case, letters and digits only. */
export function normaliseProgress(text: string): string {
  return strip(fold(text));
}

/** The normalised text with each date replaced by one marker. */
export function maskDates(text: string): string {
  let t = fold(text);
  for (const re of DATE_PATTERNS) t = t.replace(re, DATE_TOKEN);
  return strip(t);
}

function figures(masked: string): string {
  return (masked.match(/\d+(?:\.\d+)?/g) ?? []).join(',');
}

/** Is `current` the previous period's `previous` again? See the rule at the top of this file. */
export function compareProgress(current: string, previous: string): ProgressComparison {
  const a = normaliseProgress(current);
  const b = normaliseProgress(previous);
  if (a.length < MIN_CHARS || b.length < MIN_CHARS) return { copied: false, how: 'too-short', similarity: 0 };
  if (a === b) return { copied: true, how: 'identical', similarity: 1 };
  const ma = maskDates(current);
  const mb = maskDates(previous);
  if (ma === mb) return { copied: true, how: 'dates-only', similarity: 1 };
  const similarity = 1 - distance(ma, mb) / Math.max(ma.length, mb.length);
  if (figures(ma) !== figures(mb)) return { copied: false, how: 'figures-changed', similarity };
  if (Math.min(a.length, b.length) >= NEAR_MIN_CHARS && similarity >= NEAR_THRESHOLD) return { copied: true, how: 'near', similarity };
  return { copied: false, how: 'different', similarity };
}

const DONE = '已完成';

/** The rule for one task of one unit in two periods, with the 已完成-both exemption. */
export function compareEntries(current: ProgressEntry, previous: ProgressEntry): ProgressComparison {
  if (current.status.trim() === DONE && previous.status.trim() === DONE) return { copied: false, how: 'both-done', similarity: 0 };
  return compareProgress(current.progress, previous.progress);
}

/** What a unit reported last period, task by task, as the merge compares against it. */
export interface PreviousProgress {
  /** Period code (2019Q1) and its Chinese label (2019年第一季度), named in the messages. */
  period: string;
  label: string;
  /** Canonical unit → task id → what was reported. */
  byUnit: Map<string, Map<string, ProgressEntry>>;
}

/**
 * Last period's progress from its consolidation record, for a merge of `period`; an Error in
 * Chinese when the record is not of an earlier period.
 */
export function previousProgress(record: ConsolidationRecord, period: Period): PreviousProgress {
  const before = parsePeriod(record.period);
  if (!before) throw new Error(`上期汇总表的报告期“${record.period}”无法识别`);
  if (before.code === period.code) {
    throw new Error(`所选的上期汇总表也是${periodLabel(period)}的汇总表：请选择上一报告期的汇总表`);
  }
  if (before.start >= period.start) {
    throw new Error(`所选的上期汇总表是${periodLabel(before)}的，不早于本次汇总的${periodLabel(period)}：请选择上一报告期的汇总表`);
  }
  const byUnit = new Map<string, Map<string, ProgressEntry>>();
  // Of two rows for one task, the one the checks kept (not the DUPLICATE_ROW) stands for it.
  const rows = record.rows.filter((r) => r.kind === 'reported' && r.taskId && r.progress);
  const ordered = [...rows.filter((r) => !r.codes.includes('DUPLICATE_ROW')), ...rows.filter((r) => r.codes.includes('DUPLICATE_ROW'))];
  for (const r of ordered) {
    const tasks = byUnit.get(r.unit) ?? new Map<string, ProgressEntry>();
    if (!tasks.has(r.taskId)) tasks.set(r.taskId, { status: r.status, progress: r.progress });
    byUnit.set(r.unit, tasks);
  }
  return { period: before.code, label: periodLabel(before), byUnit };
}

function shorten(s: string, n = 24): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The Chinese message of a copied row. */
export function copiedMessage(row: number, title: string, label: string, c: ProgressComparison): string {
  const what = c.how === 'dates-only' ? '仅日期不同' : c.how === 'near' ? `基本相同（相似度 ${Math.floor(c.similarity * 100)}%）` : '相同';
  return `第${row}行“${shorten(title)}”的工作进展与上期（${label}）所报${what}，请填写本期的实际进展`;
}

/**
 * COPIED_PROGRESS for each row of a checked return whose progress repeats the unit's progress on
 * the same task last period: added to the row's and the return's findings, and returned.
 */
export function addCopiedProgress(checked: CheckedReturn, previous: PreviousProgress): Finding[] {
  const last = checked.unit ? previous.byUnit.get(checked.unit) : undefined;
  if (!last) return [];
  const out: Finding[] = [];
  for (const r of checked.rows) {
    const before = r.task ? last.get(r.task.id) : undefined;
    const progress = r.row.values.progress ?? '';
    if (!r.task || !before || !progress) continue;
    const c = compareEntries({ status: r.status, progress }, before);
    if (!c.copied) continue;
    const f = finding('COPIED_PROGRESS', copiedMessage(r.row.row, r.task.title, previous.label, c), {
      file: checked.file,
      sheet: checked.report.sheet,
      cell: r.row.cells.progress,
      unit: checked.unit,
      task: r.task.id,
    });
    r.findings.push(f);
    out.push(f);
  }
  checked.findings.push(...out);
  return out;
}
