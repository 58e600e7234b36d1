/**
 * The catalog as files people keep: catalog JSON (the contract of PRODUCT.md) and the catalog
 * workbook that administrators edit in Excel (sheets 任务清单, 单位名录, 报送日历, 清单信息).
 * Both read back to the same catalog.
 */
import { withVersion, type Catalog, type CatalogSource, type Task } from './catalog';
import { EMPTY_CALENDAR, type DueDate, type Frequency, type ReportingCalendar } from './calendar';
import { deadlineInWords, parseDeadline, UNKNOWN_WORDS, type Deadline, type DeadlineKind } from './deadline';
import { shortId } from './hash';
import { mappingText, parseMappingText } from './import/mapping';
import type { ColumnMapping } from './import/layouts/taskTable';
import { ROLE_LABELS, type ColumnRole } from './import/vocabulary';
import type { Unit } from './units';
import { CATALOG_SUBJECT } from './report';
import { cellText, type CellValue, type SheetData, type SheetSpec, type WorkbookData, type WorkbookSpec } from './workbook';

export class CatalogFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogFormatError';
  }
}

// ---------- JSON ----------

export function catalogToJson(catalog: Catalog): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new CatalogFormatError(`任务清单 JSON 格式错误：${what} 应为文本`);
  return v;
}
function strArray(v: unknown, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new CatalogFormatError(`任务清单 JSON 格式错误：${what} 应为文本数组`);
  return v as string[];
}

const DEADLINE_KINDS: DeadlineKind[] = ['once', 'yearly', 'quarterly', 'monthly', 'semester', 'ongoing', 'relative', 'unknown'];
const FREQUENCIES: Frequency[] = ['quarterly', 'half-yearly', 'monthly', 'yearly'];

function deadlineFrom(v: unknown, where: string): Deadline {
  if (!isRecord(v)) throw new CatalogFormatError(`任务清单 JSON 格式错误：${where} 的 deadline 应为对象`);
  const kind = v.kind;
  if (typeof kind !== 'string' || !DEADLINE_KINDS.includes(kind as DeadlineKind)) {
    throw new CatalogFormatError(`任务清单 JSON 格式错误：${where} 的 deadline.kind 无效`);
  }
  const d: Deadline = { raw: str(v.raw ?? '', `${where} 的 deadline.raw`), kind: kind as DeadlineKind };
  for (const key of ['month', 'day', 'daysAfterQuarterEnd', 'monthsAfterStart', 'months'] as const) {
    if (typeof v[key] === 'number') d[key] = v[key] as number;
  }
  if (typeof v.due === 'string') d.due = v.due;
  return d;
}

/** Reads catalog JSON; a clear Chinese message for anything that is not one. */
export function catalogFromJson(text: string): Catalog {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CatalogFormatError('不是有效的 JSON 文件');
  }
  if (!isRecord(data) || !Array.isArray(data.tasks)) throw new CatalogFormatError('任务清单 JSON 格式错误：缺少 tasks 数组');
  const src = isRecord(data.source) ? data.source : {};
  const source: CatalogSource = {
    title: str(src.title ?? '', 'source.title'),
    docNo: str(src.docNo ?? '', 'source.docNo'),
    issuer: str(src.issuer ?? '', 'source.issuer'),
    date: str(src.date ?? '', 'source.date'),
  };
  const units: Unit[] = (Array.isArray(data.units) ? data.units : []).map((u: unknown, i: number) => {
    if (!isRecord(u)) throw new CatalogFormatError(`任务清单 JSON 格式错误：units[${i}] 应为对象`);
    const unit: Unit = {
      name: str(u.name, `units[${i}].name`),
      kind: u.kind === 'group' ? 'group' : 'unit',
      aliases: strArray(u.aliases, `units[${i}].aliases`),
    };
    if (u.members !== undefined || unit.kind === 'group') unit.members = strArray(u.members, `units[${i}].members`);
    return unit;
  });
  const cal = isRecord(data.calendar) ? data.calendar : {};
  const calendar: ReportingCalendar = {
    raw: typeof cal.raw === 'string' ? cal.raw : '',
    frequency: typeof cal.frequency === 'string' && FREQUENCIES.includes(cal.frequency as Frequency) ? (cal.frequency as Frequency) : null,
    dues: (Array.isArray(cal.dues) ? cal.dues : [])
      .filter(isRecord)
      .map((d) => ({ index: Number(d.index), month: Number(d.month), day: Number(d.day) })),
  };
  if (typeof cal.utcOffset === 'string' && UTC_OFFSET.test(cal.utcOffset)) calendar.utcOffset = cal.utcOffset;
  const tasks: Task[] = data.tasks.map((t: unknown, i: number) => {
    if (!isRecord(t)) throw new CatalogFormatError(`任务清单 JSON 格式错误：tasks[${i}] 应为对象`);
    const where = `tasks[${i}]`;
    const plans: Record<string, string> = {};
    if (isRecord(t.plans)) for (const [k, v] of Object.entries(t.plans)) if (typeof v === 'string') plans[k] = v;
    return {
      id: str(t.id, `${where}.id`),
      title: str(t.title ?? '', `${where}.title`),
      text: str(t.text ?? '', `${where}.text`),
      lead: strArray(t.lead, `${where}.lead`),
      partners: strArray(t.partners, `${where}.partners`),
      leaders: strArray(t.leaders, `${where}.leaders`),
      deadline: deadlineFrom(t.deadline ?? { raw: '', kind: 'unknown' }, where),
      plans,
      section: str(t.section ?? '', `${where}.section`),
    };
  });
  return withVersion({ source, units, calendar, tasks, ...mappingFrom(data.mapping) });
}

/** The remembered column mapping, when it has the shape of one (it never decides anything else). */
function mappingFrom(v: unknown): { mapping?: ColumnMapping } {
  if (!isRecord(v) || !isRecord(v.columns)) return {};
  const columns: ColumnMapping['columns'] = {};
  for (const [k, r] of Object.entries(v.columns)) {
    const role = isRecord(r) ? (Object.keys(ROLE_LABELS) as ColumnRole[]).find((x) => x === r.role) : undefined;
    if (isRecord(r) && role && Number(k) >= 1) columns[Number(k)] = typeof r.year === 'string' ? { role, year: r.year } : { role };
  }
  const mapping: ColumnMapping = { columns };
  if (typeof v.table === 'number') mapping.table = v.table;
  if (typeof v.headerRow === 'number') mapping.headerRow = v.headerRow;
  return { mapping };
}

// ---------- Workbook ----------

/** The 清单信息 row for a list whose deadlines are not in China Standard Time: +07:00 and the like. */
const TIME_ZONE_LABEL = '时区（相对UTC）';
const UTC_OFFSET = /^[+-]\d{2}:\d{2}$/;

export const CATALOG_SHEETS = { tasks: '任务清单', units: '单位名录', calendar: '报送日历', info: '清单信息' } as const;

const TASK_HEADER = [
  '任务编号',
  '项目名称',
  '任务内容',
  '牵头单位',
  '配合单位',
  '责任领导',
  '完成时限',
  '时限（解析）',
  '所属部分',
] as const;
const UNIT_HEADER = ['单位名称', '类型', '别名', '成员单位'] as const;
const CALENDAR_HEADER = ['报送频率', '期次', '月', '日', '依据原文'] as const;
const INFO_HEADER = ['项目', '内容'] as const;
const FREQUENCY_LABEL: Record<Frequency, string> = { quarterly: '每季度', 'half-yearly': '每半年', monthly: '每月', yearly: '每年' };
const SEP = '、';

function planYears(catalog: Catalog): string[] {
  return [...new Set(catalog.tasks.flatMap((t) => Object.keys(t.plans)))].sort();
}

/** The 时限（解析） column: the deadline the checks use, in words (an older workbook has it as JSON). */
const PARSED_DEADLINE = '时限（解析）';

export function catalogToWorkbook(catalog: Catalog): WorkbookSpec {
  const years = planYears(catalog);
  const taskRows: CellValue[][] = [
    [...TASK_HEADER, ...years.map((y) => `${y}年计划`)],
    ...catalog.tasks.map((t) => [
      t.id,
      t.title,
      t.text,
      t.lead.join(SEP),
      t.partners.join(SEP),
      t.leaders.join(SEP),
      t.deadline.raw,
      deadlineInWords(t.deadline),
      t.section,
      ...years.map((y) => t.plans[y] ?? ''),
    ]),
  ];
  const unitRows: CellValue[][] = [
    [...UNIT_HEADER],
    ...catalog.units.map((u) => [u.name, u.kind === 'group' ? '分组' : '单位', u.aliases.join(SEP), (u.members ?? []).join(SEP)]),
  ];
  const cal = catalog.calendar;
  const calendarRows: CellValue[][] = [
    [...CALENDAR_HEADER],
    ...(cal.dues.length
      ? cal.dues.map((d) => [cal.frequency ? FREQUENCY_LABEL[cal.frequency] : '', d.index, d.month, d.day, cal.raw])
      : [[cal.frequency ? FREQUENCY_LABEL[cal.frequency] : '', null, null, null, cal.raw]]),
  ];
  const s = catalog.source;
  const infoRows: CellValue[][] = [
    [...INFO_HEADER],
    ['清单名称', s.title],
    ['文号', s.docNo],
    ['发文单位', s.issuer],
    ['发文日期', s.date],
    ['清单版本', catalog.version],
    // Only when the list's local time is not China Standard Time (see submission.ts).
    ...(cal.utcOffset ? [[TIME_ZONE_LABEL, cal.utcOffset]] : []),
    ...(catalog.mapping ? [['列对应', mappingText(catalog.mapping)]] : []),
  ];
  const header = { bold: true, fill: 'header' as const, wrap: true, border: true };
  const table = (name: string, rows: CellValue[][], widths: number[]): SheetSpec => ({
    name,
    rows,
    rowStyles: { 0: header },
    columns: widths.map((width) => ({ width, wrap: true })),
    freeze: { rows: 1, columns: 0 },
    autoFilter: rows.length > 1 ? `A1:${String.fromCharCode(64 + Math.min(26, rows[0].length))}${rows.length}` : undefined,
  });
  return {
    sheets: [
      table(CATALOG_SHEETS.tasks, taskRows, [12, 24, 60, 18, 30, 14, 20, 16, 18, ...years.map(() => 40)]),
      table(CATALOG_SHEETS.units, unitRows, [28, 8, 30, 40]),
      table(CATALOG_SHEETS.calendar, calendarRows, [10, 6, 6, 6, 60]),
      table(CATALOG_SHEETS.info, infoRows, [12, 70]),
    ],
    properties: { title: s.title || '任务清单', subject: CATALOG_SUBJECT, creator: '进度通' },
  };
}

function list(v: CellValue | undefined): string[] {
  return cellText(v)
    .split(/[、，,；;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function sheetByName(book: WorkbookData, name: string): SheetData | undefined {
  return book.sheets.find((s) => s.name.trim() === name);
}

/** Columns by header text, so that an admin may reorder or add columns. */
function headerIndex(sheet: SheetData, required: readonly string[], headerRow = 0): Map<string, number> {
  const header = (sheet.rows[headerRow] ?? []).map(cellText);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  const missing = required.filter((r) => !index.has(r));
  if (missing.length) throw new CatalogFormatError(`工作表“${sheet.name}”缺少列：${missing.join('、')}`);
  return index;
}

/**
 * A workbook this program wrote (its subject) or one laid out as it writes them (a 单位名录,
 * 报送日历 or 清单信息 sheet beside the tasks): a 任务清单 sheet there is a catalog even when its
 * columns were edited away, and saying which are missing helps. An office's own list often names
 * its sheet 任务清单 too; that is a list to import.
 */
function laidOutAsCatalog(book: WorkbookData): boolean {
  if (book.subject === CATALOG_SUBJECT) return true;
  return [CATALOG_SHEETS.units, CATALOG_SHEETS.calendar, CATALOG_SHEETS.info].some((name) => sheetByName(book, name));
}

/**
 * The sheet and row holding the catalog's task columns: the 任务清单 sheet, or a hand-made sheet
 * of any name whose header (on any of its first rows) carries the catalog's column names, in any
 * order: 任务编号, or 任务内容 with 牵头单位.
 */
function taskSheetOf(book: WorkbookData): { sheet: SheetData; headerRow: number } | null {
  const own = sheetByName(book, CATALOG_SHEETS.tasks);
  const candidates = own ? [own, ...book.sheets.filter((s) => s !== own)] : book.sheets.filter((s) => s.state === 'visible');
  for (const sheet of candidates) {
    for (let r = 0; r < Math.min(sheet.rows.length, 10); r++) {
      const names = new Set(sheet.rows[r].map(cellText));
      if (names.has('任务编号') || (names.has('任务内容') && names.has('牵头单位'))) return { sheet, headerRow: r };
    }
    if (sheet === own && laidOutAsCatalog(book)) return { sheet, headerRow: 0 };
  }
  return null;
}

export function isCatalogWorkbook(book: WorkbookData): boolean {
  return taskSheetOf(book) !== null;
}

/** The deadline from the 时限（解析） words (or an older workbook's JSON), else from the 完成时限 text. */
function deadlineOf(raw: string, parsed: string, year: number, docDate: string, where: string): Deadline {
  const ctx = { year, docDate: docDate || undefined };
  if (parsed.startsWith('{')) {
    try {
      return deadlineFrom({ ...JSON.parse(parsed), raw }, where);
    } catch {
      // The admin edited the parse by hand and broke it: the raw text is re-parsed instead.
    }
  } else if (parsed && parsed !== UNKNOWN_WORDS) {
    const d = parseDeadline(parsed, ctx);
    if (d.kind !== 'unknown') return { ...d, raw };
  }
  return parseDeadline(raw, ctx);
}

export function catalogFromWorkbook(book: WorkbookData, defaultYear = 0): Catalog {
  const found = taskSheetOf(book);
  if (!found) throw new CatalogFormatError(`不是任务清单工作簿：没有“${CATALOG_SHEETS.tasks}”工作表`);
  const { sheet: taskSheet, headerRow } = found;
  const ti = headerIndex(taskSheet, ['任务内容', '牵头单位'], headerRow);
  const col = (row: CellValue[], name: string) => (ti.has(name) ? row[ti.get(name) as number] : null);
  const planCols = [...ti.entries()]
    .map(([h, i]) => ({ year: /^(\d{4})年计划$/.exec(h)?.[1], i }))
    .filter((p): p is { year: string; i: number } => !!p.year);

  const infoSheet = sheetByName(book, CATALOG_SHEETS.info);
  const info = new Map<string, string>((infoSheet?.rows.slice(1) ?? []).map((r) => [cellText(r[0]), cellText(r[1])]));
  const source: CatalogSource = {
    title: info.get('清单名称') ?? '',
    docNo: info.get('文号') ?? '',
    issuer: info.get('发文单位') ?? '',
    date: info.get('发文日期') ?? '',
  };
  const year = Number(source.date.slice(0, 4)) || defaultYear;

  const tasks: Task[] = [];
  const hasIds = ti.has('任务编号');
  taskSheet.rows.slice(headerRow + 1).forEach((row, r) => {
    const rowNo = headerRow + r + 2;
    const text = cellText(col(row, '任务内容')) || cellText(col(row, '项目名称'));
    const lead = list(col(row, '牵头单位'));
    // A hand-made sheet without 任务编号 gets ids as an import does: from the lead and the text.
    const id = hasIds ? cellText(col(row, '任务编号')) : text ? `T${shortId(`${lead.join('、')}|${text}`)}` : '';
    if (!id && !text) return; // blank line left by the admin
    if (!id) throw new CatalogFormatError(`工作表“${taskSheet.name}”第${rowNo}行缺少任务编号`);
    const raw = cellText(col(row, '完成时限'));
    const deadline = deadlineOf(raw, cellText(col(row, PARSED_DEADLINE)), year, source.date, `第${rowNo}行`);
    const plans: Record<string, string> = {};
    for (const p of planCols) {
      const v = cellText(row[p.i]);
      if (v) plans[p.year] = v;
    }
    tasks.push({
      id,
      title: cellText(col(row, '项目名称')) || text.slice(0, 30),
      text,
      lead,
      partners: list(col(row, '配合单位')),
      leaders: list(col(row, '责任领导')),
      deadline,
      plans,
      section: cellText(col(row, '所属部分')),
    });
  });
  const dupe = tasks.find((t, i) => tasks.findIndex((u) => u.id === t.id) !== i);
  if (dupe) throw new CatalogFormatError(`任务编号重复：${dupe.id}`);

  const unitSheet = sheetByName(book, CATALOG_SHEETS.units);
  const units: Unit[] = [];
  if (unitSheet) {
    const ui = headerIndex(unitSheet, ['单位名称']);
    for (const row of unitSheet.rows.slice(1)) {
      const name = cellText(row[ui.get('单位名称') as number]);
      if (!name) continue;
      const kind = cellText(row[ui.get('类型') ?? -1]) === '分组' ? 'group' : 'unit';
      const unit: Unit = { name, kind, aliases: list(row[ui.get('别名') ?? -1]) };
      const members = list(row[ui.get('成员单位') ?? -1]);
      if (kind === 'group' || members.length) unit.members = members;
      units.push(unit);
    }
  }

  const calSheet = sheetByName(book, CATALOG_SHEETS.calendar);
  let calendar: ReportingCalendar = EMPTY_CALENDAR;
  if (calSheet && calSheet.rows.length > 1) {
    const ci = headerIndex(calSheet, ['报送频率', '期次', '月', '日']);
    const rows = calSheet.rows.slice(1);
    const freqLabel = cellText(rows[0][ci.get('报送频率') as number]);
    const frequency = (Object.entries(FREQUENCY_LABEL).find(([, label]) => label === freqLabel)?.[0] as Frequency | undefined) ?? null;
    const dues: DueDate[] = rows
      .map((r) => ({
        index: Number(r[ci.get('期次') as number]),
        month: Number(r[ci.get('月') as number]),
        day: Number(r[ci.get('日') as number]),
      }))
      .filter(
        (d) =>
          Number.isFinite(d.index) &&
          d.day >= 1 &&
          cellText(String(d.day)) !== '' &&
          !(d.month === 0 && d.index === 0 && frequency !== 'monthly'),
      );
    calendar = { raw: cellText(rows[0][ci.get('依据原文') ?? -1]), frequency, dues };
  }
  const offset = (info.get(TIME_ZONE_LABEL) ?? '').trim();
  if (offset && UTC_OFFSET.test(offset)) calendar = { ...calendar, utcOffset: offset };
  const mapping = parseMappingText(info.get('列对应') ?? '');
  return withVersion({ source, units, calendar, tasks, ...(mapping ? { mapping } : {}) });
}
