/**
 * Reports end to end with real .xlsx files: our templates filled and read back, hand-made returns
 * in the official layout written without the template code, checks by code and cell, and the
 * consolidation's reconciliation. What each test tries is said in its name.
 */
import fs from 'fs';
import { withVersion, type Catalog } from '../src/core/catalog';
import { checkReturn, isValidPhone, progressSaysDone, type CheckedReturn } from '../src/core/checks';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import type { FindingCode } from '../src/core/finding';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate } from '../src/core/template';
import type { WorkbookSpec } from '../src/core/workbook';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { fillTemplate, handMadeReturn } from '../src/cli/simulate';
import { SEEDS, seedPath } from './helpers/paths';

const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;
const AS_OF = '2019-06-30';

async function roundTrip(spec: WorkbookSpec, file = 'return.xlsx'): Promise<MergeInput> {
  const bytes = await writeWorkbook(spec);
  const book = await readWorkbook(bytes, file);
  return { file, outcome: readReturn(book, file), saved: book.modified };
}

/** A catalog changed by hand, with its version made anew. */
function revise({ version: _old, ...content }: Catalog): Catalog {
  return withVersion(content);
}

async function check(spec: WorkbookSpec, opts: { period?: Period; catalog?: Catalog; asOf?: string } = {}): Promise<CheckedReturn> {
  const input = await roundTrip(spec);
  if (!('outcome' in input) || !input.outcome.ok) throw new Error('not read');
  const report = input.outcome.report;
  return checkReturn(report, {
    catalog: opts.catalog ?? catalog,
    period: opts.period ?? Q2,
    asOf: opts.asOf ?? AS_OF,
    file: 'return.xlsx',
  });
}

const codes = (c: CheckedReturn) => c.findings.map((f) => f.code).sort();
const at = (c: CheckedReturn, code: FindingCode) => c.findings.filter((f) => f.code === code).map((f) => f.cell);

const filled = (unit: string, opts: Parameters<typeof fillTemplate>[2]) => fillTemplate(buildTemplate(catalog, unit, Q2), 0, opts);
const GOOD = { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456' };

describe('our template, filled by a clerk and read back', () => {
  test('a complete return has no findings; every row matched by 任务编号', async () => {
    const c = await check(filled('区教育局', GOOD));
    expect(c.unit).toBe('区教育局');
    expect(c.rows).toHaveLength(5);
    expect(c.rows.every((r) => r.task)).toBe(true);
    expect(c.findings).toEqual([]);
  });

  test('a cleared row → MISSING_TASK for that task; empty progress → EMPTY_PROGRESS at its E cell', async () => {
    const c = await check(filled('区教育局', { ...GOOD, dropRow: 0, emptyProgressRow: 2 }));
    expect(codes(c)).toEqual(['EMPTY_PROGRESS', 'MISSING_TASK']);
    const first = catalog.tasks.find((t) => t.lead[0] === '区教育局');
    expect(c.findings.find((f) => f.code === 'MISSING_TASK')?.task).toBe(first?.id);
    expect(at(c, 'EMPTY_PROGRESS')).toEqual(['E6']);
  });

  test('no reporter → MISSING_REPORTER at the input cell; a phone without area code → BAD_PHONE', async () => {
    const c = await check(filled('区教育局', { ...GOOD, reporter: '', phone: '8812345' }));
    expect(codes(c)).toEqual(['BAD_PHONE', 'MISSING_REPORTER']);
    expect(at(c, 'MISSING_REPORTER')[0]).toMatch(/^C\d+$/);
    expect(at(c, 'BAD_PHONE')[0]).toMatch(/^E\d+$/);
  });

  test('filled after the due date (6月25日) → LATE_SUBMISSION', async () => {
    const c = await check(filled('区教育局', { ...GOOD, filledDate: '2019-06-28' }));
    expect(codes(c)).toEqual(['LATE_SUBMISSION']);
  });

  test('a template of another quarter → WRONG_PERIOD; from an older catalog → STALE_CATALOG', async () => {
    const q1 = fillTemplate(buildTemplate(catalog, '区教育局', parsePeriod('2019Q1') as Period), 0, GOOD);
    expect(codes(await check(q1))).toContain('WRONG_PERIOD');
    // The catalog the template was made from said something else about one of 区教育局's own tasks.
    const mine = catalog.tasks.find((t) => t.lead.includes('区教育局'));
    const older = revise({ ...catalog, tasks: catalog.tasks.map((t) => (t === mine ? { ...t, text: `${t.text}（旧）` } : t)) });
    const stale = fillTemplate(buildTemplate(older, '区教育局', Q2), 0, GOOD);
    expect(codes(await check(stale))).toEqual(['STALE_CATALOG']);
  });

  test('STALE_CATALOG compares the unit’s own tasks: members added to a group or another unit’s task edited leave its return current', async () => {
    const other = catalog.tasks.find((t) => !t.lead.includes('区教育局') && !t.partners.includes('区教育局'));
    const group = catalog.units.find((u) => u.kind === 'group');
    if (!other || !group) throw new Error('fixture');
    const before = revise({
      ...catalog,
      units: catalog.units.map((u) => (u === group ? { ...u, members: [] } : u)),
      tasks: catalog.tasks.map((t) => (t === other ? { ...t, text: `${t.text}（旧）` } : t)),
    });
    expect(before.version).not.toBe(catalog.version);
    const ret = fillTemplate(buildTemplate(before, '区教育局', Q2), 0, GOOD);
    expect(codes(await check(ret))).toEqual([]);
  });

  test('a template made before 单位任务版本 (whole-catalog version only) is stale only when its tasks are not the unit’s tasks today', async () => {
    const legacy = (spec: WorkbookSpec, version: string): WorkbookSpec => {
      const meta = spec.sheets.find((x) => x.name === 'jindu_meta');
      if (!meta) throw new Error('no meta');
      meta.rows = meta.rows.filter((r) => r[0] !== '单位任务版本').map((r) => (r[0] === '清单版本' ? [r[0], version] : r));
      return spec;
    };
    const same = legacy(fillTemplate(buildTemplate(catalog, '区教育局', Q2), 0, GOOD), 'abcdef012345');
    expect(codes(await check(same))).toEqual([]);
    const fewer = revise({
      ...catalog,
      tasks: catalog.tasks.filter((t) => t !== catalog.tasks.find((x) => x.lead.includes('区教育局'))),
    });
    const old = legacy(fillTemplate(buildTemplate(fewer, '区教育局', Q2), 0, GOOD), 'abcdef012345');
    expect(codes(await check(old))).toEqual(expect.arrayContaining(['STALE_CATALOG', 'MISSING_TASK']));
  });

  test('a deadline passed and 状态 not 已完成 → LATE_TASK; 已完成 is not late', async () => {
    const t = catalog.tasks.find((x) => x.lead[0] === '区教育局');
    if (!t) throw new Error('no task');
    const dated: Catalog = {
      ...catalog,
      tasks: catalog.tasks.map((x) => (x.id === t.id ? { ...x, deadline: { raw: '2019年5月底前', kind: 'once', due: '2019-05-31' } } : x)),
    };
    const spec = fillTemplate(buildTemplate(dated, '区教育局', Q2), 3, GOOD); // seed 3: first row 推进中
    const late = await check(spec, { catalog: { ...dated } });
    expect(late.findings.filter((f) => f.code === 'LATE_TASK').map((f) => f.task)).toEqual([t.id]);
    const rows = spec.sheets[0].rows.map((r) => [...r]);
    const first = rows.findIndex((r) => r[6] === t.id);
    rows[first][8] = '已完成';
    const done = await check({ ...spec, sheets: [{ ...spec.sheets[0], rows }, ...spec.sheets.slice(1)] }, { catalog: dated });
    expect(done.findings.filter((f) => f.code === 'LATE_TASK')).toEqual([]);
  });

  test('a row repeated → DUPLICATE_ROW; another unit’s task → EXTRA_TASK; an edited title → TASK_CHANGED', async () => {
    const spec = filled('区教育局', GOOD);
    const rows = spec.sheets[0].rows.map((r) => [...r]);
    const firstTask = rows.findIndex((r) => r[0] === 1);
    const other = catalog.tasks.find((t) => t.lead[0] === '区民政局');
    if (!other) throw new Error('no task');
    rows[firstTask + 1] = [...rows[firstTask]]; // row 2 repeats row 1
    rows[firstTask + 2] = [3, '', other.title, '', '已完成', '', other.id, '', '已完成'];
    rows[firstTask + 3][2] = `${rows[firstTask + 3][2]}（调整）`;
    const c = await check({ ...spec, sheets: [{ ...spec.sheets[0], rows }, ...spec.sheets.slice(1)] });
    expect(codes(c)).toEqual(expect.arrayContaining(['DUPLICATE_ROW', 'EXTRA_TASK', 'TASK_CHANGED', 'MISSING_TASK']));
    expect(c.findings.find((f) => f.code === 'EXTRA_TASK')?.task).toBe(other.id);
  });
});

describe('returns made by hand, without our template code', () => {
  test('header moved down, sheet renamed, numbering added, unit typed without 区: all rows match, unit resolved', async () => {
    const c = await check(handMadeReturn(catalog, '区教育局', '教育局', Q2));
    expect(c.unit).toBe('区教育局');
    expect(c.report.sheet).toBe('进度表');
    expect(c.report.headerRow).toBe(6);
    expect(c.rows.map((r) => r.task?.lead[0])).toEqual(['区教育局', '区教育局', '区教育局', '区教育局', '区教育局']);
    expect(c.report.filledDate).toBe('2019-06-21');
    expect(codes(c)).toEqual([]);
  });

  test('merged cells, blank rows, lightly edited titles and a formula-looking progress text', async () => {
    const tasks = catalog.tasks.filter((t) => t.lead[0] === '区财政局');
    const spec: WorkbookSpec = {
      sheets: [
        {
          name: 'Sheet1',
          rows: [
            ['2019年脱贫攻坚工作进度情况表'],
            ['填报单位：区 财政局'],
            ['序号', '分管领导', '项目名称', '2019年工作计划', '工作进展及\n存在问题', '备注'],
            [1, '陈副局长', `一、${tasks[0].title.replace(/，/g, ',')}`, '', '=HYPERLINK("http://x","点此")', ''],
            [],
            [2, null, tasks[1].title.slice(0, -2), '', '按程序拨付到位。', ''],
            [3, null, tasks[2].title, '', '已完成统筹整合。', ''],
            [4, '李副局长', tasks[3].title, '', '开展专项检查一次。', ''],
            ['填报人：', '', '王五', '联系电话：', '13902771234'],
          ],
          merges: ['B4:B7'],
        },
      ],
    };
    const c = await check(spec);
    expect(c.unit).toBe('区财政局');
    expect(c.rows.map((r) => r.task?.id)).toEqual(tasks.slice(0, 4).map((t) => t.id));
    expect(c.rows[1].row.values.leader).toBe('陈副局长');
    expect(c.rows[0].row.values.progress).toBe('=HYPERLINK("http://x","点此")');
    expect(codes(c).filter((x) => x !== 'TASK_CHANGED')).toEqual([]);
  });

  test('a workbook that is not a report → NOT_A_REPORT with a Chinese reason', async () => {
    const input = await roundTrip({
      sheets: [
        {
          name: '名单',
          rows: [
            ['姓名', '电话'],
            ['张三', '138'],
          ],
        },
      ],
    });
    expect('outcome' in input && !input.outcome.ok && input.outcome.finding.code).toBe('NOT_A_REPORT');
  });
});

describe('consolidation', () => {
  async function batch(): Promise<MergeInput[]> {
    return [
      await roundTrip(filled('区教育局', GOOD), '教育局.xlsx'),
      await roundTrip(filled('区民政局', { ...GOOD, filledDate: '2019-06-18', reporter: '' }), '民政局-初稿.xlsx'),
      await roundTrip(filled('区民政局', { ...GOOD, filledDate: '2019-06-24' }), '民政局-终稿.xlsx'),
      await roundTrip(filled('区财政局', { ...GOOD, filledDate: '2019-06-27' }), '财政局.xlsx'),
      await roundTrip(handMadeReturn(catalog, '区审计局', '审计局', Q2), '审计局-手工.xlsx'),
      await roundTrip({ sheets: [{ name: 'x', rows: [['无关内容']] }] }, '说明.xlsx'),
      await roundTrip(handMadeReturn(catalog, '区审计局', '某某局', Q2), '未知单位.xlsx'),
      { file: '损坏.xlsx', unreadable: '文件已损坏（压缩包不完整），无法读取' },
    ];
  }

  test('every file accounted for, the latest return wins, rowsRead == rowsWritten, units on time / late / missing', async () => {
    const result = consolidate(await batch(), { catalog, period: Q2, asOf: AS_OF });
    const s = result.summary;
    const status = Object.fromEntries(s.files.map((f) => [f.file, f.status]));
    expect(status).toEqual({
      '教育局.xlsx': 'ok',
      '民政局-初稿.xlsx': 'superseded',
      '民政局-终稿.xlsx': 'ok',
      '财政局.xlsx': 'ok',
      '审计局-手工.xlsx': 'ok',
      '说明.xlsx': 'not-a-report',
      '未知单位.xlsx': 'unknown-unit',
      '损坏.xlsx': 'unreadable',
    });
    expect(s.totals.files).toBe(8);
    expect(s.totals.rowsRead).toBe(s.totals.rowsWritten);
    expect(s.totals.rowsRead).toBe(5 + 1 + 4 + 1); // 教育局 5, 民政局 1 (final draft only), 财政局 4, 审计局 1
    const units = Object.fromEntries(s.units.map((u) => [u.unit, u.status]));
    expect(units['区教育局']).toBe('on-time');
    expect(units['区财政局']).toBe('late');
    expect(units['区民政局']).toBe('on-time');
    expect(units['区委组织部']).toBe('missing');
    expect(s.files.find((f) => f.file === '民政局-初稿.xlsx')?.findings.map((f) => f.code)).toEqual(['SUPERSEDED']);
    expect(s.totals.findings).toBe(result.findings.length);
  });

  test('the consolidation workbook: six sheets with titles and the data sheet, no formula cell, return text kept literal, same bytes twice', async () => {
    const inputs = await batch();
    const sneaky = filled('区住房城乡建设局', GOOD);
    const rows = sneaky.sheets[0].rows.map((r) => [...r]);
    rows[rows.findIndex((r) => r[0] === 1)][4] = "=cmd|' /C calc'!A0";
    inputs.push(await roundTrip({ ...sneaky, sheets: [{ ...sneaky.sheets[0], rows }, ...sneaky.sheets.slice(1)] }, '住建局.xlsx'));
    const a = await writeWorkbook(consolidate(inputs, { catalog, period: Q2, asOf: AS_OF }).workbook);
    const b = await writeWorkbook(consolidate([...inputs].reverse(), { catalog, period: Q2, asOf: AS_OF }).workbook);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const book = await readWorkbook(a, '汇总.xlsx');
    expect(book.sheets.map((s) => s.name)).toEqual(['汇总', '报送情况', '文件清单', '问题清单', '按任务', '完成情况', 'jindu_data']);
    expect(book.sheets[6].state).toBe('veryHidden');
    for (const s of book.sheets) expect(s.formulaCells).toEqual([]);
    const summary = book.sheets[0];
    // Each sheet opens with its title and the line naming the list, the period and the dates.
    expect(summary.rows[0][0]).toBe('2019年第二季度脱贫攻坚工作进度汇总表');
    expect(summary.rows[1][0]).toContain('报告期：2019年第二季度');
    expect(summary.rows[1][0]).toContain(`截至日期：${AS_OF.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}`);
    expect(summary.rows[2]).toEqual([
      '序号',
      '填报单位',
      '分管领导',
      '项目名称',
      '工作计划',
      '工作进展及存在问题',
      '备注',
      '状态',
      '完成时限',
      '是否逾期',
      '问题',
      '来源',
      '任务编号',
    ]);
    expect(summary.rows.some((r) => r[5] === "=cmd|' /C calc'!A0")).toBe(true);
    const source = summary.rows.find((r) => r[1] === '区教育局')?.[11];
    expect(source).toMatch(/^教育局\.xlsx \/ 2019年第二季度 \/ C\d+$/);
    const findingRows = book.sheets[3].rows.slice(3);
    // Problems in words; the code only in the last column.
    expect(book.sheets[3].rows[2].at(-1)).toBe('代码');
    expect(findingRows.map((r) => r[2])).toEqual(
      expect.arrayContaining(['已被新版替代', '不是进度报表', '填报单位无法识别', '文件无法读取', '逾期报送']),
    );
    const problems = findingRows.map((r) => r.at(-1));
    expect(problems).toEqual(expect.arrayContaining(['SUPERSEDED', 'NOT_A_REPORT', 'UNKNOWN_UNIT', 'UNREADABLE_FILE', 'LATE_SUBMISSION']));
    // The superseded draft's missing reporter no longer counts: only the latest return is checked into the merge.
    expect(problems).not.toContain('MISSING_REPORTER');
  });
});

describe('small rules', () => {
  it.each([
    ['13902771234', true],
    ['0754-88123456', true],
    ['075488123456', true],
    ['(0754)88123456', true],
    ['+86 139 0277 1234', true],
    ['０７５４－８８１２３４５６', true],
    // As clerks group the digits.
    ['139-0277-1234', true],
    ['139.0277.1234', true],
    ['0754-8812-3456', true],
    ['0754-88123456-801', true],
    ['139-0277-123', false],
    ['0754-881-23', false],
    ['8812345', false],
    ['1390277123', false],
    ['电话', false],
  ])('phone %p valid: %p', (phone, ok) => expect(isValidPhone(phone)).toBe(ok));

  it.each([
    ['已完成。', true],
    ['已全部完成，资料已归档', true],
    ['尚未完成，预计下季度完成', false],
    ['正在推进', false],
    ['', false],
  ])('progress %p says done: %p', (text, done) => expect(progressSaysDone(text)).toBe(done));
});
