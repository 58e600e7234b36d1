/**
 * The 台账 workbook: the ledger (ledger.ts) laid out for Excel and for print. Sheets:
 *
 *   台账      one row per unit and task; per period 状态 / 工作进展 / 报送时间 under the period's name;
 *             then 状态变化, 停滞情况, 说明. Copied progress in yellow, rows not reported in the 未报 fill.
 *   状态变化  every change of status between two reports of a task, 推进 / 倒退 / 改变
 *   停滞任务  stalls: two or more periods in a row, same status, progress copied
 *   逾期未报  units late or missing in two or more periods, period by period
 *   完成情况  completion per period, with a stacked column chart of it
 *   清单变动  tasks renamed, vanished, added or given to other units between periods; the notes
 *
 * Every sheet prints as a document: A4 landscape, one page wide, title and period on top, the
 * header rows on every page, page numbers in the footer. Pure layout (a WorkbookSpec).
 */
import { lineCount, LINE_HEIGHT, MAX_ROW_HEIGHT } from './paper';
import type { BarChartSpec, CellStyle, CellValue, SheetSpec, WorkbookSpec } from './workbook';
import { cellAddress, columnLetter } from './workbook';
import type { Ledger, LedgerCell, TaskChangeKind } from './ledger';
import type { UnitStatus } from './consolidation';
import { UNIT_STATUS_LABELS } from './consolidation';

export const LEDGER_SHEETS = {
  ledger: '台账',
  transitions: '状态变化',
  stalls: '停滞任务',
  late: '逾期未报',
  completion: '完成情况',
  changes: '清单变动',
} as const;

/** 0-based rows of the 台账 sheet: title, periods line, two header rows, then data. */
export const LEDGER_FIRST_DATA_ROW = 4;
/** Columns of the 台账 sheet before the first period's group, and in each group. */
export const LEDGER_FIXED_COLUMNS = ['序号', '填报单位', '任务编号', '项目名称'] as const;
export const LEDGER_PERIOD_COLUMNS = ['状态', '工作进展', '报送时间'] as const;
export const LEDGER_TAIL_COLUMNS = ['状态变化', '停滞情况', '说明'] as const;

const HEADER: CellStyle = { bold: true, fill: 'header', wrap: true, border: true, align: 'center' };
const FOOTER = '&C第 &P 页，共 &N 页';

const CELL_LABEL: Record<Exclude<LedgerCell['kind'], 'reported'>, string> = {
  'missing-task': '缺报',
  'not-submitted': '未报送',
  unit: '—',
  absent: '—',
};

const CHANGE_LABEL: Record<TaskChangeKind, string> = { renamed: '名称改动', vanished: '已删除', added: '新增', reassigned: '责任单位改变' };
const DIRECTION_LABEL = { forward: '推进', back: '倒退', changed: '改变' } as const;

function listTitle(ledger: Ledger): string {
  return ledger.catalogTitle ? `《${ledger.catalogTitle}》` : '责任清单';
}

function periodsLine(ledger: Ledger): string {
  const ps = ledger.periods;
  const span = ps.length === 1 ? ps[0].label : `${ps[0].label}至${ps[ps.length - 1].label}`;
  return `报告期：${span}（共 ${ps.length} 期）`;
}

interface DocumentSheet {
  name: string;
  title: string;
  subtitle: string;
  /** One or two header rows. */
  head: CellValue[][];
  rows: CellValue[][];
  widths: number[];
  merges?: string[];
  cellStyles?: Record<string, CellStyle>;
  freezeColumns?: number;
  /** Printed one page wide (default), or at a scale with the first columns repeated on each page across. */
  print?: { scale: number; repeatColumns: [number, number]; columnBreaks: number[] };
}

/** Row heights that show every line of wrapped text (Excel and Calc keep a row's height as written). */
function fittedHeights(rows: CellValue[][], widths: number[], first: number): Record<number, number> {
  const heights: Record<number, number> = {};
  rows.forEach((row, i) => {
    const lines = Math.max(1, ...row.map((v, c) => (v === null || v === '' ? 1 : lineCount(String(v), widths[c] ?? 10))));
    if (lines > 1) heights[first + i] = Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4);
  });
  return heights;
}

/** A table printed as a document: title, subtitle, header rows repeated on every page, page numbers. */
function documentSheet(d: DocumentSheet, ledger: Ledger): SheetSpec {
  const width = d.widths.length;
  const last = columnLetter(width - 1);
  const h = d.head.length;
  // Left-aligned: a title centred over a sheet printed two pages across would be cut in two.
  const rowStyles: Record<number, CellStyle> = { 0: { bold: true, size: 16, align: 'left' } };
  for (let i = 0; i < h; i++) rowStyles[2 + i] = HEADER;
  d.rows.forEach((_, i) => {
    rowStyles[2 + h + i] = { border: true };
  });
  rowStyles[1] = { align: 'left', wrap: true };
  // Empty text is left out rather than written as an empty string cell.
  const rows = d.rows.map((r) => r.map((v) => (v === '' ? null : v)));
  return {
    name: d.name,
    rows: [[d.title], [d.subtitle], ...d.head, ...rows],
    rowStyles,
    cellStyles: d.cellStyles,
    columns: d.widths.map((w) => ({ width: w, wrap: true })),
    rowHeights: { ...fittedHeights([...d.head, ...rows], d.widths, 2), 0: 30, 1: 34 },
    merges: [`A1:${last}1`, `A2:${last}2`, ...(d.merges ?? [])],
    freeze: { rows: 2 + h, columns: d.freezeColumns ?? 0 },
    autoFilter: d.rows.length ? `A${2 + h}:${last}${2 + h + d.rows.length}` : undefined,
    print: {
      landscape: true,
      fitToWidth: !d.print,
      scale: d.print?.scale,
      repeatColumns: d.print?.repeatColumns,
      columnBreaks: d.print?.columnBreaks,
      repeatRows: [0, 1 + h],
      header: `&L&8${listTitle(ledger).replace(/&/g, '&&')}台账`,
      footer: FOOTER,
    },
  };
}

function unitStatusText(status: UnitStatus | null, submittedAt: string | null): string {
  if (!status) return '—';
  return status === 'late' && submittedAt ? `${UNIT_STATUS_LABELS.late}（${submittedAt.slice(0, 10)}）` : UNIT_STATUS_LABELS[status];
}

function copyNote(cell: LedgerCell): string {
  const c = cell.copy;
  if (!c?.copied) return '';
  return c.how === 'dates-only' ? '仅日期不同' : c.how === 'near' ? `基本相同（${Math.floor(c.similarity * 100)}%）` : '相同';
}

function ledgerSheet(ledger: Ledger): SheetSpec {
  const n = ledger.periods.length;
  const F = LEDGER_FIXED_COLUMNS.length;
  const G = LEDGER_PERIOD_COLUMNS.length;
  const width = F + n * G + LEDGER_TAIL_COLUMNS.length;
  const top: CellValue[] = new Array<CellValue>(width).fill(null);
  const sub: CellValue[] = new Array<CellValue>(width).fill(null);
  const merges: string[] = [];
  LEDGER_FIXED_COLUMNS.forEach((h, i) => {
    top[i] = h;
    merges.push(`${columnLetter(i)}3:${columnLetter(i)}4`);
  });
  ledger.periods.forEach((p, k) => {
    const c0 = F + k * G;
    top[c0] = p.label;
    merges.push(`${columnLetter(c0)}3:${columnLetter(c0 + G - 1)}3`);
    LEDGER_PERIOD_COLUMNS.forEach((h, j) => {
      sub[c0 + j] = h;
    });
  });
  LEDGER_TAIL_COLUMNS.forEach((h, i) => {
    const c = F + n * G + i;
    top[c] = h;
    merges.push(`${columnLetter(c)}3:${columnLetter(c)}4`);
  });

  const cellStyles: Record<string, CellStyle> = {};
  const rows: CellValue[][] = ledger.rows.map((row, i) => {
    const r = LEDGER_FIRST_DATA_ROW + i;
    const out: CellValue[] = [i + 1, row.unit, row.taskId, row.title];
    const notes: string[] = [];
    row.cells.forEach((cell, k) => {
      const c0 = F + k * G;
      if (cell.kind === 'reported') {
        out.push(cell.status, cell.progress, cell.submittedAt ? cell.submittedAt.slice(0, 10) : '');
        const copied = copyNote(cell);
        if (copied) {
          cellStyles[cellAddress(r, c0 + 1)] = { fill: 'warning' };
          notes.push(`${ledger.periods[k].label}进展与上期${copied}`);
        }
      } else {
        out.push(CELL_LABEL[cell.kind], '', cell.kind === 'missing-task' && cell.submittedAt ? cell.submittedAt.slice(0, 10) : '');
        if (cell.kind !== 'absent' && cell.kind !== 'unit') cellStyles[cellAddress(r, c0)] = { fill: 'missing', align: 'center' };
      }
    });
    const stalls = row.stalls.map(
      (s) =>
        `${ledger.periods[s.from].label}至${ledger.periods[s.to].label}“${s.status || '未标明'}”未变、进展雷同（${s.to - s.from + 1} 期）`,
    );
    if (stalls.length) cellStyles[cellAddress(r, F + n * G + 1)] = { fill: 'late' };
    const path = row.path.length > 1 ? row.path.join(' → ') : row.path.length === 1 ? `${row.path[0]}（未变）` : '';
    out.push(path, stalls.join('；'), notes.join('；'));
    return out;
  });
  const widths = [5, 14, 10, 20, ...ledger.periods.flatMap(() => [8, 30, 10]), 16, 20, 20];
  return documentSheet(
    {
      name: LEDGER_SHEETS.ledger,
      title: `${listTitle(ledger)}落实情况台账`,
      subtitle: `${periodsLine(ledger)}；黄色：进展与上期雷同；“—”：该期无此任务或不由本单位承担`,
      head: [top, sub],
      rows,
      widths,
      merges,
      cellStyles,
      freezeColumns: F,
      // More than two periods do not fit one page across legibly: then two periods a page, the unit
      // and task columns repeated on each.
      print:
        n > 2
          ? {
              scale: 60,
              repeatColumns: [0, F - 1],
              columnBreaks: Array.from({ length: Math.ceil(n / 2) - 1 }, (_, k) => F + (k + 1) * 2 * G),
            }
          : undefined,
    },
    ledger,
  );
}

function transitionsSheet(ledger: Ledger): SheetSpec {
  const rows = ledger.transitions.map((t, i) => [
    i + 1,
    t.unit,
    t.taskId,
    t.title,
    ledger.periods[t.from].label,
    ledger.periods[t.to].label,
    t.before,
    t.after,
    DIRECTION_LABEL[t.direction],
  ]);
  const cellStyles: Record<string, CellStyle> = {};
  ledger.transitions.forEach((t, i) => {
    if (t.direction === 'back') cellStyles[cellAddress(3 + i, 8)] = { fill: 'late' };
  });
  const forward = ledger.transitions.filter((t) => t.direction === 'forward').length;
  const back = ledger.transitions.filter((t) => t.direction === 'back').length;
  return documentSheet(
    {
      name: LEDGER_SHEETS.transitions,
      title: `${listTitle(ledger)}任务状态变化`,
      subtitle: `${periodsLine(ledger)}；共 ${ledger.transitions.length} 次变化：推进 ${forward} 次，倒退 ${back} 次`,
      head: [['序号', '填报单位', '任务编号', '项目名称', '自', '至', '原状态', '新状态', '变化']],
      rows,
      widths: [6, 16, 10, 30, 16, 16, 10, 10, 8],
      cellStyles,
    },
    ledger,
  );
}

function stallsSheet(ledger: Ledger): SheetSpec {
  const rows = ledger.stalls.map((s, i) => [
    i + 1,
    s.unit,
    s.taskId,
    s.title,
    s.stall.status || '未标明',
    `${ledger.periods[s.stall.from].label}至${ledger.periods[s.stall.to].label}`,
    s.stall.to - s.stall.from + 1,
    s.progress,
  ]);
  return documentSheet(
    {
      name: LEDGER_SHEETS.stalls,
      title: `${listTitle(ledger)}停滞任务`,
      subtitle: `${periodsLine(ledger)}；停滞：连续两期以上状态未变（未完成）且工作进展与上期雷同，共 ${rows.length} 项`,
      head: [['序号', '填报单位', '任务编号', '项目名称', '状态', '停滞期间', '期数', '最近一期进展']],
      rows,
      widths: [6, 16, 10, 28, 8, 30, 6, 50],
    },
    ledger,
  );
}

function lateSheet(ledger: Ledger): SheetSpec {
  const rows = ledger.lateUnits.map((u, i) => [
    i + 1,
    u.unit,
    ...u.statuses.map((s, k) => unitStatusText(s, u.submittedAt[k])),
    u.late,
    u.missing,
    u.late + u.missing,
  ]);
  const cellStyles: Record<string, CellStyle> = {};
  ledger.lateUnits.forEach((u, i) =>
    u.statuses.forEach((s, k) => {
      if (s === 'late' || s === 'missing') cellStyles[cellAddress(3 + i, 2 + k)] = { fill: s === 'late' ? 'late' : 'missing' };
    }),
  );
  return documentSheet(
    {
      name: LEDGER_SHEETS.late,
      title: `${listTitle(ledger)}逾期及未报单位`,
      subtitle: `${periodsLine(ledger)}；两期以上逾期或未报送的单位，共 ${rows.length} 个`,
      head: [['序号', '填报单位', ...ledger.periods.map((p) => p.label), '逾期次数', '未报次数', '合计']],
      rows,
      widths: [6, 24, ...ledger.periods.map(() => 18), 8, 8, 8],
    },
    ledger,
  );
}

/** The 完成情况 sheet's columns after 报告期, as the chart's series (colours: Office's green, blue, grey, gold, orange). */
const COMPLETION_SERIES = [
  { key: 'done', name: '已完成', colour: '70AD47' },
  { key: 'ongoing', name: '推进中', colour: '4472C4' },
  { key: 'notStarted', name: '未启动', colour: 'A5A5A5' },
  { key: 'unmarked', name: '未标明状态', colour: 'FFC000' },
  { key: 'notReported', name: '未报', colour: 'ED7D31' },
] as const;

function completionSheet(ledger: Ledger): { sheet: SheetSpec; chart: BarChartSpec } {
  const labelOf = new Map(ledger.periods.map((p) => [p.code, p.label]));
  const rows: CellValue[][] = ledger.completion.map((c) => [
    labelOf.get(c.period) ?? c.period,
    ...COMPLETION_SERIES.map((s) => c[s.key]),
    c.total,
    c.total ? Math.round((c.done / c.total) * 1000) / 1000 : null,
  ]);
  const cellStyles: Record<string, CellStyle> = {};
  rows.forEach((_, i) => {
    cellStyles[cellAddress(3 + i, 7)] = { numFmt: '0.0%' };
  });
  const sheet = documentSheet(
    {
      name: LEDGER_SHEETS.completion,
      title: `${listTitle(ledger)}各期完成情况`,
      subtitle: `${periodsLine(ledger)}；按单位任务行计（一个单位承担的一项任务为一行）`,
      head: [['报告期', ...COMPLETION_SERIES.map((s) => s.name), '合计', '完成率']],
      rows,
      widths: [18, 10, 10, 10, 12, 10, 10, 10],
      cellStyles,
    },
    ledger,
  );
  const first = 4;
  const last = 3 + rows.length;
  const chartTop = last + 2;
  const chart: BarChartSpec = {
    type: 'column',
    grouping: 'stacked',
    title: '各期任务完成情况（单位任务行数）',
    categories: `A${first}:A${last}`,
    series: COMPLETION_SERIES.map((s, i) => ({
      name: s.name,
      values: `${columnLetter(1 + i)}${first}:${columnLetter(1 + i)}${last}`,
      colour: s.colour,
    })),
    anchor: { from: `A${chartTop}`, to: `I${chartTop + 20}` },
    dataLabels: true,
    valueAxisTitle: '行数',
  };
  return { sheet: { ...sheet, charts: [chart] }, chart };
}

function changesSheet(ledger: Ledger): SheetSpec {
  const rows: CellValue[][] = ledger.changes.map((c, i) => [
    i + 1,
    c.taskId,
    c.title,
    CHANGE_LABEL[c.kind],
    `${ledger.periods[c.at - 1].label} → ${ledger.periods[c.at].label}`,
    c.before,
    c.after,
  ]);
  if (!rows.length) rows.push(['', '', '各期清单的任务一致（按任务编号对应），无变动', '', '', '', '']);
  const notes = ledger.notes.map((n) => ['说明', '', n, '', '', '', ''] as CellValue[]);
  return documentSheet(
    {
      name: LEDGER_SHEETS.changes,
      title: `${listTitle(ledger)}清单变动`,
      subtitle: `${periodsLine(ledger)}；各期汇总表按任务编号对应；${ledger.periods.map((p) => `${p.label}：${p.file}`).join('；')}`,
      head: [['序号', '任务编号', '项目名称', '变动', '报告期', '原', '现']],
      rows: [...rows, ...notes],
      widths: [6, 10, 30, 12, 30, 30, 30],
    },
    ledger,
  );
}

/** The 台账 workbook of a ledger, with the completion chart. */
export function ledgerWorkbook(ledger: Ledger): WorkbookSpec {
  const completion = completionSheet(ledger);
  const first = ledger.periods[0]?.label ?? '';
  const last = ledger.periods[ledger.periods.length - 1]?.label ?? '';
  return {
    sheets: [ledgerSheet(ledger), transitionsSheet(ledger), stallsSheet(ledger), lateSheet(ledger), completion.sheet, changesSheet(ledger)],
    properties: {
      title: `${listTitle(ledger)}落实情况台账（${first === last ? first : `${first}至${last}`}）`,
      subject: '台账',
      creator: '进度通',
    },
  };
}

/** `台账-2019Q2至2019Q4.xlsx`. */
export function ledgerFileName(ledger: Ledger): string {
  const ps = ledger.periods;
  if (!ps.length) return '台账.xlsx';
  return ps.length === 1 ? `台账-${ps[0].code}.xlsx` : `台账-${ps[0].code}至${ps[ps.length - 1].code}.xlsx`;
}
