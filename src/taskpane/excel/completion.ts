/**
 * 完成情况: completion by unit for the consolidation's chart, counted from the 汇总 sheet the
 * engine wrote (one row per task of each unit, 状态 as reported).
 */
import { UNIT_STATUS_LABELS, type Consolidation } from '../../core/consolidation';
import { cellText, type CellValue, type SheetSpec } from '../../core/workbook';
import type { ChartSpec } from '../../office/excel';

export const COMPLETION_SHEET = '完成情况';

export function completionSheet(result: Consolidation): { sheet: SheetSpec; chart: ChartSpec } {
  const summary = result.workbook.sheets[0];
  const head = (summary.rows[0] ?? []).map(cellText);
  const unitCol = head.indexOf('填报单位');
  const statusCol = head.indexOf('状态');
  const counts = new Map<string, { total: number; done: number }>();
  for (const row of summary.rows.slice(1)) {
    const unit = cellText(row[unitCol]);
    if (!unit) continue;
    const c = counts.get(unit) ?? { total: 0, done: 0 };
    c.total++;
    if (cellText(row[statusCol]) === '已完成') c.done++;
    counts.set(unit, c);
  }
  const rows: CellValue[][] = [['填报单位', '完成率', '已完成', '任务数', '报送情况']];
  for (const u of result.summary.units) {
    const c = counts.get(u.unit) ?? { total: 0, done: 0 };
    rows.push([u.unit, c.total ? Math.round((c.done / c.total) * 1000) / 1000 : 0, c.done, c.total, UNIT_STATUS_LABELS[u.status]]);
  }
  const n = rows.length - 1;
  const sheet: SheetSpec = {
    name: COMPLETION_SHEET,
    rows,
    rowStyles: { 0: { bold: true, fill: 'header', border: true, align: 'center' } },
    columns: [{ width: 28 }, { width: 10, numFmt: '0%' }, { width: 8 }, { width: 8 }, { width: 10 }],
    freeze: { rows: 1, columns: 0 },
  };
  const chart: ChartSpec = {
    sheet: COMPLETION_SHEET,
    range: `A1:B${n + 1}`,
    title: '各单位任务完成率',
    position: ['G2', `O${Math.max(22, Math.ceil(n * 1.1) + 3)}`],
  };
  return { sheet, chart };
}
