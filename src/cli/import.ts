import { existsSync } from 'fs';
import path from 'path';
import { outputError, usageError } from './errors';
import { isOwnCatalog } from './ownership';
import { catalogToJson, catalogToWorkbook } from '../core/catalogFile';
import { NotAListError, type ColumnMapping } from '../core/import';
import { MappingError, parseColumns } from '../core/import/mapping';
import { ROLE_LABELS } from '../core/import/vocabulary';
import { ListFileError } from '../documents';
import { loadCatalog, writeFileEnsuringDir } from './files';
import { formatSummary } from './report';

export interface ImportCliOptions {
  json?: boolean;
  output?: string;
  /** 任务=2,牵头单位=5,… */
  columns?: string;
  headerRow?: string;
  table?: string;
}

function positive(v: string | undefined, what: string, zero = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < (zero ? 0 : 1)) throw new MappingError(`${what}应为${zero ? '0 或' : ''}正整数：${v}`);
  return n;
}

/** The --columns / --header-row / --table options as a mapping, or undefined when none is given. */
export function mappingOf(opts: ImportCliOptions): ColumnMapping | undefined {
  if (!opts.columns) {
    if (opts.headerRow !== undefined || opts.table !== undefined) throw new MappingError('--table 和 --header-row 须与 --columns 一起使用');
    return undefined;
  }
  return {
    table: positive(opts.table, '--table') ?? 1,
    headerRow: positive(opts.headerRow, '--header-row', true) ?? 1,
    columns: parseColumns(opts.columns),
  };
}

/** Tables found in a list whose structure was not recognised, with what their columns seem to be. */
function describeTables(e: NotAListError): string {
  return e.tables
    .slice(0, 5)
    .map((t) => {
      const roles = t.roles
        .map((r, i) => (r ? `${r.role === 'plan' && r.year ? `${r.year}年计划` : ROLE_LABELS[r.role]}=${i + 1}` : ''))
        .filter(Boolean);
      const name = t.label === `第${t.index + 1}个表格` ? '' : `（${t.label}）`;
      return `  第${t.index + 1}个表格${name}：${t.rows} 行 ${t.columns} 列${t.headerRow ? `，表头似在第${t.headerRow}行` : ''}${roles.length ? `，已识别 ${roles.join(',')}` : ''}`;
    })
    .join('\n');
}

/** jindu import FILE [--json] [-o catalog.xlsx|catalog.json] [--columns …]. Exit 1 when FILE is not a list that can be read. */
export async function runImport(file: string, opts: ImportCliOptions): Promise<number> {
  let loaded;
  try {
    loaded = await loadCatalog(file, { mapping: mappingOf(opts) });
  } catch (e) {
    if (e instanceof NotAListError) {
      const tables = describeTables(e);
      process.stderr.write(`${path.basename(file)}：${e.message}\n${tables ? `${tables}\n` : ''}`);
      return 1;
    }
    if (e instanceof ListFileError || e instanceof MappingError) {
      process.stderr.write(`${path.basename(file)}：${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const { catalog, imported } = loaded;
  for (const w of imported?.warnings ?? []) process.stderr.write(`警告 ${path.basename(file)}:${w.where ?? w.line}：${w.message}\n`);
  if (opts.output) {
    const out = opts.output;
    if (existsSync(out) && !(await isOwnCatalog(out))) {
      throw outputError(`“${out}”已存在，且不是进度通生成的任务清单；为免覆盖，请换一个文件名`);
    }
    if (out.toLowerCase().endsWith('.json')) await writeFileEnsuringDir(out, catalogToJson(catalog));
    else if (out.toLowerCase().endsWith('.xlsx')) {
      const { writeWorkbook } = await import('../xlsx');
      await writeFileEnsuringDir(out, await writeWorkbook(catalogToWorkbook(catalog)));
    } else throw usageError(`输出文件须为 .xlsx 或 .json：${out}`);
  }
  if (opts.json) process.stdout.write(catalogToJson(catalog));
  else process.stderr.write(`${formatSummary(catalog, imported?.layout.label)}\n`);
  return 0;
}
