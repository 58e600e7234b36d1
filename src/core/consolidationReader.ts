/**
 * Reading a 汇总 workbook back as its consolidation record: from its data sheet (jindu_data), or,
 * for a 汇总 written before the product kept one, from its visible 汇总 and 报送情况 sheets as that
 * version laid them out (header 填报单位 … 任务编号; 报送情况 with 按时 / 逾期 / 未报). Anything else is
 * refused with a Chinese message saying what is missing. Pure.
 */
import { UNIT_STATUS_LABELS, type UnitStatus } from './consolidation';
import {
  ConsolidationFormatError,
  DATA_SHEET,
  readRecordSheet,
  type ConsolidationRecord,
  type RecordRow,
  type RecordUnit,
} from './consolidationRecord';
import { parsePeriod, periodLabel, type Period } from './period';
import { META_SHEET } from './report';
import { cellText, type CellValue, type SheetData, type WorkbookData } from './workbook';

/** Rows searched for a header, as the return reader does. */
const HEADER_SCAN_ROWS = 30;

function headerRow(sheet: SheetData, needed: readonly string[]): { row: number; at: Map<string, number> } | null {
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, sheet.rows.length); r++) {
    const at = new Map<string, number>();
    sheet.rows[r].forEach((v, i) => {
      const t = cellText(v).replace(/\s+/g, '');
      if (t && !at.has(t)) at.set(t, i);
    });
    if (needed.every((h) => at.has(h))) return { row: r, at };
  }
  return null;
}

const SUMMARY_NEEDED = ['填报单位', '项目名称', '工作进展及存在问题', '状态', '任务编号'] as const;
const SUBMISSION_NEEDED = ['填报单位', '报送情况'] as const;

const STATUS_OF_LABEL = new Map<string, UnitStatus>(
  (Object.entries(UNIT_STATUS_LABELS) as Array<[UnitStatus, string]>).map(([status, label]) => [label, status]),
);

/** The period of an earlier 汇总: its title (2019年第二季度脱贫攻坚工作进度汇总), else its file name (汇总-2019Q2.xlsx). */
function periodOf(book: WorkbookData, file: string): Period | null {
  const title = (book.title ?? '').replace(/\s+/g, '');
  const m = /^(.+?)(?:脱贫攻坚)?(?:工作)?进度汇总/.exec(title);
  const fromTitle = m ? parsePeriod(m[1]) : null;
  if (fromTitle) return fromTitle;
  const base = file.replace(/^.*[\\/]/, '');
  const code = /(\d{4})(Q[1-4]|H[12]|M\d{1,2})(?!\d)/i.exec(base);
  return code ? parsePeriod(code[1] + code[2]) : null;
}

function text(row: CellValue[], at: Map<string, number>, header: string): string {
  const i = at.get(header);
  return i === undefined ? '' : cellText(row[i]);
}

function readVisible(book: WorkbookData, file: string): ConsolidationRecord {
  const name = file.replace(/^.*[\\/]/, '') || '此文件';
  const visible = book.sheets.filter((s) => s.state === 'visible');
  const summary = visible.map((s) => ({ s, h: headerRow(s, SUMMARY_NEEDED) })).find((x) => x.h);
  if (!summary?.h) {
    if (book.sheets.some((s) => s.name === META_SHEET)) {
      throw new ConsolidationFormatError(`“${name}”是单位填报的进度情况表，不是汇总表：请选择“jindu merge”或“汇总”页生成的汇总表`);
    }
    throw new ConsolidationFormatError(
      `“${name}”不是进度通的汇总表：没有数据表 ${DATA_SHEET}，也找不到含“${SUMMARY_NEEDED.join('”“')}”列的汇总工作表`,
    );
  }
  const period = periodOf(book, name);
  if (!period) {
    throw new ConsolidationFormatError(
      `“${name}”是较早版本进度通的汇总表，但无法确定其报告期：请把文件名改为含报告期的名称（如 汇总-2019Q2.xlsx）后再试`,
    );
  }
  const { s, h } = summary;
  const rows: RecordRow[] = [];
  for (const row of s.rows.slice(h.row + 1)) {
    const unit = text(row, h.at, '填报单位');
    if (!unit) continue;
    const source = text(row, h.at, '来源');
    const problem = text(row, h.at, '问题');
    const kind = source ? 'reported' : /未报送/.test(problem) ? 'not-submitted' : /缺报任务/.test(problem) ? 'missing-task' : 'reported';
    // 来源 is "file / sheet / cell".
    const [srcFile = '', srcSheet = ''] = source.split(' / ');
    const cell = /(\d+)$/.exec(source)?.[1];
    rows.push({
      unit,
      taskId: text(row, h.at, '任务编号'),
      title: text(row, h.at, '项目名称'),
      status: text(row, h.at, '状态'),
      progress: text(row, h.at, '工作进展及存在问题'),
      kind,
      file: srcFile,
      sheet: srcSheet,
      row: cell ? Number(cell) : null,
      codes: [],
    });
  }

  // Units and their submission from 报送情况 (its first table, up to the first blank row).
  const units = new Map<string, RecordUnit>();
  const versions = new Map<string, number>();
  let dueDate = '';
  const sub = visible.map((x) => ({ x, h: headerRow(x, SUBMISSION_NEEDED) })).find((y) => y.h);
  if (sub?.h) {
    for (const row of sub.x.rows.slice(sub.h.row + 1)) {
      const first = cellText(row[0]);
      const due = /报送截止日期[:：]\s*(\d{4}-\d{2}-\d{2})/.exec(first);
      if (due) dueDate = due[1];
      const unit = text(row, sub.h.at, '填报单位');
      const status = STATUS_OF_LABEL.get(text(row, sub.h.at, '报送情况'));
      if (!unit || !status || units.has(unit)) continue;
      units.set(unit, {
        unit,
        status,
        submittedAt: text(row, sub.h.at, '报送时间') || null,
        file: text(row, sub.h.at, '文件') || null,
      });
      const v = text(row, sub.h.at, '清单版本');
      if (v) versions.set(v, (versions.get(v) ?? 0) + 1);
    }
  }
  // A unit of the 汇总 that 报送情况 does not list (or no 报送情况 at all): told from its rows.
  for (const r of rows) {
    if (units.has(r.unit)) continue;
    units.set(r.unit, {
      unit: r.unit,
      status: r.kind === 'not-submitted' ? 'missing' : 'on-time',
      submittedAt: null,
      file: r.file || null,
    });
  }
  const catalogVersion = [...versions].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return {
    period: period.code,
    periodLabel: periodLabel(period),
    catalogVersion,
    catalogTitle: '',
    asOf: '',
    dueDate,
    units: [...units.values()],
    rows,
    source: 'visible',
  };
}

/**
 * The record of a 汇总 workbook (`file` is only used in messages and, for an earlier version's 汇总,
 * to find the period in its name). Throws ConsolidationFormatError with a Chinese message.
 */
export function readConsolidation(book: WorkbookData, file = ''): ConsolidationRecord {
  const data = book.sheets.find((s) => s.name === DATA_SHEET);
  if (data) return readRecordSheet(data);
  return readVisible(book, file);
}

export { ConsolidationFormatError };
