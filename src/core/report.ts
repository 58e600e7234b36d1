/**
 * The report (进度情况表): one unit's progress sheet for one period. The official layout (from the
 * appendix of the 000 list) and what a return, read back from any workbook, holds.
 */
import type { Finding } from './finding';

/** Columns of the official form, in order, then the product's extra columns right of 备注. */
export const OFFICIAL_COLUMNS = ['序号', '分管领导', '项目名称', '{年}年工作计划', '工作进展及存在问题', '备注'] as const;
export const EXTRA_COLUMNS = ['任务编号', '完成时限', '状态'] as const;

/** The 状态 dropdown. */
export const STATUSES = ['已完成', '推进中', '未启动'] as const;
export type Status = (typeof STATUSES)[number];

/** Subjects written into the properties of the product's own workbooks: how readers tell them from a return. */
export const CONSOLIDATION_SUBJECT = '进度汇总';
export const CATALOG_SUBJECT = '进度通任务清单';

/** The very hidden sheet that carries what the template was made from; any reader can see it. */
export const META_SHEET = 'jindu_meta';
export const META_KEYS = {
  unit: '填报单位',
  period: '报告期',
  catalogVersion: '清单版本',
  templateVersion: '模板版本',
  catalogTitle: '清单名称',
  /** The version of the unit's own tasks (assignment.ts unitTasksVersion); templates before it carry only 清单版本. */
  unitVersion: '单位任务版本',
} as const;
/** Bumped when the layout of the template changes in a way readers must know about. */
export const TEMPLATE_VERSION = '2';

export type ReportField =
  | 'seq'
  | 'leader'
  | 'title'
  | 'plan'
  | 'progress'
  | 'remark'
  | 'taskId'
  | 'deadline'
  | 'status'
  /** Columns of a clerk's own form that the official one has inside 工作进展及存在问题: read into the progress. */
  | 'problems'
  | 'nextSteps';

/** One data row of a return, as written by the clerk. */
export interface ReturnRow {
  /** 1-based sheet row. */
  row: number;
  values: Partial<Record<ReportField, string>>;
  /** A1 address of each field's cell in this row. */
  cells: Partial<Record<ReportField, string>>;
}

export interface ReturnMeta {
  unit?: string;
  period?: string;
  catalogVersion?: string;
  templateVersion?: string;
  catalogTitle?: string;
  unitVersion?: string;
}

/** A return as read from a workbook, before it is checked against the catalog. */
export interface ReadReturn {
  sheet: string;
  /** 1-based row of the header. */
  headerRow: number;
  /** Which fields the sheet has columns for (a hand-made sheet may lack the extra columns). */
  columns: Partial<Record<ReportField, string>>;
  /** The 填报单位 text as written, and where. */
  unitText: string;
  unitCell?: string;
  /** The lines above the table (the form's title), read for the unit when no 填报单位 is written. */
  titleText?: string;
  /** Year from the title or the plan header (2019年工作计划), when present. */
  year?: number;
  /** A quarter or half year named above the table or in its progress header (2019年第一季度), as a period code. */
  periodText?: string;
  rows: ReturnRow[];
  reporter: string;
  reporterCell?: string;
  phone: string;
  phoneCell?: string;
  /** 填报日期 as ISO date, when the cell holds a date. */
  filledDate?: string;
  filledDateCell?: string;
  meta: ReturnMeta;
  /** Report-like content a person does not see in Excel, left unread: hidden sheets, rows and columns. */
  hidden: HiddenContent[];
}

/** Content skipped because it is hidden: what it is and where. */
export interface HiddenContent {
  kind: 'sheet' | 'row' | 'column';
  sheet: string;
  /** A1 address of the first cell concerned (for a sheet, its header's 项目名称 cell). */
  cell?: string;
  /** Chinese description: 工作表“旧表”, 第12、13行, 第F列（工作进展及存在问题）. */
  where: string;
}

/** What reading a workbook gave: a return, or the reason it is not one. */
export type ReadOutcome = { ok: true; report: ReadReturn } | { ok: false; finding: Finding };
