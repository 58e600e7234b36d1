/**
 * The template (进度情况表模板): the official progress sheet of the 000 list's appendix, prefilled
 * for one unit and one period, plus what the add-in needs in marked extra columns and a very
 * hidden metadata sheet. Pure layout: a WorkbookSpec the xlsx module (or the Office.js adapter) writes.
 *
 * Layout of the report sheet (1-based rows; columns A–F are the official form and all that prints,
 * G–I the add-in's, on screen only, J hidden):
 *
 *   row 1            title {年}年脱贫攻坚工作进度情况表, merged A1:F1
 *   row 2            填报单位：{unit} (A2:F2 merged) | 报告期：{periodLabel} (G2:I2 merged)
 *   row 3            序号 | 分管领导 | 项目名称 | {年}年工作计划 | 工作进展及存在问题 | 备注 | 任务编号 | 完成时限 | 状态 | 截止日期
 *   rows 4…3+n       one row per assigned task, each fitting its text; E, F, I unlocked (I has the
 *                    状态 dropdown), B too where the catalog names no leader; J the due date as a serial
 *   then             blank rows for work beyond the list (新增工作), every cell unlocked: a row
 *                    inserted under one of them is unlocked too (Excel formats it as the row above)
 *   then             a narrow gap, then the footer of the appendix:
 *                    填报人： (A:B) [C input] | 联系电话： (D) [E input] ‖ 填报日期： (G) [H input]
 *   last             注：该表请于{M}月{D}日前报送{recipient}。 merged A:F ‖ where to write added work (G:I)
 *
 * Printed: A4 landscape, the six columns one page wide, the header row on every page, 第 X 页 共 Y 页
 * in the page footer, in black and white, with the last table row and the footer on one page.
 */
import type { AddinReference } from './addin';
import { assignedTasks, reportingUnits, unitTasksVersion, type AssignmentOptions } from './assignment';
import { periodDueDate } from './calendar';
import type { Catalog, Task } from './catalog';
import { deadlineDueDate, describeDeadline } from './deadline';
import { periodLabel, type Period } from './period';
import type { LastPeriod } from './lastPeriod';
import { EXTRA_COLUMNS, META_KEYS, META_SHEET, OFFICIAL_COLUMNS, STATUSES, TEMPLATE_VERSION } from './report';
import { normalizeUnitName, resolveUnitName } from './units';
import { fittedHeight, keepTogether, LINE_HEIGHT, pageViews } from './paper';
import {
  cellAddress,
  cellText,
  type CellStyle,
  type CellValue,
  type ColumnSpec,
  type ConditionalFormat,
  type SheetSpec,
  type WorkbookSpec,
} from './workbook';

export interface TemplateOptions extends AssignmentOptions {
  /** The add-in the file should open with (web-extension parts); none for a plain workbook. */
  addin?: AddinReference;
  /** What the unit reported last period: shown beside each task, right of the add-in's columns, for reference. */
  previous?: LastPeriod;
  /** Start each progress and status cell from last period's, for the clerk to edit (those of tasks not reported last period stay empty). */
  copyPrevious?: boolean;
}

/** 0-based columns of the report sheet. */
export const TEMPLATE_COLUMNS = {
  seq: 0,
  leader: 1,
  title: 2,
  plan: 3,
  progress: 4,
  remark: 5,
  taskId: 6,
  deadline: 7,
  status: 8,
  /** Hidden: the due date as an Excel serial number, for the conditional formats. */
  dueSerial: 9,
  /** With last period given (TemplateOptions.previous): its status and progress, for reference, locked. */
  previousStatus: 10,
  previousProgress: 11,
} as const;

/** Headers of the last-period columns (chosen so that no reader takes them for the form's own 状态 or 工作进展). */
export const PREVIOUS_HEADERS = { status: '上期状态', progress: '上期进展' } as const;

/** 0-based row of the header; task rows follow it. */
export const TEMPLATE_HEADER_ROW = 2;

/** Header of the hidden due-date column. */
export const DUE_SERIAL_HEADER = '截止日期';

const COLUMNS: ColumnSpec[] = [
  { width: 6 },
  { width: 10, wrap: true },
  { width: 24, wrap: true },
  { width: 42, wrap: true },
  { width: 42, wrap: true },
  { width: 12, wrap: true },
  { width: 14 },
  { width: 18, wrap: true },
  { width: 10 },
  { width: 12, hidden: true, numFmt: 'yyyy-mm-dd' },
];
const PREVIOUS_COLUMNS: ColumnSpec[] = [{ width: 10 }, { width: 36, wrap: true }];

/** The official columns A–F: what prints. */
export const PRINTED_COLUMNS = OFFICIAL_COLUMNS.length;

/** 0-based columns of the footer row: labels and the cells the clerk types in. */
export const TEMPLATE_FOOTER = { reporterLabel: 0, reporter: 2, phoneLabel: 3, phone: 4, dateLabel: 6, date: 7 } as const;

/** Blank table rows for work beyond the list, by default. */
const BLANK_ROWS = 1;
/** What the title, unit and header rows take, in points. */
const TITLE_HEIGHT = 36;
const UNIT_HEIGHT = 24;
const HEADER_HEIGHT = 30;
const GAP_HEIGHT = 8;
const FOOTER_HEIGHT = 28;
/** Spare room the footer keeps on the last row's page, in points (fonts differ between applications). */
const FOOTER_SLACK = 24;

export const ADDED_WORK_HINT = '清单外的新增工作请填在表格末尾的空行；行不够时，选中空行下方的一行，右键“插入”，新行同样可以填写。';

/** Days since 1899-12-30 (Excel's serial date) of an ISO yyyy-mm-dd date. */
export function excelSerial(iso: string): number {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

/** `2019Q2_区教育局_进度情况表.xlsx`, with characters Windows refuses in file names replaced. */
export function templateFileName(unit: string, period: Period): string {
  const safe = `${period.code}_${unit}_进度情况表`
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/[. ]+$/, '');
  return `${safe}.xlsx`;
}

/** A sheet name Excel accepts: no []:*?/\ and at most 31 characters. */
function sheetName(text: string): string {
  const s = text
    .replace(/[[\]:*?/\\]/g, '_')
    .replace(/^'+|'+$/g, '')
    .slice(0, 31);
  return s || '进度情况表';
}

/** Where the list says the report goes: 区扶贫办 from "…12月25日前报送区扶贫办", 市扶贫办 from "…报送市扶贫办汇总". */
export function reportRecipient(catalog: Catalog): string {
  const raw = catalog.calendar.raw.replace(/\s+/g, '');
  const m = /.*前.*?(?:报送|上报|送交|报至|报给|报)(?:至|到|给)?([^，。,；;：:]{2,30})$/.exec(raw);
  if (m) {
    const name = m[1].replace(/(?:汇总|审核|备案|审定|统一|汇总审核)+$/, '');
    if (name.length >= 2 && !/[0-9０-９]|月|日/.test(name)) return name;
  }
  return catalog.source.issuer.trim() || '主管部门';
}

/** The text of the 完成时限 cell for the period: 2019-12-31前（每年12月31日前）, or the phrase when no date applies. */
export function deadlineText(task: Task, period: Period, docDate: string): { text: string; due: string | null } {
  const due = deadlineDueDate(task.deadline, period, docDate || undefined);
  const described = describeDeadline(task.deadline);
  if (!due) return { text: described || task.deadline.raw, due: null };
  const plain = `${due}前`;
  return { text: task.deadline.kind === 'once' || !described || described === plain ? plain : `${plain}（${described}）`, due };
}

/** The canonical name of the unit asked for, or an Error in Chinese naming similar units. */
function resolveUnit(catalog: Catalog, unit: string, options: AssignmentOptions): string {
  const name = unit.trim();
  const reporting = reportingUnits(catalog, { includePartners: true });
  const known = new Set<string>([...catalog.units.map((u) => u.name), ...catalog.units.flatMap((u) => u.members ?? []), ...reporting]);
  if (known.has(name)) return name;
  const key = normalizeUnitName(name);
  const exact = catalog.units.find((u) => [u.name, ...u.aliases].some((n) => normalizeUnitName(n) === key));
  if (exact) return exact.name;
  let near = resolveUnitName(name, catalog.units).candidates;
  if (near.length === 0) {
    const chars = new Set(key.replace(/^[各省市区县镇乡]/, ''));
    near = reportingUnits(catalog, options)
      .map((u) => ({ u, score: [...new Set(u.replace(/^[各省市区县镇乡]/, ''))].filter((c) => chars.has(c)).length }))
      .filter((x) => x.score >= 2)
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((x) => x.u);
  }
  const hint = near.length > 0 ? `，是否指：${near.join('、')}？` : '';
  throw new Error(`本清单的单位名录中没有“${name}”${hint}`);
}

const border = (style: CellStyle): CellStyle => ({ border: true, ...style });

export interface BuildOptions extends TemplateOptions {
  /** Blank rows for work beyond the list (at least one). */
  blankRows?: number;
}

/** The official template for one unit and period, prefilled with the unit's tasks. */
export function buildTemplate(catalog: Catalog, unit: string, period: Period, options: BuildOptions = {}): WorkbookSpec {
  const name = resolveUnit(catalog, unit, options);
  const tasks = assignedTasks(catalog, name, options);
  if (tasks.length === 0) {
    const asPartner = options.includePartners ? 0 : assignedTasks(catalog, name, { includePartners: true }).length;
    const group = catalog.units.find((u) => u.name === name && u.kind === 'group');
    const hint = group
      ? `（这是单位组，由其成员单位分别报送${(group.members ?? []).length ? '' : '，请先在单位名录中填写成员单位'}）`
      : asPartner > 0
        ? `（作为配合单位参与 ${asPartner} 项任务，如需报送请选择包含配合单位）`
        : '';
    throw new Error(`“${name}”在本清单中没有需要报送的任务${hint}`);
  }

  const year = period.year;
  const label = periodLabel(period);
  const C = TEMPLATE_COLUMNS;
  const previous = options.previous;
  const columns = previous ? [...COLUMNS, ...PREVIOUS_COLUMNS] : COLUMNS;
  const WIDTH = columns.length;
  const F = TEMPLATE_FOOTER;
  const rows: CellValue[][] = [];
  const cellStyles: Record<string, CellStyle> = {};
  const rowHeights: Record<number, number> = {};
  const merges: string[] = [];
  const blank = (): CellValue[] => new Array<CellValue>(WIDTH).fill(null);
  const style = (r: number, c: number, s: CellStyle): void => {
    cellStyles[cellAddress(r, c)] = s;
  };
  const a1 = (r: number): number => r + 1;

  // Row 1: title, over the six printed columns.
  const title = blank();
  title[0] = `${year}年脱贫攻坚工作进度情况表`;
  rows.push(title);
  style(0, 0, { bold: true, size: 16, align: 'center' });
  merges.push('A1:F1');
  rowHeights[0] = TITLE_HEIGHT;

  // Row 2: unit and period.
  const info = blank();
  info[0] = `填报单位：${name}`;
  info[C.taskId] = `报告期：${label}`;
  rows.push(info);
  style(1, 0, { align: 'left' });
  style(1, C.taskId, { align: 'left', fill: 'extra', italic: true });
  merges.push('A2:F2', 'G2:I2');
  if (previous) {
    info[C.previousStatus] = `上期：${previous.label}（仅供参考）`;
    style(1, C.previousStatus, { align: 'left', fill: 'extra', italic: true });
    merges.push('K2:L2');
  }
  rowHeights[1] = UNIT_HEIGHT;

  // Row 3: header. The official columns print as the form has them (no fill); the add-in's are shaded.
  const header = blank();
  OFFICIAL_COLUMNS.forEach((h, i) => {
    header[i] = h.replace('{年}', String(year));
    style(2, i, border({ bold: true, align: 'center', wrap: true }));
  });
  EXTRA_COLUMNS.forEach((h, i) => {
    header[OFFICIAL_COLUMNS.length + i] = h;
    style(2, OFFICIAL_COLUMNS.length + i, border({ bold: true, align: 'center', wrap: true, fill: 'extra' }));
  });
  header[C.dueSerial] = DUE_SERIAL_HEADER;
  style(2, C.dueSerial, { bold: true, align: 'center', fill: 'extra' });
  if (previous) {
    header[C.previousStatus] = PREVIOUS_HEADERS.status;
    header[C.previousProgress] = PREVIOUS_HEADERS.progress;
    style(2, C.previousStatus, border({ bold: true, align: 'center', wrap: true, fill: 'extra' }));
    style(2, C.previousProgress, border({ bold: true, align: 'center', wrap: true, fill: 'extra' }));
  }
  rows.push(header);
  rowHeights[2] = HEADER_HEIGHT;

  // Task rows.
  const first = TEMPLATE_HEADER_ROW + 1;
  tasks.forEach((task, i) => {
    const r = first + i;
    const plan = task.plans[String(year)] ?? task.text;
    const leaders = task.leaders.join('、');
    const deadline = deadlineText(task, period, catalog.source.date);
    const row = blank();
    row[C.seq] = i + 1;
    row[C.leader] = leaders;
    row[C.title] = task.title;
    row[C.plan] = plan;
    row[C.progress] = '';
    row[C.remark] = '';
    row[C.taskId] = task.id;
    row[C.deadline] = deadline.text;
    row[C.status] = '';
    row[C.dueSerial] = deadline.due ? excelSerial(deadline.due) : null;
    const before = previous?.byTask.get(task.id);
    if (previous) {
      row[C.previousStatus] = before?.status ?? '';
      row[C.previousProgress] = before ? before.progress : '（上期未填报）';
      style(r, C.previousStatus, border({ align: 'center', fill: 'extra' }));
      style(r, C.previousProgress, border({ align: 'left', wrap: true, fill: 'extra' }));
      if (options.copyPrevious && before?.progress) row[C.progress] = before.progress;
      if (options.copyPrevious && before?.status && (STATUSES as readonly string[]).includes(before.status)) row[C.status] = before.status;
    }
    rows.push(row);
    style(r, C.seq, border({ align: 'center' }));
    // Where the list names no leader the clerk writes one in.
    style(r, C.leader, border({ align: 'center', wrap: true, unlocked: !leaders || undefined }));
    style(r, C.title, border({ align: 'left', wrap: true }));
    style(r, C.plan, border({ align: 'left', wrap: true }));
    style(r, C.progress, border({ align: 'left', wrap: true, unlocked: true }));
    style(r, C.remark, border({ align: 'left', wrap: true, unlocked: true }));
    style(r, C.taskId, border({ align: 'center' }));
    style(r, C.deadline, border({ align: 'left', wrap: true }));
    style(r, C.status, border({ align: 'center', unlocked: true }));
  });
  const last = first + tasks.length - 1;

  // Blank rows for added work: the whole row unlocked, so that rows inserted from it are too.
  const blanks = Math.max(1, options.blankRows ?? BLANK_ROWS);
  for (let k = 0; k < blanks; k++) {
    const r = rows.length;
    rows.push(blank());
    for (let c = 0; c < WIDTH; c++) {
      const align = c === C.seq || c === C.leader || c === C.status ? 'center' : 'left';
      style(r, c, { ...(c === C.dueSerial ? {} : { border: true, wrap: c !== C.seq && c !== C.status, align }), unlocked: true });
    }
  }
  const lastTableRow = rows.length - 1;

  // A narrow gap, then the footer a clerk fills in.
  rowHeights[rows.length] = GAP_HEIGHT;
  rows.push(blank());
  const footerRow = rows.length;
  const footer = blank();
  footer[F.reporterLabel] = '填报人：';
  footer[F.phoneLabel] = '联系电话：';
  footer[F.dateLabel] = '填报日期：';
  rows.push(footer);
  style(footerRow, F.reporterLabel, { align: 'right' });
  style(footerRow, F.reporter, { border: true, unlocked: true, align: 'left' });
  style(footerRow, F.phoneLabel, { align: 'right' });
  style(footerRow, F.phone, { border: true, unlocked: true, align: 'left', numFmt: '@' });
  style(footerRow, F.dateLabel, { align: 'right', fill: 'extra' });
  style(footerRow, F.date, { border: true, unlocked: true, align: 'center', numFmt: 'yyyy-mm-dd' });
  merges.push(`A${a1(footerRow)}:B${a1(footerRow)}`);
  rowHeights[footerRow] = FOOTER_HEIGHT;

  // The note with the due date and where the sheet goes; beside it, off the page, where added work goes.
  const due = periodDueDate(catalog.calendar, period).date;
  const [, dueMonth, dueDay] = due.split('-').map(Number);
  const noteRow = rows.length;
  const note = blank();
  note[0] = `注：该表请于${dueMonth}月${dueDay}日前报送${reportRecipient(catalog)}。`;
  note[C.taskId] = ADDED_WORK_HINT;
  rows.push(note);
  style(noteRow, 0, { align: 'left', wrap: true });
  style(noteRow, C.taskId, { align: 'left', wrap: true, italic: true, fill: 'extra' });
  merges.push(`A${a1(noteRow)}:F${a1(noteRow)}`, `G${a1(noteRow)}:I${a1(noteRow)}`);
  const officialWidth = COLUMNS.slice(0, PRINTED_COLUMNS).reduce((n, c) => n + c.width, 0);
  const extraWidth = COLUMNS.slice(C.taskId, C.dueSerial).reduce((n, c) => n + c.width, 0);
  rowHeights[noteRow] = Math.max(fittedHeight([[cellText(note[0]), officialWidth]], 2), fittedHeight([[ADDED_WORK_HINT, extraWidth]], 2));

  // Live highlights: a row past its deadline in the add-in's columns (which never print), an empty progress cell.
  const progressRange = `E${a1(first)}:E${a1(last)}`;
  const conditionalFormats: ConditionalFormat[] = [
    {
      range: `G${a1(first)}:I${a1(last)}`,
      formula: `AND($J${a1(first)}<>"",$J${a1(first)}<TODAY(),$I${a1(first)}<>"${STATUSES[0]}")`,
      fill: 'late',
      priority: 1,
    },
    { range: progressRange, formula: `LEN(TRIM($E${a1(first)}))=0`, fill: 'warning', priority: 2 },
  ];

  const report: SheetSpec = fitReport({
    name: sheetName(label),
    rows,
    cellStyles,
    columns: columns.map((c) => ({ ...c })),
    rowHeights,
    merges,
    freeze: { rows: TEMPLATE_HEADER_ROW + 1, columns: 0 },
    validations: [{ range: `I${a1(first)}:I${a1(lastTableRow)}`, values: [...STATUSES], prompt: '请选择完成状态' }],
    conditionalFormats,
    protect: true,
    print: {
      landscape: true,
      fitToWidth: true,
      repeatRows: [TEMPLATE_HEADER_ROW, TEMPLATE_HEADER_ROW],
      area: `A1:F${a1(noteRow)}`,
      pageNumbers: true,
      blackAndWhite: true,
    },
  });

  const meta: SheetSpec = {
    name: META_SHEET,
    state: 'veryHidden',
    rows: [
      [META_KEYS.unit, name],
      [META_KEYS.period, period.code],
      [META_KEYS.catalogVersion, catalog.version],
      [META_KEYS.templateVersion, TEMPLATE_VERSION],
      [META_KEYS.catalogTitle, catalog.source.title],
      [META_KEYS.unitVersion, unitTasksVersion(catalog, name, options)],
    ],
    columns: [{ width: 12 }, { width: 60 }],
  };

  const stamp = `${period.start}T00:00:00.000Z`;
  return {
    sheets: [report, meta],
    addin: options.addin,
    properties: {
      title: `${name}${label}脱贫攻坚工作进度情况表`,
      subject: '进度情况表',
      creator: '进度通',
      created: stamp,
      modified: stamp,
    },
  };
}

/** 0-based rows of a report sheet in the template's layout: the table's rows, the footer and the note. */
export function reportRows(sheet: SheetSpec): { first: number; lastTable: number; footer: number; note: number } {
  const footer = sheet.rows.findIndex((r, i) => i > TEMPLATE_HEADER_ROW && r[TEMPLATE_FOOTER.reporterLabel] === '填报人：');
  if (footer < 0) throw new Error('不是进度情况表模板：找不到填报人一行');
  return { first: TEMPLATE_HEADER_ROW + 1, lastTable: footer - 2, footer, note: footer + 1 };
}

/**
 * The report sheet with each table row's height fitted to the texts it holds now (the catalog's,
 * and what a re-fill carried over), and a page break where the last table row and the footer
 * would otherwise part.
 */
export function fitReport(sheet: SheetSpec): SheetSpec {
  const C = TEMPLATE_COLUMNS;
  const widths = (sheet.columns ?? COLUMNS).map((c) => c.width);
  const { first, lastTable, note } = reportRows(sheet);
  const fitRows: Record<number, number> = {};
  const wrapped: number[] = [C.leader, C.title, C.plan, C.progress, C.remark, C.deadline];
  // Last period's progress, when the template carries it, fits its row too.
  if (widths.length > C.previousProgress) wrapped.push(C.previousProgress);
  for (let r = first; r <= lastTable; r++) {
    fitRows[r] = fittedHeight(
      wrapped.map((c) => [cellText(sheet.rows[r][c]), widths[c]]),
      2,
    );
  }
  const heights = sheet.rows.slice(0, note + 1).map((_, r) => sheet.rowHeights?.[r] ?? fitRows[r] ?? LINE_HEIGHT + 5);
  // The footer stays with the last row that holds something (a task, or added work), and the blank rows between.
  const breakAt = keepTogether(heights, lastFilledRow(sheet, first, lastTable), note, {
    repeat: heights[TEMPLATE_HEADER_ROW],
    slack: FOOTER_SLACK,
    views: pageViews(widths.slice(0, PRINTED_COLUMNS), true),
  });
  return {
    ...sheet,
    fitRows,
    print: sheet.print ? { ...sheet.print, pageBreaksBefore: breakAt === undefined ? [] : [breakAt] } : undefined,
  };
}

/** The last row of the table that holds something, else the first table row. */
function lastFilledRow(sheet: SheetSpec, first: number, lastTable: number): number {
  for (let r = lastTable; r > first; r--) if (sheet.rows[r].some((v) => cellText(v) !== '')) return r;
  return first;
}
