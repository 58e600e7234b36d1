/**
 * jindu template / check / merge: the report commands over the core engine.
 */
import path from 'path';
import { addinReference } from '../core/addin';
import { reportingUnits, waitingGroups, waitingGroupsText } from '../core/assignment';
import type { Catalog } from '../core/catalog';
import { checkReturn } from '../core/checks';
import type { MergeSummary } from '../core/consolidation';
import { countByCode, FINDING_LABELS, hasErrors, type Finding } from '../core/finding';
import { resolveReturnUnit } from '../core/matching';
import { parsePeriod, periodLabel, type Period } from '../core/period';
import { buildTemplate, templateFileName } from '../core/template';
import { promises as fs, existsSync } from 'fs';
import { yearOutsideCatalog } from '../core/catalog';
import { collectInputs, loadCatalog, type ReturnPath } from './files';
import { EXIT, inputError, outputError, usageError } from './errors';
import { writeOutputs, type Output } from './output';
import { readReturnFile } from './returnFile';
import { mergeFiles, type MergeRun } from './merge';
import { isOwnConsolidation, isOwnSummary } from './ownership';
import { previousProgress } from '../core/copiedProgress';
import { readConsolidation } from '../core/consolidationReader';
import { lastPeriodFromRecord, lastPeriodOf } from '../core/lastPeriod';
import { CONSOLIDATION_LIMITS, readWorkbook as readBook } from '../xlsx/read';
import { loadConsolidation } from './ledger';
import { feedbackCopies, isFeedbackFileName, type FeedbackContext } from '../core/feedback';
import { checkFolderTarget, writeFolderAtomic } from './atomicWrite';
import { isOwnReminder, remindText } from './remind';

export { mergeFiles } from './merge';

export function periodArg(text: string, catalog?: Catalog): Period {
  const p = parsePeriod(text);
  if (!p) throw usageError(`报告期“${text}”无法识别，请写作 2019Q2、2019H1、2019M06 或 2019`);
  const outside = catalog ? yearOutsideCatalog(catalog, p.year) : undefined;
  if (outside) throw usageError(`报告期 ${periodLabel(p)}（${p.code}）不可用：${outside}`);
  return p;
}

/** Today in the local calendar, ISO; the core never reads the clock itself. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A date given on the command line: YYYY-MM-DD and a real calendar day (not 2019-02-30). */
export function asOfArg(text: string | undefined): string {
  if (!text) return today();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() + 1 !== Number(m[2]) || d.getUTCDate() !== Number(m[3])) {
    throw usageError(`日期“${text}”无效：应写作 YYYY-MM-DD，并且是日历上存在的日期`);
  }
  return m[0];
}

function unitArg(catalog: Catalog, text: string): string {
  const r = resolveReturnUnit(text, {}, catalog);
  if (r.unit) return r.unit;
  const hint = r.candidates.length ? `，可能是：${r.candidates.join('、')}` : '';
  throw usageError(`单位“${text}”不在任务清单的单位名录中${hint}`);
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
  /** Last period's 汇总 (or, for one unit, its own return): its progress and status beside each task. */
  previous?: string;
  /** With previous: start each progress cell from last period's text. */
  copyPrevious?: boolean;
}

/** A previous period's workbook (a 汇总, or one unit's return), read once for every unit's template. */
async function readPrevious(file: string) {
  try {
    return await readBook(new Uint8Array(await fs.readFile(file)), file, CONSOLIDATION_LIMITS);
  } catch (e) {
    throw new Error(`上期文件“${path.basename(file)}”无法读取：${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function runTemplate(opts: TemplateOptions): Promise<number> {
  const { catalog } = await loadCatalog(opts.catalog);
  const period = periodArg(opts.period, catalog);
  const assignment = { includePartners: !!opts.includePartners, addin: opts.addin === false ? undefined : addinReference(opts.share) };
  if (opts.copyPrevious && !opts.previous) throw new Error('--copy-previous 需与 --previous 一起使用');
  const previousBook = opts.previous ? await readPrevious(opts.previous) : undefined;
  const withPrevious = (unit: string) => {
    if (!previousBook || !opts.previous) return assignment;
    return { ...assignment, previous: lastPeriodOf(previousBook, catalog, unit, period, opts.previous), copyPrevious: !!opts.copyPrevious };
  };
  const { writeWorkbook } = await import('../xlsx');
  const note = previousBook ? `（附上期${opts.copyPrevious ? '进展和状态，已复制到本期栏内供修改' : '状态和进展供参考'}）` : '';
  if (opts.all) {
    const dir = opts.output ?? '.';
    const units = reportingUnits(catalog, assignment);
    // For every unit, last period comes from a 汇总 (one unit's return would do for that unit only);
    // a unit the 汇总 does not list (new to the list) gets its template without it.
    const record = previousBook && opts.previous ? readConsolidation(previousBook, opts.previous) : undefined;
    const without: string[] = [];
    const outputs = await Promise.all(
      units.map(async (unit) => {
        const listed = record?.units.some((u) => u.unit === unit);
        if (record && !listed) without.push(unit);
        const options =
          record && listed
            ? { ...assignment, previous: lastPeriodFromRecord(record, unit, period), copyPrevious: !!opts.copyPrevious }
            : assignment;
        return {
          path: path.join(dir, templateFileName(unit, period)),
          data: await writeWorkbook(buildTemplate(catalog, unit, period, options)),
        };
      }),
    );
    await refuseFilledForms(outputs.map((o) => o.path));
    await writeOutputs(outputs);
    process.stderr.write(`已为 ${units.length} 个单位生成${periodLabel(period)}填报表${note}：${dir}\n`);
    if (without.length) process.stderr.write(`上期汇总表中没有 ${without.join('、')}，其填报表未附上期内容\n`);
    const waiting = waitingGroupsText(waitingGroups(catalog, assignment));
    if (waiting)
      process.stderr.write(`注意：${waiting}。请在任务清单工作簿“单位名录”的“成员单位”列填写，或在窗格、网页中添加成员后再生成。\n`);
    return 0;
  }
  if (!opts.unit) throw usageError('请用 --unit 指定单位，或用 --all 为所有单位生成');
  const unit = unitArg(catalog, opts.unit);
  const out = opts.output ?? templateFileName(unit, period);
  const bytes = await writeWorkbook(buildTemplate(catalog, unit, period, withPrevious(unit)));
  await refuseFilledForms([out]);
  await writeOutputs([{ path: out, data: bytes }]);
  process.stderr.write(`已生成 ${unit} ${periodLabel(period)}填报表${note}：${out}\n`);
  return 0;
}

/**
 * A template may replace a file of the same name only when that file is a form nobody has filled
 * in (an earlier template): a clerk's typed progress is never overwritten.
 */
async function refuseFilledForms(targets: string[]): Promise<void> {
  const filled: string[] = [];
  for (const t of targets) {
    if (!existsSync(t)) continue;
    const input = await readReturnFile(t);
    const untouched = 'outcome' in input && input.outcome.ok && input.outcome.report.rows.every((r) => !(r.values.progress ?? '').trim());
    if (!untouched) filled.push(path.basename(t));
  }
  if (filled.length) {
    throw outputError(
      `以下文件已存在，且不是未填写的模板（可能是已填写的报表），为免覆盖未生成：${filled.slice(0, 5).join('、')}${filled.length > 5 ? ` 等 ${filled.length} 个` : ''}；请换一个输出位置，或先移走这些文件`,
    );
  }
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
  const period = periodArg(opts.period, catalog);
  const asOf = asOfArg(opts.asOf);
  const st = await fs.stat(file).catch(() => null);
  if (!st) throw inputError(`找不到文件：${file}`);
  if (st.isDirectory()) throw inputError(`“${file}”是目录；check 检查一份报表，汇总一个目录请用 jindu merge`);
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
      times: { saved: input.saved, fileTime: input.fileTime },
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
  return hasErrors(findings) ? EXIT.findings : EXIT.ok;
}

export interface MergeOptions {
  catalog: string;
  period: string;
  asOf?: string;
  output: string;
  json?: string;
  includePartners?: boolean;
  /** Last period's 汇总: progress repeated from it gets COPIED_PROGRESS. */
  previous?: string;
  /** A folder for one marked-up copy per unit with something to correct. */
  feedback?: string;
  /** Worker threads of the merge's first pass (see merge.ts); default by the number of files. */
  threads?: string;
  /** A text file for the 催报 messages. */
  remind?: string;
}

/** --threads: a whole number from 0 to 64. */
function threadsArg(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d{1,2}$/.test(text.trim()) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 64)) throw usageError(`线程数“${text}”无效：应为 0 到 64 的整数`);
  return n;
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
    `汇总 ${summary.period}（截至 ${summary.asOf}）：文件 ${summary.totals.files} 个，其中已汇总 ${fcount('ok')}、被替代 ${fcount('superseded')}、无法读取 ${fcount('unreadable')}、非报表 ${fcount('not-a-report')}、单位无法识别 ${fcount('unknown-unit')}${
      fcount('wrong-period') ? `、报告期不符 ${fcount('wrong-period')}` : ''
    }${fcount('blank') ? `、未填写 ${fcount('blank')}` : ''}${summary.skipped?.length ? `；跳过非报表文件 ${summary.skipped.length} 个` : ''}`,
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
    ...(summary.previous ? [`已与上期（${summary.previous.period}）的汇总表比对工作进展：雷同 ${byCode.COPIED_PROGRESS ?? 0} 行`] : []),
  ].join('\n');
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

/**
 * The marked-up copies of a merge's returns, one per unit with something to correct, written as
 * the folder `dir` whole. Returns how many.
 */
export async function writeFeedback(
  merged: Pick<MergeRun, 'summary' | 'findings' | 'paths'>,
  ctx: FeedbackContext,
  dir: string,
): Promise<number> {
  const { feedbackWorkbook } = await import('../xlsx/feedback');
  const copies = feedbackCopies(merged, ctx);
  const files: Array<[string, Uint8Array]> = [];
  for (const copy of copies) {
    const file = merged.paths.get(copy.file);
    if (!file) throw new Error(`找不到报表文件：${copy.file}`);
    files.push([copy.fileName, await feedbackWorkbook(new Uint8Array(await fs.readFile(file)), copy.file, copy)]);
  }
  await writeFolderAtomic(dir, files, isFeedbackFileName);
  return copies.length;
}

export async function runMerge(inputs: string[], opts: MergeOptions): Promise<number> {
  const { catalog } = await loadCatalog(opts.catalog);
  const period = periodArg(opts.period, catalog);
  const asOf = asOfArg(opts.asOf);
  const threads = threadsArg(opts.threads);
  const { files, skipped, cleanup } = await collectInputs(inputs);
  // Returns unpacked from a zip live in a temporary folder until the merge (and its feedback copies) is done.
  try {
    for (const s of skipped) process.stderr.write(`跳过 ${s.file}：${s.reason}\n`);
    if (!files.length) {
      throw inputError(
        `在 ${inputs.join('、')} 中没有找到报表文件（.xlsx）${skipped.length ? `，跳过了 ${skipped.length} 个文件（见上）` : ''}`,
      );
    }
    await checkMergeOutputs(opts, files);
    // A feedback folder that holds something else stops the merge before it writes anything.
    if (opts.feedback) await checkFolderTarget(opts.feedback, isFeedbackFileName);
    const previousRecord = opts.previous ? await loadConsolidation(opts.previous) : undefined;
    const previous = previousRecord ? previousProgress(previousRecord, period) : undefined;
    // The 催报 text is made from the summary and written with the workbook and its JSON (all, or none).
    const made: { remind?: ReturnType<typeof remindText> } = {};
    const more = (summary: MergeSummary): Output[] => {
      if (!opts.remind) return [];
      made.remind = remindText(summary, { catalog, period, asOf, includePartners: !!opts.includePartners }, previousRecord);
      return [{ path: opts.remind, data: made.remind.text }];
    };
    const merged = await mergeFiles(
      files,
      { catalog, period, asOf, includePartners: !!opts.includePartners, skipped, previous },
      { output: opts.output, json: opts.json, more },
      { onProgress: terminalProgress(files.length), threads },
    );
    process.stdout.write(`${formatMergeSummary(merged.summary, merged.findings)}\n汇总表：${opts.output}\n`);
    if (opts.remind && made.remind) process.stdout.write(`催报：${made.remind.units} 个单位，文字已写入 ${opts.remind}\n`);
    if (opts.feedback) {
      const n = await writeFeedback(merged, { catalog, period, asOf }, opts.feedback);
      process.stdout.write(
        n ? `反馈表：${n} 个单位的报表需更正，已标注后存入 ${opts.feedback}\n` : `反馈表：各单位报表均无需更正（${opts.feedback} 为空）\n`,
      );
    }
    return EXIT.ok;
  } finally {
    await cleanup();
  }
}
/**
 * Before any work: the outputs may not be inputs, and may replace only what a merge wrote before
 * (an earlier 汇总, an earlier summary JSON), never a return or another file of the user's.
 */
async function checkMergeOutputs(opts: MergeOptions, files: ReturnPath[]): Promise<void> {
  if (!/\.xlsx$/i.test(opts.output)) throw usageError(`汇总表须为 .xlsx 文件：${opts.output}`);
  const real = async (p: string) => fs.realpath(p).catch(() => path.resolve(p));
  const inputs = new Set(await Promise.all(files.map((f) => real(f.path))));
  for (const out of [opts.output, opts.json].filter((p): p is string => !!p)) {
    if (inputs.has(await real(out))) throw usageError(`输出文件“${out}”是要汇总的报表之一，不能覆盖；请换一个文件名`);
  }
  if (opts.json && path.resolve(opts.json) === path.resolve(opts.output)) throw usageError('汇总表和 --json 不能是同一个文件');
  if (opts.remind && [opts.output, opts.json].some((o) => o && path.resolve(o) === path.resolve(opts.remind as string)))
    throw usageError('--remind 的文件不能与汇总表或 --json 相同');
  if (opts.remind && existsSync(opts.remind) && !(await isOwnReminder(opts.remind))) {
    throw outputError(`“${opts.remind}”已存在，且不是进度通生成的催报文字；为免覆盖，请换一个文件名`);
  }
  if (existsSync(opts.output) && !(await isOwnConsolidation(opts.output))) {
    throw outputError(`“${opts.output}”已存在，且不是进度通生成的汇总表；为免覆盖，请换一个文件名`);
  }
  if (opts.json && existsSync(opts.json) && !(await isOwnSummary(opts.json))) {
    throw outputError(`“${opts.json}”已存在，且不是进度通生成的汇总情况 JSON；为免覆盖，请换一个文件名`);
  }
}
