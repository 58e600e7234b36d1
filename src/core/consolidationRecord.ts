/**
 * The consolidation record: what a 汇总 workbook keeps for later periods (the 台账, copied progress,
 * last period in the new form), in a very hidden sheet of its own, jindu_data, written by every
 * door with the visible sheets and independent of their layout. Documented in
 * docs/consolidation-data.md; this module writes it and reads it back. Pure.
 *
 *   A            B
 *   schema       jindu-consolidation
 *   version      1
 *   period       2019Q2
 *   …            (periodLabel, catalogVersion, catalogTitle, asOf, dueDate, generator)
 *   (blank row)
 *   unit | unitStatus | submittedAt | file | sheet | row | taskId | title | status | progress | kind | codes | reporter | phone
 *   one row per row of the 汇总 (and one of kind "unit" for a unit without any)
 *
 * Readers find the keys and the columns by name: columns and keys may be added without a new
 * version; the version goes up only when a reader of the old one would misread the new.
 */
import { assignedTasks, type AssignmentOptions } from './assignment';
import type { Catalog } from './catalog';
import type { CheckedReturn } from './checks';
import type { UnitStatus } from './consolidation';
import { ADDIN_VERSION } from './addin';
import { parsePeriod, periodLabel, type Period } from './period';
import { cellText, type CellValue, type SheetData, type SheetSpec } from './workbook';
import { rowsInTaskOrder } from './taskOrder';

export const DATA_SHEET = 'jindu_data';
export const DATA_SCHEMA = 'jindu-consolidation';
export const DATA_VERSION = 1;

/**
 * reported: a row of a unit's return; missing-task: an assigned task the return has no row for;
 * not-submitted: a task of a unit that sent nothing; unit: a unit with no row at all.
 */
export type RecordRowKind = 'reported' | 'missing-task' | 'not-submitted' | 'unit';
const KINDS: readonly RecordRowKind[] = ['reported', 'missing-task', 'not-submitted', 'unit'];
const UNIT_STATUSES: readonly UnitStatus[] = ['on-time', 'late', 'missing'];

export interface RecordUnit {
  unit: string;
  status: UnitStatus;
  /** The winning return's 填报日期 (or saved time), as in the summary JSON. */
  submittedAt: string | null;
  file: string | null;
  /** 填报人 and 联系电话 of the unit's latest return in the merge (any of its files), when it had one. */
  reporter?: string;
  phone?: string;
}

export interface RecordRow {
  unit: string;
  /** Empty for a row that matched no task of the list. */
  taskId: string;
  /** The task's 项目名称 in the list (the row's own text when it matched no task). */
  title: string;
  /** 已完成 / 推进中 / 未启动 as written (or inferred from the text when the return has no 状态 column). */
  status: string;
  progress: string;
  kind: RecordRowKind;
  /** Where the row came from in the return; empty for rows written from the catalog. */
  file: string;
  sheet: string;
  row: number | null;
  /** Finding codes of the row (COPIED_PROGRESS, EXTRA_TASK, DUPLICATE_ROW…). */
  codes: string[];
}

export interface ConsolidationRecord {
  period: string;
  periodLabel: string;
  catalogVersion: string;
  catalogTitle: string;
  asOf: string;
  dueDate: string;
  units: RecordUnit[];
  rows: RecordRow[];
  /** Where a read record came from: its data sheet, or the visible sheets of a 汇总 of an earlier version. */
  source: 'data' | 'visible';
}

/** What the record says of a unit's return as a whole; the record's rows carry it on each of theirs. */
export type RecordUnitCells = Pick<RecordUnit, 'status' | 'submittedAt' | 'reporter' | 'phone'>;

/** What the record's head names: the consolidation's period, list and dates. */
export type RecordHead = Omit<ConsolidationRecord, 'units' | 'rows' | 'source'>;

export function recordHead(options: { catalog: Catalog; period: Period; asOf: string; dueDate: string }): RecordHead {
  const { catalog, period } = options;
  return {
    period: period.code,
    periodLabel: periodLabel(period),
    catalogVersion: catalog.version,
    catalogTitle: catalog.source.title,
    asOf: options.asOf,
    dueDate: options.dueDate,
  };
}

/**
 * The record's rows of one unit, row for row as its rows of the 汇总 sheet: its winning return's
 * rows in the catalog's task order and a row per assigned task the return lacks; a row per assigned
 * task when it sent nothing (status missing); one row of kind "unit" when it has none of these.
 * `checked` is the unit's winning return, whose key is `unit.file`.
 */
export function unitRecordRows(
  options: AssignmentOptions & { catalog: Catalog },
  unit: { unit: string; status: UnitStatus; file: string | null },
  checked: CheckedReturn | undefined,
): RecordRow[] {
  const { catalog } = options;
  const rows: RecordRow[] = [];
  const fromCatalog = (id: string, title: string, kind: RecordRowKind, file = ''): RecordRow => ({
    unit: unit.unit,
    taskId: id,
    title,
    status: '',
    progress: '',
    kind,
    file,
    sheet: '',
    row: null,
    codes: [],
  });
  if (checked && unit.file) {
    const file = unit.file;
    for (const r of rowsInTaskOrder(checked, catalog)) {
      const v = r.row.values;
      rows.push({
        unit: unit.unit,
        taskId: r.task?.id ?? '',
        title: r.task?.title || v.title || '',
        status: r.status,
        progress: v.progress ?? '',
        kind: 'reported',
        file,
        sheet: checked.report.sheet,
        row: r.row.row,
        codes: [...new Set(r.findings.map((f) => f.code))],
      });
    }
    for (const t of checked.missing) rows.push(fromCatalog(t.id, t.title, 'missing-task', file));
  } else if (unit.status === 'missing') {
    for (const t of assignedTasks(catalog, unit.unit, options)) rows.push(fromCatalog(t.id, t.title, 'not-submitted'));
  }
  if (!rows.length) rows.push(fromCatalog('', '', 'unit', unit.file ?? ''));
  return rows;
}

const COLUMNS = [
  'unit',
  'unitStatus',
  'submittedAt',
  'file',
  'sheet',
  'row',
  'taskId',
  'title',
  'status',
  'progress',
  'kind',
  'codes',
  'reporter',
  'phone',
] as const;
type Column = (typeof COLUMNS)[number];

/** One row of the data sheet: the record's row, with its unit's status and submission. */
export function recordRowCells(r: RecordRow, u: RecordUnitCells | undefined): CellValue[] {
  const byColumn: Record<Column, CellValue> = {
    unit: r.unit,
    unitStatus: u?.status ?? '',
    submittedAt: u?.submittedAt ?? '',
    file: r.file,
    sheet: r.sheet,
    row: r.row,
    taskId: r.taskId,
    title: r.title,
    status: r.status,
    progress: r.progress,
    kind: r.kind,
    codes: r.codes.join(','),
    reporter: u?.reporter ?? '',
    phone: u?.phone ?? '',
  };
  // An empty value is an empty cell, not an empty string (scripts read it as None / null).
  return COLUMNS.map((c) => (byColumn[c] === '' ? null : byColumn[c]));
}

/** Data-sheet rows made before the unit's contact was known (the CLI's first pass), with it. */
export function withUnitContact(rows: CellValue[][], u: Pick<RecordUnit, 'reporter' | 'phone'>): CellValue[][] {
  const reporter = COLUMNS.indexOf('reporter');
  const phone = COLUMNS.indexOf('phone');
  for (const cells of rows) {
    cells[reporter] = u.reporter || null;
    cells[phone] = u.phone || null;
  }
  return rows;
}

/**
 * The very hidden data sheet of a record. A writer may add the record's rows as it writes the
 * sheet (the CLI's merge does, from each winning return in turn): the sheet of a record without
 * rows is the head they follow.
 */
export function recordSheet(record: ConsolidationRecord): SheetSpec {
  const unitOf = new Map(record.units.map((u) => [u.unit, u]));
  const keys: CellValue[][] = [
    ['schema', DATA_SCHEMA],
    ['version', DATA_VERSION],
    ['period', record.period],
    ['periodLabel', record.periodLabel],
    ['catalogVersion', record.catalogVersion],
    ['catalogTitle', record.catalogTitle],
    ['asOf', record.asOf],
    ['dueDate', record.dueDate],
    ['generator', `进度通 ${ADDIN_VERSION}`],
  ];
  const rows: CellValue[][] = record.rows.map((r) => recordRowCells(r, unitOf.get(r.unit)));
  return {
    name: DATA_SHEET,
    state: 'veryHidden',
    rows: [...keys, [], [...COLUMNS], ...rows],
    columns: COLUMNS.map((c) => ({ width: c === 'progress' || c === 'title' ? 40 : 14 })),
  };
}

function labelOf(code: string): string {
  const p = parsePeriod(code);
  return p ? periodLabel(p) : code;
}

export class ConsolidationFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConsolidationFormatError';
  }
}

/** The record in a data sheet; throws ConsolidationFormatError (Chinese) when the sheet is not one this version reads. */
export function readRecordSheet(sheet: SheetData): ConsolidationRecord {
  const keys = new Map<string, string>();
  let header = -1;
  for (let r = 0; r < sheet.rows.length; r++) {
    const k = cellText(sheet.rows[r][0]);
    if (k === 'unit') {
      header = r;
      break;
    }
    if (k) keys.set(k, cellText(sheet.rows[r][1]));
  }
  if (keys.get('schema') !== DATA_SCHEMA) throw new ConsolidationFormatError(`数据表 ${DATA_SHEET} 不是进度通的汇总数据`);
  const version = Number(keys.get('version'));
  if (!Number.isInteger(version) || version < 1) throw new ConsolidationFormatError(`数据表 ${DATA_SHEET} 的格式版本无法识别`);
  if (version > DATA_VERSION) {
    throw new ConsolidationFormatError(
      `此汇总表由较新版本的进度通生成（数据格式第 ${version} 版，本版本只读到第 ${DATA_VERSION} 版），请升级进度通后再读取`,
    );
  }
  if (header < 0) throw new ConsolidationFormatError(`数据表 ${DATA_SHEET} 缺少数据行的表头`);
  const at = new Map(sheet.rows[header].map((v, i) => [cellText(v), i]));
  for (const c of ['unit', 'taskId', 'status', 'progress', 'kind'] as const) {
    if (!at.has(c)) throw new ConsolidationFormatError(`数据表 ${DATA_SHEET} 缺少“${c}”列`);
  }
  const get = (row: CellValue[], c: Column): string => {
    const i = at.get(c);
    return i === undefined ? '' : cellText(row[i]);
  };
  const units = new Map<string, RecordUnit>();
  const rows: RecordRow[] = [];
  for (const row of sheet.rows.slice(header + 1)) {
    const unit = get(row, 'unit');
    if (!unit) continue;
    const kind = get(row, 'kind') as RecordRowKind;
    const status = get(row, 'unitStatus') as UnitStatus;
    if (!units.has(unit)) {
      const reporter = get(row, 'reporter');
      const phone = get(row, 'phone');
      units.set(unit, {
        unit,
        status: UNIT_STATUSES.includes(status) ? status : kind === 'not-submitted' ? 'missing' : 'on-time',
        submittedAt: get(row, 'submittedAt') || null,
        file: get(row, 'file') || null,
        ...(reporter || phone ? { reporter, phone } : {}),
      });
    }
    if (kind === 'unit') continue;
    const n = Number(get(row, 'row'));
    rows.push({
      unit,
      taskId: get(row, 'taskId'),
      title: get(row, 'title'),
      status: get(row, 'status'),
      progress: get(row, 'progress'),
      kind: KINDS.includes(kind) ? kind : 'reported',
      file: get(row, 'file'),
      sheet: get(row, 'sheet'),
      row: Number.isInteger(n) && n > 0 ? n : null,
      codes: get(row, 'codes').split(',').filter(Boolean),
    });
  }
  const period = keys.get('period') ?? '';
  if (!period) throw new ConsolidationFormatError(`数据表 ${DATA_SHEET} 未记录报告期`);
  return {
    period,
    periodLabel: keys.get('periodLabel') || labelOf(period),
    catalogVersion: keys.get('catalogVersion') ?? '',
    catalogTitle: keys.get('catalogTitle') ?? '',
    asOf: keys.get('asOf') ?? '',
    dueDate: keys.get('dueDate') ?? '',
    units: [...units.values()],
    rows,
    source: 'data',
  };
}
