/** Defaults the pane starts from: today's date and the period being reported now by the calendar. */
import { periodDueDate, type Frequency, type ReportingCalendar } from '../../core/calendar';
import { addDays, periodContaining, type Period, type PeriodKind } from '../../core/period';

const KIND: Record<Frequency, PeriodKind> = { quarterly: 'quarter', 'half-yearly': 'half', monthly: 'month', yearly: 'year' };

/**
 * The period a clerk reports on `today`: the previous period while its report is not yet due
 * (on 7月10日 with 002's calendar, 7月20日 closes the first half: 2019H1), else the current one.
 * Periods are of the calendar's frequency, quarters when the list states none.
 */
export function defaultPeriod(calendar: ReportingCalendar, today: string): Period {
  const kind = calendar.frequency ? KIND[calendar.frequency] : 'quarter';
  const current = periodContaining(today, kind);
  const previous = periodContaining(addDays(current.start, -1), kind);
  return periodDueDate(calendar, previous).date >= today ? previous : current;
}
