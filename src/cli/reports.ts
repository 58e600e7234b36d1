/**
 * jindu template / check / merge: the report commands over the core engine.
 */
import path from 'path';
import { addinReference } from '../core/addin';
import { reportingUnits, waitingGroups, waitingGroupsText } from '../core/assignment';
import type { Catalog } from '../core/catalog';
import { checkReturn } from '../core/checks';
import { consolidate, type Consolidation, type MergeOptions as ConsolidateOptions, type MergeSummary } from '../core/consolidation';
import { countByCode, FINDING_LABELS, hasErrors, type Finding } from '../core/finding';
import { resolveReturnUnit } from '../core/matching';
import { parsePeriod, periodLabel, type Period } from '../core/period';
import { buildTemplate, templateFileName } from '../core/template';
import { writeWorkbook } from '../xlsx';
import { expandInputs, loadCatalog, writeFileEnsuringDir } from './files';
import { readReturnFile } from './returnFile';
import { readReturnFiles, type ReadOptions } from './readReturns';
import { writeWorkbookStreaming } from '../xlsx/writeStream';

export function periodArg(text: string): Period {
  const p = parsePeriod(text);
  if (!p) throw new Error(`报告期“${text}”无法识别，请写作 2019Q2、2019H1、2019M06 或 2019`);
  return p;
}

/** Today in the local calendar, ISO; the core never reads the clock itself. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function asOfArg(text: string | undefined): string {
  if (!text) return today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) throw new Error(`日期“${text}”格式应为 YYYY-MM-DD`);
  return text;
}

function unitArg(catalog: Catalog, text: string): string {
  const r = resolveReturnUnit(text, {}, catalog);
  if (r.unit) return r.unit;
  const hint = r.candidates.length ? `，可能是：${r.candidates.join('、')}` : '';
  throw new Error(`单位“${text}”不在任务清单的单位名录中${hint}`);
}

export interface TemplateOptions {
  catalog: string;
  unit?: string;
  period: string;
  output?: string;
  all?: boolean;
  includePartners?: boolean;
  /** Network share of the add-in catalog; without it the templates name centralized deployment. */
  share?: string;
  /** false with --no-addin: a plain workbook without the web-extension parts. */
  addin?: boolean;
}

export async function runTemplate(opts: TemplateOptions): Promise<number> {
  const { catalog } = await loadCatalog(opts.catalog);
  const period = periodArg(opts.period);
  const assignment = { includePartners: !!opts.includePartners, addin: opts.addin === false ? undefined : addinReference(opts.share) };
  if (opts.all) {
    const dir = opts.output ?? '.';
    const units = reportingUnits(catalog, assignment);
    for (const unit of units) {
      const file = path.join(dir, templateFileName(unit, period));
      await writeFileEnsuringDir(file, await writeWorkbook(buildTemplate(catalog, unit, period, assignment)));
    }
    process.stderr.write(`已为 ${units.length} 个单位生成${periodLabel(period)}填报表：${dir}\n`);
    const waiting = waitingGroupsText(waitingGroups(catalog, assignment));
    if (waiting)
      process.stderr.write(`注意：${waiting}。请在任务清单工作簿“单位名录”的“成员单位”列填写，或在窗格、网页中添加成员后再生成。\n`);
    return 0;
  }
  if (!opts.unit) throw new Error('请用 --unit 指定单位，或用 --all 为所有单位生成');
  const unit = unitArg(catalog, opts.unit);
  const out = opts.output ?? templateFileName(unit, period);
  await writeFileEnsuringDir(out, await writeWorkbook(buildTemplate(catalog, unit, period, assignment)));
  process.stderr.write(`已生成 ${unit} ${periodLabel(period)}填报表：${out}\n`);
  return 0;
}

const SEVERITY_LABEL = { error: '错误', warning: '提醒', info: '说明' } as const;

/** Findings as a plain table for the terminal. */
export function formatFindings(findings: Finding[]): string {
  if (!findings.length) return '未发现问题。';
  const lines = findings.map(
    (f) => `${SEVERITY_LABEL[f.severity]}\t${f.code}\t${f.sheet ? `${f.sheet}!` : ''}${f.cell ?? ''}\t${f.message}`,
  );
  return ['级别\t代码\t位置\t说明', ...lines].join('\n');
}

export interface CheckOptions {
  catalog: string;
  period: string;
  asOf?: string;
  json?: boolean;
  includePartners?: boolean;
}

export async function runCheck(file: string, opts: CheckOptions): Promise<number> {
  const { catalog } = await loadCatalog(opts.catalog);
  const period = periodArg(opts.period);
  const asOf = asOfArg(opts.asOf);
  const input = await readReturnFile(file);
  let findings: Finding[];
  let unit: string | undefined;
  let rows = 0;
  if ('unreadable' in input) findings = [{ code: 'UNREADABLE_FILE', severity: 'error', file: input.file, message: input.unreadable }];
  else if (!input.outcome.ok) findings = [{ ...input.outcome.finding, file: input.file }];
  else {
    const report = input.outcome.report;
    const checked = checkReturn(report, {
      catalog,
      period,
      asOf,
      file: input.file,
      submittedAt: report.filledDate ?? input.modified?.slice(0, 10),
      includePartners: !!opts.includePartners,
    });
    findings = checked.findings;
    unit = checked.unit;
    rows = checked.rows.length;
  }
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ file: input.file, unit: unit ?? null, period: period.code, asOf, rows, findings }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`${input.file}：${unit ?? '单位未识别'}，${periodLabel(period)}，${rows} 行\n${formatFindings(findings)}\n`);
  }
  return hasErrors(findings) ? 1 : 0;
}

export interface MergeOptions {
  catalog: string;
  period: string;
  asOf?: string;
  output: string;
  json?: string;
  includePartners?: boolean;
}

/** A short Chinese account of a merge for the terminal. */
export function formatMergeSummary(summary: MergeSummary, findings: Finding[]): string {
  const u = summary.units;
  const count = (s: string) => u.filter((x) => x.status === s).length;
  const byCode = countByCode(findings);
  const codes = Object.entries(byCode)
    .map(([code, n]) => `${FINDING_LABELS[code as keyof typeof FINDING_LABELS]}(${code}) ${n}`)
    .join('，');
  const files = summary.files;
  const fcount = (s: string) => files.filter((f) => f.status === s).length;
  return [
    `汇总 ${summary.period}（截至 ${summary.asOf}）：文件 ${summary.totals.files} 个，其中已汇总 ${fcount('ok')}、被替代 ${fcount('superseded')}、无法读取 ${fcount('unreadable')}、非报表 ${fcount('not-a-report')}、单位无法识别 ${fcount('unknown-unit')}`,
    `单位 ${u.length} 个：按时 ${count('on-time')}，逾期 ${count('late')}，未报 ${count('missing')}${
      count('missing')
        ? `（${u
            .filter((x) => x.status === 'missing')
            .map((x) => x.unit)
            .slice(0, 8)
            .join('、')}${count('missing') > 8 ? '等' : ''}）`
        : ''
    }`,
    `数据行：读取 ${summary.totals.rowsRead}，写入 ${summary.totals.rowsWritten}${summary.totals.rowsRead === summary.totals.rowsWritten ? '（一致）' : '（不一致！）'}`,
    `问题 ${summary.totals.findings} 条${codes ? `：${codes}` : ''}`,
  ].join('\n');
}

export interface MergedFiles {
  result: Consolidation;
  /** The 汇总 workbook's bytes. */
  bytes: Uint8Array;
  /** Wall time of each step, in milliseconds. */
  ms: { read: number; consolidate: number; write: number };
}

/** The merge of return files as the CLI runs it (and the benchmark measures it): read, consolidate, write. */
export async function mergeFiles(files: string[], options: ConsolidateOptions, read: ReadOptions = {}): Promise<MergedFiles> {
  const t0 = performance.now();
  let t1 = t0;
  // The read returns are bound to nothing that outlives consolidate: the 汇总 holds only their texts,
  // and a province's returns can be collected while it is written.
  const result = consolidate(await readReturnFiles(files, read).finally(() => (t1 = performance.now())), options);
  const t2 = performance.now();
  const bytes = await writeWorkbookStreaming(result.workbook);
  const t3 = performance.now();
  return { result, bytes, ms: { read: t1 - t0, consolidate: t2 - t1, write: t3 - t2 } };
}

/**
 * A merge of thousands of files takes half a minute: on a terminal, how many are read, at most four
 * times a second, then that the 汇总 is being written. Nothing when stderr is a file or a pipe.
 */
function terminalProgress(total: number): ((read: number) => void) | undefined {
  if (!process.stderr.isTTY || total < 50) return undefined;
  let shown = 0;
  return (read) => {
    const now = Date.now();
    if (read < total && now - shown < 250) return;
    shown = now;
    process.stderr.write(`\r已读取 ${read}/${total} 个文件${read === total ? '，正在汇总并写入汇总表…\n' : ''}`);
  };
}

export async function runMerge(inputs: string[], opts: MergeOptions): Promise<number> {
  const { catalog } = await loadCatalog(opts.catalog);
  const period = periodArg(opts.period);
  const asOf = asOfArg(opts.asOf);
  const files = await expandInputs(inputs);
  const { result, bytes } = await mergeFiles(
    files,
    { catalog, period, asOf, includePartners: !!opts.includePartners },
    { onProgress: terminalProgress(files.length) },
  );
  await writeFileEnsuringDir(opts.output, bytes);
  if (opts.json) await writeFileEnsuringDir(opts.json, `${JSON.stringify(result.summary, null, 2)}\n`);
  process.stdout.write(`${formatMergeSummary(result.summary, result.findings)}\n汇总表：${opts.output}\n`);
  return 0;
}
