import * as fs from 'fs';
import * as path from 'path';
import { normaliseDocument } from '../src/core/import/text';
import { taskTable } from '../src/core/import/layouts/taskTable';
import type { RawTask } from '../src/core/import/types';

import { textDocument } from '../src/core/import/textSource';

/** Lines as the document model of a text source. */
const asDoc = (lines: string[]) => textDocument(lines.join('\n'));
const SEEDS = path.join(__dirname, '..', '..', 'shared', 'seeds');
const seedLines = (name: string): string[] => normaliseDocument(fs.readFileSync(path.join(SEEDS, name), 'utf8')).split('\n');

describe('taskTable on 001 (汕扶〔2018〕9号 主要任务清单)', () => {
  const lines = seedLines('001_0fd6b74583511a98.txt');
  const { tasks, warnings } = taskTable.read(asDoc(lines));
  const at = (line: number): RawTask[] => tasks.filter((t) => t.line === line);
  const byText = (start: string): RawTask => {
    const t = tasks.find((x) => x.text.startsWith(start));
    if (!t) throw new Error(`no task starting with ${start}`);
    return t;
  };

  /*
   * Tasks per table line (line numbers of the normalised text; headers on 21, 25, 34, 50, 65):
   *   22 序号1: 2 <p> tasks                          → 2
   *   23 序号2: 3 <p> tasks (4 unit fragments)       → 3   (5)
   *   26 序号3, 27 sub-row 帮扶项目                   → 2   (7)
   *   28 序号4, 29 sub-row 扶贫政策体系               → 2   (9)
   *   30 序号5, 31, 32 sub-rows                      → 3   (12)
   *   35 序号6, 36                                   → 2   (14)
   *   37 序号7, 38 残疾人脱贫工作                     → 2   (16)
   *   39 序号8, 40                                   → 2   (18)
   *   41 序号9, 42                                   → 2   (20)
   *   43 序号10, 44 危房改造政策落实                  → 2   (22)
   *   45 序号10 (again), 46 产业扶贫                  → 2   (24)
   *   47 序号10 (again), 48                          → 2   (26)
   *   51 序号11, 52                                  → 2   (28)
   *   53 序号12, 54                                  → 2   (30)
   *   55 序号13 金融扶贫, 56                          → 2   (32)
   *   57 落实扶贫工作责任 (label), 58–63 sub-rows     → 7   (39)
   *   66 序号14, 67 序号15, 68 序号16, 69 序号17       → 4   (43)
   */
  it('reads 43 tasks, one per 工作任务 entry', () => {
    expect(tasks).toHaveLength(43);
    const perLine = new Map<number, number>();
    for (const t of tasks) perLine.set(t.line, (perLine.get(t.line) ?? 0) + 1);
    expect(perLine.get(22)).toBe(2);
    expect(perLine.get(23)).toBe(3);
    expect([...perLine.values()].filter((n) => n === 1)).toHaveLength(38);
  });

  it('detects the structure by its header; other seeds are not task tables', () => {
    expect(taskTable.detect(asDoc(lines))).toBe(40);
    for (const other of ['000_45cf8959af68998b.txt', '002_65c7f64bacf31445.txt', '003_c3cd6be28d28a219.txt', '004_45f3905e243d7254.txt']) {
      expect(taskTable.detect(asDoc(seedLines(other)))).toBe(0);
    }
  });

  it('row 1: two tasks aligned with their unit and deadline fragments', () => {
    const [first, second] = at(22);
    expect(first.text).toMatch(/^完成或超额完成市下达的年度脱贫任务/);
    expect(first.lead).toEqual(['各区（县）']);
    expect(first.deadlineRaw).toBe('每年年底前，完成市下达给各区（县）的脱贫任务');
    expect(second.text).toMatch(/^各镇、贫困村要实行长期公示/);
    expect(second.deadlineRaw).toBe('每季度之后10日内完成');
    expect(second.lead.join(' ')).toContain('各区（县）、镇、贫困村（各帮扶单位）');
    expect(second.partners).toEqual([]);
  });

  it('row 2: three tasks, deadlines in order, the 4th unit fragment goes to the third task', () => {
    const row = at(23);
    expect(row.map((t) => t.deadlineRaw)).toEqual([
      expect.stringMatching(/^2018年6月30日前完成当年帮扶村、户项目计划/),
      '长期性、常态化抓落实',
      '长期性、常态化抓落实',
    ]);
    expect(row[0].lead).toEqual(['各区（县）、镇、贫困村（各帮扶单位）']);
    expect(row[2].lead).toEqual(['各区（县）、镇、贫困村（各帮扶单位）', '市、区（县）、镇各级政府，区（县）有关部门、贫困村']);
    expect(warnings).toContainEqual({ line: 23, message: expect.stringContaining('责任单位有4段') });
  });

  it('row 3 and its sub-row: the merged deadline is inherited', () => {
    const t = byText('制订2018年帮扶计划和帮扶项目。');
    expect(t.title).toBe('制订2018年帮扶计划和帮扶项目');
    expect(t.deadlineRaw).toBe('2018年4月底前完成年度帮扶项目制订工作');
    const [sub] = at(27);
    expect(sub.title).toBe('帮扶项目');
    expect(sub.lead).toEqual(['定点帮扶贫困村、贫困户由各镇负责']);
    expect(sub.deadlineRaw).toBe('2018年4月底前完成年度帮扶项目制订工作');
  });

  it('a space between two unit lists keeps them apart (扶贫政策体系)', () => {
    const [t] = at(29);
    expect(t.title).toBe('扶贫政策体系');
    expect(t.lead).toHaveLength(2);
    expect(t.lead[0]).toBe('定点帮扶贫困村、贫困户由各镇负责');
    expect(t.lead[1]).toMatch(/^市委组织部、市经信局/);
    expect(t.deadlineRaw).toBe('2017年帮扶项目于2018年3月底前全部完成。2018年项目于年底前完成。');
  });

  it('short task cells are their own title', () => {
    const finance = byText('金融扶贫');
    expect(finance.title).toBe('金融扶贫');
    expect(finance.deadlineRaw).toBe('每季度之后10日内完成');
    expect(byText('残疾人脱贫工作').lead).toEqual(['市残联，各区（县）']);
    expect(byText('干部管理').title).toBe('干部管理');
  });

  it('a label in the 序号 column is the section of its row and the sub-rows after it', () => {
    const labelled = tasks.filter((t) => t.section === '落实扶贫工作责任');
    expect(labelled.map((t) => t.line)).toEqual([57, 58, 59, 60, 61, 62, 63]);
    expect(labelled[0].text).toMatch(/^建立党政主要领导定点联系帮扶制度/);
    expect(byText('强化领导').section).toBe('');
    expect(byText('扶贫资金筹集及使用监管').section).toBe('');
  });

  it('row 15: both units lists and both deadline phrases are kept', () => {
    const t = byText('抓党建促脱贫攻坚');
    expect(t.lead).toEqual(['各区（县）、镇、贫困村（各帮扶单位）', '市委组织部，各区（县）、镇、贫困村']);
    expect(t.deadlineRaw).toContain('每年年底前完成');
    expect(t.deadlineRaw).toContain('长期性、常态化抓落实');
    expect(warnings).toContainEqual({ line: 67, message: expect.stringContaining('完成时限却有2段') });
  });

  it('leaves no markup, header cells or header rows in the tasks', () => {
    for (const t of tasks) {
      expect(t.text).not.toMatch(/<\/?p>|\*\*|序号|工作任务/);
      expect(t.lead.join('')).not.toMatch(/<|责任单位/);
      expect(t.deadlineRaw ?? '').not.toMatch(/<|完成时限/);
      expect(t.lead.length).toBeGreaterThan(0);
      expect(t.partners).toEqual([]);
      expect(t.firstUnitLeads).toBeUndefined();
    }
    expect(taskTable.firstUnitLeads).toBe(true);
    for (const header of [21, 25, 34, 50, 65]) expect(at(header)).toEqual([]);
  });

  it('warns only where fragments do not align', () => {
    expect(warnings.map((w) => w.line)).toEqual([23, 67]);
  });
});

describe('taskTable on other shapes of the same structure', () => {
  /** Columns in another order, no 序号, other header names, one repeated header, a note inside. */
  const plain = [
    '# 某区2019年脱贫攻坚重点工作',
    '',
    '责任单位\t具体任务\t时间节点',
    '区扶贫办\t<p>建立防返贫动态监测机制。</p><p>开展季度核查。</p>\t<p>3月底前</p><p>每季度末</p>',
    '区教育局、区财政局\t落实教育资助政策，确保应助尽助，不让一个贫困家庭学生因贫失学。\t',
    '区人社局\t\t',
    '注：本表由区扶贫办负责解释。',
    '责任 单位\t**具体任务**\t时间节点（月底）',
    '\t**健康扶贫**\t12月底前',
    '二、保障措施',
    '区委组织部\t表格之后的行\t不读取',
  ];

  it('finds columns by name, not position', () => {
    expect(taskTable.detect(asDoc(plain))).toBe(4);
    const { tasks, warnings } = taskTable.read(asDoc(plain));
    expect(tasks.map((t) => [t.title, t.lead, t.deadlineRaw, t.line])).toEqual([
      ['建立防返贫动态监测机制', ['区扶贫办'], '3月底前', 4],
      ['开展季度核查', ['区扶贫办'], '每季度末', 4],
      ['落实教育资助政策，确保应助尽助，不让一个贫困家庭学生因贫失学', ['区教育局、区财政局', '区人社局'], '', 5],
      ['健康扶贫', [], '12月底前', 9],
    ]);
    expect(tasks.every((t) => t.section === '' && t.partners.length === 0)).toBe(true);
    expect(warnings).toEqual([
      { line: 7, message: expect.stringContaining('未读取') },
      { line: 9, message: expect.stringContaining('没有责任单位') },
    ]);
  });

  /** 牵头单位 and 责任单位 side by side; fewer deadlines than tasks; no deadline column at all. */
  it('splits 牵头单位 from 责任单位 and reports fragments that do not align', () => {
    const lines = [
      '序号\t主要任务\t牵头单位\t责任单位\t完成时间',
      '（一）\t<p>任务甲。</p> <p>任务乙。</p> <p>任务丙。</p>\t区农业农村局\t各镇\t<p>6月底前</p> <p>9月底前</p>',
      '产业扶贫\t发展特色种养业，带动贫困户增收。\t区农业农村局  区商务局\t各镇  各村\t年底前',
      '\t消费扶贫\t区商务局\t各镇\t',
    ];
    const { tasks, warnings } = taskTable.read(asDoc(lines));
    expect(tasks.map((t) => [t.text, t.lead, t.partners, t.deadlineRaw, t.section])).toEqual([
      ['任务甲。', ['区农业农村局'], ['各镇'], '6月底前', ''],
      ['任务乙。', ['区农业农村局'], ['各镇'], '9月底前', ''],
      ['任务丙。', ['区农业农村局'], ['各镇'], '9月底前', ''],
      ['发展特色种养业，带动贫困户增收。', ['区农业农村局', '区商务局'], ['各镇', '各村'], '年底前', '产业扶贫'],
      ['消费扶贫', ['区商务局'], ['各镇'], '年底前', '产业扶贫'],
    ]);
    expect(warnings).toEqual([{ line: 2, message: expect.stringContaining('完成时限只有2段') }]);
    expect(tasks.every((t) => t.firstUnitLeads === false)).toBe(true);

    const noDeadline = taskTable.read(asDoc(['工作内容\t责任部门', '建立台账。\t区扶贫办'])).tasks;
    expect(noDeadline).toHaveLength(1);
    expect(noDeadline[0].deadlineRaw).toBeUndefined();
  });

  it('scores 0 without a task header', () => {
    expect(taskTable.detect(asDoc(['序号\t内容\t备注', '1\t建立台账。\t区扶贫办']))).toBe(0);
    expect(taskTable.read(asDoc(['一段没有表格的文字。'])).tasks).toEqual([]);
  });
});
