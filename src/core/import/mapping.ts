/**
 * The column mapping as people write it: `任务=2,牵头单位=5,配合单位=6,完成时限=7,2021年计划=8`
 * (columns by number from 1 or by Excel letter), with the table and its header row. The CLI's
 * --columns, the catalog's 清单信息 sheet and messages all use this one form.
 */
import type { ColumnMapping } from './layouts/taskTable';
import { ROLE_LABELS, roleFromLabel, type ColumnRole } from './vocabulary';

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

function columnNumber(s: string): number {
  const t = s.trim().toUpperCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^[A-Z]{1,2}$/.test(t)) return [...t].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return NaN;
}

/** The roles of `任务=2,牵头单位=E,…`; a Chinese message for anything not understood. */
export function parseColumns(spec: string): ColumnMapping['columns'] {
  const columns: ColumnMapping['columns'] = {};
  for (const part of spec
    .split(/[,，;；]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*[=＝:：]\s*(.+)$/.exec(part);
    if (!m) throw new MappingError(`列对应“${part}”应写作 内容=列号，如 任务=2 或 牵头单位=E`);
    const role = roleFromLabel(m[1]);
    if (!role) {
      const names = (Object.values(ROLE_LABELS) as string[]).filter((l) => l !== ROLE_LABELS.plan).join('、');
      throw new MappingError(`不认识“${m[1]}”：可写 ${names}，或“2021年计划”这样的年度计划`);
    }
    for (const c of m[2].split(/[+、/]/)) {
      const n = columnNumber(c);
      if (!(n >= 1 && n <= 200)) throw new MappingError(`“${part}”中的列“${c}”应为列号（1、2、3…）或列字母（A、B、C…）`);
      columns[n] = role.year ? { role: role.role, year: role.year } : { role: role.role };
    }
  }
  if (!Object.values(columns).some((c) => c.role === 'task' || c.role === 'measures' || c.role === 'title')) {
    throw new MappingError('列对应中没有任务列：至少写出“任务=列号”');
  }
  return columns;
}

function roleText(r: { role: ColumnRole; year?: string }): string {
  return r.role === 'plan' && r.year ? `${r.year}年计划` : ROLE_LABELS[r.role];
}

/** The mapping's columns in the written form, in column order. */
export function columnsText(columns: ColumnMapping['columns']): string {
  return Object.entries(columns)
    .map(([k, r]) => [Number(k), r] as const)
    .filter(([, r]) => r.role !== 'ignore')
    .sort((a, b) => a[0] - b[0])
    .map(([k, r]) => `${roleText(r)}=${k}`)
    .join(',');
}

/** The whole mapping in words, for messages and the catalog: 第1个表格，表头第2行，任务=2,牵头单位=5. */
export function mappingText(m: ColumnMapping): string {
  return `第${m.table ?? 1}个表格，${m.headerRow === 0 ? '无表头' : `表头第${m.headerRow ?? 1}行`}，${columnsText(m.columns)}`;
}

/** Reads mappingText back. */
export function parseMappingText(text: string): ColumnMapping | undefined {
  const m = /^第(\d+)个表格，(?:无表头|表头第(\d+)行)，(.+)$/.exec(text.trim());
  if (!m) return undefined;
  try {
    return { table: Number(m[1]), headerRow: m[2] ? Number(m[2]) : 0, columns: parseColumns(m[3]) };
  } catch {
    return undefined;
  }
}
