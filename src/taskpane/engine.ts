/**
 * What both doors do with files, once: read a picked return, a 汇总 or a list; merge returns; check
 * one; write templates, marked-up copies and the 台账. The web page runs these in its worker
 * (worker.ts), the Excel pane in the pane itself (hosts/excel.ts); everything that decides is in
 * src/core. ExcelJS loads only when a workbook is written (xlsxModules.ts).
 */
import { reportingUnits } from '../core/assignment';
import { yearOutsideCatalog, type Catalog } from '../core/catalog';
import { catalogToWorkbook } from '../core/catalogFile';
import { checkReturn } from '../core/checks';
import { consolidate, uniqueFileKeys, type Consolidation, type MergeInput } from '../core/consolidation';
import type { ConsolidationRecord } from '../core/consolidationRecord';
import { previousProgress } from '../core/copiedProgress';
import { dashboardOf } from '../core/dashboard';
import { feedbackCopies, type FeedbackCopy } from '../core/feedback';
import { finding, type Finding } from '../core/finding';
import { importDocument, importList, NotAListError, type ImportResult } from '../core/import';
import type { ListDocument } from '../core/import/document';
import { parsePeriod, periodLabel, type Period } from '../core/period';
import { readReturn } from '../core/returnReader';
import { buildTemplate, templateFileName, type TemplateOptions } from '../core/template';
import type { WorkbookData } from '../core/workbook';
import { fileStateOf } from './fileState';
import type { CatalogInfo, CheckOutcome, ConsolidationBrief, FileProgress, ListRead, MergeDone, StepProgress } from './hosts/types';
import { feedbackWriter, reader, xlsx } from './xlsxModules';

/** A Chinese error meant for the user as it is. */
export class UserError extends Error {}

export function periodOf(code: string, catalog?: Catalog): Period {
  const p = parsePeriod(code);
  if (!p) throw new UserError(`报告期“${code}”无法识别，请写作 2019Q2、2019H1、2019M06 或 2019`);
  // A period outside the list's years would get an invented "2021年工作计划".
  const outside = catalog ? yearOutsideCatalog(catalog, p.year) : undefined;
  if (outside) throw new UserError(`报告期 ${p.code} 不可用：${outside}`);
  return p;
}

/** A File's bytes; FileReader where Blob.arrayBuffer is missing (older webviews). */
export function fileBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error ?? new Error('文件无法打开'));
    r.readAsArrayBuffer(file);
  });
}

/** A picked file that is a zip of returns (its reader loads only when one is picked). */
export const isBundle = (f: File): boolean => /\.zip$/i.test(f.name);

/**
 * Picked files with each zip of returns (压缩包) replaced by its workbooks, named by their path in it
 * (村报表.zip/一组/第1村.xlsx: the key a merge knows them by), and what of the zips was not read, with why.
 */
export async function unpackBundles(files: File[]): Promise<{ files: File[]; skipped: string[] }> {
  if (!files.some(isBundle)) return { files, skipped: [] };
  const { unpackBundle } = await import(/* webpackChunkName: "bundle" */ '../xlsx/bundle');
  const out: File[] = [];
  const skipped: string[] = [];
  for (const f of files) {
    const key = f.webkitRelativePath || f.name;
    if (!isBundle(f)) {
      out.push(f);
      continue;
    }
    try {
      for (const item of unpackBundle(await fileBytes(f))) {
        if (item.kind === 'skipped') skipped.push(`${key}/${item.path}：${item.reason}`);
        else out.push(new File([item.bytes], `${key}/${item.path}`, { lastModified: f.lastModified }));
      }
    } catch (e) {
      skipped.push(`${key}：${userMessage(e)}`);
    }
  }
  return { files: out, skipped };
}

async function openedBytes(file: File): Promise<Uint8Array> {
  try {
    return await fileBytes(file);
  } catch {
    throw new UserError(`“${file.name}”无法打开`);
  }
}

// ---------- lists ----------

function imported(r: ImportResult): CatalogInfo {
  return { catalog: r.catalog, warnings: r.warnings, layout: r.layout };
}

function hasTables(doc: ListDocument): boolean {
  return doc.blocks.some((b) => b.kind === 'table');
}

/** pdf.js's CMaps beside the page (pdf-cmaps/, see webpack.config.js): no CDN. */
function cmapLoader(base: string) {
  return async (name: string): Promise<Uint8Array> => {
    const res = await fetch(new URL(`pdf-cmaps/${encodeURIComponent(name)}.bcmap`, base));
    if (!res.ok) throw new UserError(`缺少 PDF 字体编码文件 ${name}，请联系管理员重新部署进度通`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

/** A list file of any kind (Word, Excel, PDF, text, catalog .xlsx/.json): its catalog, or its document for a column mapping. */
export async function readListFile(file: File, base: string): Promise<ListRead> {
  const { readListFile: read } = await import(/* webpackChunkName: "documents" */ '../documents');
  const got = await read(await openedBytes(file), file.name, { loadCMap: cmapLoader(base) });
  if (got.kind === 'catalog') return { info: { catalog: got.catalog, warnings: [] } };
  const doc = hasTables(got.doc) ? got.doc : undefined;
  try {
    return { info: imported(importDocument(got.doc)), doc };
  } catch (e) {
    if (e instanceof NotAListError && doc) return { doc, error: e.message };
    throw e;
  }
}

/** Pasted list text: its catalog, or (a pasted table whose columns were not recognised) its document. */
export async function readListText(text: string): Promise<ListRead> {
  if (!text.trim()) throw new UserError('请先粘贴责任清单的正文');
  try {
    return { info: imported(importList(text)) };
  } catch (e) {
    if (!(e instanceof NotAListError)) throw e;
    const { textDocument } = await import(/* webpackChunkName: "column-mapper" */ '../core/import/textSource');
    const doc = textDocument(text);
    if (hasTables(doc)) return { doc, error: e.message };
    throw e;
  }
}

export async function catalogFile(catalog: Catalog): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { writeWorkbook } = await xlsx();
  return {
    fileName: `任务清单-${(catalog.source.title || '清单').slice(0, 40)}.xlsx`,
    bytes: await writeWorkbook(catalogToWorkbook(catalog)),
  };
}

// ---------- returns and 汇总 ----------

/** A picked file as the merge takes it, under its key in the merge. */
export async function readReturnFile(file: File, key = file.name): Promise<MergeInput> {
  const mtime = file.lastModified ? new Date(file.lastModified).toISOString() : undefined;
  let bytes: Uint8Array;
  try {
    bytes = await fileBytes(file);
  } catch {
    return { file: key, unreadable: '文件无法打开', fileTime: mtime };
  }
  return (await reader()).readReturnBytes(bytes, key, mtime);
}

/** A picked 汇总 as its consolidation record (a Chinese error when it is not one). */
export async function readConsolidationFile(file: File): Promise<ConsolidationRecord> {
  return (await reader()).readConsolidationBytes(await openedBytes(file), file.name);
}

export function briefOf(r: ConsolidationRecord): ConsolidationBrief {
  return { period: r.period, periodLabel: r.periodLabel, units: r.units, rows: r.rows.length, source: r.source };
}

/** A picked workbook's values, read with the limits of a 汇总 (which may be a unit's return too). */
export async function readWorkbookFile(file: File): Promise<WorkbookData> {
  const bytes = await openedBytes(file);
  const r = await reader();
  try {
    return await r.readWorkbook(bytes, file.name, r.CONSOLIDATION_LIMITS);
  } catch (e) {
    throw new UserError(`“${file.name}”无法读取：${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Lets the page paint the progress between two files (in the pane, which has no worker). */
const nextFrame = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * The merge of picked returns: each read with its state reported, then consolidated. Files picked
 * from a folder keep their path in it, so that two 财政局.xlsx of two subfolders stay apart.
 */
export async function mergeReturns(
  req: { files: File[]; catalog: Catalog; period: string; asOf: string; previous?: File },
  onFile: (p: FileProgress) => void,
  onStep: (s: StepProgress) => void,
): Promise<{ result: Consolidation; period: Period; previous?: ConsolidationRecord; started: number }> {
  const period = periodOf(req.period, req.catalog);
  const started = Date.now();
  const previous = req.previous ? await readConsolidationFile(req.previous) : undefined;
  const inputs: MergeInput[] = [];
  const keys = uniqueFileKeys(req.files.map((f) => f.webkitRelativePath || f.name));
  const total = req.files.length + 1;
  for (const [index, file] of req.files.entries()) {
    onStep({ done: index, total, label: `正在读取 ${file.name}（${index + 1}/${req.files.length}）` });
    onFile({ index, state: 'reading' });
    await nextFrame();
    const input = await readReturnFile(file, keys[index]);
    inputs.push(input);
    onFile({ index, ...fileStateOf(input) });
  }
  onStep({ done: req.files.length, total, label: '正在生成汇总表…' });
  await nextFrame();
  const result = consolidate(inputs, {
    catalog: req.catalog,
    period,
    asOf: req.asOf,
    previous: previous ? previousProgress(previous, period) : undefined,
  });
  return { result, period, previous, started };
}

/** What the tabs show of a merge (the door adds its handle and notes). */
export function mergeDone(
  result: Consolidation,
  ctx: { catalog: Catalog; period: Period; asOf: string; previous?: ConsolidationRecord; started: number },
): Omit<MergeDone, 'handle' | 'notes'> {
  return {
    summary: result.summary,
    dashboard: dashboardOf(result, ctx.catalog),
    feedback: feedbackCopies(result, { catalog: ctx.catalog, period: ctx.period, asOf: ctx.asOf }),
    sheets: result.workbook.sheets.filter((s) => s.state !== 'veryHidden').map((s) => s.name),
    fileName: `汇总-${ctx.period.code}.xlsx`,
    ms: Date.now() - ctx.started,
    ...(ctx.previous ? { previousUnits: ctx.previous.units } : {}),
  };
}

/** The marked-up copies as one zip, from the picked returns they were made from (found by their key). */
export async function feedbackZip(
  files: File[],
  copies: FeedbackCopy[],
  period: string,
  onStep?: (s: StepProgress) => void,
): Promise<{ fileName: string; bytes: Uint8Array; count: number }> {
  const { feedbackWorkbook } = await feedbackWriter();
  const { zipSync } = await import(/* webpackChunkName: "fflate" */ 'fflate');
  const keys = uniqueFileKeys(files.map((f) => f.webkitRelativePath || f.name));
  const byKey = new Map(files.map((f, i) => [keys[i], f]));
  const out: Record<string, Uint8Array> = {};
  for (const [i, copy] of copies.entries()) {
    onStep?.({ done: i, total: copies.length, label: `正在标注 ${copy.unit}` });
    out[copy.fileName] = await feedbackCopy(byKey.get(copy.file), copy, feedbackWorkbook);
  }
  // xlsx files are zips already: store them (level 0) rather than compress again.
  return { fileName: `${period}_需更正的报表.zip`, bytes: zipSync(out, { level: 0, mtime: new Date() }), count: copies.length };
}

async function feedbackCopy(
  file: File | undefined,
  copy: FeedbackCopy,
  write: (bytes: Uint8Array, name: string, copy: FeedbackCopy) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  if (!file) throw new UserError(`找不到报表文件“${copy.file}”，请重新选择后再汇总`);
  return write(await fileBytes(file), copy.file, copy);
}

/** One unit's marked-up copy. */
export async function feedbackOne(files: File[], copy: FeedbackCopy): Promise<Uint8Array> {
  const { feedbackWorkbook } = await feedbackWriter();
  const keys = uniqueFileKeys(files.map((f) => f.webkitRelativePath || f.name));
  return feedbackCopy(files[keys.indexOf(copy.file)], copy, feedbackWorkbook);
}

// ---------- 检查 ----------

/** The checks of a workbook's report (the open workbook's values, or a picked file's). */
export function checkBook(
  input: MergeInput,
  ctx: { catalog: Catalog; period: Period; asOf: string },
  source: string,
  notes: string[] = [],
): CheckOutcome {
  if ('unreadable' in input) return { kind: 'not-a-report', source, message: input.unreadable, notes };
  if (!input.outcome.ok) return { kind: 'not-a-report', source, message: input.outcome.finding.message, notes };
  const report = input.outcome.report;
  // The template's own period wins over the field: a Q2 sheet is checked as Q2.
  const period = (report.meta.period ? parsePeriod(report.meta.period) : null) ?? ctx.period;
  const checked = checkReturn(report, {
    catalog: ctx.catalog,
    period,
    asOf: ctx.asOf,
    file: input.file,
    times: { saved: input.saved, fileTime: input.fileTime },
  });
  return {
    kind: 'checked',
    source: source || report.sheet,
    unit: checked.unit ?? null,
    periodLabel: periodLabel(period),
    rows: checked.rows.length,
    findings: checked.findings,
    notes,
  };
}

export async function checkFile(file: File, catalog: Catalog, period: string, asOf: string): Promise<CheckOutcome> {
  return checkBook(await readReturnFile(file), { catalog, period: periodOf(period, catalog), asOf }, file.name);
}

/** The open workbook's values as a return (its first report sheet). */
export function bookInput(book: WorkbookData, name: string): MergeInput {
  return { file: name, outcome: readReturn(book, name) };
}

export async function annotateFile(file: File, findings: Finding[]): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { annotateWorkbook } = await import(/* webpackChunkName: "annotate" */ '../xlsx/annotate');
  const bytes = await annotateWorkbook(await openedBytes(file), findings, file.name);
  return { fileName: `${file.name.replace(/\.(xlsx|xlsm)$/i, '')}-已标注.xlsx`, bytes };
}

export function unreadableFinding(file: string, message: string): Finding {
  return finding('UNREADABLE_FILE', message, { file });
}

// ---------- templates ----------

function checkUnit(catalog: Catalog, unit: string): void {
  if (!reportingUnits(catalog).includes(unit)) throw new UserError(`“${unit}”不是此任务清单中有任务的单位`);
}

export async function templateFile(
  catalog: Catalog,
  unit: string,
  periodCode: string,
  options: TemplateOptions,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const period = periodOf(periodCode, catalog);
  checkUnit(catalog, unit);
  const { writeWorkbook } = await xlsx();
  return { fileName: templateFileName(unit, period), bytes: await writeWorkbook(buildTemplate(catalog, unit, period, options)) };
}

export async function templatesZip(
  catalog: Catalog,
  periodCode: string,
  options: TemplateOptions,
  onStep: (s: StepProgress) => void,
): Promise<{ fileName: string; bytes: Uint8Array; count: number }> {
  const period = periodOf(periodCode, catalog);
  const units = reportingUnits(catalog);
  if (!units.length) throw new UserError('此任务清单中没有需要报送的单位');
  const { writeWorkbook } = await xlsx();
  const { zipSync } = await import(/* webpackChunkName: "fflate" */ 'fflate');
  const files: Record<string, Uint8Array> = {};
  for (const [i, unit] of units.entries()) {
    onStep({ done: i, total: units.length, label: `正在生成 ${unit}` });
    files[templateFileName(unit, period)] = await writeWorkbook(buildTemplate(catalog, unit, period, options));
  }
  onStep({ done: units.length, total: units.length, label: '正在打包…' });
  return {
    fileName: `${period.code}_全部单位_进度情况表.zip`,
    bytes: zipSync(files, { level: 0, mtime: new Date() }),
    count: units.length,
  };
}

// ---------- 台账 ----------

export async function ledgerOf(files: File[], onStep?: (s: StepProgress) => void) {
  const inputs = [];
  for (const [i, file] of files.entries()) {
    onStep?.({ done: i, total: files.length + 1, label: `正在读取 ${file.name}` });
    inputs.push({ record: await readConsolidationFile(file), file: file.name });
  }
  // The 台账 code loads on first use.
  const [{ buildLedger }, { ledgerFileName }] = await Promise.all([
    import(/* webpackChunkName: "ledger" */ '../core/ledger'),
    import(/* webpackChunkName: "ledger" */ '../core/ledgerWorkbook'),
  ]);
  const ledger = buildLedger(inputs);
  return { ledger, fileName: ledgerFileName(ledger) };
}

export async function ledgerBytes(ledger: import('../core/ledger').Ledger): Promise<Uint8Array> {
  const [{ ledgerWorkbook }, { writeWorkbook }] = await Promise.all([
    import(/* webpackChunkName: "ledger" */ '../core/ledgerWorkbook'),
    xlsx(),
  ]);
  return writeWorkbook(ledgerWorkbook(ledger));
}

/** Errors of the engine and the xlsx module carry Chinese messages meant for the user; anything else is said to be a fault. */
export function userMessage(e: unknown): string {
  const text = e instanceof Error ? e.message.slice(0, 160) : '未知错误';
  return e instanceof UserError || (e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message)) ? text : `处理失败（${text}）`;
}
