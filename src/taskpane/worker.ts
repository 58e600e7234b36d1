/**
 * The web page's worker: everything that reads or writes workbooks, or imports a list, runs here so
 * the page stays responsive. It answers the requests of web/protocol.ts, posting progress per file.
 * ExcelJS (the bulk of the code) is loaded on the first request that needs it, not at start.
 * workerStart.ts loads this module, after the polyfill script where the engine needs it.
 */
import { reportingUnits } from '../core/assignment';
import type { Catalog } from '../core/catalog';
import { catalogFromJson, catalogFromWorkbook, CatalogFormatError, catalogToWorkbook, isCatalogWorkbook } from '../core/catalogFile';
import { checkReturn } from '../core/checks';
import { consolidate, uniqueFileKeys, type MergeInput } from '../core/consolidation';
import { yearOutsideCatalog } from '../core/catalog';
import type { ConsolidationRecord } from '../core/consolidationRecord';
import { previousProgress } from '../core/copiedProgress';
import { finding, type Finding } from '../core/finding';
import { importDocument, importList, NotAListError, type ImportResult } from '../core/import';
import { readSource } from '../core/import/source';
import { normaliseDocument } from '../core/import/text';
import { parsePeriod, type Period } from '../core/period';
import { addinReference } from '../core/addin';
import { fileStateOf } from './fileState';
import { buildTemplate, templateFileName } from '../core/template';
import { SEEDS } from './seeds';
import { feedbackWriter, reader, xlsx } from './xlsxModules';
import { feedbackCopies } from '../core/feedback';
import type {
  CatalogInfo,
  CatalogRequest,
  ListFileResult,
  Progress,
  RequestType,
  SeedInfo,
  WorkerApi,
  WorkerRequest,
  WorkerResponse,
} from './web/protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

class UserError extends Error {}

function periodOf(code: string, catalog?: Catalog): Period {
  const p = parsePeriod(code);
  if (!p) throw new UserError(`报告期“${code}”无法识别，请写作 2019Q2、2019H1、2019M06 或 2019`);
  // A period outside the list's years would get an invented "2021年工作计划".
  const outside = catalog ? yearOutsideCatalog(catalog, p.year) : undefined;
  if (outside) throw new UserError(`报告期 ${p.code} 不可用：${outside}`);
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

type DocumentsModule = typeof import('../documents');
let documentsModule: Promise<DocumentsModule> | undefined;
/** The readers of issued lists (Word, Excel, PDF, text), loaded on the first list file. */
function documents(): Promise<DocumentsModule> {
  documentsModule ??= import(/* webpackChunkName: "documents" */ '../documents');
  return documentsModule;
}

/** pdf.js's CMaps, copied beside the page (pdf-cmaps/, see webpack.config.js): no CDN. */
async function loadCMap(name: string): Promise<Uint8Array> {
  const res = await fetch(new URL(`pdf-cmaps/${encodeURIComponent(name)}.bcmap`, scope.location.href));
  if (!res.ok) throw new UserError(`缺少 PDF 字体编码文件 ${name}，请联系管理员重新部署网页`);
  return new Uint8Array(await res.arrayBuffer());
}

/** A list file of any kind: its catalog, or its document for a column mapping, with the reason. */
async function listFile(file: File): Promise<ListFileResult> {
  const { readListFile } = await documents();
  const read = await readListFile(new Uint8Array(await file.arrayBuffer()), file.name, { loadCMap });
  if (read.kind === 'catalog') return { info: { catalog: read.catalog, warnings: [] } };
  try {
    return { info: imported(importDocument(read.doc)), doc: read.doc, format: read.format };
  } catch (e) {
    if (e instanceof NotAListError) return { doc: read.doc, error: e.message, format: read.format };
    throw e;
  }
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

/** A picked 汇总 as its consolidation record (a Chinese error when it is not one). */
async function readConsolidationFile(file: File): Promise<ConsolidationRecord> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new UserError(`“${file.name}”无法打开`);
  }
  return (await reader()).readConsolidationBytes(bytes, file.name);
}

async function consolidationInfo(p: WorkerApi['consolidation']['payload']): Promise<WorkerApi['consolidation']['result']> {
  const r = await readConsolidationFile(p.file);
  return { period: r.period, periodLabel: r.periodLabel, units: r.units.length, rows: r.rows.length, source: r.source };
}

async function ledger(p: WorkerApi['ledger']['payload'], progress: (p: Progress) => void): Promise<WorkerApi['ledger']['result']> {
  const inputs = [];
  for (const [i, file] of p.files.entries()) {
    progress({ kind: 'step', done: i, total: p.files.length + 1, label: `正在读取 ${file.name}` });
    inputs.push({ record: await readConsolidationFile(file), file: file.name });
  }
  // The 台账 code loads on first use, not with the worker.
  const [{ buildLedger }, { ledgerFileName, ledgerWorkbook }] = await Promise.all([
    import(/* webpackChunkName: "ledger" */ '../core/ledger'),
    import(/* webpackChunkName: "ledger" */ '../core/ledgerWorkbook'),
  ]);
  const built = buildLedger(inputs);
  progress({ kind: 'step', done: p.files.length, total: p.files.length + 1, label: '正在生成台账…' });
  const { writeWorkbook } = await xlsx();
  return { ledger: built, bytes: await writeWorkbook(ledgerWorkbook(built)), fileName: ledgerFileName(built) };
}

function progressOf(input: MergeInput, index: number): Progress {
  return { kind: 'file', index, file: input.file, ...fileStateOf(input) };
}

async function merge(p: WorkerApi['merge']['payload'], progress: (p: Progress) => void): Promise<WorkerApi['merge']['result']> {
  const period = periodOf(p.period, p.catalog);
  const started = performance.now();
  const previous = p.previous ? previousProgress(await readConsolidationFile(p.previous), period) : undefined;
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
  const result = consolidate(inputs, { catalog: p.catalog, period, asOf: p.asOf, previous });
  const { writeWorkbook } = await xlsx();
  const workbook = await writeWorkbook(result.workbook);
  return {
    summary: result.summary,
    findings: result.findings,
    workbook,
    fileName: `汇总-${period.code}.xlsx`,
    sheets: result.workbook.sheets.map((s) => s.name),
    feedback: feedbackCopies(result, { catalog: p.catalog, period, asOf: p.asOf }),
    ms: Math.round(performance.now() - started),
  };
}

async function check(p: WorkerApi['check']['payload']): Promise<WorkerApi['check']['result']> {
  const period = periodOf(p.period, p.catalog);
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

async function feedback(p: WorkerApi['feedback']['payload'], progress: (p: Progress) => void): Promise<WorkerApi['feedback']['result']> {
  const { feedbackWorkbook } = await feedbackWriter();
  const { zipSync } = await import(/* webpackChunkName: "fflate" */ 'fflate');
  const byName = new Map(p.files.map((f) => [f.name, f]));
  const files: Record<string, Uint8Array> = {};
  for (const [i, copy] of p.copies.entries()) {
    progress({ kind: 'step', done: i, total: p.copies.length, label: `正在标注 ${copy.unit}` });
    const file = byName.get(copy.file);
    if (!file) throw new UserError(`找不到报表文件“${copy.file}”，请重新选择后再汇总`);
    files[copy.fileName] = await feedbackWorkbook(new Uint8Array(await file.arrayBuffer()), copy.file, copy);
  }
  // xlsx files are zips already: store them (level 0) rather than compress again.
  const bytes = zipSync(files, { level: 0, mtime: new Date() });
  return { fileName: `${p.period}_需更正的报表.zip`, bytes, count: p.copies.length };
}

function checkUnit(catalog: Catalog, unit: string): void {
  if (!reportingUnits(catalog).includes(unit)) throw new UserError(`“${unit}”不是此任务清单中有任务的单位`);
}

async function template(p: WorkerApi['template']['payload']): Promise<WorkerApi['template']['result']> {
  const period = periodOf(p.period, p.catalog);
  checkUnit(p.catalog, p.unit);
  const { writeWorkbook } = await xlsx();
  return {
    fileName: templateFileName(p.unit, period),
    bytes: await writeWorkbook(buildTemplate(p.catalog, p.unit, period, { addin: addinReference(p.share) })),
  };
}

async function templates(p: WorkerApi['templates']['payload'], progress: (p: Progress) => void): Promise<WorkerApi['templates']['result']> {
  const period = periodOf(p.period, p.catalog);
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
    case 'listFile':
      return listFile((req as WorkerRequest<'listFile'>).payload.file);
    case 'merge':
      return merge((req as WorkerRequest<'merge'>).payload, progress);
    case 'check':
      return check((req as WorkerRequest<'check'>).payload);
    case 'consolidation':
      return consolidationInfo((req as WorkerRequest<'consolidation'>).payload);
    case 'ledger':
      return ledger((req as WorkerRequest<'ledger'>).payload, progress);
    case 'annotate':
      return annotate((req as WorkerRequest<'annotate'>).payload);
    case 'feedback':
      return feedback((req as WorkerRequest<'feedback'>).payload, progress);
    case 'template':
      return template((req as WorkerRequest<'template'>).payload);
    case 'templates':
      return templates((req as WorkerRequest<'templates'>).payload, progress);
    case 'catalogFile': {
      const { writeWorkbook } = await xlsx();
      const { catalog } = (req as WorkerRequest<'catalogFile'>).payload;
      return {
        fileName: `任务清单-${(catalog.source.title || '清单').slice(0, 40)}.xlsx`,
        bytes: await writeWorkbook(catalogToWorkbook(catalog)),
      };
    }
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
