import { existsSync } from 'fs';
import path from 'path';
import { outputError, usageError } from './errors';
import { isOwnCatalog } from './ownership';
import { catalogToJson, catalogToWorkbook } from '../core/catalogFile';
import { NotAListError } from '../core/import';
import { writeWorkbook } from '../xlsx';
import { loadCatalog, writeFileEnsuringDir } from './files';
import { formatSummary } from './report';

/** jindu import FILE [--json] [-o catalog.xlsx|catalog.json]. Exit 1 only when FILE is not a responsibility list. */
export async function runImport(file: string, opts: { json?: boolean; output?: string }): Promise<number> {
  let loaded;
  try {
    loaded = await loadCatalog(file);
  } catch (e) {
    if (e instanceof NotAListError) {
      process.stderr.write(`${path.basename(file)}：${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const { catalog, imported } = loaded;
  for (const w of imported?.warnings ?? []) process.stderr.write(`警告 ${path.basename(file)}:${w.line}：${w.message}\n`);
  if (opts.output) {
    const out = opts.output;
    if (existsSync(out) && !(await isOwnCatalog(out))) {
      throw outputError(`“${out}”已存在，且不是进度通生成的任务清单；为免覆盖，请换一个文件名`);
    }
    if (out.toLowerCase().endsWith('.json')) await writeFileEnsuringDir(out, catalogToJson(catalog));
    else if (out.toLowerCase().endsWith('.xlsx')) await writeFileEnsuringDir(out, await writeWorkbook(catalogToWorkbook(catalog)));
    else throw usageError(`输出文件须为 .xlsx 或 .json：${out}`);
  }
  if (opts.json) process.stdout.write(catalogToJson(catalog));
  else process.stderr.write(`${formatSummary(catalog, imported?.layout.label)}\n`);
  return 0;
}
