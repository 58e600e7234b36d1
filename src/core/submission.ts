/**
 * When a return was submitted (报送时间): an instant with its offset, in the list's local time.
 * Sources, best first: the 填报日期 the clerk typed in the form, the workbook's saved time (its
 * document properties), the file's modification time. A typed date has no time of day; when the
 * workbook was saved on that same local day, the save's time of day is taken, otherwise the start of
 * the day. Deadlines are dates in the list's local time (China Standard Time unless the catalog says
 * otherwise), so a return saved at 07:00 Beijing time on 6月26日 (23:00 UTC on 6月25日) is late for
 * a 6月25日 deadline. Pure TypeScript.
 */

/** China Standard Time, which every seed list uses; a catalog may name another (calendar.utcOffset). */
export const DEFAULT_UTC_OFFSET = '+08:00';

export type SubmissionSource = 'filled' | 'saved' | 'file';

export interface SubmissionTimes {
  /** The 填报日期 typed in the form, ISO yyyy-mm-dd. */
  filledDate?: string;
  /** The workbook's saved time from its document properties, an ISO instant. */
  saved?: string;
  /** The file's modification time, an ISO instant. */
  fileTime?: string;
}

export interface Submission {
  /** ISO 8601 with the list's offset, e.g. 2019-06-26T07:00:00+08:00. */
  at: string;
  /** The local calendar date of `at`, yyyy-mm-dd: what deadlines compare with. */
  date: string;
  source: SubmissionSource;
  /** Milliseconds since the epoch of `at`, for ordering. */
  ms: number;
  /** The saved (or file) time behind a typed date, for ordering two forms that carry the same date. */
  tieBreakMs: number;
}

/** Minutes east of UTC of an offset written ±HH:MM (or Z). */
export function offsetMinutes(offset: string = DEFAULT_UTC_OFFSET): number {
  if (offset === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) return 480;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** An instant as ISO 8601 in the given offset: 2019-06-26T07:00:00+08:00. */
export function formatInstant(ms: number, offset: string = DEFAULT_UTC_OFFSET): string {
  const minutes = offsetMinutes(offset);
  const d = new Date(ms + minutes * 60000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The local date (yyyy-mm-dd) of an instant in the given offset. */
export function localDateOf(ms: number, offset: string = DEFAULT_UTC_OFFSET): string {
  return formatInstant(ms, offset).slice(0, 10);
}

/** Milliseconds of an ISO instant; a bare date is midnight in the given offset. NaN when unreadable. */
export function instantMs(iso: string, offset: string = DEFAULT_UTC_OFFSET): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return Date.parse(`${iso}T00:00:00${offset === 'Z' ? 'Z' : offset}`);
  return Date.parse(iso);
}

/** A short Chinese form of an instant for messages: 2019-06-26 07:00. */
export function describeInstant(s: Submission): string {
  return s.source === 'filled' && s.at.slice(11, 19) === '00:00:00' ? s.date : `${s.date} ${s.at.slice(11, 16)}`;
}

/** The submission of a return from what is known of it; undefined when nothing is. */
export function submissionOf(times: SubmissionTimes, offset: string = DEFAULT_UTC_OFFSET): Submission | undefined {
  const savedMs = [times.saved, times.fileTime].map((t) => (t ? instantMs(t, offset) : NaN)).find((n) => !Number.isNaN(n));
  if (times.filledDate && /^\d{4}-\d{2}-\d{2}$/.test(times.filledDate)) {
    const dayStart = instantMs(times.filledDate, offset);
    if (!Number.isNaN(dayStart)) {
      const sameDay = savedMs !== undefined && localDateOf(savedMs, offset) === times.filledDate;
      const ms = sameDay ? (savedMs as number) : dayStart;
      return { at: formatInstant(ms, offset), date: times.filledDate, source: 'filled', ms, tieBreakMs: savedMs ?? ms };
    }
  }
  for (const [value, source] of [
    [times.saved, 'saved'],
    [times.fileTime, 'file'],
  ] as const) {
    if (!value) continue;
    const ms = instantMs(value, offset);
    if (Number.isNaN(ms)) continue;
    return { at: formatInstant(ms, offset), date: localDateOf(ms, offset), source, ms, tieBreakMs: ms };
  }
  return undefined;
}

/** Later first; 0 only for an exact tie (same instant and same saved time). */
export function laterFirst(a: Submission | undefined, b: Submission | undefined): number {
  const am = a?.ms ?? -Infinity;
  const bm = b?.ms ?? -Infinity;
  if (am !== bm) return bm - am > 0 ? 1 : -1;
  const at = a?.tieBreakMs ?? -Infinity;
  const bt = b?.tieBreakMs ?? -Infinity;
  if (at !== bt) return bt - at > 0 ? 1 : -1;
  return 0;
}
