/**
 * The period (报告期) of a report: a quarter, half year, month or year, written 2019Q2, 2019H1,
 * 2019M06 or 2019 in the CLI and shown in Chinese as 2019年第二季度 and so on.
 */
export type PeriodKind = 'quarter' | 'half' | 'month' | 'year';

export interface Period {
  /** Canonical code: 2019Q2, 2019H1, 2019M06, 2019. */
  code: string;
  kind: PeriodKind;
  year: number;
  /** 1-based index within the year (quarter 1–4, half 1–2, month 1–12; 1 for a year). */
  index: number;
  /** First and last day, ISO yyyy-mm-dd. */
  start: string;
  end: string;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds whole days to an ISO date, in UTC so that no time zone moves the day. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Adds whole months, clamping the day to the month's end (2019-01-31 + 1 month = 2019-02-28). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return isoDate(ny, nm, Math.min(d, lastDayOfMonth(ny, nm)));
}

function make(kind: PeriodKind, year: number, index: number): Period {
  const [firstMonth, months] =
    kind === 'quarter' ? [(index - 1) * 3 + 1, 3] : kind === 'half' ? [(index - 1) * 6 + 1, 6] : kind === 'month' ? [index, 1] : [1, 12];
  const lastMonth = firstMonth + months - 1;
  const code =
    kind === 'quarter'
      ? `${year}Q${index}`
      : kind === 'half'
        ? `${year}H${index}`
        : kind === 'month'
          ? `${year}M${String(index).padStart(2, '0')}`
          : `${year}`;
  return {
    code,
    kind,
    year,
    index,
    start: isoDate(year, firstMonth, 1),
    end: isoDate(year, lastMonth, lastDayOfMonth(year, lastMonth)),
  };
}

/** Parses 2019Q2, 2019H1, 2019M06 (or 2019M6) and 2019; also the Chinese forms 2019年第二季度, 2019年上半年, 2019年6月, 2019年. */
export function parsePeriod(text: string): Period | null {
  const s = text.trim().toUpperCase().replace(/\s+/g, '');
  let m = /^(\d{4})Q([1-4])$/.exec(s);
  if (m) return make('quarter', +m[1], +m[2]);
  m = /^(\d{4})H([12])$/.exec(s);
  if (m) return make('half', +m[1], +m[2]);
  m = /^(\d{4})M(\d{1,2})$/.exec(s);
  if (m && +m[2] >= 1 && +m[2] <= 12) return make('month', +m[1], +m[2]);
  m = /^(\d{4})年?$/.exec(s);
  if (m) return make('year', +m[1], 1);
  m = /^(\d{4})年第?([一二三四1-4])季度$/.exec(s);
  if (m) {
    const q = QUARTER_NAMES.indexOf(m[2]) + 1 || Number(m[2]);
    return make('quarter', +m[1], q);
  }
  m = /^(\d{4})年([上下])半年$/.exec(s);
  if (m) return make('half', +m[1], m[2] === '上' ? 1 : 2);
  m = /^(\d{4})年(\d{1,2})月(份)?$/.exec(s);
  if (m && +m[2] >= 1 && +m[2] <= 12) return make('month', +m[1], +m[2]);
  return null;
}

/** Chinese label: 2019年第二季度, 2019年上半年, 2019年6月, 2019年度. */
export function periodLabel(p: Period): string {
  switch (p.kind) {
    case 'quarter':
      return `${p.year}年第${QUARTER_NAMES[p.index - 1]}季度`;
    case 'half':
      return `${p.year}年${p.index === 1 ? '上' : '下'}半年`;
    case 'month':
      return `${p.year}年${p.index}月`;
    case 'year':
      return `${p.year}年度`;
  }
}

/** The period of the given kind that contains an ISO date. */
export function periodContaining(iso: string, kind: PeriodKind): Period {
  const [y, m] = iso.split('-').map(Number);
  switch (kind) {
    case 'quarter':
      return make('quarter', y, Math.floor((m - 1) / 3) + 1);
    case 'half':
      return make('half', y, m <= 6 ? 1 : 2);
    case 'month':
      return make('month', y, m);
    case 'year':
      return make('year', y, 1);
  }
}
