/**
 * The period a tab starts from when nobody has chosen one: the period being reported on today, by
 * the list's reporting calendar, kept within the years the list covers. A 2018–2020 list opened in
 * 2026 starts on its last period, 2020年第四季度, not on today's quarter, which it has no plan for.
 * Pure: today is given.
 */
import { periodDueDate, type Frequency, type ReportingCalendar } from './calendar';
import { catalogYears, type Catalog } from './catalog';
import { addDays, periodContaining, type Period, type PeriodKind } from './period';

const KIND: Record<Frequency, PeriodKind> = { quarterly: 'quarter', 'half-yearly': 'half', monthly: 'month', yearly: 'year' };

/** The calendar's kind of period; quarters when the list states none. */
export function calendarKind(calendar: ReportingCalendar): PeriodKind {
  return calendar.frequency ? KIND[calendar.frequency] : 'quarter';
}

/**
 * The period a clerk reports on `today`: the previous period while its report is not yet due
 * (on 7月10日 with 002's calendar, 7月20日 closes the first half: 2019H1), else the current one.
 */
export function reportingPeriod(calendar: ReportingCalendar, today: string): Period {
  const kind = calendarKind(calendar);
  const current = periodContaining(today, kind);
  const previous = periodContaining(addDays(current.start, -1), kind);
  return periodDueDate(calendar, previous).date >= today ? previous : current;
}

/**
 * The period to start from for a list: today's reporting period while it lies in the list's years;
 * after them, the list's last period (the latest whose report is due or past); before them, its first.
 */
export function defaultPeriod(catalog: Catalog, today: string): Period {
  const now = reportingPeriod(catalog.calendar, today);
  const years = catalogYears(catalog);
  const kind = calendarKind(catalog.calendar);
  if (years.last !== undefined && now.year > years.last) return periodContaining(`${years.last}-12-31`, kind);
  if (years.first !== undefined && now.year < years.first) return periodContaining(`${years.first}-01-01`, kind);
  return now;
}
