/**
 * Lists in the shapes other offices issue them, none of them a seed: Word tables and paragraphs,
 * a clerk's workbook, a PDF with a text layer (made by tests/fixtures/make-list-fixtures.py with
 * python-docx, openpyxl and reportlab), a GBK text file, text pasted from a web page with
 * half-width punctuation, a table copied out of a PDF, a 整改清单 with tabs. Each is checked row by
 * row: task, lead, partners, leaders, deadline. Then bad input, each with its Chinese message.
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Task } from '../src/core/catalog';
import { importDocument, importList, NotAListError } from '../src/core/import';
import { readListFile } from '../src/documents';
import { ROOT } from './helpers/paths';

const LISTS = path.join(__dirname, 'fixtures', 'lists');
const JINDU = path.join(ROOT, 'bin', 'jindu.cjs');

type Row = [title: string, lead: string[], partners: string[], leaders: string[], deadline: string, kind: string];

function rows(tasks: Task[]): Row[] {
  return tasks.map((t) => [t.title, t.lead, t.partners, t.leaders, t.deadline.raw, t.deadline.kind]);
}

async function importFile(name: string) {
  const read = await readListFile(new Uint8Array(fs.readFileSync(path.join(LISTS, name))), name);
  if (read.kind !== 'document') throw new Error('not a list document');
  return { read, result: importDocument(read.doc) };
}

describe('Word, Excel, GBK text', () => {
  test('a 整改清单 as a Word table: category rows are sections, a problem with its measures is one task, a merged problem with different units two', async () => {
    const { read, result } = await importFile('rectification-table.docx');
    expect(read.format).toBe('Word');
    const { catalog } = result;
    expect(catalog.source).toMatchObject({ title: '县委巡察反馈问题整改清单', docNo: '某整改〔2021〕3号', date: '2021-03-15' });
    expect(rows(catalog.tasks)).toEqual([
      ['防止返贫动态监测不够及时，部分监测户识别滞后', ['县乡村振兴局'], ['县民政局', '县医保局'], ['张明'], '2021年6月底前', 'once'],
      ['产业帮扶项目联农带农机制不健全（1）', ['县农业农村局'], ['各乡镇'], ['李华', '王强'], '长期坚持', 'ongoing'],
      ['产业帮扶项目联农带农机制不健全（2）', ['县财政局'], ['县乡村振兴局'], ['李华'], '2021年9月30日前', 'once'],
      ['农村人居环境整治存在短板，部分村庄垃圾清运不及时', ['县住建局'], ['县生态环境分局', '各乡镇'], ['赵刚'], '每季度末', 'quarterly'],
    ]);
    expect(catalog.tasks.map((t) => t.section)).toEqual([
      '一、巩固拓展脱贫攻坚成果方面',
      '一、巩固拓展脱贫攻坚成果方面',
      '一、巩固拓展脱贫攻坚成果方面',
      '二、乡村建设方面',
    ]);
    expect(catalog.tasks[0].text).toBe(
      '存在问题：防止返贫动态监测不够及时，部分监测户识别滞后。\n整改措施：建立防返贫监测预警机制，每月开展一次集中排查。',
    );
    expect(catalog.tasks[2].text).toContain('整改措施：开展帮扶项目资产清查');
    expect(result.warnings).toEqual([]);
  });

  test("a division of work in Word paragraphs: Word's numbering, every bracket phrasing, the stated first-named-leads rule", async () => {
    const { result } = await importFile('division-paragraphs.docx');
    expect(result.layout.name).toBe('numbered-paragraphs');
    expect(rows(result.catalog.tasks)).toEqual([
      ['健全防止返贫动态监测和帮扶机制', ['县乡村振兴局'], ['县民政局', '县医保局', '各乡镇'], [], '2022年6月底前完成', 'once'],
      ['稳定脱贫人口就业规模，脱贫劳动力务工规模不低于上年', ['县人社局'], [], [], '', 'unknown'],
      ['落实教育帮扶政策，确保脱贫家庭学生应助尽助', ['县教育局'], ['县财政局'], [], '', 'unknown'],
      ['加强农村低收入人口常态化救助', ['县民政局'], ['县残联', '各乡镇'], [], '', 'unknown'],
      ['稳定粮食播种面积，完成粮食生产目标任务', ['县农业农村局'], ['县发改局', '各乡镇'], [], '2022年10月底前', 'once'],
      ['推进高标准农田建设，新建高标准农田2万亩', ['县农业农村局'], ['县财政局', '县自然资源局'], [], '2022年12月底前', 'once'],
    ]);
    expect(result.catalog.tasks.map((t) => t.section)).toEqual([
      ...Array(4).fill('一、坚决守住不发生规模性返贫底线'),
      ...Array(2).fill('二、提升粮食和重要农产品供给保障能力'),
    ]);
  });

  test("a clerk's workbook: title rows, header on row 3, columns in its own order, a lead merged over two rows, a second sheet", async () => {
    const { read, result } = await importFile('clerk-table.xlsx');
    expect(read.format).toBe('Excel');
    expect(result.catalog.source.title).toBe('某某区2023年巩固拓展脱贫攻坚成果重点任务台账');
    expect(rows(result.catalog.tasks)).toEqual([
      ['开展防返贫监测帮扶集中排查', ['区乡村振兴局'], ['区民政局', '区医保局'], ['陈立'], '2023年4月底前', 'once'],
      ['组织脱贫人口小额信贷续贷展期工作', ['区乡村振兴局'], ['人行区支行'], ['陈立'], '2023年12月底前', 'once'],
      ['推进脱贫劳动力稳岗就业，务工规模不低于上年', ['区人社局'], ['各街道'], ['刘芳'], '每季度结束后10日内', 'quarterly'],
      ['落实脱贫人口家庭医生签约服务', ['区卫健局'], ['区医保局'], ['周敏'], '长期', 'ongoing'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  test('a Word table with a two-row header (责任单位 over 牵头单位 | 配合单位) and sub-numbers 1.1, 1.2', async () => {
    const { result } = await importFile('two-row-header.docx');
    expect(rows(result.catalog.tasks)).toEqual([
      ['推进高标准农田建设', ['市农业农村局'], ['市财政局'], ['王一'], '2022年12月', 'once'],
      ['完善农田水利设施', ['市水利局'], ['各县（区）'], ['王一'], '2022年10月底前', 'once'],
      ['开展农村人居环境整治提升', ['市住建局'], ['市生态环境局', '各县（区）'], ['李二'], '持续推进', 'ongoing'],
    ]);
    expect(result.catalog.tasks.map((t) => t.section)).toEqual(['', '', '']);
    expect(result.catalog.tasks[2].text).toBe('开展农村人居环境整治提升。重点推进厕所革命。');
  });

  test('Word paragraphs numbered （一）（二） that close with their units are tasks, not headings', async () => {
    const { result } = await importFile('chinese-numbered.docx');
    expect(rows(result.catalog.tasks)).toEqual([
      ['健全监测帮扶机制', ['县乡村振兴局'], ['县民政局'], [], '', 'unknown'],
      ['落实兜底保障', ['县民政局'], [], [], '', 'unknown'],
      ['加强帮扶资产管理', ['县财政局'], ['县乡村振兴局'], [], '2021年底前', 'once'],
    ]);
  });

  test('a workbook with task and measures columns, roles written inside the 责任单位 cell', async () => {
    const { result } = await importFile('measures-roles.xlsx');
    expect(rows(result.catalog.tasks)).toEqual([
      ['稳定脱贫人口就业', ['县人社局'], ['各乡镇'], [], '2022年12月底前', 'once'],
      ['发展特色产业', ['县农业农村局'], ['县商务局'], [], '2022年11月', 'once'],
    ]);
    expect(result.catalog.tasks[0].text).toBe('重点任务：稳定脱贫人口就业\n具体措施：开展技能培训，组织劳务输出。');
  });

  test('a workbook whose only task column is a name column (任务名称 | 责任主体 | 协同单位 | 完成时间), after a 说明 sheet', async () => {
    const { result } = await importFile('city-name-column.xlsx');
    expect(rows(result.catalog.tasks)).toEqual([
      ['保持帮扶政策总体稳定', ['市乡村振兴局'], ['市财政局'], [], '2021年底', 'once'],
      ['做好易地搬迁后续扶持', ['市发改委'], ['市住建局', '市人社局'], [], '2021年10月', 'once'],
      ['加强农村低收入人口常态化帮扶', ['市民政局'], [], [], '长期', 'ongoing'],
    ]);
    // The title is the list sheet's title row, not the note on the sheet before it (which also says 任务).
    expect(result.catalog.source.title).toBe('某某市2021年实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接任务分解表');
  });

  test('a city’s list on a sheet it named 任务清单, with date cells, the others after a （牵头） unit, and 按职责分工负责 after the last name', async () => {
    // Before: taken for this program's catalog workbook and refused (工作表“任务清单”缺少列：任务内容、牵头单位);
    // then 市民政局 and 各县（市、区） after 市乡村振兴局（牵头）were dropped, and 按职责分工负责 stayed in a unit's name.
    const { catalog } = (await importFile('city-2022-task-sheet.xlsx')).result;
    expect(catalog.source.title).toBe('某市2022年乡村振兴重点工作任务清单');
    expect(rows(catalog.tasks)).toEqual([
      [
        '开展防返贫监测集中排查，及时将符合条件的农户纳入监测范围',
        ['市乡村振兴局'],
        ['市民政局', '各县（市、区）'],
        [],
        '2022-06-30',
        'once',
      ],
      ['推进高标准农田建设，新建高标准农田10万亩', ['市农业农村局'], ['市财政局', '市自然资源局'], [], '2022-12-31', 'once'],
      ['实施农村人居环境整治提升五年行动', ['市住建局'], ['市生态环境局', '市农业农村局'], [], '2022年底', 'once'],
      ['加强驻村第一书记和工作队选派管理', ['市委组织部'], [], [], '2022-03-31', 'once'],
    ]);
    expect(catalog.tasks.map((t) => t.deadline.due)).toEqual(['2022-06-30', '2022-12-31', '2022-12-31', '2022-03-31']);
    expect(catalog.units.find((u) => u.name === '各县（市、区）')?.kind).toBe('group');
  });

  test('a district’s numbered paragraphs, units in labelled sentences: a name ending in a bracket, the others after a （牵头） unit, roles after the label', async () => {
    // Before: 各镇（街道） ending the sentence was taken for a closing bracket of units (the task's lead became “各街道”),
    // and …分别负责，各镇（街道）配合 after 责任单位： gave a partner named “各镇（街道）配合”.
    const { read, result } = await importFile('district-2022.docx');
    expect(read.format).toBe('Word');
    expect(result.catalog.source.title).toBe('某某区2022年防止返贫动态监测和帮扶工作任务清单');
    expect(rows(result.catalog.tasks)).toEqual([
      ['优化监测范围', ['区乡村振兴局'], ['区民政局', '各镇（街道）'], [], '2022年3月底前', 'once'],
      ['开展集中排查', ['各镇（街道）'], ['区乡村振兴局'], [], '每季度末', 'quarterly'],
      ['强化产业就业帮扶', ['区农业农村局'], ['区人社局', '各镇（街道）'], [], '长期坚持', 'ongoing'],
      ['做好兜底保障', ['区民政局'], [], [], '2022年12月底前', 'once'],
    ]);
    expect(result.catalog.tasks.map((t) => t.section)).toEqual([
      '一、完善监测机制',
      '一、完善监测机制',
      '二、落实帮扶措施',
      '二、落实帮扶措施',
    ]);
  });

  test('a county’s 2023 Word table: a unit cell merged down keeps one name, names on separate lines are separate, a wrapped name is one; the calendar by its place in the quarter', async () => {
    // Before: the merged cell (县乡村振兴局 twice, a paragraph each) gave the unit “县乡村振兴局县乡村振兴局”,
    // 县民政局 / 县医保局 one per line gave “县民政局县医保局”, and 每季度末月25日前 gave no calendar.
    const { read, result } = await importFile('county-2023.docx');
    expect(read.format).toBe('Word');
    expect(rows(result.catalog.tasks)).toEqual([
      ['健全防止返贫动态监测和帮扶机制', ['县乡村振兴局'], ['县民政局', '县医保局'], [], '2023年12月底', 'once'],
      ['落实“四个不摘”要求', ['县乡村振兴局'], ['各乡镇'], [], '长期坚持', 'ongoing'],
      ['培育壮大特色产业', ['县农业农村局'], ['县财政局', '各乡镇'], [], '2023年11月底前', 'once'],
      ['稳定脱贫人口务工就业', ['县人社局'], ['各乡镇'], [], '2023年12月', 'once'],
    ]);
    expect(result.catalog.calendar.frequency).toBe('quarterly');
    expect(result.catalog.calendar.dues.map((d) => `${d.month}-${d.day}`)).toEqual(['3-25', '6-25', '9-25', '12-25']);
  });

  test('an Excel 台账 with categories numbered （一） in the 序号 column: sections, not tasks without units', async () => {
    // Before: “（一） | 强化监测帮扶” was a task of its own, without a lead (two warnings each).
    const { result } = await importFile('ledger-2022.xlsx');
    expect(rows(result.catalog.tasks)).toEqual([
      ['每月开展防返贫监测信息比对', ['县乡村振兴局'], ['县公安局', '县民政局'], [], '每月', 'monthly'],
      ['落实医保资助参保政策', ['县医保局'], ['县税务局'], [], '2022年3月底前', 'once'],
      ['衔接资金投入产业比例不低于55%', ['县财政局'], ['县乡村振兴局'], [], '2022年12月', 'once'],
    ]);
    expect(result.catalog.tasks.map((t) => t.section)).toEqual(['（一）强化监测帮扶', '（一）强化监测帮扶', '（二）壮大帮扶产业']);
    expect(result.warnings).toEqual([]);
  });

  test('numbered paragraphs closing with their units: the notice’s sentence under the last task is not part of it', async () => {
    // Before: the sentence was joined to task 3, whose bracket then no longer closed it (no units, a warning).
    const { result } = await importFile('bracketed-2022.docx');
    expect(rows(result.catalog.tasks)).toEqual([
      ['实施特色产业提升工程，新建茶叶基地5000亩', ['县农业农村局'], ['县财政局', '各乡镇'], [], '2022年9月底', 'once'],
      ['加强农产品品牌建设，新增“三品一标”认证10个', ['县市场监管局'], [], [], '2022年12月底前', 'once'],
      ['开展脱贫劳动力技能培训2000人次', ['县人社局'], ['县乡村振兴局'], [], '全年', 'once'],
    ]);
    expect(result.catalog.tasks[2].text).toBe('开展脱贫劳动力技能培训2000人次。');
    expect(result.catalog.calendar.dues.map((d) => `${d.month}-${d.day}`)).toEqual(['3-20', '6-20', '9-20', '12-20']);
  });

  test('a GBK text file (Windows "ANSI") with labelled brackets', async () => {
    const { read, result } = await importFile('gbk-list.txt');
    expect(read.format).toBe('文本（GBK）');
    expect(rows(result.catalog.tasks)).toEqual([
      [
        '巩固“两不愁三保障”成果，开展常态化排查',
        ['县乡村振兴局'],
        ['县教育局', '县卫健局', '县住建局', '县水利局'],
        [],
        '长期坚持',
        'ongoing',
      ],
      ['实施农村供水保障工程，提升农村自来水普及率', ['县水利局'], ['县财政局'], [], '2022年11月底前', 'once'],
      ['开展脱贫人口技能培训1000人次', ['县人社局'], ['各乡镇'], [], '2022年12月31日前', 'once'],
    ]);
  });
});

describe('pasted text', () => {
  test('numbered paragraphs from a web page, half-width punctuation: read in one form, shown as written', () => {
    const web = [
      '某某县2021年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点',
      '一、健全防止返贫监测帮扶机制',
      '1.对脱贫不稳定户、边缘易致贫户开展常态化监测,做到早发现、早干预、早帮扶.(牵头单位:县乡村振兴局;配合单位:县民政局、县医保局)',
      '2.落实兜底保障政策,将符合条件的监测对象及时纳入低保.(县民政局牵头,县乡村振兴局、各乡镇配合;2021年6月底前完成)',
      '二、促进脱贫人口持续增收',
      '3.开展脱贫劳动力技能培训,全年培训500人次以上.(县人社局负责;完成时限:2021年12月底前)',
      '4.推进消费帮扶,组织脱贫地区农产品进机关、进学校.(责任单位:县商务局(牵头)、县总工会、县教育局)',
      '5.加强扶贫项目资产管理.(牵头单位:县财政局;配合单位:县农业农村局、县乡村振兴局;完成时限:长期坚持)',
    ].join('\n');
    const { catalog } = importList(web);
    expect(rows(catalog.tasks)).toEqual([
      ['对脱贫不稳定户、边缘易致贫户开展常态化监测', ['县乡村振兴局'], ['县民政局', '县医保局'], [], '', 'unknown'],
      ['落实兜底保障政策,将符合条件的监测对象及时纳入低保', ['县民政局'], ['县乡村振兴局', '各乡镇'], [], '2021年6月底前完成', 'once'],
      ['开展脱贫劳动力技能培训,全年培训500人次以上', ['县人社局'], [], [], '2021年12月底前', 'once'],
      ['推进消费帮扶,组织脱贫地区农产品进机关、进学校', ['县商务局'], ['县总工会', '县教育局'], [], '', 'unknown'],
      ['加强扶贫项目资产管理', ['县财政局'], ['县农业农村局', '县乡村振兴局'], [], '长期坚持', 'ongoing'],
    ]);
    // The text as the page wrote it, half-width commas and all.
    expect(catalog.tasks[0].text).toBe('对脱贫不稳定户、边缘易致贫户开展常态化监测,做到早发现、早干预、早帮扶.');
    expect(catalog.tasks.map((t) => t.section)).toEqual([
      '一、健全防止返贫监测帮扶机制',
      '一、健全防止返贫监测帮扶机制',
      '二、促进脱贫人口持续增收',
      '二、促进脱贫人口持续增收',
      '二、促进脱贫人口持续增收',
    ]);
  });

  test('units stated in sentences, not brackets: 责任单位：…。完成时限：…。 and 由…牵头，…配合，…完成。', () => {
    const labelled = [
      '某某县2022年乡村振兴工作要点',
      '（一）加强组织领导。责任单位：县委组织部。完成时限：长期。',
      '（二）落实帮扶政策。责任单位：县乡村振兴局、县财政局。完成时限：2022年12月底前。',
      '（三）推进产业发展。责任单位：县农业农村局。完成时限：2022年10月底前。',
    ].join('\n');
    expect(rows(importList(labelled).catalog.tasks)).toEqual([
      ['加强组织领导', ['县委组织部'], [], [], '长期', 'ongoing'],
      ['落实帮扶政策', ['县乡村振兴局'], ['县财政局'], [], '2022年12月底前', 'once'],
      ['推进产业发展', ['县农业农村局'], [], [], '2022年10月底前', 'once'],
    ]);
    const sentences = [
      '二、重点任务',
      '1.健全防止返贫动态监测和帮扶机制。由县乡村振兴局牵头，县民政局、县医保局配合，2022年6月底前完成。',
      '2.稳定脱贫人口就业。由县人社局负责，长期坚持。',
      '3.加强帮扶项目资产管理。县财政局牵头，2022年12月底前完成。',
    ].join('\n');
    const { catalog } = importList(sentences);
    expect(rows(catalog.tasks)).toEqual([
      ['健全防止返贫动态监测和帮扶机制', ['县乡村振兴局'], ['县民政局', '县医保局'], [], '2022年6月底前完成', 'once'],
      ['稳定脱贫人口就业', ['县人社局'], [], [], '长期坚持', 'ongoing'],
      ['加强帮扶项目资产管理', ['县财政局'], [], [], '2022年12月底前完成', 'once'],
    ]);
    expect(catalog.tasks[0].text).toBe('健全防止返贫动态监测和帮扶机制。');
    // Tried: a last sentence of the task's own text that names units without saying who does it is not taken for units.
    const prose = [
      '（一）市各部门要抓紧制定配套政策。各帮扶单位要认真落实好帮扶责任，认真选派好驻村工作队。',
      '（二）各牵头部门每年12月20日前报送落实情况。由市扶贫办报告市扶贫开发领导小组。',
    ].join('\n');
    expect(() => importList(prose)).toThrow(/无法识别为责任清单/);
  });

  test('a 责任单位 bracket with units after commas and a deadline inside it', () => {
    const text = [
      '某县2022年重点任务清单',
      '1.落实控辍保学。健全工作机制，确保适龄儿童应入尽入。（责任单位：县教育局，县财政局，各乡镇）',
      '2.加强住房保障。开展农村危房动态监测，及时改造。（责任单位：县住建局，2022年底前）',
    ].join('\n');
    // Before: the deadline after the comma became a partner named “2022年底前”.
    expect(rows(importList(text).catalog.tasks)).toEqual([
      ['落实控辍保学', ['县教育局'], ['县财政局', '各乡镇'], [], '', 'unknown'],
      ['加强住房保障', ['县住建局'], [], [], '2022年底前', 'once'],
    ]);
  });

  test('a short excerpt: two numbered tasks that name their units are a list; one of two is not', () => {
    const excerpt = [
      '一、产业帮扶',
      '1.实施到户产业奖补(县农业农村局牵头,县财政局、各乡镇配合;2023年10月底前完成)',
      '2.开展消费帮扶(牵头单位:县商务局;配合单位:县供销社;完成时限:2023年12月)',
    ].join('\n');
    expect(rows(importList(excerpt).catalog.tasks)).toEqual([
      ['实施到户产业奖补', ['县农业农村局'], ['县财政局', '各乡镇'], [], '2023年10月底前完成', 'once'],
      ['开展消费帮扶', ['县商务局'], ['县供销社'], [], '2023年12月', 'once'],
    ]);
    // Tried: a note with two numbered points of which only one names a unit is not taken for a list.
    const note = ['会议纪要', '1.会议听取了产业帮扶工作情况汇报(县农业农村局牵头)', '2.会议要求各单位按时报送材料'].join('\n');
    expect(() => importList(note)).toThrow(/无法识别为责任清单/);
  });

  test('tasks followed by labelled lines in any order: 牵头单位, 配合单位 or 责任单位, 完成时限', () => {
    const text = [
      '某某县2023年巩固脱贫成果重点任务分解',
      '一、防止规模性返贫',
      '1.健全防止返贫动态监测机制，每月开展一次排查。',
      '牵头单位：县乡村振兴局',
      '配合单位：县民政局、县医保局、各乡镇',
      '完成时限：长期坚持',
      '2.落实“四个不摘”要求，保持主要帮扶政策总体稳定。',
      '牵头单位：县乡村振兴局',
      '责任单位：县直各行业部门',
      '完成时限：2023年12月',
      '二、促进增收',
      '3.发展庭院经济，带动脱贫户增收。',
      '完成时限：2023年10月底前',
      '牵头单位：县农业农村局、县林业局',
      '配合单位：各乡镇',
    ].join('\n');
    const r = importList(text);
    expect(r.layout.name).toBe('leader-blocks');
    expect(rows(r.catalog.tasks)).toEqual([
      ['健全防止返贫动态监测机制，每月开展一次排查', ['县乡村振兴局'], ['县民政局', '县医保局', '各乡镇'], [], '长期坚持', 'ongoing'],
      ['落实“四个不摘”要求，保持主要帮扶政策总体稳定', ['县乡村振兴局'], ['县直各行业部门'], [], '2023年12月', 'once'],
      ['发展庭院经济，带动脱贫户增收', ['县农业农村局', '县林业局'], ['各乡镇'], [], '2023年10月底前', 'once'],
    ]);
    expect(r.catalog.tasks[1].deadline.due).toBe('2023-12-31');
    expect(r.warnings).toEqual([]);
  });

  test('a table copied out of a PDF: columns by their spaces, wrapped cells joined back', () => {
    const pdf = [
      '                    某某县2022年乡村振兴重点工作责任分解表',
      '',
      '序号   重点任务                                牵头单位          配合单位                完成时限',
      '1      持续做好防止返贫动态监测帮扶，对     县乡村振兴局      县民政局、县医保局      2022年6月底前',
      '       监测对象落实帮扶措施。',
      '2      推进农村饮水安全巩固提升工程。       县水利局          县财政局、各乡镇        2022年10月31日前',
      '3      实施脱贫人口小额信贷政策，做到       县金融办          人行县支行、县乡村      每季度末',
      '       应贷尽贷。                                             振兴局',
      '',
      '二、保障措施',
      '各单位要高度重视。',
    ].join('\n');
    const r = importList(pdf);
    expect(r.layout.name).toBe('task-table');
    expect(rows(r.catalog.tasks)).toEqual([
      ['持续做好防止返贫动态监测帮扶，对监测对象落实帮扶措施', ['县乡村振兴局'], ['县民政局', '县医保局'], [], '2022年6月底前', 'once'],
      ['推进农村饮水安全巩固提升工程', ['县水利局'], ['县财政局', '各乡镇'], [], '2022年10月31日前', 'once'],
      ['实施脱贫人口小额信贷政策，做到应贷尽贷', ['县金融办'], ['人行县支行', '县乡村振兴局'], [], '每季度末', 'quarterly'],
    ]);
    expect(r.catalog.source.title).toBe('某某县2022年乡村振兴重点工作责任分解表');
  });

  test('a 整改清单 pasted from Excel (tabs): problem and measures, leaders, a category row', () => {
    const rect = [
      '某某市委巡视反馈意见整改任务清单',
      '序号\t反馈问题\t整改措施\t责任领导\t牵头单位\t配合单位\t完成时限',
      '一、落实脱贫攻坚政策方面\t\t\t\t\t\t',
      '1\t部分脱贫户收入不稳定。\t落实产业、就业帮扶措施，每月跟踪收入变化。\t王伟\t市乡村振兴局\t市人社局、市农业农村局\t2023年6月底前',
      '2\t饮水安全问题排查不彻底。\t开展农村饮水安全大排查，建立问题清单。\t李军、赵敏\t市水务局\t各县（区）\t2023年3月31日前',
    ].join('\n');
    const { catalog } = importList(rect);
    expect(rows(catalog.tasks)).toEqual([
      ['部分脱贫户收入不稳定', ['市乡村振兴局'], ['市人社局', '市农业农村局'], ['王伟'], '2023年6月底前', 'once'],
      ['饮水安全问题排查不彻底', ['市水务局'], ['各县（区）'], ['李军', '赵敏'], '2023年3月31日前', 'once'],
    ]);
    expect(catalog.tasks[1].text).toBe('反馈问题：饮水安全问题排查不彻底。\n整改措施：开展农村饮水安全大排查，建立问题清单。');
    expect(catalog.tasks.every((t) => t.section === '一、落实脱贫攻坚政策方面')).toBe(true);
  });
});

describe('PDF with a text layer and the column mapping, through the CLI', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-lists-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [JINDU, ...args], { cwd: ROOT, encoding: 'utf8' });
  /** `jindu import LIST --json`, as a script would run it. */
  const importByCli = (name: string) =>
    JSON.parse(
      execFileSync(process.execPath, [JINDU, 'import', path.join(LISTS, name), '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { source: { title: string }; tasks: Task[] };

  test('a PDF made with reportlab (STSong-Light, a CID font): the table by the positions of its text', () => {
    const catalog = importByCli('text-layer.pdf');
    expect(catalog.source.title).toBe('某某县2021年衔接推进乡村振兴任务清单');
    expect(rows(catalog.tasks)).toEqual([
      ['建立农村低收入人口常态化帮扶机制，做到早发现、早干预、早帮扶', ['县民政局'], ['县乡村振兴局'], [], '2021年12月底前', 'once'],
      ['实施脱贫地区特色产业提升行动', ['县农业农村局'], ['各乡镇'], [], '2021年9月30日前', 'once'],
      ['开展易地搬迁后续扶持专项行动，完善安置区配套设施', ['县发改局'], ['县住建局', '县教育局'], [], '长期', 'ongoing'],
    ]);
  });

  test('a Word table exported to PDF by LibreOffice: cells wrapped onto several lines, category lines between rows', () => {
    const catalog = importByCli('libreoffice-table.pdf');
    expect(catalog.source.title).toBe('某某县2022年巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点任务分工方案');
    expect(rows(catalog.tasks)).toEqual([
      ['健全防止返贫动态监测和帮扶机制', ['县乡村振兴局'], ['县民政局', '县医保局', '各乡镇'], [], '2022 年 12 月底前', 'once'],
      ['落实教育保障政策', ['县教育局'], [], [], '每学期开学后1个月内', 'semester'],
      ['稳定脱贫劳动力就业', ['县人社局'], ['县乡村振兴局'], [], '持续推进', 'ongoing'],
      ['发展壮大联农带农产业', ['县农业农村局'], [], [], '2022 年 6 月30 日前', 'once'],
    ]);
    expect(catalog.tasks.map((t) => t.section)).toEqual([
      '一、防止规模性返贫',
      '一、防止规模性返贫',
      '二、促进脱贫人口持续增收',
      '二、促进脱贫人口持续增收',
    ]);
    // A wrapped cell is joined back whole.
    expect(catalog.tasks[0].text).toContain('对脱贫不稳定户、边缘易致贫户开展常态化监测，发现一户帮扶一户');
  });

  test('a scanned PDF, an empty file, a binary file, an encrypted and an old Word file: what they are and what to do', () => {
    const scanned = run('import', path.join(LISTS, 'scanned.pdf'));
    expect(scanned.status).toBe(1);
    expect(scanned.stderr).toContain('没有可复制的文字，请提供 Word 版或文字版 PDF');

    const write = (name: string, bytes: Uint8Array | string) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, bytes);
      return file;
    };
    const ole = (stream: string) => {
      const head = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      return Buffer.concat([head, Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(512)]);
    };
    const cases: Array<[string, Uint8Array | string, string]> = [
      ['空白.txt', '', '是空的'],
      ['照片.txt', Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)), '不是文本、Word、Excel 或 PDF 文件'],
      ['加密.docx', ole('EncryptionInfo'), '已加密'],
      ['旧版.doc', ole('WordDocument'), '另存为 .docx'],
    ];
    for (const [name, bytes, says] of cases) {
      const r = run('import', write(name, bytes));
      expect({ name, status: r.status, says: r.stderr.includes(says) }).toEqual({ name, status: 1, says: true });
    }
  });

  test('a Word table nobody recognises: the message says what was found; --columns reads it; the mapping is kept in the catalog', () => {
    const file = path.join(LISTS, 'unknown-columns.docx');
    const failed = run('import', file);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('找到 1 个表格，第1个有 4 行 5 列');
    expect(failed.stderr).toContain('未识别出任务列');
    expect(failed.stderr).toContain('--columns');

    const mapped = run('import', file, '--columns', '任务=2,牵头单位=3,配合单位=4,完成时限=E', '--json');
    expect(mapped.status).toBe(0);
    const catalog = JSON.parse(mapped.stdout) as { tasks: Task[]; mapping: unknown };
    expect(rows(catalog.tasks)).toEqual([
      ['完成农村户厕问题摸排整改', ['镇农业农村办'], ['各村委会'], [], '2023年5月底前', 'once'],
      ['开展脱贫户家庭收入监测', ['镇乡村振兴工作站'], ['镇财政所', '各村委会'], [], '每季度末', 'quarterly'],
      ['推进村级集体经济项目建设', ['镇经济发展办'], [], [], '2023年11月30日前', 'once'],
    ]);
    expect(catalog.mapping).toEqual({
      table: 1,
      headerRow: 1,
      columns: { 2: { role: 'task' }, 3: { role: 'lead' }, 4: { role: 'partners' }, 5: { role: 'deadline' } },
    });

    const wrong = run('import', file, '--columns', '负责人=2');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('不认识“负责人”');
    expect(run('import', '--help').stdout).toContain('--columns');
  });
});

test('text that is no list names what it found', () => {
  expect(() => importList('今天天气很好。\n明天也好。')).toThrow(NotAListError);
  expect(() => importList('今天天气很好。\n明天也好。')).toThrow(/找到 2 段文字，没有表格/);
});
