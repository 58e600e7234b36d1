/** Paper (src/core/paper.ts): widths of text, fitted row heights, pages, and keeping the footer with the last row. */
import { displayWidth, fittedHeight, keepTogether, lineCount, pagesOf, pageViews } from '../src/core/paper';

test('Chinese and full-width characters take two digit widths, Latin ones one', () => {
  expect(displayWidth('工作进展')).toBe(8);
  expect(displayWidth('2019年，Q2')).toBe(10);
  expect(displayWidth('𠀀')).toBe(2); // outside the BMP: one character, two widths
});

test('a 222-character entry in the 42-wide progress column takes twelve lines; a row fits its tallest cell', () => {
  const text = '一'.repeat(222);
  expect(lineCount(text, 42)).toBe(12);
  expect(lineCount('第一段\n第二段\n', 42)).toBe(3);
  expect(
    fittedHeight([
      [text, 42],
      ['短', 10],
    ]),
  ).toBeGreaterThan(12 * 14);
  expect(fittedHeight([['短', 10]], 2)).toBe(fittedHeight([['两行', 10]], 2));
  expect(fittedHeight([['一'.repeat(5000), 10]])).toBe(409);
});

test('pages: a row that does not fit goes to the next page, which starts with the repeated header', () => {
  expect(pagesOf([100, 100, 100, 100], 250, 30)).toEqual([0, 0, 1, 1]);
  expect(pagesOf([100, 100, 100, 100], 250, 30, new Set([1]))).toEqual([0, 1, 1, 2]);
});

test('keepTogether breaks before the last row when the footer would print on a page of its own, in Excel or LibreOffice', () => {
  const views = [{ scale: 1, height: 500 }];
  // Header 30; rows of 100: the fourth row ends at 430, the footer (80) would not fit under it.
  expect(keepTogether([30, 100, 100, 100, 100, 80], 4, 5, { repeat: 30, views })).toBe(4);
  expect(keepTogether([30, 100, 100, 100, 50, 80], 4, 5, { repeat: 30, views })).toBeUndefined();
  // Slack keeps room for fonts that differ.
  expect(keepTogether([30, 100, 100, 100, 50, 80], 4, 5, { repeat: 30, views, slack: 60 })).toBe(4);
  // Shrunk in one application and not the other: either parting is enough.
  const both = [
    { scale: 1, height: 500 },
    { scale: 0.5, height: 500 },
  ];
  expect(keepTogether([30, 100, 100, 100, 100, 80], 4, 5, { repeat: 30, views: both })).toBe(4);
  // A block taller than a page cannot be kept together.
  expect(keepTogether([30, 100, 400, 200], 2, 3, { repeat: 30, views })).toBeUndefined();
});

test('LibreOffice shrinks the template’s six columns more than Excel (7 pt for a width unit, not 5.25)', () => {
  const [excel, libre] = pageViews([6, 10, 24, 42, 42, 12], true);
  expect(excel.scale).toBe(1);
  expect(libre.scale).toBeCloseTo(0.82, 2);
  expect(libre.height).toBeGreaterThan(excel.height);
});
