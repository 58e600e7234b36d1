/**
 * `?mode=excel-preview`: the Excel pane outside Excel, on an in-memory workbook that stands in for
 * the Office.js adapter. Everything else (engine, tabs, file reading) is the real pane. Used for the
 * screenshots; harmless in production: it reads no workbook and saves nothing.
 * `&tab=check` opens a tab, `&today=2019-06-30` fixes the date, `&lack=1.9,1.13` shows the pane as
 * on a host without those optional API sets.
 */
import { useMemo } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { SheetData, SheetSpec, WorkbookData } from '../../core/workbook';
import { downloadBytes, isIsoDate } from '../shared';
import { keepOfficeJsQuiet } from '../web/officeQuiet';
import { OPTIONAL_SETS } from '../../office/excel';
import { AdapterContext, type ExcelAdapter } from './adapter';
import { ExcelApp, type TabId } from './ExcelApp';

function sheetData(spec: SheetSpec): SheetData {
  return {
    name: spec.name,
    state: spec.state ?? 'visible',
    rows: spec.rows.map((r) => r.map((v) => (v === '' ? null : v))),
    merges: [...(spec.merges ?? [])],
    formulaCells: [],
    validations: [...(spec.validations ?? [])],
  };
}

/** An adapter over a workbook held in memory: what writeSheets writes, readUsedRanges reads back. */
export function memoryAdapter(
  book: WorkbookData = { sheets: [{ name: 'Sheet1', state: 'visible', rows: [], merges: [], formulaCells: [], validations: [] }] },
  lacking: readonly string[] = [],
): ExcelAdapter {
  const write: ExcelAdapter['writeSheets'] = async (specs, _options, extra = {}) => {
    const gone = new Set([...specs.map((s) => s.name), ...(extra.remove ?? [])]);
    book.sheets = [...book.sheets.filter((s) => !gone.has(s.name)), ...specs.map(sheetData)];
    return { sheets: specs.map((s) => s.name), syncs: 2, notes: [] };
  };
  let marks = 0;
  let paneState: unknown = null;
  return {
    readUsedRanges: async (options = {}) => ({
      sheets: book.sheets
        .filter((s) => !options.only || options.only.includes(s.name))
        .map((s) => ({ ...s, rows: s.rows.map((r) => [...r]) })),
    }),
    writeSheets: write,
    tagAutoOpen: async () => true,
    readThenWrite: async (decide, options) => {
      const plan = decide({ sheets: book.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => [...r]) })) });
      return plan ? write(plan.sheets, options, plan) : null;
    },
    selectCell: async () => undefined,
    markCells: async (cells) => ({ marked: (marks = cells.length), locked: [], notes: [] }),
    clearMarks: async () => {
      const n = marks;
      marks = 0;
      return { marked: n, locked: [], notes: [] };
    },
    openInNewWorkbook: async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      downloadBytes(bytes, '汇总.xlsx');
      return 'opened' as const;
    },
    readPaneState: async () => paneState,
    savePaneState: async (state) => {
      paneState = JSON.parse(JSON.stringify(state)) as unknown;
    },
    missingFeatureNotes: () => OPTIONAL_SETS.filter((x) => lacking.includes(x.version)).map((x) => x.missing),
  };
}

export default function ExcelPreview() {
  keepOfficeJsQuiet();
  const q = new URLSearchParams(window.location.search);
  const adapter = useMemo(() => memoryAdapter(undefined, (q.get('lack') ?? '').split(',')), []);
  const tab = q.get('tab') as TabId | null;
  const today = q.get('today') ?? '';
  return (
    <>
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>Excel 窗格预览</MessageBarTitle>
          未在 Excel 中运行：此页用内存中的模拟工作簿演示加载项窗格，写入的内容不会保存。
        </MessageBarBody>
      </MessageBar>
      <AdapterContext.Provider value={adapter}>
        <ExcelApp
          initialTab={tab && ['fill', 'check', 'merge', 'ledger', 'catalog'].includes(tab) ? tab : 'fill'}
          today={isIsoDate(today) ? today : undefined}
        />
      </AdapterContext.Provider>
    </>
  );
}
