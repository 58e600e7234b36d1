/**
 * Re-filling a template (重新生成填报表): after the catalog changed, the unit's new template is
 * built as usual and what the clerk had already typed in the old sheet is carried into it, task by
 * task (matched by 任务编号, or by the exact 项目名称 where a row has no id): 工作进展及存在问题,
 * 备注, 状态, and the 填报人 / 联系电话 / 填报日期 footer. Tasks no longer assigned are handed back
 * with what was typed for them, so that the pane can show it rather than drop it. Pure.
 */
import { normaliseForMatch } from './matching';
import { periodLabel, type Period } from './period';
import { META_SHEET, type ReadReturn, type ReportField, type ReturnRow } from './report';
import { readReturn } from './returnReader';
import { excelSerial, fitReport, reportRows, TEMPLATE_COLUMNS, TEMPLATE_FOOTER } from './template';
import { normalizeUnitName } from './units';
import { cellText, parseAddress, type CellValue, type SheetData, type WorkbookData, type WorkbookSpec } from './workbook';

/** The fields a clerk types into a task row. */
export const CLERK_FIELDS = ['progress', 'remark', 'status'] as const;
type ClerkField = (typeof CLERK_FIELDS)[number];

/** The fields that come from the catalog: a change in one of them makes the task "updated". */
const CATALOG_FIELDS: ReadonlyArray<ReportField> = ['leader', 'title', 'plan', 'deadline'];

export interface RemovedTask {
  id: string;
  title: string;
  /** What the clerk had typed for the task (empty fields left out). */
  typed: Partial<Record<ClerkField, string>>;
}

export interface RefillChanges {
  /** Ids of tasks new to the sheet. */
  added: string[];
  /** Tasks in the old sheet that the unit no longer reports, with what was typed for them. */
  removed: RemovedTask[];
  /** Ids of tasks whose catalog text (title, plan, leader, deadline) changed. */
  updated: string[];
  /** Rows whose typed values were carried over. */
  kept: number;
  /** Whether the footer (填报人, 联系电话, 填报日期) was carried over. */
  footerKept: boolean;
}

export interface RefillResult {
  spec: WorkbookSpec;
  changes: RefillChanges;
}

const COLUMN: Record<ClerkField, number> = {
  progress: TEMPLATE_COLUMNS.progress,
  remark: TEMPLATE_COLUMNS.remark,
  status: TEMPLATE_COLUMNS.status,
};

/**
 * The value the reader read as `text`, as the cell holds it (a number stays a number, text keeps
 * its spaces); the text itself when the cell holds more (a label with its value: 填报人：张三).
 */
function rawValue(sheet: SheetData | undefined, address: string | undefined, text: string): CellValue {
  const at = address ? parseAddress(address) : null;
  const v = at && sheet ? sheet.rows[at.row]?.[at.column] : undefined;
  if (v !== undefined && v !== null && cellText(v) !== '' && (typeof v !== 'string' || cellText(v) === text)) return v;
  return text === '' ? null : text;
}

function typedValues(row: ReturnRow): Partial<Record<ClerkField, string>> {
  const out: Partial<Record<ClerkField, string>> = {};
  for (const f of CLERK_FIELDS) if (row.values[f]) out[f] = row.values[f];
  return out;
}

function typedCount(row: ReturnRow): number {
  return CLERK_FIELDS.filter((f) => row.values[f]).length;
}

/** What a row of work beyond the list (新增工作) holds: all its cells are the clerk's. */
const ADDED_WORK_FIELDS = ['seq', 'leader', 'title', 'plan', 'progress', 'remark', 'status'] as const;

function hasAddedWork(row: ReturnRow): boolean {
  return ADDED_WORK_FIELDS.some((f) => cellText(row.values[f]) !== '');
}

/** 0-based rows of the template's blank table rows (no 序号, no 任务编号), in order. */
function blankRows(rows: CellValue[][], first: number, lastTable: number): number[] {
  const out: number[] = [];
  for (let r = first; r <= lastTable; r++) {
    if (typeof rows[r][TEMPLATE_COLUMNS.seq] !== 'number' && !cellText(rows[r][TEMPLATE_COLUMNS.taskId])) out.push(r);
  }
  return out;
}

/**
 * The new template spec with the old sheet's typed values in it. `previous` is the old report as
 * the return reader read it; `sheet` its cells, when at hand, so that numbers and dates keep their
 * type (a 填报日期 typed as a date stays a date). Rows of work beyond the list go into the new
 * template's blank rows; `rebuild` makes the template again with more blank rows when there are
 * more such rows than it has (without it, the ones that do not fit are handed back as removed).
 */
export function refillTemplate(
  spec: WorkbookSpec,
  previous: ReadReturn,
  sheet?: SheetData,
  rebuild?: (blankRows: number) => WorkbookSpec,
): RefillResult {
  const C = TEMPLATE_COLUMNS;

  // Old rows by task id; of two rows with one id, the one with more typed in it.
  const byId = new Map<string, ReturnRow>();
  const noId: ReturnRow[] = [];
  for (const row of previous.rows) {
    const id = cellText(row.values.taskId);
    if (!id) {
      noId.push(row);
      continue;
    }
    const seen = byId.get(id);
    if (!seen || typedCount(row) > typedCount(seen)) byId.set(id, row);
  }
  const used = new Set<ReturnRow>();

  // Rows with no id that no new task takes by its title are work beyond the list: they get blank rows.
  const taskTitles = new Set(
    spec.sheets[0].rows
      .filter((r) => typeof r[C.seq] === 'number' && cellText(r[C.taskId]))
      .map((r) => normaliseForMatch(cellText(r[C.title]))),
  );
  const addedWork = noId.filter((o) => hasAddedWork(o) && !taskTitles.has(normaliseForMatch(o.values.title ?? '')));
  let base = spec;
  const { first: firstRow, lastTable: lastTableRow } = reportRows(spec.sheets[0]);
  if (rebuild && addedWork.length >= blankRows(spec.sheets[0].rows, firstRow, lastTableRow).length) base = rebuild(addedWork.length + 1);
  const report = base.sheets[0];
  const rows = report.rows.map((r) => [...r]);
  const { first, lastTable, footer } = reportRows(report);

  const added: string[] = [];
  const updated: string[] = [];
  let kept = 0;
  for (let r = first; r <= lastTable; r++) {
    const row = rows[r];
    const id = cellText(row[C.taskId]);
    if (typeof row[C.seq] !== 'number' || !id) continue;
    let old = byId.get(id);
    if (!old) {
      const title = normaliseForMatch(cellText(row[C.title]));
      old = noId.find((o) => !used.has(o) && title && normaliseForMatch(o.values.title ?? '') === title);
    }
    if (!old) {
      added.push(id);
      continue;
    }
    used.add(old);
    if (typedCount(old) > 0) kept++;
    for (const f of CLERK_FIELDS) {
      const v = rawValue(sheet, old.cells[f], old.values[f] ?? '');
      if (v !== null) row[COLUMN[f]] = v;
    }
    // A leader the clerk wrote where the list names none is the clerk's, and stays.
    const typedLeader = !cellText(row[C.leader]) && cellText(old.values.leader) !== '';
    if (typedLeader) row[C.leader] = rawValue(sheet, old.cells.leader, old.values.leader ?? '');
    const changed = CATALOG_FIELDS.some((f) => {
      if (old.values[f] === undefined || (f === 'leader' && typedLeader)) return false;
      const now = cellText(row[C[f as keyof typeof C]]);
      return normaliseForMatch(old.values[f] ?? '') !== normaliseForMatch(now);
    });
    if (changed) updated.push(id);
  }

  // Work beyond the list, into the blank rows in order.
  const blanks = blankRows(rows, first, lastTable);
  addedWork.forEach((old, i) => {
    const r = blanks[i];
    if (r === undefined) return;
    used.add(old);
    kept++;
    for (const f of ADDED_WORK_FIELDS) {
      const v = rawValue(sheet, old.cells[f], old.values[f] ?? '');
      if (v !== null) rows[r][C[f]] = v;
    }
  });

  const removed: RemovedTask[] = [];
  for (const [id, row] of byId) if (!used.has(row)) removed.push({ id, title: row.values.title ?? '', typed: typedValues(row) });
  for (const row of noId) {
    if (used.has(row) || !typedCount(row)) continue;
    removed.push({ id: '', title: row.values.title ?? `第${row.row}行`, typed: typedValues(row) });
  }

  // The footer: 填报人, 联系电话, 填报日期 (a date as a serial, shown yyyy-mm-dd).
  const F = TEMPLATE_FOOTER;
  const f = rows[footer];
  const reporter = rawValue(sheet, previous.reporterCell, previous.reporter);
  const phone = rawValue(sheet, previous.phoneCell, previous.phone);
  // The date cell as typed (a date serial, or text such as 2019年6月20日), unless it is the label itself.
  const at = previous.filledDateCell ? parseAddress(previous.filledDateCell) : null;
  const typed = at && sheet ? sheet.rows[at.row]?.[at.column] : undefined;
  let date: CellValue = null;
  if (typeof typed === 'number') date = typed;
  else if (typeof typed === 'string' && cellText(typed) && !/^(?:填报|填表|报送)?(?:日期|时间)/.test(cellText(typed))) date = typed;
  else if (previous.filledDate) date = excelSerial(previous.filledDate);
  if (reporter !== null) f[F.reporter] = reporter;
  if (phone !== null) f[F.phone] = typeof phone === 'number' ? String(phone) : phone;
  if (date !== null) f[F.date] = date;
  const footerKept = reporter !== null || phone !== null || date !== null;

  return {
    // Rows fitted again to what they hold now, and the page break placed again.
    spec: { ...base, sheets: [fitReport({ ...report, rows }), ...base.sheets.slice(1)] },
    changes: { added, removed, updated, kept, footerKept },
  };
}

/** 新增 2 项、删除 1 项、更新 3 项 (what changed, for the pane's message). */
export function describeChanges(c: RefillChanges): string {
  return `新增 ${c.added.length} 项、删除 ${c.removed.length} 项、更新 ${c.updated.length} 项`;
}

/** What 生成填报表 does to a workbook: write a new report, re-fill the unit's report of the period, or refuse. */
export type TemplatePlan =
  | { kind: 'new'; spec: WorkbookSpec }
  | { kind: 'refill'; spec: WorkbookSpec; changes: RefillChanges; previousSheet: string }
  | { kind: 'conflict'; message: string };

/**
 * Decides what writing `spec` (the unit's template for the period) into the open workbook `book`
 * means. The report already there for the same period is re-filled when it is the same unit's, and
 * never overwritten when it is another unit's; any other sheet of the report's name that holds
 * something is never overwritten either.
 */
export function planTemplate(
  book: WorkbookData,
  spec: WorkbookSpec,
  unit: string,
  period: Period,
  /** The same template with more blank rows, for a re-fill that carries more rows of added work than `spec` has room for. */
  rebuild?: (blankRows: number) => WorkbookSpec,
): TemplatePlan {
  const target = spec.sheets[0].name;
  const read = readReturn(book);
  const previous = read.ok ? read.report : null;
  if (previous) {
    const samePeriod = previous.meta.period ? previous.meta.period === period.code : previous.sheet === target;
    if (samePeriod) {
      const prevUnit = previous.meta.unit || previous.unitText;
      if (prevUnit && normalizeUnitName(prevUnit) !== normalizeUnitName(unit)) {
        return {
          kind: 'conflict',
          message: `本工作簿的“${previous.sheet}”工作表是${prevUnit}的${periodLabel(period)}填报表，不能改为${unit}的。请新建一个工作簿，再为${unit}生成填报表。`,
        };
      }
      const sheet = book.sheets.find((s) => s.name === previous.sheet);
      const { spec: filled, changes } = refillTemplate(spec, previous, sheet, rebuild);
      return { kind: 'refill', spec: filled, changes, previousSheet: previous.sheet };
    }
  }
  const clash = book.sheets.find((s) => s.name === target && s.name !== META_SHEET);
  if (clash && clash.rows.some((r) => r.some((v) => cellText(v) !== ''))) {
    return {
      kind: 'conflict',
      message: `本工作簿中已有名为“${target}”的工作表，且不是${unit}的填报表。为免覆盖其内容，请先将其改名或删除，再生成填报表。`,
    };
  }
  return { kind: 'new', spec };
}
