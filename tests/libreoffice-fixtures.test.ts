/**
 * Returns saved by another spreadsheet program: two .xlsx files written by LibreOffice Calc 7.4
 * (made once by tests/fixtures/make-libreoffice-fixtures.sh, committed; LibreOffice is not needed
 * here). readWorkbook gives back what the clerk typed: sheet name, title, header, the tasks of
 * 区教育局 in seed 000 lightly edited, a date-typed cell as ISO, a formula's cached value, text that
 * merely starts with "=", merged ranges.
 */
import fs from 'fs';
import path from 'path';
import { importList } from '../src/core/import';
import type { WorkbookData } from '../src/core/workbook';
import { readWorkbook } from '../src/xlsx';
import { SEEDS, seedPath } from './helpers/paths';

const FIXTURES = path.join(__dirname, 'fixtures');
const HEADER = ['序号', '分管领导', '项目名称', '2019年工作计划', '工作进展及存在问题', '备注'];
const TITLE = '2019年脱贫攻坚工作进度情况表';
const FOOTER = ['填报人：', '张三', '联系电话：', '0754-88123456', '填报日期：', '2019-06-20'];

/** The 项目名称 as typed in Calc, and how each differs from the catalog title. */
const TYPED = [
  '1、会同区财政局调整生活费补助发放方式', // numbering added
  '推进城乡义务教育均衡优质发展',
  '不断改善普通高中办学条件；促进薄弱普通高中办学水平再提升', // "，" → "；"
  '做好高校毕业建档立卡贫困学生就业服务', // shortened
  '办好特殊学校，做好送教上门工作', // no progress typed
];

const catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const education = catalog.tasks.filter((t) => t.lead.includes('区教育局'));

async function read(name: string): Promise<WorkbookData> {
  const file = path.join(FIXTURES, name);
  expect(fs.statSync(file).size).toBeLessThan(50 * 1024);
  return readWorkbook(new Uint8Array(fs.readFileSync(file)), name);
}

test('the typed titles are 区教育局’s five tasks of seed 000, lightly edited', () => {
  expect(education.map((t) => t.title)).toEqual([
    TYPED[0].replace(/^1、/, ''),
    TYPED[1],
    TYPED[2].replace('；', '，'),
    `${TYPED[3]}工作`,
    TYPED[4],
  ]);
});

describe('lo-official-return.xlsx: the official layout typed in LibreOffice Calc', () => {
  let book: WorkbookData;
  beforeAll(async () => {
    book = await read('lo-official-return.xlsx');
  });

  test('one visible sheet "Sheet1" with title, unit and the official header on row 3', () => {
    expect(book.sheets.map((s) => [s.name, s.state])).toEqual([['Sheet1', 'visible']]);
    const { rows } = book.sheets[0];
    expect(rows[0][0]).toBe(TITLE);
    expect(rows[1][0]).toBe('填报单位：区教育局');
    expect(rows[2]).toEqual(HEADER);
  });

  test('rows 4–8: the five tasks with numbers, leaders, the multi-line plan and four progress texts', () => {
    const rows = book.sheets[0].rows.slice(3, 8);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((r) => r[1])).toEqual(['王副区长', '王副区长', '王副区长', '李副区长', '李副区长']);
    expect(rows.map((r) => r[2])).toEqual(TYPED);
    // Calc writes the plan's paragraphs as one text with line breaks, as the catalog holds it.
    for (const [i, r] of rows.entries()) expect(r[3]).toBe(education[i].plans['2019']);
    expect(rows.map((r) => typeof r[4])).toEqual(['string', 'string', 'string', 'string', 'object']);
    expect(rows[4][4]).toBeNull();
    expect(rows[1][4]).toBe('已完成15所农村学校教学环境改造，存在问题：部分学校设备采购进度偏慢。');
  });

  test('the footer: reporter, phone as text, and the date-typed 填报日期 as 2019-06-20', () => {
    const { rows } = book.sheets[0];
    expect(rows[8]).toEqual(FOOTER);
    expect(rows[9][0]).toMatch(/^注：每季度末月25日前报送/);
    expect(rows).toHaveLength(10);
  });

  test('the title merged over A1:F1 is listed (and its value spread over the range); no formulas', () => {
    const sheet = book.sheets[0];
    expect(sheet.merges).toEqual(['A1:F1']);
    expect(sheet.rows[0]).toEqual(Array(6).fill(TITLE));
    expect(sheet.formulaCells).toEqual([]);
  });
});

describe('lo-merged-moved.xlsx: header moved down, merged leader, blank row, formula and "=…" text', () => {
  let book: WorkbookData;
  beforeAll(async () => {
    book = await read('lo-merged-moved.xlsx');
  });

  test('two empty rows at the top, the title on row 3, the header on row 6', () => {
    const sheet = book.sheets[0];
    expect(sheet.name).toBe('Sheet1');
    expect(sheet.rows[0].every((v) => v === null)).toBe(true);
    expect(sheet.rows[1].every((v) => v === null)).toBe(true);
    expect(sheet.rows[2][0]).toBe(TITLE);
    expect(sheet.rows[3][0]).toBe('填报单位：区教育局');
    expect(sheet.rows[4][0]).toBe('报告期：2019年第二季度');
    expect(sheet.rows[5]).toEqual(HEADER);
  });

  test('merged ranges: the title A3:F3 and 分管领导 over B7:B9', () => {
    const sheet = book.sheets[0];
    expect([...sheet.merges].sort()).toEqual(['A3:F3', 'B7:B9']);
    expect(sheet.rows.slice(6, 9).map((r) => r[1])).toEqual(['王副区长', '王副区长', '王副区长']);
  });

  test('the data rows around a blank row 10 keep their titles and progress', () => {
    const { rows } = book.sheets[0];
    expect(rows[9].every((v) => v === null)).toBe(true);
    const data = [...rows.slice(6, 9), ...rows.slice(10, 12)];
    expect(data.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
    expect(data.map((r) => r[2])).toEqual(TYPED);
    expect(data.map((r) => r[4] !== null)).toEqual([true, true, true, true, false]);
  });

  test('备注: the formula =1+1 gives its cached 2 and is listed; the text "=SUM(A1)" stays a string', () => {
    const sheet = book.sheets[0];
    expect(sheet.rows[6][5]).toBe(2);
    expect(sheet.formulaCells).toEqual(['F7']);
    expect(sheet.rows[7][5]).toBe('=SUM(A1)');
    expect(typeof sheet.rows[7][5]).toBe('string');
  });

  test('the footer on row 13 with the date as 2019-06-20', () => {
    const { rows } = book.sheets[0];
    expect(rows[12]).toEqual(FOOTER);
    expect(rows).toHaveLength(13);
  });
});
