/**
 * Returns as they really arrive at the 扶贫办: another period's form, two versions of one unit's
 * form, a form whose 填报单位 contradicts its template, hidden sheets, rows and columns, forms sent
 * back untouched or filled with "无", bytes that would break the 汇总. Files are written by our own
 * template code and by openpyxl (what other offices' tools write); one is saved again by LibreOffice.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { SaxesParser } from 'saxes';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Catalog } from '../src/core/catalog';
import { withVersion } from '../src/core/catalog';
import { catalogFromJson, catalogFromWorkbook, catalogToJson, catalogToWorkbook } from '../src/core/catalogFile';
import { checkReturn, type CheckedReturn } from '../src/core/checks';
import { consolidate, mergeOutcome, uniqueFileKeys, type MergeInput } from '../src/core/consolidation';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { canonicalStatus, placeholderOf, statusConflictOf } from '../src/core/progressRules';
import { readReturn } from '../src/core/returnReader';
import type { ReadReturn } from '../src/core/report';
import { resolveReturnUnit } from '../src/core/matching';
import { formatInstant, submissionOf } from '../src/core/submission';
import { buildTemplate } from '../src/core/template';
import { assignedTasks } from '../src/core/assignment';
import { EXCEL_MAX_TEXT, excelSafeText, type CellValue, type WorkbookSpec } from '../src/core/workbook';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { readReturnFile } from '../src/cli/returnFile';
import { fillTemplate } from '../src/cli/simulate';
import { writeWithOpenpyxl, type PyBook } from './helpers/openpyxl';
import { SEEDS, seedPath } from './helpers/paths';

const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q1 = parsePeriod('2019Q1') as Period;
const Q2 = parsePeriod('2019Q2') as Period;
const Q3 = parsePeriod('2019Q3') as Period;
const AS_OF = '2019-06-30';
const GOOD = { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456' };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-arrive-'));
afterAll(() => (process.env.KEEP_TMP ? undefined : fs.rmSync(tmp, { recursive: true, force: true })));

/** Our template for a unit and period, filled by a clerk; `saved` is the workbook's saved time (UTC). */
function form(unit: string, period: Period, opts: Partial<typeof GOOD> & { saved?: string } = {}): WorkbookSpec {
  const spec = fillTemplate(buildTemplate(catalog, unit, period), 0, { ...GOOD, ...opts });
  return { ...spec, properties: { ...spec.properties, modified: opts.saved ?? `${opts.filledDate ?? GOOD.filledDate}T01:00:00Z` } };
}

/** A spec written to bytes and read back as the merge reads it. */
async function input(spec: WorkbookSpec, file: string): Promise<MergeInput> {
  const bytes = await writeWorkbook(spec);
  const book = await readWorkbook(bytes, file);
  return { file, outcome: readReturn(book, file), saved: book.modified };
}

/** A file on disk read by the CLI's own reader. */
async function fromDisk(file: string, key = path.basename(file)): Promise<MergeInput> {
  return readReturnFile(file, key);
}

function merge(inputs: MergeInput[], period: Period = Q2, cat: Catalog = catalog) {
  return consolidate(inputs, { catalog: cat, period, asOf: AS_OF });
}

const statusOf = (r: ReturnType<typeof merge>) => Object.fromEntries(r.summary.files.map((f) => [f.file, f.status]));
const unitStatus = (r: ReturnType<typeof merge>, unit: string) => r.summary.units.find((u) => u.unit === unit)?.status;
/** The 汇总 sheet's 来源 column (the file each row comes from), found by its header. */
const sources = (r: ReturnType<typeof merge>) => {
  const rows = r.workbook.sheets[0].rows;
  const head = rows.findIndex((row) => row.includes('来源'));
  const at = rows[head].indexOf('来源');
  return rows.slice(head + 1).map((row) => String(row[at] ?? ''));
};

/** The clerk's rows of a hand-made form in the official layout, for openpyxl. */
function officialRows(unit: string, typedUnit: string, title: string, progress: (i: number) => string, year = 2019): CellValue[][] {
  const tasks = assignedTasks(catalog, unit);
  return [
    [title],
    [`填报单位：${typedUnit}`],
    ['序号', '分管领导', '项目名称', `${year}年工作计划`, '工作进展及存在问题', '备注'],
    ...tasks.map((t, i) => [i + 1, '王副局长', t.title, t.plans[String(year)] ?? t.text, progress(i), '']),
    ['填报人：', '李四', '联系电话：', '13902771234'],
  ];
}

// ---------------------------------------------------------------------------------------------

describe('1. a return for another period: listed, never merged, never superseding', () => {
  test('a 2019Q1 template saved after the unit’s Q2 return: wrong-period, the Q2 return stays, its rows only', async () => {
    const q2 = await input(form('区教育局', Q2, { filledDate: '2019-06-20' }), '教育局-二季度.xlsx');
    const q1 = await input(form('区教育局', Q1, { filledDate: '2019-06-24', saved: '2019-06-24T08:00:00Z' }), '教育局-一季度.xlsx');
    const r = merge([q2, q1]);
    expect(statusOf(r)).toEqual({ '教育局-一季度.xlsx': 'wrong-period', '教育局-二季度.xlsx': 'ok' });
    expect(unitStatus(r, '区教育局')).toBe('on-time');
    const wrong = r.summary.files.find((f) => f.file === '教育局-一季度.xlsx');
    expect(wrong?.findings.map((f) => f.code)).toEqual(['WRONG_PERIOD']);
    expect(wrong?.findings[0].message).toMatch(/2019Q1.*2019年第二季度/);
    expect(sources(r).some((s) => s.startsWith('教育局-一季度'))).toBe(false);
    expect(r.summary.totals.rowsRead).toBe(r.summary.totals.rowsWritten);
    expect(mergeOutcome(r.summary)).toEqual({ intent: 'warning', title: '汇总完成，但有 1 个文件未计入（报告期不符）' });
  });

  test('only another period’s return (2018 rows in a 2019Q3 merge): the unit is 未报, nothing of it in the 汇总', async () => {
    // A hand-made form of another office's tool, its header saying 2018年工作计划.
    const file = path.join(tmp, '审计局-2018.xlsx');
    writeWithOpenpyxl([
      {
        path: file,
        sheets: [
          { name: 'Sheet1', rows: officialRows('区审计局', '区审计局', '2018年脱贫攻坚工作进度情况表', () => '已完成年度审计。', 2018) },
        ],
      },
    ]);
    const r = merge([await fromDisk(file)], Q3);
    expect(statusOf(r)['审计局-2018.xlsx']).toBe('wrong-period');
    expect(unitStatus(r, '区审计局')).toBe('missing');
    expect(r.summary.totals.rowsRead).toBe(0);
    const sheet = r.workbook.sheets[0];
    const head = sheet.rows.findIndex((row) => row.includes('问题'));
    const problem = sheet.rows[head].indexOf('问题');
    const data = sheet.rows.slice(head + 1).filter((row) => row[1] === '区审计局');
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((row) => row[problem] === '未报送')).toBe(true);
  });

  test('a hand-made form whose title names the first quarter (no metadata) is wrong-period in a Q2 merge, not in a year merge', async () => {
    const file = path.join(tmp, '审计局-一季度.xlsx');
    writeWithOpenpyxl([
      {
        path: file,
        sheets: [
          { name: '进度表', rows: officialRows('区审计局', '区审计局', '2019年第一季度脱贫攻坚工作进度情况表', () => '按计划开展审计。') },
        ],
      },
    ]);
    expect(statusOf(merge([await fromDisk(file)], Q2))['审计局-一季度.xlsx']).toBe('wrong-period');
    expect(statusOf(merge([await fromDisk(file)], parsePeriod('2019') as Period))['审计局-一季度.xlsx']).toBe('ok');
  });
});

describe('2. submission time: an instant in the list’s local time; the latest wins; a tie says so', () => {
  test('the instant is told from the 填报日期, else the saved time, else the file time', () => {
    expect(submissionOf({ saved: '2019-06-25T23:00:00.000Z' })).toMatchObject({
      at: '2019-06-26T07:00:00+08:00',
      date: '2019-06-26',
      source: 'saved',
    });
    expect(submissionOf({ fileTime: '2019-06-25T15:59:59.000Z' })).toMatchObject({ date: '2019-06-25', source: 'file' });
    // A typed date takes the save's time of day when saved that same (local) day.
    expect(submissionOf({ filledDate: '2019-06-25', saved: '2019-06-25T07:30:00Z' })?.at).toBe('2019-06-25T15:30:00+08:00');
    expect(submissionOf({ filledDate: '2019-06-25', saved: '2019-06-28T07:30:00Z' })?.at).toBe('2019-06-25T00:00:00+08:00');
    expect(submissionOf({ saved: '2019-06-25T23:00:00Z' }, '+00:00')?.date).toBe('2019-06-25');
    expect(formatInstant(Date.UTC(2019, 0, 1), '-05:30')).toBe('2018-12-31T18:30:00-05:30');
    expect(submissionOf({})).toBeUndefined();
  });

  test('saved at 07:00 Beijing time on 6月26日 (23:00 UTC on the 25th), no 填报日期: late for 6月25日', async () => {
    const file = path.join(tmp, '卫健局.xlsx');
    writeWithOpenpyxl([
      {
        path: file,
        modified: '2019-06-25T23:00:00Z',
        creator: 'WPS',
        sheets: [
          { name: 'Sheet1', rows: officialRows('区卫生健康局', '区卫健局', '2019年脱贫攻坚工作进度情况表', () => '已完成专项救治摸底。') },
        ],
      },
    ]);
    const r = merge([await fromDisk(file)]);
    const f = r.summary.files[0];
    expect(f.submittedAt).toBe('2019-06-26T07:00:00+08:00');
    expect(unitStatus(r, '区卫生健康局')).toBe('late');
    expect(f.findings.find((x) => x.code === 'LATE_SUBMISSION')?.message).toBe(
      '文件保存于2019-06-26 07:00，晚于规定的报送截止日期2019-06-25',
    );
    // The list says its local time is UTC: the same instant is on the 25th there.
    const { version: _version, ...content } = catalog;
    const utc = withVersion({ ...content, calendar: { ...catalog.calendar, utcOffset: '+00:00' } });
    expect(utc.version).not.toBe(catalog.version);
    expect(unitStatus(merge([await fromDisk(file)], Q2, utc), '区卫生健康局')).toBe('on-time');
    // The catalog's own time zone survives its JSON and its workbook.
    expect(catalogFromJson(catalogToJson(utc)).calendar.utcOffset).toBe('+00:00');
    const book = await readWorkbook(await writeWorkbook(catalogToWorkbook(utc)), 'c.xlsx');
    expect(catalogFromWorkbook(book)).toEqual(utc);
  });

  test('two versions the same day: the one saved later wins whatever the file names and argument order', async () => {
    // Saved 09:00 and 15:00 Beijing time on the 22nd; the later one has the name that sorts first.
    const early = form('区民政局', Q2, { filledDate: '2019-06-22', saved: '2019-06-22T01:00:00Z', reporter: '初稿' });
    const late = form('区民政局', Q2, { filledDate: '2019-06-22', saved: '2019-06-22T07:00:00Z', reporter: '定稿' });
    const inputs = [await input(early, 'b-民政局.xlsx'), await input(late, 'a-民政局.xlsx')];
    for (const order of [inputs, [...inputs].reverse()]) {
      const r = merge(order);
      expect(statusOf(r)).toEqual({ 'a-民政局.xlsx': 'ok', 'b-民政局.xlsx': 'superseded' });
      const superseded = r.summary.files.find((f) => f.file === 'b-民政局.xlsx');
      expect(superseded?.findings[0].message).toBe(
        '区民政局重复报送：本文件报送于 2019-06-22 09:00，以报送时间较晚的 a-民政局.xlsx（2019-06-22 15:00）为准',
      );
    }
    expect(JSON.stringify(merge(inputs).summary)).toBe(JSON.stringify(merge([...inputs].reverse()).summary));
  });

  test('an exact tie is a finding on the one kept that names both; the other says why it was set aside', async () => {
    const spec = form('区民政局', Q2, { filledDate: '2019-06-22', saved: '2019-06-22T01:00:00Z' });
    const r = merge([await input(spec, '民政局(1).xlsx'), await input(spec, '民政局.xlsx')]);
    const kept = r.summary.files.find((f) => f.status === 'ok');
    const other = r.summary.files.find((f) => f.status === 'superseded');
    expect(kept?.findings.find((f) => f.code === 'SAME_SUBMISSION_TIME')?.message).toBe(
      '区民政局的 民政局(1).xlsx、民政局.xlsx 报送时间相同（2019-06-22 09:00），无法判断哪一份在后，暂以 民政局(1).xlsx 为准，请与该单位核实',
    );
    expect(other?.findings[0].message).toMatch(/与 民政局\(1\)\.xlsx 报送时间相同/);
  });

  test('a file with neither 填报日期 nor saved time is dated by its modification time', async () => {
    const file = path.join(tmp, '无日期.xlsx');
    const spec = form('区审计局', Q2, { filledDate: '' });
    fs.writeFileSync(file, await writeWorkbook({ ...spec, properties: { ...spec.properties, modified: undefined } }));
    fs.utimesSync(file, new Date('2019-06-27T02:00:00Z'), new Date('2019-06-27T02:00:00Z'));
    const r = merge([await fromDisk(file)]);
    expect(r.summary.files[0].submittedAt).toBe('2019-06-27T10:00:00+08:00');
    expect(unitStatus(r, '区审计局')).toBe('late');
  });
});

describe('3. identity: a template whose 填报单位 names another unit', () => {
  test('counts for the template’s unit with a finding naming both; the other unit’s own return is untouched', async () => {
    const spec = form('区教育局', Q2, { filledDate: '2019-06-24' });
    const rows = spec.sheets[0].rows.map((r) => [...r]);
    rows[1][0] = '填报单位：区财政局';
    const mixed = { ...spec, sheets: [{ ...spec.sheets[0], rows }, ...spec.sheets.slice(1)] };
    const r = merge([await input(mixed, '教育局模板-财政局填.xlsx'), await input(form('区财政局', Q2), '财政局.xlsx')]);
    expect(statusOf(r)).toEqual({ '教育局模板-财政局填.xlsx': 'ok', '财政局.xlsx': 'ok' });
    const f = r.summary.files.find((x) => x.file === '教育局模板-财政局填.xlsx');
    expect(f?.unit).toBe('区教育局');
    const mismatch = f?.findings.find((x) => x.code === 'UNIT_MISMATCH');
    expect(mismatch?.message).toMatch(/为区教育局生成的模板.*“区财政局”.*按模板单位区教育局/);
    expect(mismatch?.severity).toBe('error');
    expect(unitStatus(r, '区教育局')).toBe('on-time');
    expect(unitStatus(r, '区财政局')).toBe('on-time');
    // A contradicting return never displaces a consistent one of the same unit, even sent later.
    const r2 = merge([await input(mixed, '后来的.xlsx'), await input(form('区教育局', Q2, { filledDate: '2019-06-20' }), '教育局.xlsx')]);
    expect(statusOf(r2)).toEqual({ '后来的.xlsx': 'superseded', '教育局.xlsx': 'ok' });
    expect(r2.summary.files.find((x) => x.file === '后来的.xlsx')?.findings[0].message).toMatch(/填报单位与模板不符/);
  });

  test('a form typed by a clerk with the unit in its title and no 填报单位 line is that unit’s; a title naming two units is not', async () => {
    const rows = (title: string): CellValue[][] => [
      [title],
      ['序号', '项目名称', '2019年工作计划', '工作进展情况', '备注'],
      [1, '推进城乡义务教育均衡优质发展', '推进学校标准化建设', '完成3所农村学校运动场改造。', null],
      [2, '办好特殊学校，做好送教上门工作', null, '送教上门42人次。', null],
      [],
      ['填报人：李明', null, '联系电话：0754-88990011', '填报日期：2019年6月21日'],
    ];
    const one = path.join(tmp, '教育局-自制.xlsx');
    const two = path.join(tmp, '两单位.xlsx');
    writeWithOpenpyxl([
      { path: one, sheets: [{ name: 'Sheet1', rows: rows('区教育局2019年第二季度脱贫攻坚工作进度情况表'), merges: ['A1:E1'] }] },
      { path: two, sheets: [{ name: 'Sheet1', rows: rows('区教育局、区财政局2019年第二季度脱贫攻坚工作进度情况表') }] },
    ]);
    const r = merge([await fromDisk(one), await fromDisk(two)]);
    expect(statusOf(r)).toEqual({ '教育局-自制.xlsx': 'ok', '两单位.xlsx': 'unknown-unit' });
    const f = r.summary.files.find((x) => x.file === '教育局-自制.xlsx');
    expect(f).toMatchObject({ unit: '区教育局', reporter: '李明', phone: '0754-88990011' });
    expect(f?.findings.map((x) => x.code)).not.toContain('UNKNOWN_UNIT');
    expect(unitStatus(r, '区教育局')).toBe('on-time');
    // Tried: 区委 inside 区委组织部 is not a second unit; the longer name is the one the title names.
    const nested = importList(
      ['1.加强组织领导(区委牵头,区委组织部配合;2019年12月底前完成)', '2.开展扶贫干部培训(区委组织部牵头;2019年10月底前完成)'].join('\n'),
    ).catalog;
    expect(resolveReturnUnit('', {}, nested, '区委组织部2019年第二季度脱贫攻坚工作进度情况表').unit).toBe('区委组织部');
    expect(resolveReturnUnit('', {}, nested, '区委2019年第二季度脱贫攻坚工作进度情况表').unit).toBe('区委');
    expect(resolveReturnUnit('', {}, nested, '2019年第二季度脱贫攻坚工作进度情况表').unit).toBeUndefined();
  });

  test('keys are unique: files picked twice under one name get （2）', () => {
    expect(uniqueFileKeys(['a/财政局.xlsx', 'b/财政局.xlsx', '财政局.xlsx', '财政局.xlsx', '财政局'])).toEqual([
      'a/财政局.xlsx',
      'b/财政局.xlsx',
      '财政局.xlsx',
      '财政局（2）.xlsx',
      '财政局',
    ]);
  });
});

describe('4. only what a person sees in Excel is read', () => {
  const visibleProgress = (i: number) => `本季度第${i + 1}项按计划推进。`;
  let openpyxlFile = '';
  let calcFile = '';

  beforeAll(() => {
    // One workbook: the old form of last quarter in a hidden sheet, the real one with a hidden row of
    // content and a hidden 工作进展 column (an earlier draft) right beside the visible one.
    const rows = officialRows('区财政局', '区财政局', '2019年脱贫攻坚工作进度情况表', visibleProgress);
    const withDraft = rows.map((r, i) => {
      const copy = [...r];
      copy.splice(5, 0, i === 2 ? '工作进展及存在问题' : i > 2 && i < rows.length - 1 ? '草稿：尚未启动' : null);
      return copy;
    });
    withDraft.splice(4, 0, [99, '', '已删除的任务', '', '隐藏行里的旧内容', '', '']);
    const book: PyBook = {
      path: path.join(tmp, 'openpyxl-hidden.xlsx'),
      sheets: [
        {
          name: '上季度',
          state: 'hidden',
          rows: officialRows('区财政局', '区财政局', '2019年第一季度脱贫攻坚工作进度情况表', () => '一季度的内容'),
        },
        { name: '本季度', rows: withDraft, hiddenRows: [5], hiddenColumns: ['F'] },
      ],
    };
    writeWithOpenpyxl([
      book,
      {
        path: path.join(tmp, 'openpyxl-only-hidden.xlsx'),
        sheets: [
          { ...book.sheets[0], state: 'veryHidden' },
          { name: '说明', rows: [['见隐藏表']] },
        ],
      },
    ]);
    openpyxlFile = book.path;
    // The same workbook opened and saved again by LibreOffice Calc.
    const lo = path.join(tmp, 'lo');
    const r = spawnSync('soffice', ['--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', lo, openpyxlFile], {
      encoding: 'utf8',
      timeout: 120000,
    });
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
    calcFile = path.join(lo, 'openpyxl-hidden.xlsx');
  }, 150000);

  test.each([
    ['openpyxl', () => openpyxlFile],
    ['LibreOffice Calc', () => calcFile],
  ])('%s: the visible sheet and column are read, the hidden ones reported', async (_by, file) => {
    const inp = await fromDisk(file(), 'hidden.xlsx');
    expect('outcome' in inp && inp.outcome.ok).toBe(true);
    if (!('outcome' in inp) || !inp.outcome.ok) return;
    const report = inp.outcome.report;
    expect(report.sheet).toBe('本季度');
    expect(report.columns.progress).toBe('E');
    expect(report.rows.map((x) => x.values.progress)).toEqual(assignedTasks(catalog, '区财政局').map((_t, i) => visibleProgress(i)));
    const checked = checkReturn(report, { catalog, period: Q2, asOf: AS_OF, file: 'hidden.xlsx' });
    const hidden = checked.findings.filter((f) => f.code === 'HIDDEN_CONTENT').map((f) => f.message);
    expect(hidden).toEqual([
      expect.stringMatching(/^工作表“上季度”已隐藏，其中的报表内容未读取/),
      expect.stringMatching(/^第F列（工作进展及存在问题）已隐藏/),
      expect.stringMatching(/^第5行（共 1 行）已隐藏/),
    ]);
    expect(checked.findings.filter((f) => f.code === 'EXTRA_TASK')).toEqual([]);
  });

  test('a report only in a (very) hidden sheet is not a report, and the reason says how to fix it', async () => {
    const inp = await fromDisk(path.join(tmp, 'openpyxl-only-hidden.xlsx'));
    expect('outcome' in inp && !inp.outcome.ok && inp.outcome.finding.message).toMatch(/工作表“上季度”已隐藏.*取消隐藏/);
  });
});

describe('5. blank and meaningless returns', () => {
  test('an untouched template is blank: the unit is 未报, and it never supersedes a filled one', async () => {
    const untouched = buildTemplate(catalog, '区教育局', Q2);
    const r = merge([await input(untouched, '教育局-原样.xlsx')]);
    expect(statusOf(r)['教育局-原样.xlsx']).toBe('blank');
    expect(unitStatus(r, '区教育局')).toBe('missing');
    expect(r.summary.files[0].findings.map((f) => f.code)).toEqual(['BLANK_RETURN']);
    expect(r.workbook.sheets[1].rows.find((row) => row[3] === '教育局-原样.xlsx')).toBeUndefined();
    // Sent back untouched after the filled one: the filled one still counts.
    const later = { ...untouched, properties: { ...untouched.properties, modified: '2019-06-24T02:00:00Z' } };
    const r2 = merge([await input(form('区教育局', Q2), '教育局.xlsx'), await input(later, '教育局-空.xlsx')]);
    expect(statusOf(r2)).toEqual({ '教育局.xlsx': 'ok', '教育局-空.xlsx': 'blank' });
    expect(unitStatus(r2, '区教育局')).toBe('on-time');
  });

  test.each([
    ['无', true],
    ['无。', true],
    ['同上', true],
    ['/', true],
    ['——', true],
    ['略', true],
    ['见附件', true],
    ['详见附件2', true],
    ['N/A', true],
    ['正常推进', true],
    ['无重大问题，已完成年度任务的80%。', false],
    ['同上季度相比，新增帮扶对象12户。', false],
    ['已完成', false],
    ['', false],
  ])('placeholder rule: %p → %p', (text, is) => {
    expect(!!placeholderOf(text)).toBe(is);
  });

  test.each([
    ['已完成', '尚未启动，正在筹备', true],
    ['已完成', '已全部完成，资料归档', false],
    ['未启动', '已全部完成', true],
    ['未启动', '尚未启动，已完成前期调研', false],
    ['推进中', '已全部完成。', true],
    ['推进中', '已完成第一阶段，正在推进第二阶段', false],
    ['已完成', '', false],
  ])('status rule: %p with %p → conflict %p', (status, text, conflict) => {
    expect(!!statusConflictOf(status, text)).toBe(conflict);
  });

  test('in a return: PLACEHOLDER_PROGRESS, STATUS_CONFLICT, and MISSING_PHONE apart from BAD_PHONE', async () => {
    const spec = form('区教育局', Q2, { phone: '' });
    const rows = spec.sheets[0].rows.map((r) => [...r]);
    const first = rows.findIndex((r) => typeof r[0] === 'number');
    rows[first][4] = '同上';
    rows[first + 1][4] = '尚未启动';
    rows[first + 1][8] = '已完成';
    const checked = await checkSpec({ ...spec, sheets: [{ ...spec.sheets[0], rows }, ...spec.sheets.slice(1)] });
    const codes = checked.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['PLACEHOLDER_PROGRESS', 'STATUS_CONFLICT', 'MISSING_PHONE']));
    expect(codes).not.toContain('BAD_PHONE');
    expect(checked.findings.find((f) => f.code === 'PLACEHOLDER_PROGRESS')?.cell).toBe(`E${first + 1}`);
    expect(checked.findings.find((f) => f.code === 'STATUS_CONFLICT')?.message).toMatch(/状态为“已完成”，但进展写的是尚未完成/);
    const bad = await checkSpec(form('区教育局', Q2, { phone: '8812345' }));
    expect(bad.findings.map((f) => f.code)).toEqual(['BAD_PHONE']);
  });
});

async function checkSpec(spec: WorkbookSpec): Promise<CheckedReturn> {
  const inp = await input(spec, 'x.xlsx');
  if (!('outcome' in inp) || !inp.outcome.ok) throw new Error('not read');
  return checkReturn(inp.outcome.report, { catalog, period: Q2, asOf: AS_OF, file: 'x.xlsx' });
}

describe('6. written text is valid for Excel', () => {
  /** The 汇总 sheet's XML, parsed by a strict XML parser: throws on any character XML 1.0 forbids. */
  function strictlyParse(bytes: Uint8Array): void {
    const files = unzipSync(bytes);
    for (const [name, data] of Object.entries(files)) {
      if (!name.endsWith('.xml')) continue;
      new SaxesParser().write(strFromU8(data)).close();
    }
  }

  test('_xFFFE_ and _xD800_ in a cell become U+FFFD; a typed _x0041_ reads back as typed; 40,000 characters are cut with a finding', async () => {
    // Written by openpyxl, which writes cell text as given: the file holds the escapes literally, as a
    // hostile or careless tool would, and Excel's own escape of a typed "_x0041_" (_x005F_x0041_).
    // openpyxl cuts text at 32,767 characters itself, so the over-long cell is put into its file afterwards.
    const texts = ['a_xFFFE_b_xD800_c', '编号_x005F_x0041_照录', 'LONG-CELL'];
    const file = path.join(tmp, 'bytes.xlsx');
    writeWithOpenpyxl([
      {
        path: file,
        sheets: [
          { name: 'Sheet1', rows: officialRows('区教育局', '区教育局', '2019年脱贫攻坚工作进度情况表', (i) => texts[i] ?? '已完成。') },
        ],
      },
    ]);
    const parts = unzipSync(new Uint8Array(fs.readFileSync(file)));
    // openpyxl writes its strings inline, in the sheet.
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('LONG-CELL');
    parts['xl/worksheets/sheet1.xml'] = strToU8(sheet.replace('LONG-CELL', '很长的进展'.repeat(8000)));
    fs.writeFileSync(file, zipSync(parts));
    const inp = await fromDisk(file, '教育局.xlsx');
    if (!('outcome' in inp) || !inp.outcome.ok) throw new Error('not read');
    expect(inp.outcome.report.rows.map((r) => r.values.progress?.slice(0, 12))).toEqual(
      expect.arrayContaining(['a\uFFFEb\uD800c', '编号_x0041_照录']),
    );
    const r = merge([inp]);
    const truncated = r.summary.files[0].findings.filter((f) => f.code === 'TEXT_TRUNCATED');
    expect(truncated).toHaveLength(1);
    expect(truncated[0].message).toMatch(/40000 字，超过 Excel 单元格 32767 字的上限/);
    const bytes = await writeWorkbook(r.workbook);
    strictlyParse(bytes);
    const back = (await readWorkbook(bytes, 'h.xlsx')).sheets[0].rows.map((row) => row[5]);
    expect(back).toContain('a\uFFFDb\uFFFDc');
    expect(back).toContain('编号_x0041_照录');
    expect(back.find((v) => typeof v === 'string' && v.startsWith('很长的进展'))).toHaveLength(EXCEL_MAX_TEXT);
  });

  test('excelSafeText keeps pairs whole and replaces plane non-characters', () => {
    expect(excelSafeText('😀\uD83F\uDFFE')).toBe('😀\uFFFD');
    expect(excelSafeText(`${'x'.repeat(EXCEL_MAX_TEXT - 1)}😀`)).toHaveLength(EXCEL_MAX_TEXT - 1);
    expect(excelSafeText('tab\there\nline')).toBe('tab\there\nline');
  });
});

describe('7. a 项目名称 that is the task’s full text as the list words it', () => {
  test('matches that task without TASK_CHANGED; a real edit still gets it', async () => {
    const tasks = assignedTasks(catalog, '区卫生健康局');
    const make = (title: (i: number) => string) => {
      const rows: CellValue[][] = [
        ['2019年脱贫攻坚工作进度情况表'],
        ['填报单位：区卫生健康局'],
        ['序号', '分管领导', '项目名称', '2019年工作计划', '工作进展及存在问题', '备注'],
        ...tasks.map((t, i) => [i + 1, '', title(i), '', '已完成。', '']),
        ['填报人：', '李四', '联系电话：', '13902771234'],
      ];
      return { sheets: [{ name: '卫健', rows }] };
    };
    const full = await checkSpec(make((i) => tasks[i].text));
    expect(full.rows.map((r) => r.task?.id)).toEqual(tasks.map((t) => t.id));
    expect(full.findings.filter((f) => f.code === 'TASK_CHANGED')).toEqual([]);
    const edited = await checkSpec(make((i) => (i === 0 ? `${tasks[0].title}（已调整为市级统筹）` : tasks[i].title)));
    expect(edited.findings.filter((f) => f.code === 'TASK_CHANGED').map((f) => f.task)).toEqual([tasks[0].id]);
  });
});

describe('9. a clerk’s own layout of the form', () => {
  test('a line of progress typed under a task’s row, with nothing else of a task, goes on with that row (not new work)', async () => {
    const file = path.join(tmp, '教育局-续行.xlsx');
    writeWithOpenpyxl([
      {
        path: file,
        sheets: [
          {
            name: 'Sheet1',
            rows: [
              ['2019年脱贫攻坚工作进度情况表'],
              ['填报单位：区教育局'],
              ['序号', '分管领导', '项目名称', '2019年工作计划', '工作进展及存在问题', '备注'],
              [1, null, '推进城乡义务教育均衡优质发展', null, '完成3所农村学校运动场改造。', null],
              [null, null, null, null, '另：2所学校教学楼主体完工，预计9月投入使用。', '9月验收'],
              [2, null, '办好特殊学校，做好送教上门工作', null, '送教上门42人次。', null],
              [null, null, null, null, null, null],
              [null, null, '组织教师赴对口帮扶学校支教', null, '派出支教教师6名。', null],
              [],
              ['填报人：李明', null, null, '联系电话：13912345678', '填报日期：2019年6月21日'],
            ],
          },
        ],
      },
    ]);
    const r = merge([await fromDisk(file)]);
    const f = r.summary.files[0];
    expect(f).toMatchObject({ unit: '区教育局', status: 'ok', rows: 3 });
    const checked = checkReturn(
      (readReturn(await readWorkbook(fs.readFileSync(file), file), file) as { ok: true; report: ReadReturn }).report,
      {
        catalog,
        period: Q2,
        asOf: AS_OF,
        file,
      },
    );
    expect(checked.rows.map((x) => x.row.values.progress)).toEqual([
      '完成3所农村学校运动场改造。\n另：2所学校教学楼主体完工，预计9月投入使用。',
      '送教上门42人次。',
      '派出支教教师6名。',
    ]);
    expect(checked.rows[0].row.values.remark).toBe('9月验收');
    // Tried: a row with its own 项目名称 after a blank line is still new work, and only that one.
    expect(f.findings.filter((x) => x.code === 'ADDED_WORK').map((x) => x.message)).toEqual([
      expect.stringContaining('组织教师赴对口帮扶学校支教'),
    ]);
  });
});

describe('10. a clerk’s own columns', () => {
  test('存在问题 and 下步打算 columns go into the progress under their names; 状态 words of the clerk’s own are the template’s', async () => {
    const file = path.join(tmp, '教育局-自己的列.xlsx');
    writeWithOpenpyxl([
      {
        path: file,
        sheets: [
          {
            name: '教育局',
            rows: [
              ['区教育局脱贫攻坚工作进展情况（2019年第二季度）'],
              ['序号', '任务', '工作进展', '完成情况', '存在问题', '下步打算'],
              [1, '推进城乡义务教育均衡优质发展', '完成3所农村学校运动场改造。', '正在推进', '资金缺口', '争取上级资金'],
              [2, '办好特殊学校，做好送教上门工作', '送教上门42人次。', '完成', null, null],
              [3, '会同区财政局调整生活费补助发放方式', null, '尚未启动', '方案待审定', null],
              [4, '做好高校毕业建档立卡贫困学生就业服务工作', '开展就业指导2场。', '未完成', null, null],
              [],
              ['填报人：李明', null, '联系电话：13912345678', null, '填报时间：2019.6.21'],
            ],
          },
        ],
      },
    ]);
    const report = (readReturn(await readWorkbook(fs.readFileSync(file), file), file) as { ok: true; report: ReadReturn }).report;
    const checked = checkReturn(report, { catalog, period: Q2, asOf: AS_OF, file });
    expect(checked.unit).toBe('区教育局');
    expect(checked.rows.map((x) => [x.row.values.progress, x.status])).toEqual([
      ['完成3所农村学校运动场改造。\n存在问题：资金缺口\n下步打算：争取上级资金', '推进中'],
      ['送教上门42人次。', '已完成'],
      ['存在问题：方案待审定', '未启动'],
      // Tried: 未完成 says only what is not; it is kept as typed.
      ['开展就业指导2场。', '未完成'],
    ]);
    expect(checked.rows.map((x) => x.done)).toEqual([false, true, false, false]);
    expect(canonicalStatus('已全部完成')).toBe('已完成');
    expect(canonicalStatus('进行中')).toBe('推进中');
    expect(canonicalStatus('待定')).toBe('待定');
  });
});

describe('8. bounded reading', () => {
  test('matching a row of 60,000-character cells against every task gives no match (and no edit distance of that size)', async () => {
    const long = '推进教育扶贫工作，落实资助政策。'.repeat(4000);
    const rows: CellValue[][] = [
      ['填报单位：区教育局'],
      ['序号', '项目名称', '2019年工作计划', '工作进展及存在问题'],
      [1, long, long, '已完成。'],
    ];
    const checked = await checkSpec({ sheets: [{ name: 'x', rows }] });
    expect(checked.rows[0].task).toBeUndefined();
    // Matching no task and carrying no 任务编号, the row is taken as work beyond the list.
    expect(checked.findings.map((f) => f.code)).toContain('ADDED_WORK');
  });
});
