/**
 * The catalog (任务清单): every task of one responsibility list, with the unit directory and the
 * reporting calendar. Plain data, shared by the importer, the templates, the checks and the merge.
 */
import type { Deadline } from './deadline';
import type { ReportingCalendar } from './calendar';
import type { Unit } from './units';
import { contentHash } from './hash';
import type { ColumnMapping } from './import/layouts/taskTable';

export interface CatalogSource {
  /** Title of the issued list, e.g. 关于打赢脱贫攻坚战三年行动方案（2018-2020年）责任清单 */
  title: string;
  /** Document number such as 汕尾委办字〔2016〕19号, empty when the list has none. */
  docNo: string;
  /** Issuing office. */
  issuer: string;
  /** Issue date, ISO yyyy-mm-dd, empty when unknown. */
  date: string;
}

export interface Task {
  /** Stable id: the same lead and text give the same id on every import. */
  id: string;
  /** Short 项目名称 fit for the template. */
  title: string;
  /** Full text of the duty as issued. */
  text: string;
  /** Canonical names of the lead units (牵头单位 / 责任主体). */
  lead: string[];
  /** Canonical names of partner units (配合单位 / 参加单位 / 责任单位 other than the lead). */
  partners: string[];
  /** Named leaders (分管领导 / 责任领导). */
  leaders: string[];
  deadline: Deadline;
  /** Plan text per year, e.g. { "2019": "…" }. */
  plans: Record<string, string>;
  /** Section heading the task sits under, empty when the list has none. */
  section: string;
}

export interface Catalog {
  /** Content hash of source, units, calendar and tasks: identifies what a template was made from. */
  version: string;
  source: CatalogSource;
  units: Unit[];
  calendar: ReportingCalendar;
  tasks: Task[];
  /**
   * The column mapping the list's table was read through, when the user chose one (第1个表格，表头第2行，
   * 任务=2,牵头单位=5): offered again for the next list of the same office. Not part of the version.
   */
  mapping?: ColumnMapping;
}

export type CatalogContent = Omit<Catalog, 'version'>;

/** The version is a hash of the content only, so the same list gives the same version everywhere. */
export function catalogVersion(content: CatalogContent): string {
  return contentHash(JSON.stringify([content.source, content.units, content.calendar, content.tasks])).slice(0, 12);
}

export function withVersion(content: CatalogContent): Catalog {
  return { version: catalogVersion(content), ...content };
}

export interface CatalogSummary {
  tasks: number;
  units: number;
  groups: number;
  withoutLead: number;
  deadlines: Record<string, number>;
}

export function summariseCatalog(catalog: Catalog): CatalogSummary {
  const deadlines: Record<string, number> = {};
  for (const t of catalog.tasks) deadlines[t.deadline.kind] = (deadlines[t.deadline.kind] ?? 0) + 1;
  return {
    tasks: catalog.tasks.length,
    units: catalog.units.filter((u) => u.kind === 'unit').length,
    groups: catalog.units.filter((u) => u.kind === 'group').length,
    withoutLead: catalog.tasks.filter((t) => t.lead.length === 0).length,
    deadlines,
  };
}

/** Chinese names of deadline kinds, for summaries and the catalog workbook. */
export const DEADLINE_KIND_LABELS: Record<string, string> = {
  once: '一次性',
  yearly: '每年',
  quarterly: '每季度',
  monthly: '每月',
  semester: '每学期',
  ongoing: '长期',
  relative: '相对日期',
  unknown: '未注明/未识别',
};

/** The years a list covers, and how that was told; an absent bound is open. */
export interface CatalogYears {
  first?: number;
  last?: number;
  /** Chinese: 按各年度进度安排, 按标题中的年份, 按印发日期. */
  basis: string;
}

/**
 * The years a list covers: the years of its 进度安排 when it plans by year; else the span or the one
 * year its title names (（2018-2020年）, 2019年扶贫工作要点); else from the year it was issued, with
 * no end. A report for a period outside these years is refused rather than given an invented
 * "2021年工作计划".
 */
export function catalogYears(catalog: Catalog): CatalogYears {
  const planYears = catalog.tasks.flatMap((t) => Object.keys(t.plans).map(Number)).filter((y) => y >= 1990 && y <= 2100);
  if (planYears.length) return { first: Math.min(...planYears), last: Math.max(...planYears), basis: '按各年度进度安排' };
  const title = catalog.source.title.normalize('NFKC');
  const span = /((?:19|20)\d{2})\s*年?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年/.exec(title);
  if (span) return { first: Number(span[1]), last: Number(span[2]), basis: '按标题中的年份' };
  const one = /((?:19|20)\d{2})\s*年(?:度)?/.exec(title);
  if (one) return { first: Number(one[1]), last: Number(one[1]), basis: '按标题中的年份' };
  const issued = /^(\d{4})-/.exec(catalog.source.date)?.[1];
  return issued ? { first: Number(issued), basis: '按印发日期' } : { basis: '清单未注明年份' };
}

/** Why a year is outside the list's years, in Chinese; undefined when it is inside. */
export function yearOutsideCatalog(catalog: Catalog, year: number): string | undefined {
  const y = catalogYears(catalog);
  if ((y.first === undefined || year >= y.first) && (y.last === undefined || year <= y.last)) return undefined;
  const span =
    y.first !== undefined && y.last !== undefined ? (y.first === y.last ? `${y.first}年` : `${y.first}—${y.last}年`) : `${y.first}年起`;
  return `任务清单《${catalog.source.title || '未命名'}》的年度范围是${span}（${y.basis}），不含${year}年`;
}
