import * as fs from 'fs';
import * as path from 'path';
import {
  deadlineDueDate,
  describeDeadline,
  findDeadlineInText,
  parseDeadline,
  type Deadline,
  type DeadlineContext,
} from '../src/core/deadline';
import { parsePeriod, type Period } from '../src/core/period';

const SEEDS = path.join(__dirname, '..', '..', 'shared', 'seeds');
const readSeed = (name: string): string => fs.readFileSync(path.join(SEEDS, name), 'utf8');

/** 001 is 汕扶〔2018〕9号, issued 2018-04-25. */
const CTX_2018: DeadlineContext = { year: 2018, docDate: '2018-04-25' };
const CTX_2019: DeadlineContext = { year: 2019 };
const CTX_2016: DeadlineContext = { year: 2016 };

type Expected = Omit<Deadline, 'raw'>;

/** Every distinct phrase of 001's 完成时限 column (one per <p> fragment), with its parse. */
const SEED_001: [string, Expected][] = [
  ['每年年底前，完成市下达给各区（县）的脱贫任务', { kind: 'yearly', month: 12, day: 31 }],
  ['每季度之后10日内完成', { kind: 'quarterly', daysAfterQuarterEnd: 10 }],
  [
    // Two one-off dates (06-30, 12-31) and two monthly ones: the latest one-off date decides.
    '2018年6月30日前完成当年帮扶村、户项目计划和上半年项目实施情况的录入工作；12月31日前完成2019年全年帮扶村、户项目计划和2018年全年项目实施情况的录入工作。镇及贫困村录入人员在每月25日前录入当月的村、户项目建设情况；区（县）、镇两级在每月28日前完成信息录入的审核工作。',
    { kind: 'once', due: '2018-12-31' },
  ],
  ['长期性、常态化抓落实', { kind: 'ongoing' }],
  ['2018年4月底前完成年度帮扶项目制订工作', { kind: 'once', due: '2018-04-30' }],
  ['2017年帮扶项目于2018年3月底前全部完成。2018年项目于年底前完成。', { kind: 'once', due: '2018-12-31' }],
  ['逐月完成', { kind: 'monthly' }],
  ['按政策程序逐月发放', { kind: 'monthly' }],
  ['2018年底前完成', { kind: 'once', due: '2018-12-31' }],
  ['2018年6月底前完成', { kind: 'once', due: '2018-06-30' }],
  ['每学期开学后一个月內完成', { kind: 'semester', monthsAfterStart: 1 }],
  ['在2018年5月底前全部发放到位', { kind: 'once', due: '2018-05-31' }],
  ['每年年底前全部完成改造任务、补助金发放到户', { kind: 'yearly', month: 12, day: 31 }],
  ['2018年底完成', { kind: 'once', due: '2018-12-31' }],
  ['每年年底前完成', { kind: 'yearly', month: 12, day: 31 }],
  ['2018年4月底前完成', { kind: 'once', due: '2018-04-30' }],
  ['每年6月底前下达各级资金', { kind: 'yearly', month: 6, day: 30 }],
  ['每年年底前完成  长期性、常态化抓落实', { kind: 'yearly', month: 12, day: 31 }],
];

/** Other phrasings a 完成时限 cell may hold (the brief's list and close variants). */
const OTHER_CELLS: [string, Expected][] = [
  ['4月底前', { kind: 'once', due: '2018-04-30' }],
  ['3月底前全部完成', { kind: 'once', due: '2018-03-31' }],
  ['2018年6月30日前', { kind: 'once', due: '2018-06-30' }],
  ['12月31日前', { kind: 'once', due: '2018-12-31' }],
  ['年底前', { kind: 'once', due: '2018-12-31' }],
  ['2018年年底', { kind: 'once', due: '2018-12-31' }],
  ['2019年底前', { kind: 'once', due: '2019-12-31' }],
  ['到 2018 年年底', { kind: 'once', due: '2018-12-31' }],
  ['到　２０１９　年年底', { kind: 'once', due: '2019-12-31' }],
  ['明年底前', { kind: 'once', due: '2019-12-31' }],
  ['十一月底前', { kind: 'once', due: '2018-11-30' }],
  ['2020年2月29日前', { kind: 'once', due: '2020-02-29' }],
  ['每年底前', { kind: 'yearly', month: 12, day: 31 }],
  ['每年7月20日前和12月20日前', { kind: 'yearly', month: 12, day: 20 }],
  ['每季度', { kind: 'quarterly' }],
  ['每季度末', { kind: 'quarterly' }],
  ['每季度结束后15日内', { kind: 'quarterly', daysAfterQuarterEnd: 15 }],
  ['每月25日前', { kind: 'monthly', day: 25 }],
  ['按月发放', { kind: 'monthly' }],
  ['每学期开学后两个月内完成', { kind: 'semester', monthsAfterStart: 2 }],
  ['长期', { kind: 'ongoing' }],
  ['长期坚持', { kind: 'ongoing' }],
  ['常态化', { kind: 'ongoing' }],
  ['本方案公布 2 个月内', { kind: 'relative', months: 2 }],
  ['印发之日起3个月内', { kind: 'relative', months: 3 }],
  ['印发之日起两个月内完成', { kind: 'relative', months: 2 }],
  ['一个月内', { kind: 'relative', months: 1 }],
  ['两个月内完成', { kind: 'relative', months: 2 }],
  ['<p>2018年6月底前完成</p>', { kind: 'once', due: '2018-06-30' }],
];

/** Phrasings of 2021–2023 lists and of clerks' spreadsheets (document year 2018 here). */
const LATER_CELLS: [string, Expected][] = [
  ['2023年12月', { kind: 'once', due: '2023-12-31' }],
  ['2023年6月份', { kind: 'once', due: '2023-06-30' }],
  ['6月前', { kind: 'once', due: '2018-06-30' }],
  ['2023.6.30', { kind: 'once', due: '2023-06-30' }],
  ['2023-06-30前', { kind: 'once', due: '2023-06-30' }],
  ['2023/9/1', { kind: 'once', due: '2023-09-01' }],
  ['2023.10', { kind: 'once', due: '2023-10-31' }],
  ['2023年内', { kind: 'once', due: '2023-12-31' }],
  ['年内完成', { kind: 'once', due: '2018-12-31' }],
  ['全年', { kind: 'once', due: '2018-12-31' }],
  ['2023年全年', { kind: 'once', due: '2023-12-31' }],
  ['上半年', { kind: 'once', due: '2018-06-30' }],
  ['2022年下半年', { kind: 'once', due: '2022-12-31' }],
  ['2022年第三季度', { kind: 'once', due: '2022-09-30' }],
  ['三季度末', { kind: 'once', due: '2018-09-30' }],
  ['第一季度前', { kind: 'once', due: '2018-03-31' }],
  ['2023年4季度完成', { kind: 'once', due: '2023-12-31' }],
  ['半年内', { kind: 'unknown' }],
  // The end of the first half, not the year's end.
  ['上半年底前', { kind: 'once', due: '2018-06-30' }],
  ['持续推进', { kind: 'ongoing' }],
  ['立行立改，长期坚持', { kind: 'ongoing' }],
  ['常抓不懈', { kind: 'ongoing' }],
  ['2021-2023年', { kind: 'unknown' }],
];

/** Input that is not a deadline: unknown, raw kept, never a throw. */
const BAD_CELLS: [string, string][] = [
  ['', 'empty'],
  ['   ', 'blank'],
  ['abc', 'garbage'],
  ['按要求完成', 'no date in it'],
  ['2018年', 'a year alone'],
  ['每年', 'every year, no date'],
  ['13月底前', 'no month 13 (and not read as 3月底前)'],
  ['十三月底前', 'no month 13, in Chinese numerals'],
  ['0月底前', 'no month 0'],
  ['2月30日', 'no 30 February'],
  ['2019年2月29日前', '2019 is not a leap year'],
  ['每月32日前', 'no 32nd'],
  ['每季度之后0日内', 'a zero count'],
  ['下半年内开展', 'a half year in a sentence, not the whole cell'],
];

describe('parseDeadline', () => {
  it.each(SEED_001)('001 seed: %s', (raw, expected) => {
    expect(parseDeadline(raw, CTX_2018)).toEqual({ raw: raw.trim(), ...expected });
  });

  it.each(OTHER_CELLS)('%s', (raw, expected) => {
    expect(parseDeadline(raw, CTX_2018)).toEqual({ raw: raw.trim(), ...expected });
  });

  it.each(LATER_CELLS)('later lists: %s', (raw, expected) => {
    expect(parseDeadline(raw, CTX_2018)).toEqual({ raw: raw.trim(), ...expected });
  });

  it.each(BAD_CELLS)('%j is unknown (%s)', (raw) => {
    expect(parseDeadline(raw, CTX_2018)).toEqual({ raw: raw.trim(), kind: 'unknown' });
  });

  it('never throws on random text', () => {
    const alphabet = '0123456789０１２每年月日底前后内內季度学期开个一两十长期常态化到 、<p>印发之起逐';
    let seed = 42;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = next() % 20; n > 0; n--) s += alphabet[next() % alphabet.length];
      expect(() => parseDeadline(s, CTX_2018)).not.toThrow();
      expect(() => findDeadlineInText(s, CTX_2018)).not.toThrow();
    }
  });
});

describe('the 001 seed file', () => {
  /** Fragments of the 完成时限 column expected to stay unknown, with the reason. None so far. */
  const EXPECTED_UNKNOWN: Record<string, string> = {};

  const fragments = (): string[] => {
    const out: string[] = [];
    for (const line of readSeed('001_0fd6b74583511a98.txt').split(/\r?\n/)) {
      const cells = line.split('\t');
      // Table rows: they start with a 序号 or a tab (sub-rows); one row (落实扶贫工作责任) starts with a text
      // cell, so every 4-cell row but the header is taken.
      if (cells.length < 4 || cells[0] === '序号') continue;
      const last = cells[cells.length - 1];
      const parts = last.includes('<p>') ? [...last.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1]) : [last];
      out.push(...parts.map((p) => p.trim()).filter((p) => p !== ''));
    }
    return out;
  };

  it('has deadline fragments to check', () => {
    expect(fragments().length).toBeGreaterThan(40);
  });

  it('parses every fragment (none unknown unless listed)', () => {
    const unknown = fragments().filter((f) => parseDeadline(f, CTX_2018).kind === 'unknown' && !(f in EXPECTED_UNKNOWN));
    expect(unknown).toEqual([]);
  });

  it('has every distinct fragment in the SEED_001 table', () => {
    const listed = new Set(SEED_001.map(([raw]) => raw));
    expect([...new Set(fragments())].filter((f) => !listed.has(f))).toEqual([]);
  });
});

/** Deadlines inside task texts: [text, context, expected (with raw = the phrase) or undefined]. */
const IN_TEXT: [string, DeadlineContext, Deadline | undefined][] = [
  // 003 (美扶组办〔2019〕11号)
  [
    '1. 严格执行脱贫攻坚一把手负责制，强化党政同责。4月底前，区精准扶贫工作领导小组“双组长”与各镇党政主要负责人签订脱贫攻坚责任状',
    CTX_2019,
    { raw: '4月底前', kind: 'once', due: '2019-04-30' },
  ],
  ['出台年度农村危房改造工作方案，做到应改尽改，并于 11 月底前完工入住。', CTX_2019, { raw: '11 月底前', kind: 'once', due: '2019-11-30' }],
  ['1. 3月底前，对今年拟脱贫贫困人口锁定到户、精准到人', CTX_2019, { raw: '3月底前', kind: 'once', due: '2019-03-31' }],
  [
    // Two dated steps: the latest, since the task is done when its last step is.
    '5. 6 月底前，组织对各户帮扶政策落实情况进行全面检查，确保到户各项帮扶措施落实。10 月底前，组织对贫困人口脱贫退出情况进行验收',
    CTX_2019,
    { raw: '10 月底前', kind: 'once', due: '2019-10-31' },
  ],
  // 002 (汕尾委办字〔2016〕19号)
  ['到 2018 年年底，全面完成贫困户危房改造建设任务。', CTX_2016, { raw: '到 2018 年年底', kind: 'once', due: '2018-12-31' }],
  [
    '各牵头部门在每年7月20日前和12月20日前将任务落实情况报送市扶贫办汇总。',
    CTX_2016,
    { raw: '每年7月20日前和12月20日前', kind: 'yearly', month: 12, day: 20 },
  ],
  // 004 and 000
  ['在本方案公布 2 个月内制定或完善脱贫攻坚三年行动方案', CTX_2018, { raw: '本方案公布 2 个月内', kind: 'relative', months: 2 }],
  ['2019年底前实现教育培训全员覆盖。', CTX_2018, { raw: '2019年底前', kind: 'once', due: '2019-12-31' }],
  ['年底前逐步开展市内医疗救助与基本医疗保险、大病保险异地即时结算', CTX_2018, { raw: '年底前', kind: 'once', due: '2018-12-31' }],
  [
    '注：该表请各事项牵头单位在6月25日、9月25日、12月25日前报送区扶贫办。',
    CTX_2019,
    { raw: '12月25日前', kind: 'once', due: '2019-12-25' },
  ],
  ['镇及贫困村录入人员在每月25日前录入当月的村、户项目建设情况', CTX_2018, { raw: '每月25日前', kind: 'monthly', day: 25 }],
  // Not deadlines: conservative.
  ['到 2018 年，力争实现相对贫困村村村有标准化卫生站', CTX_2016, undefined], // a goal year without 年底
  ['确保到2020年如期完成脱贫攻坚任务。', CTX_2018, undefined],
  ['每年组织2次以上业务培训，提升工作能力和水平。', CTX_2018, undefined],
  ['区精准扶贫工作领导小组每季度至少召开一次专题会议', CTX_2019, undefined],
  ['每月至少一次专题研究脱贫攻坚工作', CTX_2018, undefined],
  ['每学期至少一次家访', CTX_2019, undefined],
  ['推动扶贫领域监督检查常态化', CTX_2019, undefined],
  ['长期稳定受益', CTX_2019, undefined],
  ['对2017年前标注脱贫人口脱贫措施进行采集', CTX_2019, undefined],
  ['2018年底完成', CTX_2018, undefined], // in running text a date needs 前 or 到 to be a deadline
  ['', CTX_2018, undefined],
];

describe('findDeadlineInText', () => {
  it.each(IN_TEXT)('%s', (text, ctx, expected) => {
    expect(findDeadlineInText(text, ctx)).toEqual(expected);
  });

  it('finds exactly these deadlines in the task texts of the seeds', () => {
    const found: string[] = [];
    for (const [file, year] of [
      ['000_45cf8959af68998b.txt', 2018],
      ['002_65c7f64bacf31445.txt', 2016],
      ['003_c3cd6be28d28a219.txt', 2019],
      ['004_45f3905e243d7254.txt', 2018],
    ] as const) {
      for (const line of readSeed(file).split(/\r?\n/)) {
        const d = findDeadlineInText(line, { year });
        if (d) found.push(`${file.slice(0, 3)} ${d.raw} → ${describeDeadline(d)}`);
      }
    }
    expect(found).toEqual([
      '000 年底前 → 2018-12-31前',
      '000 12月25日前 → 2018-12-25前',
      '002 到 2018 年年底 → 2018-12-31前',
      '002 每年7月20日前和12月20日前 → 每年12月20日前',
      '003 4月底前 → 2019-04-30前',
      '003 11 月底前 → 2019-11-30前',
      '003 3月底前 → 2019-03-31前',
      '003 10 月底前 → 2019-10-31前',
      '004 本方案公布 2 个月内 → 印发后2个月内',
      '004 2019年底前 → 2019-12-31前',
    ]);
  });
});

describe('deadlineDueDate', () => {
  const period = (code: string): Period => {
    const p = parsePeriod(code);
    if (!p) throw new Error(code);
    return p;
  };
  const d = (raw: string): Deadline => parseDeadline(raw, CTX_2018);

  // [deadline, 2019Q2, 2019H1, 2019M06, 2019]
  const ROWS: [string, Deadline, (string | null)[]][] = [
    ['once', d('2018年6月底前完成'), ['2018-06-30', '2018-06-30', '2018-06-30', '2018-06-30']],
    ['yearly 12/31', d('每年年底前完成'), ['2019-12-31', '2019-12-31', '2019-12-31', '2019-12-31']],
    ['yearly 6/30', d('每年6月底前下达各级资金'), ['2019-06-30', '2019-06-30', '2019-06-30', '2019-06-30']],
    [
      'yearly 2/29 in a common year',
      { raw: '', kind: 'yearly', month: 2, day: 29 },
      ['2019-02-28', '2019-02-28', '2019-02-28', '2019-02-28'],
    ],
    // Q2 + 10 days falls after 2019Q2 and 2019M06: the first quarter's; in H1 and the year, the last passed one.
    ['quarterly +10', d('每季度之后10日内完成'), ['2019-07-10', '2019-04-10', '2019-07-10', '2019-10-10']],
    ['quarterly end', d('每季度'), ['2019-06-30', '2019-06-30', '2019-06-30', '2019-12-31']],
    ['monthly', d('逐月完成'), ['2019-06-30', '2019-06-30', '2019-06-30', '2019-12-31']],
    ['monthly day 25', d('每月25日前'), ['2019-06-25', '2019-06-25', '2019-06-25', '2019-12-25']],
    ['semester +1 month', d('每学期开学后一个月內完成'), ['2019-04-01', '2019-04-01', '2019-04-01', '2019-10-01']],
    ['ongoing', d('长期性、常态化抓落实'), [null, null, null, null]],
    ['unknown', d('按要求完成'), [null, null, null, null]],
  ];

  it.each(ROWS)('%s', (_name, deadline, expected) => {
    expect(['2019Q2', '2019H1', '2019M06', '2019'].map((code) => deadlineDueDate(deadline, period(code)))).toEqual(expected);
  });

  it('takes the semester that started before the period: 2019M02 is in the autumn 2018 semester', () => {
    expect(deadlineDueDate(d('每学期开学后一个月內完成'), period('2019M02'))).toBe('2018-10-01');
  });

  it('counts relative deadlines from the document date, null without one', () => {
    const rel = d('本方案公布 2 个月内');
    expect(deadlineDueDate(rel, period('2019Q2'), '2018-04-25')).toBe('2018-06-25');
    expect(deadlineDueDate(rel, period('2019Q2'))).toBeNull();
  });
});

describe('describeDeadline', () => {
  it.each([
    ['2018年6月30日前完成当年帮扶村、户项目计划…；12月31日前完成…', '2018-12-31前'],
    ['每年年底前完成', '每年12月31日前'],
    ['每季度之后10日内完成', '每季度结束后10日内'],
    ['每季度末', '每季度末'],
    ['逐月完成', '每月'],
    ['每月25日前', '每月25日前'],
    ['每学期开学后一个月內完成', '每学期开学后1个月内'],
    ['长期性、常态化抓落实', '长期'],
    ['本方案公布 2 个月内', '印发后2个月内'],
    ['按要求完成', '按要求完成'],
  ])('%s → %s', (raw, expected) => {
    expect(describeDeadline(parseDeadline(raw, CTX_2018))).toBe(expected);
  });
});
