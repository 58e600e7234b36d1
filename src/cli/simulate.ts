/**
 * Returns as clerks make them, for the demo and the tests: our template filled in, or the official
 * layout typed by hand (header moved down, no extra columns, the unit typed without 区).
 */
import { assignedTasks } from '../core/assignment';
import type { Catalog } from '../core/catalog';
import type { Period } from '../core/period';
import { OFFICIAL_COLUMNS } from '../core/report';
import { TEMPLATE_FOOTER } from '../core/template';
import type { CellValue, WorkbookSpec } from '../core/workbook';

export const PROGRESS = [
  '已按计划推进，完成阶段性目标；存在问题：部分基层单位配合不够及时，已发函督促。',
  '本季度召开专题会议2次，完成摸底排查，相关台账已建立。',
  '已完成。相关资料已归档备查。',
  '正在推进中，预计下季度完成；资金拨付进度偏慢。',
  '已落实到位，群众满意度较高。',
  '尚未启动，已完成前期调研，计划下季度开展。',
];

/** The 状态 a clerk picks for each progress text above. */
export const PROGRESS_STATUS = ['推进中', '推进中', '已完成', '推进中', '已完成', '未启动'];

/** Fills a template spec the way a clerk types into it: progress, status, reporter, phone, date. */
export function fillTemplate(
  spec: WorkbookSpec,
  seed: number,
  opts: {
    filledDate: string;
    reporter?: string;
    phone?: string;
    emptyProgressRow?: number;
    dropRow?: number;
    /** Work beyond the list, typed into the template's blank row. */
    addedWork?: { title: string; progress: string };
  },
): WorkbookSpec {
  const sheet = spec.sheets[0];
  const header = sheet.rows.findIndex((r) => r[0] === OFFICIAL_COLUMNS[0]);
  const footer = sheet.rows.findIndex((r) => typeof r[0] === 'string' && r[0].startsWith('填报人'));
  const rows = sheet.rows.map((r) => [...r]);
  let k = 0;
  let blank = -1;
  for (let i = header + 1; i < footer; i++) {
    if (typeof rows[i][0] !== 'number') {
      if (blank < 0 && rows[i].every((v) => v === null || v === '')) blank = i;
      continue;
    }
    const n = (seed + k) % PROGRESS.length;
    if (k !== opts.emptyProgressRow) {
      rows[i][4] = PROGRESS[n];
      rows[i][8] = PROGRESS_STATUS[n];
    }
    k++;
  }
  if (opts.addedWork && blank >= 0 && blank < footer - 1) {
    rows[blank][2] = opts.addedWork.title;
    rows[blank][4] = opts.addedWork.progress;
    rows[blank][8] = '推进中';
  }
  rows[footer][TEMPLATE_FOOTER.reporter] = opts.reporter ?? '';
  rows[footer][TEMPLATE_FOOTER.phone] = opts.phone ?? '';
  rows[footer][TEMPLATE_FOOTER.date] = opts.filledDate;
  // A deleted task row: its cells cleared (deleting the sheet row would shift the spec's merges and formats).
  if (opts.dropRow !== undefined) rows[header + 1 + opts.dropRow] = rows[header + 1 + opts.dropRow].map(() => null);
  return {
    ...spec,
    sheets: [{ ...sheet, rows }, ...spec.sheets.slice(1)],
    properties: { ...spec.properties, modified: `${opts.filledDate}T09:00:00Z` },
  };
}

/** A return typed by hand in the official layout: header moved down, no extra columns, unit typed without 区. */
export function handMadeReturn(catalog: Catalog, unit: string, typedUnit: string, period: Period): WorkbookSpec {
  const tasks = assignedTasks(catalog, unit);
  const year = period.year;
  const rows: CellValue[][] = [
    [],
    [`${year}年脱贫攻坚工作进度情况表`],
    [],
    ['填报单位：', typedUnit],
    [],
    ['序号', '分管领导', '项目名称', `${year}年工作计划`, '工作进展及存在问题', '备注'],
    ...tasks.map((t, i) => [
      `${i + 1}、`,
      '王副局长',
      `${i + 1}.${t.title}`,
      t.plans[String(year)] ?? t.text,
      PROGRESS[i % PROGRESS.length],
      '',
    ]),
    [],
    ['填报人：', '李四', '', '联系电话：', '13902771234'],
    ['填报日期：', '2019年6月21日'],
  ];
  return { sheets: [{ name: '进度表', rows, merges: ['A2:F2'] }], properties: { creator: 'WPS 表格', modified: '2019-06-21T10:00:00Z' } };
}
