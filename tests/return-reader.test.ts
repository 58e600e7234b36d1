/**
 * Reading returns whoever made them (the official layout, a hand-made Sheet1, a cover page first,
 * not a report at all) and matching their rows and 填报单位 to the catalog of seed 000.
 * Workbooks are built as plain data here; the xlsx round trip is tested elsewhere.
 */
import fs from 'fs';
import { assignedTasks } from '../src/core/assignment';
import type { Catalog, Task } from '../src/core/catalog';
import { importList } from '../src/core/import';
import { matchRows, normaliseForMatch, resolveReturnUnit, similarity } from '../src/core/matching';
import { META_SHEET, type ReadReturn, type ReturnRow } from '../src/core/report';
import { parseFilledDate, readReturn } from '../src/core/returnReader';
import type { CellValue, SheetData, WorkbookData } from '../src/core/workbook';
import { SEEDS, seedPath } from './helpers/paths';

function sheet(name: string, rows: CellValue[][], extra: Partial<SheetData> = {}): SheetData {
  const width = Math.max(1, ...rows.map((r) => r.length));
  return {
    name,
    state: 'visible',
    rows: rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill(null)]),
    merges: [],
    formulaCells: [],
    validations: [],
    ...extra,
  };
}

function read(book: WorkbookData): ReadReturn {
  const out = readReturn(book, 'test.xlsx');
  if (!out.ok) throw new Error(out.finding.message);
  return out.report;
}

const HEADER = ['序号', '分管领导', '项目名称', '2019年工作计划', '工作进展及存在问题', '备注'];

describe('readReturn', () => {
  test('(a) the official layout of the 000 appendix', () => {
    const book: WorkbookData = {
      sheets: [
        sheet(
          '2019年第二季度',
          [
            ['2019年脱贫攻坚工作进度情况表'],
            ['填报单位：区教育局'],
            HEADER,
            [1, '王副区长', '会同区财政局调整生活费补助发放方式', '加强对各项补助政策落实情况的督查督导', '已完成补助发放', ''],
            [2, '王副区长', '推进城乡义务教育均衡优质发展', '改善农村义务教育学校教学环境', '正在推进', '无'],
            [3, '王副区长', '不断改善普通高中办学条件', '提升普通高中办学水平', '', ''],
            [4, '王副区长', '办好特殊学校，做好送教上门工作', '', '送教上门120人次', ''],
            ['填报人：张三                     联系电话：13800138000'],
            ['注：该表请各事项牵头单位在6月25日、9月25日、12月25日前报送区扶贫办。'],
          ],
          { merges: ['A1:F1', 'A2:F2', 'A8:F8', 'A9:F9'] },
        ),
      ],
    };
    const r = read(book);
    expect(r.sheet).toBe('2019年第二季度');
    expect(r.headerRow).toBe(3);
    expect(r.columns).toEqual({ seq: 'A', leader: 'B', title: 'C', plan: 'D', progress: 'E', remark: 'F' });
    expect(r.year).toBe(2019);
    expect(r.unitText).toBe('区教育局');
    expect(r.unitCell).toBe('A2');
    expect(r.rows.map((x) => x.row)).toEqual([4, 5, 6, 7]);
    expect(r.rows[0].values).toMatchObject({
      seq: '1',
      leader: '王副区长',
      title: '会同区财政局调整生活费补助发放方式',
      progress: '已完成补助发放',
    });
    expect(r.rows[0].cells).toMatchObject({ title: 'C4', progress: 'E4', remark: 'F4' });
    expect(r.rows[2].values.progress).toBe('');
    expect(r.reporter).toBe('张三');
    expect(r.reporterCell).toBe('A8');
    expect(r.phone).toBe('13800138000');
    expect(r.filledDate).toBeUndefined();
    expect(r.meta).toEqual({});
  });

  test('(b) a hand-made Sheet1: header moved down and spaced, unit in the next cell, blank rows, merged leader, footer in separate cells, serial date', () => {
    const book: WorkbookData = {
      sheets: [
        sheet(
          'Sheet1',
          [
            [],
            [],
            ['２０１９年脱贫攻坚工作进度情况表'],
            ['填报单位：', null, '区  教育局'],
            [],
            ['分管\n领导', '项目 名称', '2019年\n工作计划', '工作进展\n及存在问题', '备 注'],
            ['李副区长', '推进城乡义务教育均衡优质发展', '改善教学环境', '已完成3所学校改造', null],
            [null, '办好特殊学校，做好送教上门工作', null, '送教上门120人次', null],
            [null, '做好高校毕业建档立卡贫困学生就业服务工作', null, '', null],
            [],
            ['赵副区长', '不断改善普通高中办学条件', null, '推进中', '见附件'],
            [],
            ['填报人', '李四', '联系电话', 13800138000, '填报日期', 43636],
          ],
          { merges: ['A7:A9'] },
        ),
      ],
    };
    const r = read(book);
    expect(r.sheet).toBe('Sheet1');
    expect(r.headerRow).toBe(6);
    expect(r.columns).toEqual({ leader: 'A', title: 'B', plan: 'C', progress: 'D', remark: 'E' });
    expect(r.year).toBe(2019);
    expect(r.unitText).toBe('区  教育局');
    expect(r.unitCell).toBe('C4');
    expect(r.rows.map((x) => x.row)).toEqual([7, 8, 9, 11]);
    expect(r.rows.slice(0, 3).map((x) => x.values.leader)).toEqual(['李副区长', '李副区长', '李副区长']);
    expect(r.rows[3].values).toMatchObject({ leader: '赵副区长', title: '不断改善普通高中办学条件', remark: '见附件' });
    expect(r.rows[3].cells.progress).toBe('D11');
    expect(r.rows[0].values.taskId).toBeUndefined();
    expect(r.reporter).toBe('李四');
    expect(r.reporterCell).toBe('B13');
    expect(r.phone).toBe('13800138000');
    expect(r.phoneCell).toBe('D13');
    expect(r.filledDate).toBe('2019-06-20');
    expect(r.filledDateCell).toBe('F13');
  });

  test('(c) a cover page first, the report on the second sheet; metadata from the very hidden sheet', () => {
    const book: WorkbookData = {
      sheets: [
        sheet('封面', [['龙湖区脱贫攻坚工作进度报告'], ['2019年第二季度'], ['区教育局 报送'], ['项目名称：脱贫攻坚']]),
        sheet(
          '进度表',
          [
            ['2019年脱贫攻坚工作进度情况表'],
            ['填报单位：区教育局　　报告期：2019年第二季度', null, null, '填报日期：2019年6月21日'],
            [...HEADER, '任务编号', '完成时限', '状态'],
            [1, '', '推进城乡义务教育均衡优质发展', '', '进展顺利', '', 'TXQ792U', '2019-12-31', '推进中'],
            ['填报人：', '王五', '联系电话：', '0754-88123456'],
          ],
          { merges: ['A1:I1'] },
        ),
        sheet(
          META_SHEET,
          [
            ['填报单位', '区教育局'],
            ['报告期', '2019Q2'],
            ['清单版本', 'abc123def456'],
            ['模板版本', '1'],
          ],
          { state: 'veryHidden' },
        ),
      ],
    };
    const r = read(book);
    expect(r.sheet).toBe('进度表');
    expect(r.unitText).toBe('区教育局');
    expect(r.columns).toMatchObject({ taskId: 'G', deadline: 'H', status: 'I' });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].values).toMatchObject({ taskId: 'TXQ792U', deadline: '2019-12-31', status: '推进中' });
    expect(r.reporter).toBe('王五');
    expect(r.phone).toBe('0754-88123456');
    expect(r.filledDate).toBe('2019-06-21');
    expect(r.filledDateCell).toBe('D2');
    expect(r.meta).toEqual({ unit: '区教育局', period: '2019Q2', catalogVersion: 'abc123def456', templateVersion: '1' });
  });

  test('a header merged over two rows, column numbers under the header; the same sheet hidden is not read', () => {
    const reportSheet = (state: 'visible' | 'hidden') =>
      sheet(
        '报表',
        [
          ['填报单位：区民政局'],
          ['序号', '项目名称', '2019年工作计划', '工作进展', null],
          [null, null, null, '进展情况', '存在问题'],
          [1, 2, 3, 4, 5],
          [1, '做好农村低保工作', '', '已完成', ''],
          [2, '落实临时救助政策', '', '已救助45户', '资金到位慢'],
        ],
        { merges: ['A2:A3', 'B2:B3', 'C2:C3', 'D2:E2'], state },
      );
    const r = read({ sheets: [sheet('说明', [['请填写第二张表']]), reportSheet('visible')] });
    expect(r.sheet).toBe('报表');
    expect(r.headerRow).toBe(2);
    expect(r.rows.map((x) => x.row)).toEqual([5, 6]);
    expect(r.rows[0].values).toMatchObject({ seq: '1', title: '做好农村低保工作', progress: '已完成' });
    // The 存在问题 sub-column goes into the progress under its own name (not the merged 工作进展 above it).
    expect(r.rows[1].values.progress).toBe('已救助45户\n存在问题：资金到位慢');
    expect(r.reporter).toBe('');
    expect(r.hidden).toEqual([]);
    // Hidden, the clerk does not see it: it is not read, and the reason says so.
    const out = readReturn({ sheets: [sheet('说明', [['请填写第二张表']]), reportSheet('hidden')] }, 'test.xlsx');
    expect(out.ok).toBe(false);
    expect(!out.ok && out.finding.message).toMatch(/工作表“报表”已隐藏.*取消隐藏/);
  });

  test('(d) a catalog workbook is not a report', () => {
    const book: WorkbookData = {
      sheets: [
        sheet('任务清单', [
          ['任务编号', '项目名称', '任务内容', '牵头单位', '配合单位', '完成时限'],
          ['T1', '做好低保', '做好低保工作', '区民政局', '', '2019年底'],
        ]),
      ],
    };
    const out = readReturn(book, 'catalog.xlsx');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.finding.code).toBe('NOT_A_REPORT');
    expect(out.finding.severity).toBe('error');
    expect(out.finding.file).toBe('catalog.xlsx');
    expect(out.finding.message).toContain('未找到包含“项目名称”和“工作进展”的表头行');
    expect(out.finding.message).toContain('任务清单');
    expect(readReturn({ sheets: [] }).ok).toBe(false);
  });

  test('(e) text that looks like a formula stays text', () => {
    const book: WorkbookData = {
      sheets: [
        sheet('Sheet1', [
          HEADER,
          [1, '', '推进城乡义务教育均衡优质发展', '', '=HYPERLINK("http://example.com","详见")', '=SUM(A1:A3)'],
          ['填报人：张三'],
        ]),
      ],
    };
    const r = read(book);
    expect(r.rows[0].values.progress).toBe('=HYPERLINK("http://example.com","详见")');
    expect(r.rows[0].values.remark).toBe('=SUM(A1:A3)');
    expect(r.unitText).toBe('');
  });

  test('填报日期 in the forms clerks write it', () => {
    expect(parseFilledDate('2019-06-20')).toBe('2019-06-20');
    expect(parseFilledDate('2019年6月20日')).toBe('2019-06-20');
    expect(parseFilledDate('2019-6-20')).toBe('2019-06-20');
    expect(parseFilledDate('2019.6.20')).toBe('2019-06-20');
    expect(parseFilledDate('2019/6/20')).toBe('2019-06-20');
    expect(parseFilledDate(43636)).toBe('2019-06-20');
    expect(parseFilledDate('6月20日', 2019)).toBe('2019-06-20');
    expect(parseFilledDate('2019-02-30')).toBeUndefined();
    expect(parseFilledDate('上周')).toBeUndefined();
  });
});

// -----------------------------------------------------------------------------------------------

const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const edu = assignedTasks(catalog, '区教育局');
const byTitle = (title: string): Task => {
  const t = catalog.tasks.find((x) => x.title === title);
  if (!t) throw new Error(`no task ${title}`);
  return t;
};
let rowNo = 10;
const row = (values: ReturnRow['values']): ReturnRow => ({ row: rowNo++, values, cells: {} });

describe('normaliseForMatch and similarity', () => {
  test('numbering, punctuation, width and spacing do not count', () => {
    expect(normaliseForMatch('（一）１．办好特殊学校, 做好送教上门工作！')).toBe('办好特殊学校做好送教上门工作');
    expect(normaliseForMatch('1、推进ABC工作')).toBe('推进abc工作');
    expect(normaliseForMatch('① 加强宣传\n2. 加强监测')).toBe('加强宣传加强监测');
    expect(normaliseForMatch('1.5万元补助')).toBe('15万元补助');
    expect(similarity('1、办好特殊学校，做好送教上门工作。', '办好特殊学校做好送教上门工作')).toBe(1);
    expect(similarity('', '')).toBe(0);
  });

  test('a shortened title still scores high; a short phrase in a long text does not', () => {
    expect(similarity('推进城乡义务教育均衡', '推进城乡义务教育均衡优质发展')).toBeGreaterThan(0.8);
    expect(similarity('脱贫攻坚', '加强对脱贫攻坚政策、典型的宣传和舆论引导，加强对脱贫攻坚舆情监测，实施精神脱贫行动')).toBeLessThan(0.6);
  });
});

describe('matchRows (seed 000, 区教育局)', () => {
  test('lightly edited titles match the right task', () => {
    const rows = [
      row({ title: '1、推进城乡义务教育均衡优质发展' }),
      row({ title: '不断改善普通高中办学条件;促进薄弱普通高中办学水平再提升' }),
      row({ title: '４．做好高校毕业建档立卡贫困学生就业服务工作' }),
      row({ title: '会同财政局调整生活费补助发放' }),
      row({ title: '（五）办好特殊学校,做好送教上门' }),
    ];
    const m = matchRows(rows, edu, catalog.tasks);
    expect(m.map((x) => x.task?.title)).toEqual([
      '推进城乡义务教育均衡优质发展',
      '不断改善普通高中办学条件，促进薄弱普通高中办学水平再提升',
      '做好高校毕业建档立卡贫困学生就业服务工作',
      '会同区财政局调整生活费补助发放方式',
      '办好特殊学校，做好送教上门工作',
    ]);
    expect(m.every((x) => x.by === 'title' && !x.ambiguous && x.duplicateOf === undefined)).toBe(true);
  });

  test('the 任务编号 wins over a wrong title, even for another unit’s task; an unknown id is ignored', () => {
    const target = byTitle('推进城乡义务教育均衡优质发展');
    const other = catalog.tasks.find((t) => !t.lead.includes('区教育局')) as Task;
    const m = matchRows(
      [
        row({ taskId: target.id, title: '完全无关的标题' }),
        row({ taskId: ` ${other.id.toLowerCase()} ` }),
        row({ taskId: 'TNOSUCH', title: '办好特殊学校，做好送教上门工作' }),
      ],
      edu,
      catalog.tasks,
    );
    expect(m[0]).toMatchObject({ task: target, by: 'id', score: 1 });
    expect(m[1]).toMatchObject({ task: other, by: 'id' });
    expect(m[2]).toMatchObject({ task: byTitle('办好特殊学校，做好送教上门工作'), by: 'title' });
  });

  test('a row that fits two near-identical tasks is ambiguous, never a guess', () => {
    // 区委区政府 “承担我区脱贫攻坚主体责任” and 各街道 “承担本街道脱贫攻坚主体责任”.
    const m = matchRows([row({ title: '脱贫攻坚主体责任' })], edu, catalog.tasks);
    expect(m[0].task).toBeUndefined();
    expect(m[0].ambiguous).toBe(true);
    expect(m[0].by).toBe('none');
    expect(m[0].candidates.map((t) => t.title).sort()).toEqual(['承担我区脱贫攻坚主体责任', '承担本街道脱贫攻坚主体责任'].sort());
  });

  test('two tasks with the same title are told apart by the plan, or stay ambiguous', () => {
    const base = byTitle('推进城乡义务教育均衡优质发展');
    const a: Task = {
      ...base,
      id: 'TA',
      title: '做好控辍保学工作',
      text: '做好控辍保学工作。',
      plans: { 2019: '建立控辍保学台账，劝返失学儿童' },
    };
    const b: Task = {
      ...base,
      id: 'TB',
      title: '做好控辍保学工作',
      text: '做好控辍保学工作。',
      plans: { 2019: '开展送教上门，落实残疾儿童入学' },
    };
    const m = matchRows(
      [row({ title: '做好控辍保学工作', plan: '开展送教上门、落实残疾儿童入学' }), row({ title: '做好控辍保学工作' })],
      [a, b],
      [a, b],
    );
    expect(m[0]).toMatchObject({ task: b, ambiguous: false });
    expect(m[1]).toMatchObject({ ambiguous: true, candidates: [a, b] });
  });

  test('a nonsense row matches nothing', () => {
    const m = matchRows([row({ title: '今天天气很好适合出去散步', progress: '无' }), row({ progress: '只有进展' })], edu, catalog.tasks);
    expect(m.map((x) => [x.by, x.task, x.ambiguous])).toEqual([
      ['none', undefined, false],
      ['none', undefined, false],
    ]);
    expect(m[0].score).toBeLessThan(0.6);
  });

  test('a task of another unit that fits much better is still matched (the caller flags EXTRA_TASK)', () => {
    const other = byTitle('加强对脱贫攻坚舆情监测');
    const m = matchRows([row({ title: '加强对脱贫攻坚舆情监测' })], edu, catalog.tasks);
    expect(m[0]).toMatchObject({ task: other, by: 'title' });
  });

  test('two rows for one task: both keep it, the weaker one points at the better', () => {
    const rows = [row({ title: '推进城乡义务教育均衡' }), row({ title: '推进城乡义务教育均衡优质发展' })];
    const m = matchRows(rows, edu, catalog.tasks);
    expect(m[0].task).toBe(m[1].task);
    expect(m[0].duplicateOf).toBe(rows[1].row);
    expect(m[1].duplicateOf).toBeUndefined();
  });
});

describe('resolveReturnUnit (seed 000)', () => {
  test.each([
    ['区教育局', '区教育局'],
    ['民政局', '区民政局'],
    ['区 教育局', '区教育局'],
    ['区  教育局', '区教育局'],
    ['教育局', '区教育局'],
    ['卫健局', '区卫生健康局'],
    ['区教育局（盖章）', '区教育局'],
    ['财政', '区财政局'],
  ])('%s → %s', (text, unit) => {
    expect(resolveReturnUnit(text, {}, catalog)).toMatchObject({ unit, by: 'text' });
  });

  test('a prefix that fits several units gives candidates, not a unit', () => {
    const r = resolveReturnUnit('区委', {}, catalog);
    expect(r.unit).toBeUndefined();
    expect(r.by).toBe('none');
    expect(r.candidates).toEqual(expect.arrayContaining(['区委组织部', '区委宣传部']));
    // The template's metadata settles it when it names one of them.
    expect(resolveReturnUnit('区委', { unit: '区委宣传部' }, catalog)).toMatchObject({ unit: '区委宣传部', by: 'meta' });
  });

  test('an empty text falls back to the metadata', () => {
    expect(resolveReturnUnit('', { unit: '区教育局' }, catalog)).toMatchObject({ unit: '区教育局', by: 'meta' });
    expect(resolveReturnUnit('', {}, catalog)).toEqual({ candidates: [], by: 'none' });
  });

  test('a unit one character away is only suggested; a group member reports', () => {
    const r = resolveReturnUnit('区民正局', {}, catalog);
    expect(r.unit).toBeUndefined();
    expect(r.candidates).toEqual(['区民政局']);
    const withMembers: Catalog = {
      ...catalog,
      units: catalog.units.map((u) => (u.name === '各街道党工委和办事处' ? { ...u, members: ['珠池街道', '金霞街道'] } : u)),
    };
    expect(resolveReturnUnit('珠池街道', {}, withMembers)).toMatchObject({ unit: '珠池街道', by: 'text' });
    expect(resolveReturnUnit('珠池街道办事处', {}, withMembers)).toMatchObject({ unit: '珠池街道', by: 'text' });
    expect(resolveReturnUnit('各街道党工委和办事处', {}, withMembers).unit).toBeUndefined();
  });
});
