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
