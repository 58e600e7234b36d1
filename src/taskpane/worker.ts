/**
 * The web page's worker: everything that reads or writes workbooks, or imports a list, runs here so
 * the page stays responsive. It answers the requests of web/protocol.ts, posting progress per file.
 * ExcelJS (the bulk of the code) is loaded on the first request that needs it, not at start.
 * workerStart.ts loads this module, after the polyfill script where the engine needs it.
 */
import { reportingUnits } from '../core/assignment';
import type { Catalog } from '../core/catalog';
import { catalogFromJson, catalogFromWorkbook, CatalogFormatError, isCatalogWorkbook } from '../core/catalogFile';
import { checkReturn } from '../core/checks';
import { consolidate, uniqueFileKeys, type MergeInput } from '../core/consolidation';
import { yearOutsideCatalog } from '../core/catalog';
import { finding, type Finding } from '../core/finding';
import { importList, type ImportResult } from '../core/import';
import { readSource } from '../core/import/source';
import { normaliseDocument } from '../core/import/text';
import { parsePeriod, type Period } from '../core/period';
import { addinReference } from '../core/addin';
import { fileStateOf } from './fileState';
import { buildTemplate, templateFileName } from '../core/template';
import { SEEDS } from './seeds';
import { reader, xlsx } from './xlsxModules';
import type {
  CatalogInfo,
  CatalogRequest,
  Progress,
  RequestType,
  SeedInfo,
  WorkerApi,
  WorkerRequest,
  WorkerResponse,
} from './web/protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

class UserError extends Error {}

function periodOf(code: string): Period {
  const p = parsePeriod(code);
  if (!p) throw new UserError(`报告期“${code}”无法识别，请写作 2019Q2、2019H1、2019M06 或 2019`);
  return p;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.slice(0, 120) : '未知错误';
}

// ---------- catalogs ----------

const seedImports = new Map<string, ImportResult>();

function seedTitle(text: string, id: string): string {
  try {
    return readSource(normaliseDocument(text).split('\n')).title || id;
  } catch {
    return id;
  }
}

function listSeeds(): SeedInfo[] {
  return SEEDS.map((s) => ({ id: s.id, title: seedTitle(s.text, s.id) }));
}

function imported(r: ImportResult): CatalogInfo {
  return { catalog: r.catalog, warnings: r.warnings, layout: r.layout };
}

async function loadCatalog(req: CatalogRequest): Promise<CatalogInfo> {
  if (req.kind === 'seed') {
    const seed = SEEDS.find((s) => s.id === req.id);
    if (!seed) throw new UserError(`没有名为“${req.id}”的内置责任清单`);
    let r = seedImports.get(seed.id);
    if (!r) {
      r = importList(seed.text);
      seedImports.set(seed.id, r);
    }
    return imported(r);
  }
  if (req.kind === 'text') {
    if (!req.text.trim()) throw new UserError('请先粘贴责任清单的正文');
    return imported(importList(req.text));
  }
  const { file } = req;
  const name = file.name.toLowerCase();
  if (name.endsWith('.json')) return { catalog: catalogFromJson(await file.text()), warnings: [] };
  if (name.endsWith('.xlsx')) {
    const { readWorkbook } = await reader();
    const book = await readWorkbook(new Uint8Array(await file.arrayBuffer()), file.name);
    if (!isCatalogWorkbook(book)) throw new CatalogFormatError(`“${file.name}”不是任务清单工作簿（缺少“任务清单”工作表）`);
    return { catalog: catalogFromWorkbook(book), warnings: [] };
  }
  if (name.endsWith('.txt')) return imported(importList(await file.text()));
  throw new UserError(`“${file.name}”不是任务清单文件：请选择任务清单 .xlsx 或 .json（或清单正文 .txt）`);
}

// ---------- returns ----------

/** A picked file as the merge takes it (see readReturnBytes in the xlsx module), under its key in the merge. */
async function readReturnFile(file: File, key = file.name): Promise<MergeInput> {
  const mtime = file.lastModified ? new Date(file.lastModified).toISOString() : undefined;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { file: key, unreadable: '文件无法打开', fileTime: mtime };
  }
  return (await reader()).readReturnBytes(bytes, key, mtime);
}

function progressOf(input: MergeInput, index: number): Progress {
  return { kind: 'file', index, file: input.file, ...fileStateOf(input) };
}

async function merge(p: WorkerApi['merge']['payload'], progress: (p: Progress) => void): Promise<WorkerApi['merge']['result']> {
  const period = periodOf(p.period);
  const outside = yearOutsideCatalog(p.catalog, period.year);
  if (outside) throw new UserError(`报告期 ${period.code} 不可用：${outside}`);
  const started = performance.now();
  const inputs: MergeInput[] = [];
  // Files picked from a folder keep their path in it, so that two 财政局.xlsx of two subfolders stay apart.
  const keys = uniqueFileKeys(p.files.map((f) => f.webkitRelativePath || f.name));
  for (const [index, file] of p.files.entries()) {
    progress({ kind: 'file', index, file: keys[index], state: 'reading' });
    const input = await readReturnFile(file, keys[index]);
    inputs.push(input);
    progress(progressOf(input, index));
  }
  progress({ kind: 'step', done: p.files.length, total: p.files.length + 1, label: '正在生成汇总表…' });
  const result = consolidate(inputs, { catalog: p.catalog, period, asOf: p.asOf });
  const { writeWorkbook } = await xlsx();
  const workbook = await writeWorkbook(result.workbook);
  return {
    summary: result.summary,
    findings: result.findings,
    workbook,
    fileName: `汇总-${period.code}.xlsx`,
    ms: Math.round(performance.now() - started),
  };
}

async function check(p: WorkerApi['check']['payload']): Promise<WorkerApi['check']['result']> {
  const period = periodOf(p.period);
  const input = await readReturnFile(p.file);
  if ('unreadable' in input) {
    return {
      file: input.file,
      readable: false,
      unit: null,
      rows: 0,
      findings: [finding('UNREADABLE_FILE', input.unreadable, { file: input.file })],
    };
  }
  if (!input.outcome.ok)
    return { file: input.file, readable: false, unit: null, rows: 0, findings: [{ ...input.outcome.finding, file: input.file }] };
  const report = input.outcome.report;
  const checked = checkReturn(report, {
    catalog: p.catalog,
    period,
    asOf: p.asOf,
    file: input.file,
    times: { saved: input.saved, fileTime: input.fileTime },
  });
  return { file: input.file, readable: true, unit: checked.unit ?? null, rows: checked.rows.length, findings: checked.findings };
}

async function annotate(p: { file: File; findings: Finding[] }): Promise<WorkerApi['annotate']['result']> {
  const { annotateWorkbook } = await import(/* webpackChunkName: "annotate" */ '../xlsx/annotate');
  const bytes = await annotateWorkbook(new Uint8Array(await p.file.arrayBuffer()), p.findings, p.file.name);
  const base = p.file.name.replace(/\.(xlsx|xlsm)$/i, '');
  return { fileName: `${base}-已标注.xlsx`, bytes };
}

function checkUnit(catalog: Catalog, unit: string): void {
  if (!reportingUnits(catalog).includes(unit)) throw new UserError(`“${unit}”不是此任务清单中有任务的单位`);
}

async function template(p: WorkerApi['template']['payload']): Promise<WorkerApi['template']['result']> {
  const period = periodOf(p.period);
  checkUnit(p.catalog, p.unit);
  const { writeWorkbook } = await xlsx();
  return {
    fileName: templateFileName(p.unit, period),
    bytes: await writeWorkbook(buildTemplate(p.catalog, p.unit, period, { addin: addinReference(p.share) })),
  };
}

async function templates(p: WorkerApi['templates']['payload'], progress: (p: Progress) => void): Promise<WorkerApi['templates']['result']> {
  const period = periodOf(p.period);
  const units = reportingUnits(p.catalog);
  if (!units.length) throw new UserError('此任务清单中没有需要报送的单位');
  const { writeWorkbook } = await xlsx();
  const { zipSync } = await import(/* webpackChunkName: "fflate" */ 'fflate');
  const files: Record<string, Uint8Array> = {};
  for (const [i, unit] of units.entries()) {
    progress({ kind: 'step', done: i, total: units.length, label: `正在生成 ${unit}` });
    files[templateFileName(unit, period)] = await writeWorkbook(buildTemplate(p.catalog, unit, period, { addin: addinReference(p.share) }));
  }
  progress({ kind: 'step', done: units.length, total: units.length, label: '正在打包…' });
  // xlsx files are zips already: store them (level 0) rather than compress again.
  const bytes = zipSync(files, { level: 0, mtime: new Date() });
  return { fileName: `${period.code}_全部单位_进度情况表.zip`, bytes, count: units.length };
}

// ---------- dispatch ----------

async function handle(req: WorkerRequest, progress: (p: Progress) => void): Promise<unknown> {
  const type: RequestType = req.type;
  switch (type) {
    case 'seeds':
      return listSeeds();
    case 'catalog':
      return loadCatalog((req as WorkerRequest<'catalog'>).payload);
    case 'merge':
      return merge((req as WorkerRequest<'merge'>).payload, progress);
    case 'check':
      return check((req as WorkerRequest<'check'>).payload);
    case 'annotate':
      return annotate((req as WorkerRequest<'annotate'>).payload);
    case 'template':
      return template((req as WorkerRequest<'template'>).payload);
    case 'templates':
      return templates((req as WorkerRequest<'templates'>).payload, progress);
  }
}

function transferables(result: unknown): Transferable[] {
  if (result && typeof result === 'object') {
    for (const key of ['bytes', 'workbook'] as const) {
      const v = (result as Record<string, unknown>)[key];
      if (v instanceof Uint8Array) return [v.buffer as ArrayBuffer];
    }
  }
  return [];
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  const post = (msg: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
  handle(req, (progress) => post({ id: req.id, kind: 'progress', progress })).then(
    (result) => post({ id: req.id, kind: 'result', result }, transferables(result)),
    (e: unknown) => {
      // Errors of the engine and the xlsx module carry Chinese messages meant for the user.
      const known = e instanceof UserError || e instanceof CatalogFormatError || (e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message));
      post({ id: req.id, kind: 'error', message: known ? errorText(e) : `处理失败（${errorText(e)}）` });
    },
  );
};
