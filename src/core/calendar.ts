/**
 * The reporting calendar (报送日历): when lead units send their progress reports, taken from the
 * list's own words ("请各事项牵头单位在6月25日、9月25日、12月25日前报送区扶贫办",
 * "各牵头部门在每年7月20日前和12月20日前将任务落实情况报送市扶贫办汇总").
 */
import { isoDate, lastDayOfMonth, type Period, type PeriodKind } from './period';

export type Frequency = 'quarterly' | 'half-yearly' | 'monthly' | 'yearly';

export interface DueDate {
  /** Which period of the year the date closes: 1–4 for quarters, 1–2 for halves, 1 for a year. Months use 0 (every month). */
  index: number;
  month: number;
  day: number;
}

export interface ReportingCalendar {
  /** The sentence the calendar was read from; empty when the list states none. */
  raw: string;
  frequency: Frequency | null;
  dues: DueDate[];
  /** The list's local time as an offset (+08:00); absent means China Standard Time. */
  utcOffset?: string;
}

export const EMPTY_CALENDAR: ReportingCalendar = { raw: '', frequency: null, dues: [] };

const FREQUENCY_OF_KIND: Record<PeriodKind, Frequency> = {
  quarter: 'quarterly',
  half: 'half-yearly',
  month: 'monthly',
  year: 'yearly',
};

const REPORT_VERB = /(报送|上报|报告|汇总|报)/;
/** 6月25日; 6月底 and 12月末 are the month's last day. */
const DATE = /(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底|末)/g;

/**
 * Dates stated by their place in every period instead of by month and day, and the months they
 * fall in: "每季度末月25日前" is 3月25日, 6月25日, 9月25日, 12月25日; "每季度结束后10日内" is the
 * 10th of the month after each quarter. Working days (5个工作日) are not read: they need a calendar of holidays.
 */
const RELATIVE_DATES: Array<{ pattern: RegExp; frequency: Frequency; months: number[] }> = [
  {
    pattern: /每个?季度?(?:的)?(?:末月|最后一个月|最后一月|末)(?:的)?(\d{1,2})日(?:前|之前)/,
    frequency: 'quarterly',
    months: [3, 6, 9, 12],
  },
  {
    pattern: /每个?季度?(?:结束|终了)?(?:后|次月|首月|第一个月)(?:的)?(\d{1,2})(?:日|天)(?:前|之前|内|以内)/,
    frequency: 'quarterly',
    months: [4, 7, 10, 1],
  },
  { pattern: /每半年(?:的)?(?:末月|最后一个月|末)(?:的)?(\d{1,2})日(?:前|之前)/, frequency: 'half-yearly', months: [6, 12] },
  {
    pattern: /每半年(?:结束|终了)?(?:后|次月|首月|第一个月)(?:的)?(\d{1,2})(?:日|天)(?:前|之前|内|以内)/,
    frequency: 'half-yearly',
    months: [7, 1],
  },
];

/** A month's last day for a due date that names none (二月 as in a common year). */
function monthEnd(month: number): number {
  return lastDayOfMonth(2001, month);
}

function frequencyFor(count: number): Frequency | null {
  if (count >= 3 && count <= 4) return 'quarterly';
  if (count === 2) return 'half-yearly';
  if (count === 1) return 'yearly';
  return null;
}

/**
 * The period a report date closes. A date in the first month of a period reports the period just
 * ended (7月20日 reports the first half); otherwise the period containing it (6月25日 reports Q2).
 */
function indexFor(frequency: Frequency, month: number): number {
  const size = frequency === 'quarterly' ? 3 : frequency === 'half-yearly' ? 6 : 12;
  const containing = Math.floor((month - 1) / size) + 1;
  const firstMonth = (containing - 1) * size + 1;
  if (month === firstMonth && size > 1) {
    const count = 12 / size;
    return containing === 1 ? count : containing - 1;
  }
  return containing;
}

/**
 * Finds the reporting calendar in a list's text; the empty calendar when it states none. A table's
 * row (cells between tabs) is no sentence: each cell is one, so that the row's dates (its tasks'
 * deadlines) are never read as the calendar's. `raw` stays the sentence as read before cells were
 * told apart (from the end of the last 。 before it): it is part of the catalog's version, and a list
 * imported before must keep its version, or its earlier 汇总 would read as of another list.
 */
export function parseCalendar(text: string): ReportingCalendar {
  const found = findCalendar(
    text
      .split('\n')
      .map((line) => (line.includes('\t') ? `。${line.split('\t').join('。')}。` : line))
      .join('\n'),
  );
  if (!found.raw) return found;
  const asBefore = text
    .replace(/\s+/g, '')
    .split(/[。\n]/)
    .find((sentence) => sentence.includes(found.raw));
  return { ...found, raw: asBefore ?? found.raw };
}

function findCalendar(text: string): ReportingCalendar {
  const sentences = text.replace(/\s+/g, '').split(/[。\n]/);
  for (const sentence of sentences) {
    if (!REPORT_VERB.test(sentence) || !/前|内/.test(sentence)) continue;
    if (!/(牵头|单位|部门|该表|本表|进度|落实情况|情况)/.test(sentence)) continue;
    const monthly = /每月(\d{1,2})日前/.exec(sentence);
    if (monthly) {
      return { raw: sentence, frequency: 'monthly', dues: [{ index: 0, month: 0, day: Number(monthly[1]) }] };
    }
    for (const { pattern, frequency, months } of RELATIVE_DATES) {
      const m = pattern.exec(sentence);
      const day = m ? Number(m[1]) : 0;
      if (day < 1 || day > 28) continue;
      return { raw: sentence, frequency, dues: months.map((month) => ({ index: indexFor(frequency, month), month, day })) };
    }
    const dates = [...sentence.matchAll(DATE)].map((m) => {
      const month = Number(m[1]);
      return { month, day: m[2] ? Number(m[2]) : monthEnd(month) };
    });
    const valid = dates.filter((d) => d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31);
    if (valid.length === 0) continue;
    const frequency = /每季度?/.test(sentence) && valid.length === 1 ? 'quarterly' : frequencyFor(valid.length);
    if (!frequency) continue;
    const dues = valid.map((d) => ({ index: indexFor(frequency, d.month), ...d }));
    return { raw: sentence, frequency, dues };
  }
  return EMPTY_CALENDAR;
}

export interface PeriodDue {
  /** ISO date the report for the period is due. */
  date: string;
  /** How it was found: stated by the list, inferred from the list's pattern, or the period's end. */
  basis: 'stated' | 'inferred' | 'period-end';
}

/**
 * The due date of a period's report. 2019Q2 with 000's calendar is 2019-06-25 (stated). A quarter
 * the list does not name is inferred when every stated date sits at the same place in its period
 * (all on the 25th of the quarter's last month: Q1 → 03-25). Otherwise the period's last day.
 */
export function periodDueDate(calendar: ReportingCalendar, period: Period): PeriodDue {
  const frequency = FREQUENCY_OF_KIND[period.kind];
  if (calendar.frequency === 'monthly' && calendar.dues[0]) {
    if (period.kind === 'month') {
      const day = Math.min(calendar.dues[0].day, lastDayOfMonth(period.year, period.index));
      return { date: isoDate(period.year, period.index, day), basis: 'stated' };
    }
  }
  if (calendar.frequency === frequency) {
    const stated = calendar.dues.find((d) => d.index === period.index);
    if (stated) return { date: dateAfterPeriodStart(period, stated), basis: 'stated' };
    const size = period.kind === 'quarter' ? 3 : period.kind === 'half' ? 6 : 12;
    const offsets = calendar.dues.map((d) => `${monthOffset(d, size)}:${d.day}`);
    if (calendar.dues.length > 0 && offsets.every((o) => o === offsets[0])) {
      const d = calendar.dues[0];
      const startMonth = (period.index - 1) * size + 1;
      const month = startMonth + monthOffset(d, size);
      const year = period.year + Math.floor((month - 1) / 12);
      const m = ((month - 1) % 12) + 1;
      return { date: isoDate(year, m, Math.min(d.day, lastDayOfMonth(year, m))), basis: 'inferred' };
    }
  }
  return { date: period.end, basis: 'period-end' };
}

/** Months from the start of the period a due date closes to the due date's month (may pass the period's end). */
function monthOffset(d: DueDate, size: number): number {
  const startMonth = (d.index - 1) * size + 1;
  return (d.month - startMonth + 12) % 12;
}

function dateAfterPeriodStart(period: Period, d: DueDate): string {
  // A date such as 7月20日 for H1 lies in the same year; a 1月 date for Q4 would lie in the next.
  const year =
    d.month < (period.index - 1) * (12 / (period.kind === 'quarter' ? 4 : period.kind === 'half' ? 2 : 1)) + 1
      ? period.year + 1
      : period.year;
  return isoDate(year, d.month, Math.min(d.day, lastDayOfMonth(year, d.month)));
}
