import { addDays, addMonths, parsePeriod, periodContaining, periodLabel } from '../src/core/period';

describe('parsePeriod', () => {
  it.each([
    ['2019Q2', '2019Q2', '2019-04-01', '2019-06-30', '2019年第二季度'],
    ['2019q4', '2019Q4', '2019-10-01', '2019-12-31', '2019年第四季度'],
    ['2019H1', '2019H1', '2019-01-01', '2019-06-30', '2019年上半年'],
    ['2019H2', '2019H2', '2019-07-01', '2019-12-31', '2019年下半年'],
    ['2019M06', '2019M06', '2019-06-01', '2019-06-30', '2019年6月'],
    ['2020M2', '2020M02', '2020-02-01', '2020-02-29', '2020年2月'],
    ['2019', '2019', '2019-01-01', '2019-12-31', '2019年度'],
    ['2019年第二季度', '2019Q2', '2019-04-01', '2019-06-30', '2019年第二季度'],
    ['2019年上半年', '2019H1', '2019-01-01', '2019-06-30', '2019年上半年'],
    ['2019年6月', '2019M06', '2019-06-01', '2019-06-30', '2019年6月'],
  ])('%s', (text, code, start, end, label) => {
    const p = parsePeriod(text);
    expect(p).not.toBeNull();
    expect(p?.code).toBe(code);
    expect(p?.start).toBe(start);
    expect(p?.end).toBe(end);
    expect(p && periodLabel(p)).toBe(label);
  });

  it.each(['', '2019Q5', '2019H3', '2019M13', '19Q2', 'Q2', '二〇一九年'])('rejects %p', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });
});

test('date arithmetic stays on calendar days', () => {
  expect(addDays('2019-06-30', 10)).toBe('2019-07-10');
  expect(addDays('2019-12-25', 7)).toBe('2020-01-01');
  expect(addMonths('2019-01-31', 1)).toBe('2019-02-28');
  expect(addMonths('2016-11-15', 2)).toBe('2017-01-15');
  expect(periodContaining('2019-08-14', 'quarter').code).toBe('2019Q3');
  expect(periodContaining('2019-08-14', 'half').code).toBe('2019H2');
});
