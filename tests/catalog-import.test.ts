/**
 * The five seed lists, imported through the one importer, recognised by structure. Counts are
 * pinned; each structure is spot-checked for units, leaders, plans and deadlines.
 */
import fs from 'fs';
import { importList, NotAListError, type ImportResult } from '../src/core/import';
import type { Task } from '../src/core/catalog';
import { SEEDS, seedPath } from './helpers/paths';

const results = new Map<string, ImportResult>();
function load(seed: string): ImportResult {
  let r = results.get(seed);
  if (!r) {
    r = importList(fs.readFileSync(seedPath(seed), 'utf8'));
    results.set(seed, r);
  }
  return r;
}
function tasksOf(seed: string, pred: (t: Task) => boolean): Task[] {
  return load(seed).catalog.tasks.filter(pred);
}
function one(seed: string, pred: (t: Task) => boolean): Task {
  const found = tasksOf(seed, pred);
  expect(found).toHaveLength(1);
  return found[0];
}

describe.each([
  [SEEDS.s000, 'unit-rows-table', 81],
  [SEEDS.s001, 'task-table', 43],
  [SEEDS.s002, 'numbered-paragraphs', 60],
  [SEEDS.s003, 'marker-measures', 167],
  [SEEDS.s004, 'leader-blocks', 100],
])('%s', (seed, layout, count) => {
  test(`is read as ${layout} with ${count} tasks, every task led`, () => {
    const r = load(seed);
    expect(r.layout.name).toBe(layout);
    expect(r.catalog.tasks).toHaveLength(count);
    for (const t of r.catalog.tasks) {
      expect(t.lead.length).toBeGreaterThan(0);
      expect(t.title.length).toBeGreaterThan(0);
      expect(t.title.length).toBeLessThanOrEqual(30);
      expect(t.text).not.toMatch(/<\/?p>|\*\*|\t/);
    }
  });

  test('ids are unique and stable across imports of the same text', () => {
    const a = load(seed).catalog;
    const b = importList(fs.readFileSync(seedPath(seed), 'utf8')).catalog;
    expect(new Set(a.tasks.map((t) => t.id)).size).toBe(a.tasks.length);
    expect(b.tasks.map((t) => t.id)).toEqual(a.tasks.map((t) => t.id));
    expect(b.version).toBe(a.version);
  });

  test('lead and partner names are canonical units of the directory', () => {
    const { catalog } = load(seed);
    const names = new Set(catalog.units.map((u) => u.name));
    for (const t of catalog.tasks) for (const n of [...t.lead, ...t.partners]) expect(names.has(n)).toBe(true);
    for (const t of catalog.tasks) for (const n of t.partners) expect(t.lead).not.toContain(n);
  });
});

describe('000 responsibility table by unit', () => {
  const S = SEEDS.s000;
  test('source and calendar', () => {
    const { source, calendar } = load(S).catalog;
    expect(source.title).toBe('关于打赢脱贫攻坚战三年行动方案（2018-2020年）责任清单');
    expect(calendar.dues.map((d) => `${d.month}-${d.day}`)).toEqual(['6-25', '9-25', '12-25']);
  });
  test('one task per numbered item, with the unit’s plans for 2018/2019/2020 and its partners', () => {
    const edu = tasksOf(S, (t) => t.lead[0] === '区教育局');
    expect(edu).toHaveLength(5);
    expect(edu[0].title).toBe('会同区财政局调整生活费补助发放方式');
    expect(Object.keys(edu[0].plans)).toEqual(['2018', '2019', '2020']);
    expect(edu[0].plans['2019']).toContain('加强对各项补助政策落实情况的督查督导');
    expect(edu[0].partners).toEqual(['区扶贫办', '区财政局', '区人力资源和社会保障局']);
    expect(edu[0].deadline).toMatchObject({ kind: 'yearly', month: 12, day: 31 });
  });
  test('an unnumbered block is one task; a unit in two rows keeps the tasks of both', () => {
    expect(tasksOf(S, (t) => t.lead[0] === '区委编办')).toHaveLength(1);
    expect(tasksOf(S, (t) => t.lead[0] === '区人力资源和社会保障局')).toHaveLength(8);
  });
  test('sub-headings inside a cell (林业方面) become the section of the items after them', () => {
    const forestry = tasksOf(S, (t) => t.lead[0] === '区自然资源局' && t.section === '林业方面');
    expect(forestry.map((t) => t.title)).toEqual(['推进生态扶贫', '就地就近吸收贫困户担任护林员', '完善森林生态补偿机制']);
  });
  test('abbreviations resolve within the document; groups are groups', () => {
    const units = load(S).catalog.units;
    const health = units.find((u) => u.name === '区卫生健康局');
    expect(health?.aliases).toContain('区卫健局');
    expect(units.find((u) => u.name === '各街道党工委和办事处')?.kind).toBe('group');
    expect(units.find((u) => u.name === '区扶贫开发领导小组')?.kind).toBe('unit');
  });
  test('rows with merged cells: 区扶贫开发领导小组 has its 成员单位 as partners; 驻街道帮扶工作组 is its own row', () => {
    expect(one(S, (t) => t.lead[0] === '区扶贫开发领导小组' && t.title.startsWith('发挥好统筹协调作用')).partners).toEqual([
      '区扶贫开发领导小组各成员单位',
    ]);
    expect(tasksOf(S, (t) => t.lead[0] === '驻街道帮扶工作组')).toHaveLength(1);
    expect(tasksOf(S, (t) => t.lead[0] === '区各挂钩帮扶单位')).toHaveLength(1);
  });
});

describe('001 task table', () => {
  const S = SEEDS.s001;
  test('source', () => {
    expect(load(S).catalog.source).toEqual({
      title: '2018年汕头市脱贫攻坚主要任务清单',
      docNo: '汕扶〔2018〕9号',
      issuer: '汕头市扶贫开发领导小组',
      date: '2018-04-25',
    });
  });
  test('deadlines from the 完成时限 column', () => {
    expect(one(S, (t) => t.title === '金融扶贫').deadline).toMatchObject({ kind: 'quarterly', daysAfterQuarterEnd: 10 });
    expect(one(S, (t) => t.text === '制订2018年帮扶计划和帮扶项目。').deadline).toMatchObject({ kind: 'once', due: '2018-04-30' });
    expect(one(S, (t) => t.title === '干部管理').deadline.kind).toBe('ongoing');
    expect(one(S, (t) => t.text.startsWith('相对贫困户义务教育毛入学率')).deadline).toMatchObject({
      kind: 'semester',
      monthsAfterStart: 1,
    });
    expect(one(S, (t) => t.title === '扶贫资金筹集及使用监管').deadline).toMatchObject({ kind: 'yearly', month: 6, day: 30 });
  });
  test('sloppy unit lists: prefixes inherited, the first named leads', () => {
    const t = one(S, (x) => x.text.startsWith('对建档立卡贫困人口参加城乡居民基本医疗保险'));
    expect(t.lead).toEqual(['市民政局']);
    expect(t.partners).toEqual(expect.arrayContaining(['市人社局', '市财政局', '各区（县）', '各镇']));
  });
});

describe('002 numbered paragraphs with closing parentheses', () => {
  const S = SEEDS.s002;
  test('source and calendar', () => {
    const { source, calendar } = load(S).catalog;
    expect(source.docNo).toBe('汕尾委办字〔2016〕19号');
    expect(source.date).toBe('2016-11-15');
    expect(source.issuer).toBe('中共汕尾市委办公室、汕尾市人民政府办公室');
    expect(calendar.dues.map((d) => `${d.month}-${d.day}`)).toEqual(['7-20', '12-20']);
  });
  test('the first unit in the parentheses leads; page breaks inside names are rejoined', () => {
    const housing = one(S, (t) => t.title === '实施农村危房改造扶贫工程');
    expect(housing.lead).toEqual(['市住建局']);
    expect(housing.partners).toContain('市民政局');
    expect(housing.partners).toContain('人民银行汕尾市中心支行');
    expect(housing.deadline).toMatchObject({ kind: 'once', due: '2018-12-31' });
    const audit = one(S, (t) => t.title === '加强财政专项资金监管和审计工作');
    expect(audit.lead).toEqual(['市审计局']);
    expect(audit.partners).toEqual(['市财政局']);
    expect(one(S, (t) => t.title === '推进强镇帮村').lead).toEqual(['市委组织部']);
    expect(one(S, (t) => t.title === '开展扶贫志愿者行动').partners).toEqual(['市总工会', '市妇联']);
  });
});

describe('003 measures with unit markers', () => {
  const S = SEEDS.s003;
  test('source', () => {
    const { source } = load(S).catalog;
    expect(source.docNo).toBe('美扶组办〔2019〕11号');
    expect(source.date).toBe('2019-04-19');
  });
  test('a marker covers the measures before it; only-责任单位 markers make the first unit lead', () => {
    const s3 = tasksOf(S, (t) => t.section.startsWith('（三）'));
    expect(s3).toHaveLength(3);
    for (const t of s3) expect(t.lead).toEqual(['区委组织部', '区委宣传部']);
    const s17 = tasksOf(S, (t) => t.section.startsWith('（十七）'));
    expect(s17[6].lead).toEqual(['区民政局']);
    expect(s17[6].partners).toEqual(['区残联', '区扶贫办', '各镇党委政府']);
  });
  test('deadlines written inside the text count (4月底前, 11月底前完工入住)', () => {
    expect(one(S, (t) => t.text.includes('11 月底前完工入住')).deadline).toMatchObject({ kind: 'once', due: '2019-11-30' });
    expect(one(S, (t) => t.text.startsWith('严格执行脱贫攻坚一把手负责制')).deadline).toMatchObject({ kind: 'once', due: '2019-04-30' });
  });
  test('a shared suffix is spread (大致坡镇、灵山镇党委政府)', () => {
    const t = tasksOf(S, (x) => x.section.startsWith('（二十七）'))[0];
    expect(t.partners).toEqual(['大致坡镇党委政府', '灵山镇党委政府']);
  });
});

describe('004 责任领导/责任单位 blocks', () => {
  const S = SEEDS.s004;
  test('leaders from 责任领导; the first 责任单位 leads; the 下同 note is not a unit', () => {
    const first = load(S).catalog.tasks[0];
    expect(first.title).toBe('摸清摸实精准脱贫底数');
    expect(first.leaders).toEqual(['解宏劲', '李金国']);
    expect(first.lead).toEqual(['区扶贫办']);
    expect(first.partners).toContain('各镇街（管区）');
    expect(first.partners.join()).not.toMatch(/首位|下同/);
    expect(first.section).toBe('（一）坚持把提高脱贫质量放在首位');
  });
  test('unnumbered sub-tasks are tasks; a wrapped unit line is one list', () => {
    expect(one(S, (t) => t.title === '打造一批农业节会和乡村旅游重点村').leaders).toEqual(['隋斌', '张磊娜', '李金国']);
    const wrapped = one(S, (t) => t.text.startsWith('支持贫（弱）村加大植树造林'));
    expect(wrapped.partners).toContain('各镇街（管区）');
  });
  test('a relative deadline (本方案公布 2 个月内) is taken from the text', () => {
    const rel = tasksOf(S, (t) => t.deadline.kind === 'relative');
    expect(rel).toHaveLength(1);
    expect(rel[0].deadline.months).toBe(2);
  });
  test('groups keep their members for the administrator to fill', () => {
    const g = load(S).catalog.units.find((u) => u.name === '各镇街（管区）');
    expect(g).toMatchObject({ kind: 'group', members: [] });
  });
});

describe('not a responsibility list', () => {
  it.each([
    ['empty text', ''],
    ['a news paragraph', '今天上午，区扶贫办召开会议，研究部署下一阶段工作。会议强调，要提高认识。'],
    ['a progress report, not a list', '2019年脱贫攻坚工作进度情况表\n填报单位：区教育局\n\t序号\n\t分管领导\n\t项目名称'],
  ])('%s is refused with a Chinese message', (_what, text) => {
    expect(() => importList(text)).toThrow(NotAListError);
    expect(() => importList(text)).toThrow(/无法识别为责任清单|没有找到任何任务/);
  });
});
