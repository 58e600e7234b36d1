/**
 * The Excel pane's door: the open workbook through the Office.js adapter (excel/adapter.ts: every
 * call a fixed, small number of context.sync), the engine (engine.ts) in the pane itself, and the
 * workbook's settings for the office's list, period and 截至日期. Results that are files open in a
 * new workbook (Excel.createWorkbook): task-pane webviews do not reliably download.
 */
import { assignedTasks, unitTasksVersion } from '../../core/assignment';
import type { Catalog } from '../../core/catalog';
import { CATALOG_SHEETS, catalogFromWorkbook, catalogToWorkbook, isCatalogWorkbook } from '../../core/catalogFile';
import { periodLabel } from '../../core/period';
import { planTemplate } from '../../core/refill';
import { META_KEYS, META_SHEET, TEMPLATE_VERSION, type ReturnMeta } from '../../core/report';
import { buildTemplate } from '../../core/template';
import { cellText, type WorkbookData, type WorkbookSpec } from '../../core/workbook';
import { addinReference } from '../../core/addin';
import { fetchBundledList, fetchBundledLists } from '../bundled';
import {
  annotateFile,
  bookInput,
  briefOf,
  checkBook,
  feedbackOne,
  feedbackZip,
  ledgerBytes,
  ledgerOf,
  mergeDone,
  mergeReturns,
  periodOf,
  readConsolidationFile,
  readListFile,
  readListText,
  readWorkbookFile,
  templatesZip,
} from '../engine';
import { readRemembered } from '../remembered';
import { downloadBytes, errorMessage, readParams, ZIP_MIME } from '../shared';
import { xlsx } from '../xlsxModules';
import type { ExcelAdapter } from '../excel/adapter';
import type { FillDone, Host } from './types';

/** The sheets the pane reads when it opens: the catalog's and the template's metadata. */
export const STARTUP_SHEETS: readonly string[] = [...Object.values(CATALOG_SHEETS), META_SHEET];

/** What the very hidden jindu_meta sheet says (unit, period, catalog version and title). */
export function metaOfBook(book: WorkbookData): ReturnMeta {
  const meta: ReturnMeta = {};
  const sheet = book.sheets.find((s) => s.name === META_SHEET);
  for (const row of sheet?.rows ?? []) {
    const k = cellText(row[0]);
    const v = cellText(row[1]);
    const field = (Object.keys(META_KEYS) as Array<keyof typeof META_KEYS>).find((f) => META_KEYS[f] === k);
    if (field && v) meta[field] = v;
  }
  return meta;
}

/** Bytes to base64 for Excel.createWorkbook, in slices so no huge argument list is built. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function excelHost(adapter: ExcelAdapter): Host {
  const base = () => document.baseURI;
  /** A workbook opened beside this one, or (too large for Excel on the web's request) downloaded; the notice says which. */
  const open = async (bytes: Uint8Array, fileName: string): Promise<string | null> => {
    if ((await adapter.openInNewWorkbook(toBase64(bytes))) !== 'too-large') return null;
    // Excel on the web takes no file this large through Excel.createWorkbook; there the pane is a browser page, and a download works.
    downloadBytes(bytes, fileName);
    return `文件较大（${(bytes.length / 1048576).toFixed(1)} MB），Excel 网页版无法直接在新工作簿中打开，已改为下载，请在下载的文件中打开。`;
  };
  return {
    kind: 'excel',
    words: {
      fillTab: '填报',
      fillButton: '生成填报表',
      fillHint: '选择填报单位和报告期，生成官方格式的进度情况表，已预填本单位承担的任务。',
      saveMerged: '在新工作簿中打开',
      saveLedger: '在新工作簿中打开',
      saveCatalog: '写入本工作簿',
      feedbackAll: '下载全部（zip）',
      feedbackOne: '打开反馈表',
      checkIntro: '按单位的任务核对当前工作簿中的填报表：缺报、逾期、未填写进展、填报人和电话等。',
    },
    async start() {
      const problems: string[] = [];
      const bundled = fetchBundledLists();
      // The workbook's own catalog and template metadata (readUsedRanges of these sheets only), then what the pane kept here.
      let book: WorkbookData | null = null;
      try {
        book = await adapter.readUsedRanges({ only: STARTUP_SHEETS });
      } catch (e) {
        problems.push(errorMessage(e));
      }
      let workbookCatalog: Catalog | null = null;
      try {
        workbookCatalog = book && isCatalogWorkbook(book) ? catalogFromWorkbook(book) : null;
      } catch (e) {
        problems.push(`本工作簿的任务清单无法读取：${errorMessage(e)}`);
      }
      let remembered = null;
      try {
        remembered = readRemembered(await adapter.readPaneState());
      } catch {
        // A host without settings (or a failed read) remembers nothing; the rest works.
      }
      return { bundled: await bundled, remembered, workbookCatalog, meta: book ? metaOfBook(book) : {}, problems };
    },
    async remember(state) {
      // The workbook keeps its own list, period and date; the browser's recent lists are not its business.
      await adapter.savePaneState({ list: state.list, period: state.period, asOf: state.asOf });
    },
    loadBundled: fetchBundledList,
    readListFile: (file) => readListFile(file, base()),
    readListText,
    savesCatalogInWorkbook: true,
    async saveCatalog(catalog) {
      await adapter.writeSheets(catalogToWorkbook(catalog).sheets, { replace: true }, { activate: CATALOG_SHEETS.tasks });
      return `已写入“${Object.values(CATALOG_SHEETS).join('”“')}”工作表：任务 ${catalog.tasks.length} 项，单位 ${catalog.units.length} 个。`;
    },
    async fill(req) {
      const { catalog, unit, period } = req;
      periodOf(period.code, catalog);
      let outcome: Omit<FillDone, 'notes'> | null = null;
      // One Excel.run: read what is there, decide with the engine, write.
      const withPrevious = req.previous ? { previous: req.previous, copyPrevious: !!req.copyPrevious } : {};
      const result = await adapter.readThenWrite(
        (book) => {
          const spec = buildTemplate(catalog, unit, period, withPrevious);
          // Rows of added work carried over get blank rows of their own.
          const plan = planTemplate(book, spec, unit, period, (blankRows) =>
            buildTemplate(catalog, unit, period, { ...withPrevious, blankRows }),
          );
          if (plan.kind === 'conflict') throw new Error(plan.message);
          const sheet = plan.spec.sheets[0].name;
          outcome = {
            kind: plan.kind,
            name: sheet,
            unit,
            label: periodLabel(period),
            tasks: assignedTasks(catalog, unit).length,
            changes: plan.kind === 'refill' ? plan.changes : undefined,
          };
          const remove = plan.kind === 'refill' && plan.previousSheet !== sheet ? [plan.previousSheet] : [];
          return { sheets: plan.spec.sheets, remove, activate: sheet };
        },
        { replace: true },
      );
      if (!outcome) throw new Error('未能写入填报表');
      // The filled sheet opens the pane by itself next time, as the CLI's templates do.
      await adapter.tagAutoOpen();
      const meta: ReturnMeta = {
        unit,
        period: period.code,
        catalogVersion: catalog.version,
        templateVersion: TEMPLATE_VERSION,
        catalogTitle: catalog.source.title,
        unitVersion: unitTasksVersion(catalog, unit),
      };
      return { ...(outcome as Omit<FillDone, 'notes'>), notes: result?.notes ?? [], meta };
    },
    async fillAll(req, onStep) {
      const r = await templatesZip(req.catalog, req.period.code, { addin: addinReference(readParams().share) }, onStep);
      downloadBytes(r.bytes, r.fileName, ZIP_MIME);
      return `已下载 ${r.fileName}（${r.count} 个单位）`;
    },
    readWorkbook: readWorkbookFile,
    checkSource: 'workbook',
    async check(req) {
      const period = periodOf(req.period, req.catalog);
      const book = await adapter.readUsedRanges();
      // Sheets too large to read with the others (Excel's response and cell limits) are named, not fatal.
      const left = (book.skipped ?? []).map((x) => `“${x.name}”（${x.cells} 个单元格）`);
      const notes = left.length ? [`以下工作表过大，检查时未读取：${left.join('、')}`] : [];
      const input = bookInput(book, '');
      if (!('unreadable' in input) && !input.outcome.ok) {
        return { kind: 'not-a-report', source: '当前工作簿', message: `${input.outcome.finding.message}。可先在“填报”页生成填报表`, notes };
      }
      return checkBook(input, { catalog: req.catalog, period, asOf: req.asOf }, '', notes);
    },
    selectCell: (sheet, cell) => adapter.selectCell(sheet, cell),
    async markCells(findings) {
      const located = findings.filter((f): f is typeof f & { sheet: string; cell: string } => !!f.sheet && !!f.cell);
      const r = await adapter.markCells(located.map((f) => ({ sheet: f.sheet, cell: f.cell })));
      return [`已标记 ${r.marked} 个单元格`, ...r.notes].join('；');
    },
    async clearMarks() {
      const r = await adapter.clearMarks();
      return [r.marked ? `已清除 ${r.marked} 处标记` : '没有需要清除的标记', ...r.notes].join('；');
    },
    async annotate(file, findings) {
      const r = await annotateFile(file, findings);
      return (await open(r.bytes, r.fileName)) ?? `已在新工作簿中打开 ${r.fileName}`;
    },
    async merge(req, onFile, onStep) {
      const { result, period, previous, started } = await mergeReturns(req, onFile, onStep);
      onStep({ done: req.files.length, total: req.files.length + 1, label: '正在写入汇总表…' });
      // The 完成情况 sheet carries its chart: the adapter draws it natively.
      const written = await adapter.writeSheets(result.workbook.sheets, { replace: true }, { activate: result.workbook.sheets[0].name });
      const done = mergeDone(result, { catalog: req.catalog, period, asOf: req.asOf, previous, started });
      onStep({ done: req.files.length + 1, total: req.files.length + 1, label: '完成' });
      return {
        ...done,
        notes: [
          `已写入当前工作簿的工作表：${done.sheets.join('、')}（完成情况含完成率图表），以及供“台账”读取的隐藏数据表 jindu_data`,
          ...written.notes,
        ],
        handle: result.workbook,
      };
    },
    async saveMerged(done) {
      const { writeWorkbook } = await xlsx();
      return open(await writeWorkbook(done.handle as WorkbookSpec), done.fileName);
    },
    showInWorkbook: (sheet, cell) => adapter.selectCell(sheet, cell),
    // One unit's marked-up form is far below Excel on the web's size limit for a new workbook.
    async feedbackOne(_done, copy, files) {
      await open(await feedbackOne(files, copy), copy.fileName);
    },
    async feedbackAll(done, files) {
      const zip = await feedbackZip(files, done.feedback, done.summary.period);
      downloadBytes(zip.bytes, zip.fileName, ZIP_MIME);
    },
    readConsolidation: async (file) => briefOf(await readConsolidationFile(file)),
    buildLedger: (files) => ledgerOf(files),
    async saveLedger(done) {
      await open(await ledgerBytes(done.ledger), done.fileName);
    },
  };
}
