import fs from 'fs';
import { parseCalendar, periodDueDate } from '../src/core/calendar';
import { parsePeriod, type Period } from '../src/core/period';
import { SEEDS, seedPath } from './helpers/paths';

const P = (code: string): Period => {
  const p = parsePeriod(code);
  if (!p) throw new Error(code);
  return p;
};

test('000: the note of the appendix gives a quarterly calendar (6月25日、9月25日、12月25日)', () => {
  const cal = parseCalendar(fs.readFileSync(seedPath(SEEDS.s000), 'utf8'));
  expect(cal.frequency).toBe('quarterly');
  expect(cal.dues).toEqual([
    { index: 2, month: 6, day: 25 },
    { index: 3, month: 9, day: 25 },
    { index: 4, month: 12, day: 25 },
  ]);
  expect(periodDueDate(cal, P('2019Q2'))).toEqual({ date: '2019-06-25', basis: 'stated' });
  expect(periodDueDate(cal, P('2019Q4'))).toEqual({ date: '2019-12-25', basis: 'stated' });
  // Q1 is not named; every stated date is the 25th of the quarter's last month.
  expect(periodDueDate(cal, P('2019Q1'))).toEqual({ date: '2019-03-25', basis: 'inferred' });
  // A half year is not what the calendar speaks of.
  expect(periodDueDate(cal, P('2019H1'))).toEqual({ date: '2019-06-30', basis: 'period-end' });
});

test('002: lead units report by 7月20日 and 12月20日 each year (half-yearly)', () => {
  const cal = parseCalendar(fs.readFileSync(seedPath(SEEDS.s002), 'utf8'));
  expect(cal.frequency).toBe('half-yearly');
  expect(cal.dues).toEqual([
    { index: 1, month: 7, day: 20 },
    { index: 2, month: 12, day: 20 },
  ]);
  expect(periodDueDate(cal, P('2017H1'))).toEqual({ date: '2017-07-20', basis: 'stated' });
  expect(periodDueDate(cal, P('2017H2'))).toEqual({ date: '2017-12-20', basis: 'stated' });
});

test.each([SEEDS.s001, SEEDS.s003, SEEDS.s004])('%s states no reporting calendar: due at the period end', (seed) => {
  const cal = parseCalendar(fs.readFileSync(seedPath(seed), 'utf8'));
  expect(cal.dues).toEqual([]);
  expect(periodDueDate(cal, P('2019Q2'))).toEqual({ date: '2019-06-30', basis: 'period-end' });
});

test.each([
  ['各单位请于每月5日前报送上月进展情况。', 'monthly', '2019M06', '2019-06-05'],
  ['请各牵头单位于7月10日前报送上半年工作进展。', 'yearly', '2019', '2019-07-10'],
  ['请于4月10日、7月10日、10月10日、1月10日前报送进度表。', 'quarterly', '2019Q2', '2019-07-10'],
  // By their place in every period, and month ends.
  ['请各单位每季度末月25日前报送进展情况。', 'quarterly', '2023Q1', '2023-03-25'],
  ['请各单位于每季度最后一个月的20日前上报进度。', 'quarterly', '2023Q3', '2023-09-20'],
  ['请各牵头单位于每季度结束后10日内报送工作进展情况。', 'quarterly', '2023Q4', '2024-01-10'],
  ['各责任单位每半年结束后5日内将落实情况报送县乡村振兴局。', 'half-yearly', '2023H1', '2023-07-05'],
  ['请于每年6月底前、12月底前报送落实情况。', 'half-yearly', '2023H1', '2023-06-30'],
])('other phrasings: %s', (text, frequency, period, due) => {
  const cal = parseCalendar(text);
  expect(cal.frequency).toBe(frequency);
  expect(periodDueDate(cal, P(period)).date).toBe(due);
});

test('a table’s rows are no sentence: the dates in its cells are the tasks’ own, the note under it states the calendar', () => {
  // Before: without a 。 between them the rows and the note were one sentence, and the tasks' deadlines its dates (three: quarterly).
  const lines = [
    '序号\t工作任务\t责任单位\t完成时限',
    '1\t开展技能培训并报送培训情况\t县人社局\t6月30日前',
    '2\t完成危房改造\t县住建局\t12月31日前',
    '注：请各责任单位于7月10日前报送上半年工作进展情况。',
  ];
  const cal = parseCalendar(lines.join('\n'));
  expect(cal.dues.map((d) => `${d.month}-${d.day}`)).toEqual(['7-10']);
  // raw is the sentence as read before (a catalog's version hashes it): here from the table's head to the note.
  expect(cal.raw.startsWith('序号工作任务')).toBe(true);
  expect(cal.raw.endsWith('注：请各责任单位于7月10日前报送上半年工作进展情况')).toBe(true);
});

test('working days are not read as calendar days: 每季度结束后5个工作日内 states no calendar date', () => {
  expect(parseCalendar('请各单位每季度结束后5个工作日内报送进展情况。')).toEqual({ raw: '', frequency: null, dues: [] });
});

test('text without a reporting sentence gives the empty calendar', () => {
  expect(parseCalendar('加强对脱贫攻坚工作的指导。每年组织2次以上业务培训。').dues).toEqual([]);
});
