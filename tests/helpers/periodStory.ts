/**
 * Three quarters of one responsibility list (the 000 seed, 2019Q2–2019Q4) as five units report them:
 * progress copied word for word, lightly edited, only its dates changed or only its figures; tasks
 * moving 未启动 → 推进中 → 已完成; 区财政局 late twice, 区教育局 silent in Q3, 区残联 silent in Q2 and
 * late in Q4, a row deleted in Q4. The other units of the list never report. The tests of the
 * copied-progress rule, of the 台账 and the 2019Q2 fixture (a 汇总 written by the product before it
 * kept its data sheet, tests/fixtures/legacy-汇总-2019Q2.xlsx) are all made from this one story.
 */
import fs from 'fs';
import path from 'path';
import type { Catalog } from '../../src/core/catalog';
import { importList } from '../../src/core/import';
import { parsePeriod, type Period } from '../../src/core/period';
import { buildTemplate, templateFileName, TEMPLATE_COLUMNS, TEMPLATE_FOOTER, TEMPLATE_HEADER_ROW } from '../../src/core/template';
import type { WorkbookSpec } from '../../src/core/workbook';
import { writeWorkbook } from '../../src/xlsx';
import { SEEDS, seedPath } from './paths';

export type StoryStatus = '已完成' | '推进中' | '未启动' | '';

export interface StoryReturn {
  filledDate: string;
  /** Progress and status by task id; a task left out is a deleted row. */
  rows: Record<string, [StoryStatus, string]>;
}

export type StoryPeriod = Record<string, StoryReturn | null>;

export const STORY_PERIODS = ['2019Q2', '2019Q3', '2019Q4'] as const;
export type StoryPeriodCode = (typeof STORY_PERIODS)[number];

/** The date each period is merged as of. */
export const STORY_AS_OF: Record<StoryPeriodCode, string> = { '2019Q2': '2019-06-30', '2019Q3': '2019-09-30', '2019Q4': '2019-12-31' };

export const STORY_UNITS = ['区委组织部', '区财政局', '区教育局', '区残联', '区商务局'] as const;

const T = {
  // 区委组织部
  party: 'TKCX8TF',
  training: 'TGBZ04G',
  incentive: 'T1NBTY1',
  // 区财政局
  rules: 'TSGLX1Y',
  funds: 'T1G39FN',
  pooling: 'TTFUUIY',
  audit: 'TW0P4YO',
  // 区教育局
  subsidy: 'TWPTEB5',
  schools: 'TXQ792U',
  highSchool: 'TP9YDCF',
  graduates: 'T7NZB1B',
  special: 'T5W8OLC',
  // 区残联
  assessment: 'TIMKNNX',
  rehab: 'T4JTS4X',
  enrolment: 'T53NFSB',
  // 区商务局
  ecommerce: 'TF9Q66C',
  market: 'TOTG27C',
  housekeeping: 'TSZ82S6',
} as const;
export const STORY_TASKS = T;

const TRAINING = '组织开展基层干部扶贫政策培训，计划分批次覆盖全区各村（社区）党组织书记，目前正在落实培训场地和师资。';
const SCHOOLS = '推进城乡义务教育均衡发展，新建改建农村学校3所，正在施工。';
const SPECIAL = '特殊学校送教上门工作已全面落实，覆盖适龄残疾儿童41人。';
const POOLING = '涉农资金统筹整合方案已报区政府审定并印发执行。';
const FUNDS_Q3 = '已按业务主管部门申请拨付第二批扶贫资金180万元，惠及贫困户52户。';
const MARKET = '镇级农产品产地批发市场建设正在选址。';
const ASSESSMENT = '开展残疾人评残认定集中服务活动4场，为新增残疾人办理评残认定65人。';

export const STORY: Record<StoryPeriodCode, StoryPeriod> = {
  '2019Q2': {
    区委组织部: {
      filledDate: '2019-06-20',
      rows: {
        [T.party]: ['未启动', '已制定基层党组织建设年度方案，待区委常委会审议后启动实施。'],
        [T.training]: ['推进中', TRAINING],
        [T.incentive]: ['推进中', '起草《扶贫干部激励关怀办法》征求意见稿，已征求各镇街意见，正在修改完善。'],
      },
    },
    区财政局: {
      filledDate: '2019-06-28',
      rows: {
        [T.rules]: ['推进中', '截至6月底，已指导各镇街制定财政扶贫资金管理细则，正在跟踪落实。'],
        [T.funds]: ['推进中', '已按业务主管部门申请拨付第一批扶贫资金120万元，惠及贫困户35户。'],
        [T.pooling]: ['已完成', POOLING],
        [T.audit]: ['推进中', '推进中'],
      },
    },
    区教育局: {
      filledDate: '2019-06-21',
      rows: {
        [T.subsidy]: ['推进中', '已会同区财政局完成2019年春季学期生活费补助发放，共发放补助资金86.5万元。'],
        [T.schools]: ['推进中', SCHOOLS],
        [T.highSchool]: ['未启动', '普通高中改善办学条件项目正在前期论证。'],
        [T.graduates]: ['推进中', '摸查建档立卡贫困家庭高校毕业生28人，已建立就业帮扶台账。'],
        [T.special]: ['已完成', SPECIAL],
      },
    },
    区残联: null,
    区商务局: {
      filledDate: '2019-06-24',
      rows: {
        [T.ecommerce]: ['推进中', '电商进农村综合示范项目已完成招标，正在建设区级电商服务中心。'],
        [T.market]: ['未启动', MARKET],
        [T.housekeeping]: ['推进中', '组织家政服务培训2期，培训贫困劳动力60人。'],
      },
    },
  },
  '2019Q3': {
    区委组织部: {
      filledDate: '2019-09-18',
      rows: {
        [T.party]: ['推进中', '基层党组织建设方案已印发实施，完成软弱涣散村党组织排查整顿12个。'],
        // Word for word.
        [T.training]: ['推进中', TRAINING],
        // Two characters added (广泛): nearly identical.
        [T.incentive]: ['推进中', '起草《扶贫干部激励关怀办法》征求意见稿，已广泛征求各镇街意见，正在修改完善。'],
      },
    },
    区财政局: {
      filledDate: '2019-09-20',
      rows: {
        // Only the date changed.
        [T.rules]: ['推进中', '截至9月底，已指导各镇街制定财政扶贫资金管理细则，正在跟踪落实。'],
        // New figures: progress reported, not copied.
        [T.funds]: ['推进中', FUNDS_Q3],
        // Done both times: repeating how it was done is not copying.
        [T.pooling]: ['已完成', POOLING],
        // Too short to tell.
        [T.audit]: ['推进中', '推进中'],
      },
    },
    区教育局: null,
    区残联: {
      filledDate: '2019-09-23',
      rows: {
        [T.assessment]: ['推进中', ASSESSMENT],
        [T.rehab]: ['推进中', '精准康复服务覆盖面逐步扩大，已为132名残疾人提供康复服务。'],
        [T.enrolment]: ['未启动', '协调区教育局摸排残疾儿童入学需求。'],
      },
    },
    区商务局: {
      filledDate: '2019-09-24',
      rows: {
        // The same text with a line break and spaces typed into it.
        [T.ecommerce]: ['推进中', '电商进农村综合示范项目已完成招标，\n正在建设区级电商服务中心。  '],
        [T.market]: ['未启动', MARKET],
        [T.housekeeping]: ['推进中', '组织家政服务培训3期，累计培训贫困劳动力95人。'],
      },
    },
  },
  '2019Q4': {
    区委组织部: {
      filledDate: '2019-12-20',
      rows: {
        [T.party]: ['已完成', '全年软弱涣散村党组织整顿任务已完成，经区委组织部验收全部达标。'],
        [T.training]: ['推进中', TRAINING],
        [T.incentive]: ['已完成', '《扶贫干部激励关怀办法》已于11月印发实施，首批表彰扶贫干部20名。'],
      },
    },
    区财政局: {
      filledDate: '2019-12-28',
      rows: {
        [T.rules]: ['已完成', '截至12月底，各镇街财政扶贫资金管理细则已全部制定并落实。'],
        [T.funds]: ['推进中', FUNDS_Q3],
        [T.pooling]: ['已完成', POOLING],
        [T.audit]: ['推进中', '会同区扶贫办开展扶贫资金专项检查，发现问题3个，已督促整改。'],
      },
    },
    区教育局: {
      filledDate: '2019-12-19',
      rows: {
        [T.subsidy]: ['已完成', '已会同区财政局完成2019年秋季学期生活费补助发放，全年共发放补助资金173万元。'],
        // As in Q2, but Q3 is the period before, and the unit sent nothing in Q3.
        [T.schools]: ['推进中', SCHOOLS],
        [T.highSchool]: ['推进中', '普通高中改善办学条件项目已完成立项，正在开展设计招标。'],
        [T.graduates]: ['已完成', '28名建档立卡贫困家庭高校毕业生已全部实现就业。'],
        [T.special]: ['已完成', SPECIAL],
      },
    },
    区残联: {
      filledDate: '2019-12-27',
      rows: {
        // Only the full stop changed to an exclamation mark.
        [T.assessment]: ['推进中', ASSESSMENT.replace(/。$/, '！')],
        [T.rehab]: ['已完成', '全年为186名残疾人提供精准康复服务，完成年度任务。'],
        [T.enrolment]: ['推进中', '已摸清残疾儿童入学需求23人，正在逐一落实安置。'],
      },
    },
    区商务局: {
      filledDate: '2019-12-16',
      rows: {
        [T.ecommerce]: ['已完成', '区级电商服务中心已建成运营，带动贫困户网上销售农产品。'],
        // The 批发市场 row deleted.
        [T.housekeeping]: ['推进中', '全年组织家政服务培训4期，累计培训贫困劳动力120人，推荐就业38人。'],
      },
    },
  },
};

export function storyCatalog(): Catalog {
  return importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
}

export function storyPeriod(code: StoryPeriodCode): Period {
  return parsePeriod(code) as Period;
}

/** The unit's template for the period with the story's progress, statuses and footer typed in. */
export function storyReturnSpec(catalog: Catalog, unit: string, period: Period, ret: StoryReturn, template?: WorkbookSpec): WorkbookSpec {
  const spec = template ?? buildTemplate(catalog, unit, period);
  const sheet = spec.sheets[0];
  const C = TEMPLATE_COLUMNS;
  const rows = sheet.rows.map((r) => [...r]);
  const footer = rows.findIndex((r) => typeof r[0] === 'string' && r[0].startsWith('填报人'));
  for (let r = TEMPLATE_HEADER_ROW + 1; r < footer; r++) {
    const id = rows[r][C.taskId];
    if (typeof id !== 'string' || typeof rows[r][C.seq] !== 'number') continue;
    const typed = ret.rows[id];
    if (!typed) {
      // A deleted row: its cells cleared, as the demo's returns do.
      rows[r] = rows[r].map(() => null);
      continue;
    }
    rows[r][C.status] = typed[0];
    rows[r][C.progress] = typed[1];
  }
  const F = TEMPLATE_FOOTER;
  rows[footer][F.reporter] = `${unit.replace(/^区/, '')}填报人`;
  rows[footer][F.phone] = '0754-88123456';
  rows[footer][F.date] = ret.filledDate;
  return {
    ...spec,
    sheets: [{ ...sheet, rows }, ...spec.sheets.slice(1)],
    properties: { ...spec.properties, modified: `${ret.filledDate}T09:00:00Z` },
  };
}

/** The story's returns of one period written into `dir`; their paths. */
export async function writeStoryReturns(catalog: Catalog, code: StoryPeriodCode, dir: string): Promise<string[]> {
  const period = storyPeriod(code);
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [unit, ret] of Object.entries(STORY[code])) {
    if (!ret) continue;
    const file = path.join(dir, templateFileName(unit, period));
    fs.writeFileSync(file, await writeWorkbook(storyReturnSpec(catalog, unit, period, ret)));
    files.push(file);
  }
  return files;
}
