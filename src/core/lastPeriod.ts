/**
 * Last period in the new form: what a unit reported last period, task by task, for the new
 * period's template to show beside each task (and, when the clerk asks, to start the progress cell
 * from). It comes from the previous period's 汇总 (the unit's rows in it) or from the unit's own
 * return of that period. Pure.
 */
import { assignedTasks } from './assignment';
import type { Catalog } from './catalog';
import { progressSaysDone } from './checks';
import { readConsolidation } from './consolidationReader';
import { ConsolidationFormatError, DATA_SHEET, type ConsolidationRecord } from './consolidationRecord';
import type { ProgressEntry } from './copiedProgress';
import { matchRows, resolveReturnUnit } from './matching';
import { parsePeriod, periodLabel, type Period } from './period';
import { META_SHEET, type ReadReturn } from './report';
import { readReturn } from './returnReader';
import type { WorkbookData } from './workbook';

export interface LastPeriod {
  period: string;
  label: string;
  unit: string;
  /** Task id → the unit's status and progress that period (tasks it did not report are absent). */
  byTask: Map<string, ProgressEntry>;
  /** Where it came from: the period's 汇总, or the unit's own return. */
  source: 'consolidation' | 'return';
}

function earlier(code: string, period: Period): Period {
  const p = parsePeriod(code);
  if (!p) throw new Error(`上期报表的报告期“${code}”无法识别`);
  if (p.code === period.code) throw new Error(`所选的上期文件也是${periodLabel(period)}的：请选择上一报告期的汇总表或本单位上期报表`);
  if (p.start >= period.start)
    throw new Error(`所选的上期文件是${periodLabel(p)}的，不早于${periodLabel(period)}：请选择上一报告期的汇总表或本单位上期报表`);
  return p;
}

/** The unit's rows in a previous period's consolidation record. */
export function lastPeriodFromRecord(record: ConsolidationRecord, unit: string, period: Period): LastPeriod {
  const p = earlier(record.period, period);
  const byTask = new Map<string, ProgressEntry>();
  const rows = record.rows.filter((r) => r.unit === unit && r.kind === 'reported' && r.taskId);
  for (const r of [...rows.filter((x) => !x.codes.includes('DUPLICATE_ROW')), ...rows.filter((x) => x.codes.includes('DUPLICATE_ROW'))]) {
    if (!byTask.has(r.taskId)) byTask.set(r.taskId, { status: r.status, progress: r.progress });
  }
  if (!record.units.some((u) => u.unit === unit)) throw new Error(`所选的${p.code}汇总表中没有${unit}`);
  return { period: p.code, label: periodLabel(p), unit, byTask, source: 'consolidation' };
}

/** The unit's own return of an earlier period, its rows matched to the catalog's tasks as the checks match them. */
export function lastPeriodFromReturn(report: ReadReturn, catalog: Catalog, unit: string, period: Period): LastPeriod {
  const code = report.meta.period ?? (report.year && report.year < period.year ? String(report.year) : '');
  if (!code) throw new Error('所选报表未注明报告期（不是进度通生成的填报表）：请选择上期的汇总表');
  const p = earlier(code, period);
  const theirs = resolveReturnUnit(report.unitText, report.meta, catalog, report.titleText).unit;
  if (theirs && theirs !== unit) throw new Error(`所选报表是${theirs}的，不是${unit}的`);
  const byTask = new Map<string, ProgressEntry>();
  const hasStatus = report.columns.status !== undefined;
  for (const m of matchRows(report.rows, assignedTasks(catalog, unit, { includePartners: true }), catalog.tasks)) {
    if (!m.task || m.ambiguous || m.duplicateOf !== undefined || byTask.has(m.task.id)) continue;
    const progress = m.row.values.progress ?? '';
    const status = (m.row.values.status ?? '').trim() || (!hasStatus && progressSaysDone(progress) ? '已完成' : '');
    if (progress || status) byTask.set(m.task.id, { status, progress });
  }
  return { period: p.code, label: periodLabel(p), unit, byTask, source: 'return' };
}

/**
 * What `unit` reported the period before `period`, from a workbook that is either that period's
 * 汇总 or the unit's own return; an Error in Chinese when it is neither, or of the wrong period or unit.
 */
export function lastPeriodOf(book: WorkbookData, catalog: Catalog, unit: string, period: Period, file = ''): LastPeriod {
  const isTemplate = book.sheets.some((s) => s.name === META_SHEET) && !book.sheets.some((s) => s.name === DATA_SHEET);
  if (!isTemplate) {
    // A 汇总 (with its data sheet, or an earlier version's), else perhaps a hand-made return.
    let record: ConsolidationRecord | null = null;
    try {
      record = readConsolidation(book, file);
    } catch (e) {
      if (!(e instanceof ConsolidationFormatError) || book.sheets.some((s) => s.name === DATA_SHEET)) throw e;
    }
    if (record) return lastPeriodFromRecord(record, unit, period);
  }
  const read = readReturn(book, file);
  if (!read.ok) throw new Error(`“${file.replace(/^.*[\\/]/, '') || '所选文件'}”既不是汇总表，也不是进度情况表`);
  return lastPeriodFromReturn(read.report, catalog, unit, period);
}
