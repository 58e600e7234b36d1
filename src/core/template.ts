/**
 * The template (进度情况表模板): the official progress sheet of the 000 list's appendix, prefilled
 * for one unit and one period, plus what the add-in needs in marked extra columns and a very
 * hidden metadata sheet. Pure layout: a WorkbookSpec the xlsx module (or the Office.js adapter) writes.
 *
 * Layout of the report sheet (1-based rows; columns A–F are the official form, G–I the add-in's, J hidden):
 *
 *   row 1            title {年}年脱贫攻坚工作进度情况表, merged A1:F1
 *   row 2            填报单位：{unit} (A2:F2 merged) | 报告期：{periodLabel} (G2:I2 merged)
 *   row 3            序号 | 分管领导 | 项目名称 | {年}年工作计划 | 工作进展及存在问题 | 备注 | 任务编号 | 完成时限 | 状态 | 截止日期
 *   rows 4…3+n       one row per assigned task; E, F, I unlocked (I has the 状态 dropdown); J the due date as a serial
 *   row 4+n          blank
 *   row 5+n          填报人： (A) [B:C input] | 联系电话： (D) [E input] | 填报日期： (F) [G input]
 *   row 6+n          注：该表请于{M}月{D}日前报送{recipient}。 merged A:I
 */
import type { AddinReference } from './addin';
import { assignedTasks, reportingUnits, unitTasksVersion, type AssignmentOptions } from './assignment';
import { periodDueDate } from './calendar';
import type { Catalog, Task } from './catalog';
import { deadlineDueDate, describeDeadline } from './deadline';
import { periodLabel, type Period } from './period';
import { EXTRA_COLUMNS, META_KEYS, META_SHEET, OFFICIAL_COLUMNS, STATUSES, TEMPLATE_VERSION } from './report';
import { normalizeUnitName, resolveUnitName } from './units';
import {
  cellAddress,
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
} as const;

/** 0-based row of the header; task rows follow it. */
export const TEMPLATE_HEADER_ROW = 2;

/** Header of the hidden due-date column. */
export const DUE_SERIAL_HEADER = '截止日期';

const WIDTH = 10;
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

const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;

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

/** Display width in Excel character units: CJK and full-width characters count two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function lineCount(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
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

/** The official template for one unit and period, prefilled with the unit's tasks. */
export function buildTemplate(catalog: Catalog, unit: string, period: Period, options: TemplateOptions = {}): WorkbookSpec {
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
  const rows: CellValue[][] = [];
  const cellStyles: Record<string, CellStyle> = {};
  const rowHeights: Record<number, number> = {};
  const merges: string[] = [];
  const blank = (): CellValue[] => new Array<CellValue>(WIDTH).fill(null);
  const style = (r: number, c: number, s: CellStyle): void => {
    cellStyles[cellAddress(r, c)] = s;
  };

  // Row 1: title.
  const title = blank();
  title[0] = `${year}年脱贫攻坚工作进度情况表`;
  rows.push(title);
  style(0, 0, { bold: true, size: 16, align: 'center' });
  merges.push('A1:F1');
  rowHeights[0] = 36;

  // Row 2: unit and period.
  const info = blank();
  info[0] = `填报单位：${name}`;
  info[C.taskId] = `报告期：${label}`;
  rows.push(info);
  style(1, 0, { align: 'left' });
  style(1, C.taskId, { align: 'left', fill: 'extra', italic: true });
  merges.push('A2:F2', 'G2:I2');
  rowHeights[1] = 22;

  // Row 3: header; the add-in's columns in their own fill.
  const header = blank();
  OFFICIAL_COLUMNS.forEach((h, i) => {
    header[i] = h.replace('{年}', String(year));
    style(2, i, border({ bold: true, align: 'center', wrap: true, fill: 'header' }));
  });
  EXTRA_COLUMNS.forEach((h, i) => {
    header[OFFICIAL_COLUMNS.length + i] = h;
    style(2, OFFICIAL_COLUMNS.length + i, border({ bold: true, align: 'center', wrap: true, fill: 'extra' }));
  });
  header[C.dueSerial] = DUE_SERIAL_HEADER;
  style(2, C.dueSerial, { bold: true, align: 'center', fill: 'extra' });
  rows.push(header);
  rowHeights[2] = 30;

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
    rows.push(row);
    style(r, C.seq, border({ align: 'center' }));
    style(r, C.leader, border({ align: 'center', wrap: true }));
    style(r, C.title, border({ align: 'left', wrap: true }));
    style(r, C.plan, border({ align: 'left', wrap: true }));
    style(r, C.progress, border({ align: 'left', wrap: true, unlocked: true }));
    style(r, C.remark, border({ align: 'left', wrap: true, unlocked: true }));
    style(r, C.taskId, border({ align: 'center' }));
    style(r, C.deadline, border({ align: 'left', wrap: true }));
    style(r, C.status, border({ align: 'center', unlocked: true }));
    const lines = Math.max(
      lineCount(leaders, COLUMNS[C.leader].width),
      lineCount(task.title, COLUMNS[C.title].width),
      lineCount(plan, COLUMNS[C.plan].width),
      lineCount(deadline.text, COLUMNS[C.deadline].width),
      3,
    );
    rowHeights[r] = Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 6);
  });
  const last = first + tasks.length - 1;
  const a1 = (r: number): number => r + 1;

  // Spacer, then the footer a clerk fills in.
  rows.push(blank());
  const footerRow = rows.length;
  const footer = blank();
  footer[0] = '填报人：';
  footer[3] = '联系电话：';
  footer[5] = '填报日期：';
  rows.push(footer);
  style(footerRow, 0, { align: 'center', wrap: true });
  style(footerRow, 1, { border: true, unlocked: true, align: 'left' });
  style(footerRow, 2, { border: true, unlocked: true, align: 'left' });
  style(footerRow, 3, { align: 'right' });
  style(footerRow, 4, { border: true, unlocked: true, align: 'left', numFmt: '@' });
  style(footerRow, 5, { align: 'right' });
  style(footerRow, 6, { border: true, unlocked: true, align: 'center', numFmt: 'yyyy-mm-dd' });
  merges.push(`B${a1(footerRow)}:C${a1(footerRow)}`);
  rowHeights[footerRow] = 30;

  // The note with the due date and where the sheet goes.
  const due = periodDueDate(catalog.calendar, period).date;
  const [, dueMonth, dueDay] = due.split('-').map(Number);
  const noteRow = rows.length;
  const note = blank();
  note[0] = `注：该表请于${dueMonth}月${dueDay}日前报送${reportRecipient(catalog)}。`;
  rows.push(note);
  style(noteRow, 0, { align: 'left', wrap: true });
  merges.push(`A${a1(noteRow)}:I${a1(noteRow)}`);
  rowHeights[noteRow] = 30;

  const progressRange = `E${a1(first)}:E${a1(last)}`;
  const conditionalFormats: ConditionalFormat[] = [
    {
      range: `A${a1(first)}:I${a1(last)}`,
      formula: `AND($J${a1(first)}<>"",$J${a1(first)}<TODAY(),$I${a1(first)}<>"${STATUSES[0]}")`,
      fill: 'late',
      priority: 1,
    },
    { range: progressRange, formula: `LEN(TRIM($E${a1(first)}))=0`, fill: 'warning', priority: 2 },
  ];

  const report: SheetSpec = {
    name: sheetName(label),
    rows,
    cellStyles,
    columns: COLUMNS.map((c) => ({ ...c })),
    rowHeights,
    merges,
    freeze: { rows: TEMPLATE_HEADER_ROW + 1, columns: 0 },
    validations: [{ range: `I${a1(first)}:I${a1(last)}`, values: [...STATUSES], prompt: '请选择完成状态' }],
    conditionalFormats,
    protect: true,
    print: { landscape: true, fitToWidth: true, repeatRows: [0, TEMPLATE_HEADER_ROW] },
  };

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
