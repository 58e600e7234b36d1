import * as fs from 'fs';
import * as path from 'path';
import { normaliseDocument } from '../src/core/import/text';
import {
  markerMeasures,
  readMarkerMeasures,
  readSummaryTable,
  splitFirstUnit,
  chineseNumeral,
  type MeasureRecord,
} from '../src/core/import/layouts/markerMeasures';

import { textDocument } from '../src/core/import/textSource';

/** Lines as the document model of a text source. */
const asDoc = (lines: string[]) => textDocument(lines.join('\n'));
const SEED = path.join(__dirname, '..', '..', 'shared', 'seeds', '003_c3cd6be28d28a219.txt');
const toLines = (raw: string): string[] => normaliseDocument(raw).split('\n');

describe('markerMeasures on 003 (美扶组办〔2019〕11号, 2019 工作要点)', () => {
  const lines = toLines(fs.readFileSync(SEED, 'utf8'));
  const result = readMarkerMeasures(lines);
  const find = (numeral: string, n: number): MeasureRecord => {
    const r = result.measures.find((m) => m.numeral === numeral && m.number === n);
    if (!r) throw new Error(`no measure （${numeral}）${n}`);
    return r;
  };

  it('detects the structure by its unit markers', () => {
    // 62 markers on single lines, plus (十九)'s marker split by a page break ("（责\n\n责任单位：…").
    expect(markerMeasures.detect(asDoc(lines))).toBe(63);
    expect(markerMeasures.name).toBe('marker-measures');
  });

  /**
   * Numbered measures per section in the body. (一)(二) 总体要求 have no marker and the 速览表 gives "\":
   * not tasks. (九) has 6 in the body (the 速览表 splits measure 1 and lists 7). (十九) numbers
   * 1 2 3 4 5 5: six measures. (三十三) and (三十四) have no numbered measures: one task each.
   * 3+7+4+4+6+2+6+8+3+9+6+8+5+8+8+6+6+3+4+4+6+5+2+5+9+5+10+4+4+5+1+1 = 167.
   */
  const COUNTS: Record<string, number> = {
    三: 3,
    四: 7,
    五: 4,
    六: 4,
    七: 6,
    八: 2,
    九: 6,
    十: 8,
    十一: 3,
    十二: 9,
    十三: 6,
    十四: 8,
    十五: 5,
    十六: 8,
    十七: 8,
    十八: 6,
    十九: 6,
    二十: 3,
    二十一: 4,
    二十二: 4,
    二十三: 6,
    二十四: 5,
    二十五: 2,
    二十六: 5,
    二十七: 9,
    二十八: 5,
    二十九: 10,
    三十: 4,
    三十一: 4,
    三十二: 5,
    三十三: 1,
    三十四: 1,
  };

  it('reads one task per numbered measure, 167 in all', () => {
    const counts: Record<string, number> = {};
    for (const m of result.measures) counts[m.numeral] = (counts[m.numeral] ?? 0) + 1;
    expect(counts).toEqual(COUNTS);
    expect(result.tasks).toHaveLength(167);
    expect(markerMeasures.read(asDoc(lines)).tasks).toHaveLength(167);
    expect(result.measures.every((m) => m.source === 'body')).toBe(true);
  });

  it('gives each task a unique section and number, clean text and no deadline cell', () => {
    const keys = result.measures.map((m) => `${m.task.section}#${m.number}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of result.tasks) {
      expect(t.text).not.toMatch(/牵头单位[：:]|责任单位[：:]|\*\*|\uFFFD/);
      expect(t.text).not.toMatch(/^\d+\s?[.．、]/);
      expect(t.section).toMatch(/^（[一二三四五六七八九十]+）[^（）*]+[^。]$/);
      expect(t.deadlineRaw).toBeUndefined();
      expect(t.title).toBeTruthy();
      expect(t.lead.length).toBeGreaterThan(0);
    }
    expect(find('三', 1).task.section).toBe('（三）深入学习、广泛宣传习近平扶贫开发重要论述');
    expect(find('十三', 1).task.section).toBe('（十三）落实就业扶贫政策');
  });

  it('lets a marker cover the measures back to the previous marker', () => {
    for (const n of [1, 2, 3]) {
      const t = find('三', n).task;
      expect(t.lead).toEqual(['区委组织部、区委宣传部']);
      expect(t.partners.join('、')).toContain('各镇党委政府');
    }
    // (七) 1–5 under one marker, 6 under its own (the marker sits mid-paragraph).
    expect(find('七', 5).task.lead).toEqual(['区委乡村振兴和打赢脱贫攻坚战督查组']);
    expect(find('七', 6).task.lead).toEqual(['区委宣传部']);
    expect(find('七', 6).task.text).toBe('充分发挥人大、民主党派、纪检监察、审计和媒体、社会等全方位监督作用');
  });

  it('takes the first unit of a marker with only 责任单位 as the lead', () => {
    expect(find('四', 2).task.lead).toEqual(['区乡村振兴和打赢脱贫攻坚战指挥部办公室']);
    expect(find('四', 2).task.partners).toEqual([]);
    expect(find('四', 7).task.lead).toEqual(['区委组织部']); // （责任单位：区委组织部）without **
    expect(find('十七', 7).task.lead).toEqual(['区民政局']);
    expect(find('十七', 7).task.partners).toEqual(['区残联、区扶贫办、各镇党委政府']);
    expect(find('二十一', 1).task).toMatchObject({ lead: ['区住建局'], partners: ['各镇党委政府'] }); // (责任单位：区住建局，各镇党委政府)
  });

  it('reads markers split by page breaks', () => {
    // (十九): "（责" ends a paragraph and the next one starts "责任单位：…)".
    expect(find('十九', 6).task.lead).toEqual(['各行业牵头责任单位']);
    expect(find('十九', 1).task.partners).toEqual(['各定点帮扶单位，各结对帮扶责任单位、各镇党委政府']);
    // (二十六) 2: "（**责任单位：**区\n\n工商联、各镇党委政府)".
    expect(find('二十六', 2).task).toMatchObject({ lead: ['区工商联'], partners: ['各镇党委政府'] });
  });

  it('keeps the units of each marker apart', () => {
    expect(find('九', 5).task.lead).toEqual(['区扶贫办']);
    expect(find('九', 6).task.lead).toEqual(['区教育局、区人社局']);
    expect(find('十七', 3).task.lead).toEqual(['区民政局']); // （**牵头单位**：区民政局；**责任单位**：…）
    expect(find('十七', 3).task.partners).toEqual(['区扶贫办、各镇党委政府']);
    expect(find('二十七', 1).task.partners).toEqual(['大致坡镇、灵山镇党委政府']);
    expect(find('二十七', 2).task.lead).toEqual(['区商务局']);
  });

  it('does not split on numbers inside the text', () => {
    expect(find('三', 1).task.text).toContain('“4.13”重要讲话精神');
    expect(find('十四', 4).task.text).toContain('1—2 种农副土特产品');
    expect(find('七', 4).task.text).toMatch(/^围绕 2019 年脱贫攻坚目标任务/);
    expect(find('十八', 1).task.text).toMatch(/^3月底前，对今年拟脱贫贫困人口/);
    expect(find('十一', 1).task.text).toContain('11 月底前完工入住');
  });

  it('reads duplicate numbering as the next measure', () => {
    expect(find('十九', 5).task.text).toMatch(/^加大对农村深度贫困群体的帮扶工作/);
    expect(find('十九', 6).task.text).toMatch(/^建立入户调查常态化机制/);
    expect(result.measures.filter((m) => m.numeral === '十九').map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('joins text broken by page breaks', () => {
    expect(find('十二', 7).task.text).toBe('加大产业扶贫市场风险防范力度，加强扶贫主导产业技术和市场风险评估。');
    expect(find('二十四', 2).task.text).toContain('随到随审随报，完成省里规定的资金支付序时进度要求');
  });

  it('reads a section without numbered measures as one task', () => {
    const t = find('三十三', 0).task;
    expect(t.text).toMatch(/^配合省市认真落实针对收入水平略高于建档立卡贫困户的边缘人口的支持政策/);
    expect(t.lead).toEqual(['区财政局、区扶贫办']);
    expect(find('三十四', 0).task).toMatchObject({ lead: ['区农业农村局'], partners: ['区财政局、区扶贫办，各镇党委政府'] });
    expect(result.tasks.some((x) => /指导思想|目标任务/.test(x.section))).toBe(false);
  });

  it('points each task at the line of its measure', () => {
    expect(find('三', 1).task.line).toBe(34);
    expect(find('四', 1).task.line).toBe(38);
    expect(find('四', 3).task.line).toBe(40);
    expect(find('三十三', 0).task.line).toBe(178);
  });

  it('cross-checks the 速览表 and reports what differs', () => {
    expect(result.warnings).toEqual([
      { line: 62, message: '第62行：（九）落实教育扶贫政策：正文6项措施，速览表7项，请核对' },
      { line: 122, message: '第122行：（十九）编号“5.”重复，按第6项读取' },
    ]);
  });

  it('parses the 速览表 with shifted columns, repeated labels and merged cells', () => {
    const s = readSummaryTable(lines);
    const entry = (numeral: string, n: number) => s.find((e) => e.numeral === numeral && e.number === n);
    expect(s.filter((e) => e.lead.length > 0)).toHaveLength(168);
    expect(entry('一', 0)).toMatchObject({ lead: [], partners: [] }); // "\"
    expect(s.filter((e) => e.numeral === '九')).toHaveLength(7);
    expect(entry('三', 1)).toMatchObject({ text: '分级分类组织，强化扶贫干部培训', lead: ['区委组织部、区委宣传部'] });
    expect(entry('三', 3)?.partners).toEqual(['区扶贫办、各行业牵头责任单位、各镇党委政府']); // merged cell
    expect(entry('四', 4)?.lead).toEqual(['区委乡村振兴和脱贫攻坚督查组']); // row without a section label
    expect(entry('十', 5)?.lead).toEqual(['区医疗保障局']); // section label repeated
    expect(entry('十二', 2)?.lead).toEqual(['区农业农村局']); // measure in the first column
    expect(entry('十四', 8)).toMatchObject({ lead: ['区委宣传部、区农业农村局、区旅文局、区商务局'], partners: ['各镇党委政府'] });
    expect(entry('二十', 1)).toMatchObject({ lead: ['区科工信局'], partners: ['区农业农村局、区科协，各镇党委政府'] });
    expect(entry('二十六', 5)).toMatchObject({
      lead: ['团区委、区文明办、区扶贫办'],
      partners: ['区总工会、区妇联、区残联、各镇党委政府'],
    });
    expect(entry('三十四', 0)).toMatchObject({ lead: ['区农业农村局'], line: 370 });
  });
});

describe('markerMeasures on a made-up 工作要点', () => {
  const DOC = [
    '某县2020年扶贫工作要点',
    '',
    '一、总体要求',
    '',
    '（一）指导思想。以新发展理念为指导，巩固脱贫成果。',
    '',
    '二、重点任务',
    '',
    '(二) **抓好产业扶贫。**1. 制定产业扶贫方案，学习“4.13”重要讲话精神。2. 每村创建1—2个示范基地，2019 年底前完成。（**牵头单位：**县农业局；**责任单位：**县财政局、各乡镇）3. 开展技能培训。',
    '',
    '4. 落实小额信贷。(责任单位：县金融办，县扶贫办、各乡镇)',
    '',
    '（三）加强兜底保障。1. 完善低保制度。2. 做好临时救助。2. 加强残疾人帮扶。（**牵头单位**：县民政局（县救助站）；**责任单位**：县残联）3. 推进养老服务',
  ];
  const result = readMarkerMeasures(DOC);
  const find = (numeral: string, n: number) => result.measures.find((m) => m.numeral === numeral && m.number === n)?.task;

  it('detects only with three markers or more', () => {
    expect(markerMeasures.detect(asDoc(DOC))).toBe(3);
    expect(markerMeasures.detect(asDoc(DOC.slice(0, 10)))).toBe(0);
  });

  it('covers the measures back to the previous marker, within the section', () => {
    expect(result.tasks).toHaveLength(8);
    expect(find('二', 1)).toMatchObject({ lead: ['县农业局'], partners: ['县财政局、各乡镇'], section: '（二）抓好产业扶贫', line: 9 });
    expect(find('二', 2)?.lead).toEqual(['县农业局']);
    // 3 runs on after the marker; it and 4 fall under the next marker, which has only 责任单位.
    expect(find('二', 3)).toMatchObject({ text: '开展技能培训。', lead: ['县金融办'], partners: ['县扶贫办、各乡镇'] });
    expect(find('二', 4)).toMatchObject({ text: '落实小额信贷。', lead: ['县金融办'], line: 11 });
    expect(find('二', 1)?.text).toBe('制定产业扶贫方案，学习“4.13”重要讲话精神。');
    expect(find('二', 2)?.text).toBe('每村创建1—2个示范基地，2019 年底前完成。');
    expect(result.tasks.some((t) => t.section.includes('指导思想'))).toBe(false);
  });

  it('reads a repeated number after a sentence end as the next measure', () => {
    expect(find('三', 2)?.text).toBe('做好临时救助。');
    expect(find('三', 3)).toMatchObject({ text: '加强残疾人帮扶。', lead: ['县民政局（县救助站）'], partners: ['县残联'] });
    expect(result.warnings.map((w) => w.message)).toContain('第13行：（三）编号“2.”重复，按第3项读取');
  });

  it('keeps measures after the last marker without units, with a warning', () => {
    expect(find('三', 4)).toMatchObject({ text: '推进养老服务', lead: [], partners: [] });
    expect(result.warnings.map((w) => w.message)).toContain('第13行：（三）第4项之后没有牵头/责任单位标注');
  });

  it('fills units from the 速览表 and restores measures the conversion cut off', () => {
    const doc = [
      '一、重点任务',
      '（一）抓好产业扶贫。1. 制定方案。2. 建设基地。（牵头单位：县农业局；责任单位：各乡镇）',
      '（二）加强兜底保障。1. 完善低保制度。2. 做好临时救\uFFFD',
      '',
      '《某县工作要点》速览表',
      '目标\t任务\t措施\t责任分解\t',
      '\t\t\t牵头单位\t责任单位',
      '第一部分：重点任务\t(一) 抓好产业扶贫\t1、制定方案\t县农业局\t各乡镇',
      '\t\t2、建设基地\t\t',
      '\t(二) 加强兜底保障\t1、完善低保制度\t县民政局\t县残联',
      '\t\t2、做好临时救助\t\t',
      '\t\t3、加强残疾人帮扶\t\t',
    ];
    const r = readMarkerMeasures(doc);
    expect(r.tasks).toHaveLength(5);
    const two = r.measures.filter((m) => m.numeral === '二');
    expect(two.map((m) => [m.number, m.source, m.task.text, m.task.lead, m.task.partners])).toEqual([
      [1, 'body', '完善低保制度。', ['县民政局'], ['县残联']],
      [2, 'body', '做好临时救', ['县民政局'], ['县残联']],
      [3, 'summary', '加强残疾人帮扶', ['县民政局'], ['县残联']],
    ]);
    expect(two[2].task).toMatchObject({ title: '加强残疾人帮扶', section: '（二）加强兜底保障', line: 12 });
    expect(r.warnings.map((w) => w.message)).toEqual([
      '第3行：文字在转换时被截断',
      '第3行：（二）第1项正文没有单位标注，牵头/责任单位取自速览表（第10行）',
      '第3行：（二）第2项正文没有单位标注，牵头/责任单位取自速览表（第11行）',
      '第3行：（二）加强兜底保障：正文2项措施，速览表3项，请核对',
      '第12行：（二）第3项正文缺失（转换时被截断），取自速览表',
    ]);
  });

  it('keeps text after a marker with the measure before it, and ignores a marker that covers nothing', () => {
    const r = readMarkerMeasures([
      '（一）抓好产业扶贫。1. 制定方案。（责任单位：县农业局）另行报送县政府。2. 建设基地。（责任单位：县林业局）（责任单位：县水务局）',
      '（二）加强保障。1. 完善制度。（责任单位：县民政局）',
    ]);
    expect(r.tasks.map((t) => [t.text, t.lead])).toEqual([
      ['制定方案。另行报送县政府。', ['县农业局']],
      ['建设基地。', ['县林业局']],
      ['完善制度。', ['县民政局']],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual(['第1行：（一）抓好产业扶贫的单位标注前没有新的措施，已忽略']);
  });

  it('accepts a jump in numbering only at a paragraph start', () => {
    const r = readMarkerMeasures(['（一）抓好产业扶贫。1. 制定方案，完成 3. 5 亩示范田。', '', '3. 建设基地。（责任单位：县农业局）']);
    expect(r.measures.map((m) => [m.number, m.task.text])).toEqual([
      [1, '制定方案，完成 3. 5 亩示范田。'],
      [2, '建设基地。'],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual(['第3行：（一）编号从1跳到3，按第2项读取']);
  });

  it('splits a raw list at its first top-level separator', () => {
    expect(splitFirstUnit('区委宣传部（区文明办、区网信办）、区委统战部、区审计局等')).toEqual([
      '区委宣传部（区文明办、区网信办）',
      '区委统战部、区审计局等',
    ]);
    expect(splitFirstUnit('区住建局，各镇党委政府')).toEqual(['区住建局', '各镇党委政府']);
    expect(splitFirstUnit('区扶贫办')).toEqual(['区扶贫办', '']);
  });

  it('reads Chinese numerals past 三十', () => {
    expect([
      chineseNumeral('三'),
      chineseNumeral('十'),
      chineseNumeral('十九'),
      chineseNumeral('三十四'),
      chineseNumeral('一百零二'),
    ]).toEqual([3, 10, 19, 34, 102]);
    expect(chineseNumeral('第三')).toBeNaN();
  });
});
