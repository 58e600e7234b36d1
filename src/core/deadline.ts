/**
 * Deadlines (完成时限): the raw Chinese phrase and the schedule parsed from it.
 *
 * The grammar follows chrono-node's shape: a table of small parsers, each one pattern and one extract
 * function. Adding a phrasing means adding one parser here and one test row in tests/deadline.test.ts.
 * Recurrence (每年, 每季度, 逐月, 每学期) and "before the end of" (4月底前) are this product's own.
 */
import { addDays, addMonths, isoDate, lastDayOfMonth, type Period } from './period';

export type DeadlineKind = 'once' | 'yearly' | 'quarterly' | 'monthly' | 'semester' | 'ongoing' | 'relative' | 'unknown';

export interface Deadline {
  raw: string;
  kind: DeadlineKind;
  /** once: ISO date. */
  due?: string;
  /** yearly: month and day; monthly: day of the month when given. */
  month?: number;
  day?: number;
  /** quarterly: days after the quarter's end; absent means the quarter's last day. */
  daysAfterQuarterEnd?: number;
  /** semester: months after the semester starts (每学期开学后一个月内 = 1). */
  monthsAfterStart?: number;
  /** relative: months after the document date. */
  months?: number;
}

export interface DeadlineContext {
  /** Year of the document, used when a phrase has no year (4月底前). */
  year: number;
  /** Issue date of the document, ISO, for relative deadlines. */
  docDate?: string;
}

/** What a parser finds: a deadline without its raw text (the caller decides what raw is). */
type Found = Omit<Deadline, 'raw'>;

interface DeadlineParser {
  name: string;
  /** Matched against normalised text: no spaces, half-width digits, 內 → 内, no HTML tags. */
  pattern: RegExp;
  /** Safe to look for inside a task's running text (findDeadlineInText); see BOUNDED below. */
  inText: boolean;
  /** null when the phrase matched but is impossible (13月, 2月30日): it then yields unknown. */
  extract(m: RegExpExecArray, ctx: DeadlineContext): Found | null;
  /**
   * A match that is not one, given the character before it (what a lookbehind would say; the patterns
   * have none, since the older webviews that run the pane do not know lookbehind).
   */
  rejects?(m: RegExpExecArray, before: string): boolean;
}

// Building blocks of the patterns. A number is 1–2 digits or a Chinese numeral (一…十二, 两); a number
// that starts a match must not continue digits before it (`continuesNumber`), which keeps "2018" from
// being read as "18". Years are four digits, 19xx or 20xx.
const N = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
/** The match starts with a digit right after another digit (for parsers whose match may begin with N). */
const continuesNumber = (m: RegExpExecArray, before: string) => /\d/.test(before) && /^\d/.test(m[0]);
const Y = '((?:19|20)\\d{2})年';
const BEFORE = '(?:之前|以前|前)';
/** Month-day or month-end: groups (month, day); day absent means 月底/月末. */
const MONTH_DAY = `${N}月(?:${N}日|底|末)`;

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** '10' → 10, '两' → 2, '十二' → 12, '二十五' → 25; NaN for anything else (then the phrase is unknown). */
function toNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (!s.includes('十')) return s.length === 1 ? (CN_DIGITS[s] ?? NaN) : NaN;
  const [tens, ones] = s.split('十');
  const t = tens === '' ? 1 : (CN_DIGITS[tens] ?? NaN);
  const o = ones === '' ? 0 : (CN_DIGITS[ones] ?? NaN);
  return ones.length > 1 || tens.length > 1 ? NaN : t * 10 + o;
}

/** A valid month and day (undefined day = month end), or null; 2000 is a leap year so 每年2月29日 is allowed. */
function monthDay(month: number, dayText: string | undefined, year = 2000): { month: number; day: number } | null {
  if (!(month >= 1 && month <= 12)) return null;
  const last = lastDayOfMonth(year, month);
  const day = dayText === undefined ? last : toNumber(dayText);
  return day >= 1 && day <= last ? { month, day } : null;
}

function once(year: number, monthText: string, dayText: string | undefined): Found | null {
  const md = monthDay(toNumber(monthText), dayText, year);
  return md && { kind: 'once', due: isoDate(year, md.month, md.day) };
}

/** A count of days or months: 1–99 is plausible, anything else (0, NaN) is not a deadline. */
function count(text: string | undefined): number | null {
  const n = text === undefined ? NaN : toNumber(text);
  return n >= 1 && n <= 99 ? n : null;
}

/**
 * The grammar. Where two parsers match overlapping text the one starting first wins, then the longer one, then
 * the one earlier in this table: so 每年年底前 is yearly, not 年底前 once, and 13月底前 is not 3月底前.
 */
const PARSERS: DeadlineParser[] = [
  {
    // 每年年底前, 每年6月底前, 每年7月20日前和12月20日前 (two dates: the later one, when the work is done).
    name: 'yearly',
    pattern: new RegExp(`每年(?:${MONTH_DAY}|年?(?:底|末))${BEFORE}?(?:[和及与、]${MONTH_DAY}${BEFORE}?)?`),
    inText: true,
    extract(m) {
      const first = m[1] === undefined ? monthDay(12, undefined) : monthDay(toNumber(m[1]), m[2]);
      const second = m[3] === undefined ? first : monthDay(toNumber(m[3]), m[4]);
      if (!first || !second) return null;
      const last = second.month * 100 + second.day >= first.month * 100 + first.day ? second : first;
      return { kind: 'yearly', month: last.month, day: last.day };
    },
  },
  {
    // 每季度之后10日内, 每季度结束后10日内; a bare 每季度 / 每季度末 is the quarter's last day.
    name: 'quarterly',
    pattern: new RegExp(`每个?季度(?:末|结束)?(?:(?:之|以)?后${N}(?:日|天)内)?`),
    inText: true,
    extract(m) {
      if (m[1] === undefined) return { kind: 'quarterly' };
      const days = count(m[1]);
      return days === null ? null : { kind: 'quarterly', daysAfterQuarterEnd: days };
    },
  },
  {
    // 逐月完成, 按月发放, 每月25日前, 每月底前.
    name: 'monthly',
    pattern: new RegExp(`每个?月(?:${N}[日号]|底|末)?${BEFORE}?|逐月|按月`),
    inText: true,
    extract(m) {
      if (m[1] === undefined) return { kind: 'monthly' };
      const day = toNumber(m[1]);
      return day >= 1 && day <= 31 ? { kind: 'monthly', day } : null;
    },
  },
  {
    // 每学期开学后一个月內完成 (內 is normalised to 内).
    name: 'semester',
    pattern: new RegExp(`每学期开学(?:之?后)?${N}个?月内`),
    inText: true,
    extract(m) {
      const months = count(m[1]);
      return months === null ? null : { kind: 'semester', monthsAfterStart: months };
    },
  },
  {
    // 本方案公布 2 个月内, 印发之日起3个月内, 自通知下发后两个月内.
    name: 'relative',
    pattern: new RegExp(`(?:本方案|本通知|本文件|本意见|方案|通知|文件)?(?:公布|印发|发布|下发)(?:之日)?(?:起|后)?${N}个?月内`),
    inText: true,
    extract(m) {
      const months = count(m[1]);
      return months === null ? null : { kind: 'relative', months };
    },
  },
  {
    // In a 完成时限 cell a bare 两个月内 can only count from the document; in running text it could count from
    // anything (安置后两个月内), so it is not looked for there.
    name: 'relative-bare',
    pattern: new RegExp(`${N}个月内`),
    inText: false,
    rejects: continuesNumber,
    extract(m) {
      const months = count(m[1]);
      return months === null ? null : { kind: 'relative', months };
    },
  },
  {
    // 长期性、常态化抓落实, 长期坚持, 长期, 常态化. Never looked for in running text: 长期稳定受益 and
    // 推动监督检查常态化 describe the work, not when it is due.
    name: 'ongoing',
    // 持续推进, 常抓不懈, 立行立改(并长期坚持): work without an end date, as lists of 2021–2023 write it.
    pattern: /长期(?:性|坚持)?(?:、?常态化)?|常态化|持续(?:推进|开展|抓好|落实|实施)?|常抓不懈|立行立改/,
    inText: false,
    extract: () => ({ kind: 'ongoing' }),
  },
  {
    // 2018年6月30日前, 12月31日前 (year from the phrase, else the document's).
    name: 'date',
    pattern: new RegExp(`到?(?:${Y})?${N}月${N}日${BEFORE}?`),
    inText: true,
    extract: (m, ctx) => once(m[1] ? Number(m[1]) : ctx.year, m[2], m[3]),
    rejects: (m, before) => m[1] === undefined && continuesNumber(m, before),
  },
  {
    // 2018年4月底前, 4月底前, 在2018年5月底前, 3月底前全部完成.
    name: 'month-end',
    pattern: new RegExp(`到?(?:${Y})?${N}月(?:底|末)${BEFORE}?`),
    inText: true,
    extract: (m, ctx) => once(m[1] ? Number(m[1]) : ctx.year, m[2], undefined),
    rejects: (m, before) => m[1] === undefined && continuesNumber(m, before),
  },
  {
    // 2023.6.30, 2023-06-30, 2023/6/30 (前): dates as spreadsheets and web pages write them.
    name: 'dotted-date',
    pattern: /到?((?:19|20)\d{2})[.\-/](\d{1,2})[.\-/](\d{1,2})(?!\d)日?(?:之前|以前|前)?/,
    inText: true,
    extract: (m) => once(Number(m[1]), m[2], m[3]),
  },
  {
    // 2023.6, 2023-06 in a 完成时限 cell: the month's end. Not 2018-2020 (a range of years).
    name: 'dotted-month',
    pattern: /((?:19|20)\d{2})[.\-/](\d{1,2})(?![\d.\-/])月?(?:底|末)?(?:之前|以前|前)?/,
    inText: false,
    extract: (m) => once(Number(m[1]), m[2], undefined),
  },
  {
    // 2023年12月, 12月份, 6月前 in a 完成时限 cell: by the month's end. In running text a bare month
    // names when something happens, not a deadline, so it is not looked for there.
    name: 'month',
    pattern: new RegExp(`到?(?:${Y})?${N}月份?(?![\\d日号底末])(?:之前|以前|前|内)?`),
    inText: false,
    extract: (m, ctx) => once(m[1] ? Number(m[1]) : ctx.year, m[2], undefined),
  },
  {
    // 2023年内, 年内 in a 完成时限 cell: by the year's end (in running text 年内 is too loose a word).
    name: 'within-year',
    pattern: new RegExp(`(?:${Y}|年)(?:内|度内)`),
    inText: false,
    // A bare 年内 after 半/上/下/今/明/去 or a digit is another phrase (半年内, 2年内), not this year.
    rejects: (m, before) => m[1] === undefined && /[半上下今明去\d]/.test(before),
    extract: (m, ctx) => ({ kind: 'once', due: isoDate(m[1] ? Number(m[1]) : ctx.year, 12, 31) }),
  },
  {
    // 2022年第三季度, 三季度末, 第二季度前, 2022年上半年, 下半年底 as the whole 完成时限 cell: by the end of
    // that quarter or half. 半年内 (within half a year) is another phrase and stays unknown.
    name: 'quarter-or-half',
    pattern: new RegExp(`^\\s*(?:${Y})?(?:第?([一二三四1-4])季度|([上下])半年)(?:底|末)?(?:${BEFORE}|完成|内)?\\s*$`),
    inText: false,
    extract(m, ctx) {
      const year = m[1] ? Number(m[1]) : ctx.year;
      const quarter = m[2] ? (/\d/.test(m[2]) ? Number(m[2]) : CN_DIGITS[m[2]]) : m[3] === '上' ? 2 : 4;
      return { kind: 'once', due: isoDate(year, quarter * 3, quarter === 1 || quarter === 4 ? 31 : 30) };
    },
  },
  {
    // 全年, 2023年全年 as the whole 完成时限 cell: the work runs all year and is done by the year's end
    // (inside a sentence, 2019年全年项目计划 is what the work is about, not when it is due).
    name: 'whole-year',
    pattern: new RegExp(`^\\s*(?:${Y})?全年(?:内|度内?)?(?:完成|持续推进|推进|实施)?\\s*$`),
    inText: false,
    extract: (m, ctx) => ({ kind: 'once', due: isoDate(m[1] ? Number(m[1]) : ctx.year, 12, 31) }),
  },
  {
    // 2018年底前, 2018年底完成, 到 2018 年年底, 年底前, 今年底 / 明年底 / 去年底. A bare 年底 after 半 is not the
    // year's end (上半年底), so it is left unknown rather than guessed.
    name: 'year-end',
    pattern: new RegExp(`到?(?:${Y}年?|([今明去])年年?|年)(?:底|末)${BEFORE}?`),
    inText: true,
    rejects: (m, before) => before === '半' && m[0].startsWith('年'),
    extract(m, ctx) {
      const shift: Record<string, number> = { 今: 0, 明: 1, 去: -1 };
      const year = m[1] ? Number(m[1]) : ctx.year + (m[2] ? shift[m[2]] : 0);
      return { kind: 'once', due: isoDate(year, 12, 31) };
    },
  },
];

/**
 * In running text only a bounded phrase counts: one that ends in 前 or 内 (4月底前, 2个月内) or starts with 到
 * (到 2018 年年底). So 每季度至少召开一次 and 每月通报 are not deadlines, and 到2020年 (a goal year, no 年底) is not.
 */
const BOUNDED = /^到|[前内]$/;

/**
 * Normalised text and, for each of its characters, its index in the original, so that a match can be cut
 * back out of the original as written (raw "11 月底前", not "11月底前"). HTML tags are dropped, full-width
 * digits become half-width, 內 becomes 内, and whitespace goes, except one space between two digits, so
 * that "1. 3月" stays "3月" and "1 3月" does not become "13月".
 */
function normalise(original: string): { text: string; at: number[] } {
  const s = original.replace(/<\/?[a-z][^<>]*>/gi, (tag) => ' '.repeat(tag.length));
  const half = (c: string): string => {
    const code = c.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xfee0);
    return c === '內' ? '内' : c;
  };
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (/\s/.test(s[i])) {
      let j = i;
      while (j + 1 < s.length && /\s/.test(s[j + 1])) j++;
      if (/\d$/.test(text) && j + 1 < s.length && /\d/.test(half(s[j + 1]))) {
        text += ' ';
        at.push(i);
      }
      i = j;
      continue;
    }
    text += half(s[i]);
    at.push(i);
  }
  return { text, at };
}

interface Hit {
  start: number;
  end: number;
  /** The phrase as written in the original text. */
  raw: string;
  /** The phrase after normalisation, for the BOUNDED test. */
  phrase: string;
  parser: DeadlineParser;
  found: Found | null;
}

/** Every phrase the parsers find, left to right, overlaps removed (first start, then longest, then table order). */
function scan(original: string, ctx: DeadlineContext): Hit[] {
  const { text, at } = normalise(original);
  const hits: Hit[] = [];
  for (const parser of PARSERS) {
    const re = new RegExp(parser.pattern.source, 'g');
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start || parser.rejects?.(m, text.charAt(start - 1))) {
        // Looked for again from the next character, as a regular expression with a lookbehind would.
        re.lastIndex = start + 1;
        continue;
      }
      const raw = original.slice(at[start], at[end - 1] + 1);
      hits.push({ start, end, raw, phrase: m[0], parser, found: parser.extract(m, ctx) });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end); // stable: ties keep table order
  const kept: Hit[] = [];
  for (const hit of hits) if (kept.length === 0 || hit.start >= kept[kept.length - 1].end) kept.push(hit);
  return kept;
}

/**
 * Which of several phrases decides, the same rule for a cell and for a task text:
 * 1. Any one-off dates: the latest of them (a task listing several dated steps is done when its last step is;
 *    "2017年帮扶项目于2018年3月底前…2018年项目于年底前完成" is due 2018-12-31).
 * 2. Else the first phrase that is not 长期/常态化: "每年年底前完成  长期性、常态化抓落实" is yearly.
 * 3. Else ongoing, if that is all there is.
 * Impossible phrases (13月底前) decide nothing, so a cell holding only them is unknown.
 */
function choose(hits: Hit[]): (Hit & { found: Found }) | undefined {
  const valid = hits.filter((h): h is Hit & { found: Found } => h.found !== null);
  const onces = valid.filter((h) => h.found.kind === 'once');
  if (onces.length > 0) return onces.reduce((a, b) => ((b.found.due ?? '') > (a.found.due ?? '') ? b : a));
  return valid.find((h) => h.found.kind !== 'ongoing') ?? valid[0];
}

/** Parses a 完成时限 cell. raw is kept (trimmed) as the deadline's raw; anything not understood is unknown. */
export function parseDeadline(raw: string, ctx: DeadlineContext): Deadline {
  const text = raw.trim();
  const hit = choose(scan(text, ctx));
  return hit ? { raw: text, ...hit.found } : { raw: text, kind: 'unknown' };
}

/**
 * A deadline written inside a task's text (4月底前，区精准扶贫工作领导小组…), for lists with no deadline column.
 * Only bounded phrases of in-text parsers count (see BOUNDED); several are resolved as in parseDeadline.
 * raw is the matched phrase only. undefined when the text names no deadline.
 */
export function findDeadlineInText(text: string, ctx: DeadlineContext): Deadline | undefined {
  const hits = scan(text, ctx).filter((h) => h.parser.inText && BOUNDED.test(h.phrase));
  const hit = choose(hits);
  return hit && { raw: hit.raw, ...hit.found };
}

function quarterEnd(year: number, quarter: number): string {
  return isoDate(year, quarter * 3, lastDayOfMonth(year, quarter * 3));
}

/**
 * The date by which the task should be done for reporting in `period`; null when no date applies (ongoing,
 * unknown, a relative deadline without document date). A task is late when this is before the as-of date.
 */
export function deadlineDueDate(d: Deadline, period: Period, docDate?: string): string | null {
  const year = period.year;
  switch (d.kind) {
    case 'once':
      return d.due ?? null;
    case 'yearly': {
      // In period.year even when after period.end: then it simply has not passed yet.
      if (d.month === undefined) return null;
      const last = lastDayOfMonth(year, d.month);
      return isoDate(year, d.month, Math.min(d.day ?? last, last));
    }
    case 'quarterly': {
      // Each quarter overlapping the period is due its end + N days. The report can only judge a due date
      // within the period, so take the last such; if none falls in it (2019Q2, N=10 → 07-10), the first quarter's.
      const dues: string[] = [];
      for (let q = 1; q <= 4; q++) {
        const start = isoDate(year, q * 3 - 2, 1);
        const end = quarterEnd(year, q);
        if (start <= period.end && end >= period.start) dues.push(addDays(end, d.daysAfterQuarterEnd ?? 0));
      }
      const passed = dues.filter((due) => due <= period.end);
      return passed.length > 0 ? passed[passed.length - 1] : (dues[0] ?? null);
    }
    case 'monthly': {
      // The period's last month: its day, or its end when no day is given (逐月).
      const month = Number(period.end.slice(5, 7));
      const last = lastDayOfMonth(year, month);
      return isoDate(year, month, Math.min(d.day ?? last, last));
    }
    case 'semester': {
      // Semesters start on 1 March and 1 September; take the latest start on or before the period's end.
      if (d.monthsAfterStart === undefined) return null;
      const starts = [isoDate(year - 1, 9, 1), isoDate(year, 3, 1), isoDate(year, 9, 1)].filter((s) => s <= period.end);
      return addMonths(starts[starts.length - 1], d.monthsAfterStart);
    }
    case 'relative':
      return docDate && d.months !== undefined ? addMonths(docDate, d.months) : null;
    case 'ongoing':
    case 'unknown':
      return null;
  }
}

/** Short Chinese text for the template's 完成时限 column: 2018-12-31前, 每年12月31日前, 每季度结束后10日内… */
export function describeDeadline(d: Deadline): string {
  switch (d.kind) {
    case 'once':
      return d.due ? `${d.due}前` : d.raw;
    case 'yearly':
      return d.month !== undefined && d.day !== undefined ? `每年${d.month}月${d.day}日前` : d.raw;
    case 'quarterly':
      return d.daysAfterQuarterEnd !== undefined ? `每季度结束后${d.daysAfterQuarterEnd}日内` : '每季度末';
    case 'monthly':
      return d.day !== undefined ? `每月${d.day}日前` : '每月';
    case 'semester':
      return d.monthsAfterStart !== undefined ? `每学期开学后${d.monthsAfterStart}个月内` : d.raw;
    case 'ongoing':
      return '长期';
    case 'relative':
      return d.months !== undefined ? `印发后${d.months}个月内` : d.raw;
    case 'unknown':
      return d.raw;
  }
}

/**
 * The deadline in words a clerk reads and the parser reads back to the same deadline: the catalog
 * workbook's 时限（解析） column (2018年12月31日前, 每年6月30日前, 每季度结束后10日内, 长期, 未识别).
 * An administrator corrects a deadline by writing another such phrase.
 */
export function deadlineInWords(d: Deadline): string {
  switch (d.kind) {
    case 'once': {
      const m = d.due ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.due) : null;
      return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日前` : UNKNOWN_WORDS;
    }
    case 'yearly':
      return d.month !== undefined && d.day !== undefined ? `每年${d.month}月${d.day}日前` : UNKNOWN_WORDS;
    case 'quarterly':
      return d.daysAfterQuarterEnd !== undefined ? `每季度结束后${d.daysAfterQuarterEnd}日内` : '每季度末';
    case 'monthly':
      return d.day !== undefined ? `每月${d.day}日前` : '每月';
    case 'semester':
      return d.monthsAfterStart !== undefined ? `每学期开学后${d.monthsAfterStart}个月内` : UNKNOWN_WORDS;
    case 'relative':
      return d.months !== undefined ? `印发后${d.months}个月内` : UNKNOWN_WORDS;
    case 'ongoing':
      return '长期';
    case 'unknown':
      return UNKNOWN_WORDS;
  }
}

/** What deadlineInWords writes for a deadline nobody could read: the raw text stands. */
export const UNKNOWN_WORDS = '未识别';
