/**
 * The Office.js adapter (src/office/excel.ts) against office-addin-mock 4: a fake workbook whose
 * objects are OfficeMockObjects (so a property read before load and sync gives the mock's error
 * string), with the pieces the mock does not model kept small and seeded here: the worksheet
 * collection (getItem, add, getItemOrNullObject, renames and deletes) and the sheet list that the
 * adapter reads through `collections` / `protectionAccess` / `conditionalFormatAccess`. Every test
 * states the context.sync calls of its action, and what the adapter assigns to range.values is
 * checked for formula text.
 *
 * The fake also models what Microsoft documents of real Excel and the mock leaves out, each with the
 * page it follows (learn.microsoft.com/office/dev/add-ins/… and /javascript/api/excel/…):
 * - a request stops at its first failing operation: what was queued before it is done, what after it
 *   is not, and the sync rejects ("Error handling with the application-specific JavaScript APIs");
 * - Range.getMergedAreasOrNullObject fails when the range holds over 512 merged areas (Excel.Range
 *   reference); whole merged areas come back for a range that cuts them (a choice of the model);
 * - Excel on the web caps a response at 5 MB (ResponsePayloadSizeLimitExceeded) and a request at 5 MB
 *   (RequestPayloadSizeLimitExceeded, also for Excel.createWorkbook's file); a read of over
 *   5,000,000 cells fails ("Resource limits and performance optimization for Office Add-ins");
 * - while the user edits a cell a batch fails with InvalidOperationInCellEditMode unless Excel.run
 *   was given delayForCellEdit, which waits until the edit ends (Excel.RunOptions);
 * - sheet protection with a password: unprotect without it fails with InvalidArgument (as
 *   WorksheetProtection.pauseProtection documents for a wrong password); isPasswordProtected only
 *   with ExcelApiOnline 1.1; adding sheets to a workbook whose structure is protected is denied;
 * - conditional formats take precedence over a cell's own fill, the higher-priority rule winning and
 *   stopIfTrue stopping lower ones ("Apply conditional formatting to Excel ranges",
 *   Excel.ConditionalFormat.priority/stopIfTrue);
 * - Worksheet.position set moves the sheet to that index (Excel.Worksheet.position);
 * - Office.context.document.settings is an in-memory copy taken when the add-in starts, and
 *   saveAsync writes the whole copy back to the store Excel.SettingCollection also uses ("Persist
 *   add-in state and settings").
 */
import fs from 'fs';
import { OfficeMockObject } from 'office-addin-mock';
import type { Catalog } from '../src/core/catalog';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { DATA_SHEET, readRecordSheet } from '../src/core/consolidationRecord';
import { META_SHEET } from '../src/core/report';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate } from '../src/core/template';
import { cellAddress, parseAddress, type SheetSpec, type WorkbookSpec } from '../src/core/workbook';
import {
  addCompletionChart,
  chunkRows,
  clearMarks,
  collections,
  conditionalFormatAccess,
  estimateBytes,
  ExcelError,
  literal,
  MARK_COLOR,
  MARKS_SETTING,
  markCells,
  missingFeatureNotes,
  openInNewWorkbook,
  PANE_STATE_SETTING,
  readPaneState,
  savePaneState,
  protectionAccess,
  hiddenOfUsed,
  rangesOfAddress,
  readThenWrite,
  reason,
  tagAutoOpen,
  CREATE_WORKBOOK_WEB_LIMIT,
  readUsedRanges,
  resetSyncCount,
  selectCell,
  styleRuns,
  syncsSoFar,
  writeSheets,
} from '../src/office/excel';
import { fillTemplate } from '../src/cli/simulate';
import { SEEDS, seedPath } from './helpers/paths';
import { asData } from './helpers/specData';

// office-addin-mock needs only the OfficeApp enum of office-addin-manifest, whose full module loads
// @microsoft/app-manifest and with it fs-extra, which the lockfile marks optional (not installed here).
jest.mock('office-addin-manifest', () => ({
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
}));

// ---------------------------------------------------------------------------------------------
// The fake workbook

type Mock = Record<string, any>;

/** Mocks that had load called: the fake context's sync syncs them (the mock's own sync only reaches its children). */
const loaded = new Set<Mock>();

function mock(data: Record<string, unknown>): Mock {
  const m = new OfficeMockObject(data as never) as unknown as Mock;
  const load = m.load.bind(m);
  m.load = (what: unknown) => {
    loaded.add(m);
    return load(what);
  };
  return m;
}

/** A property that behaves as a plain field (isNullObject is readable after sync without a load). */
function plain(obj: Mock, prop: string, value: unknown): void {
  Object.defineProperty(obj, prop, { value, writable: true, configurable: true });
}

interface Write {
  /** The sheet, by its name now (it is written under a temporary name). */
  readonly sheet: string;
  address: string;
  prop: 'values' | 'numberFormat' | 'formulas';
  value: unknown[][];
  /** Which request (sync) it went out with, 1-based. */
  request: number;
}

interface SheetState {
  obj: Mock;
  name: string;
  /** Content for getUsedRangeOrNullObject: values from rowIndex/columnIndex. */
  used?: { values: unknown[][]; rowIndex: number; columnIndex: number };
  merges?: string;
  /** 0-based rows and columns the clerk has hidden. */
  hiddenRows?: number[];
  hiddenColumns?: number[];
  visibility: string;
  protectedWith?: Record<string, unknown>;
  password?: string;
  /** Conditional formats in priority order (first wins); `when` says where a rule's formula is true. */
  cfs: Array<{ id: string; range: string; formula: string; fill?: string; stopIfTrue?: boolean; when?: (cell: string) => boolean }>;
  deleted?: boolean;
  fills: Map<string, string>;
  cleared: string[];
  activated: number;
  selected: string[];
  calls: string[];
}

function rect(a1: string): { r0: number; c0: number; r1: number; c1: number } {
  const [a, b = a] = a1.split(':');
  const p = parseAddress(a) as { row: number; column: number };
  const q = parseAddress(b) as { row: number; column: number };
  return { r0: p.row, c0: p.column, r1: q.row, c1: q.column };
}

function overlaps(x: string, y: string): boolean {
  const a = rect(x);
  const b = rect(y);
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

const inRange = (cell: string, range: string) => overlaps(cell, range);

class FakeWorkbook {
  sheets: SheetState[] = [];
  writes: Write[] = [];
  syncs = 0;
  /** Request sizes (UTF-8 bytes of values and formats written) per sync. */
  requestBytes: number[] = [0];
  failAtSync?: number;
  failOnRange?: string;
  settings = new Map<string, unknown>();
  context: Mock;
  /** Excel on the web: the 5 MB response and request caps apply. */
  web = false;
  /** The user is editing a cell; endEdit() lets delayed batches go. */
  editing = false;
  private editWaiters: Array<() => void> = [];
  structureProtected = false;
  /** The first failing operation of the request being queued: later ones are not done (see above). */
  failed?: Error;
  /** Bytes of the values loaded for the next response. */
  responseBytes = 0;
  /** Office.context.document.settings: the copy taken when the add-in started. */
  commonSettings: Map<string, unknown>;
  nextCfId = 1;

  /** Records the first failure of the request; true when the operation must not be done. */
  fail(e: Error): void {
    this.failed ??= e;
  }

  endEdit(): void {
    this.editing = false;
    for (const w of this.editWaiters.splice(0)) w();
  }

  async untilEditEnds(): Promise<void> {
    if (this.editing) await new Promise<void>((r) => this.editWaiters.push(r));
  }

  constructor(sheets: Array<Partial<SheetState> & { name: string }> = [{ name: 'Sheet1' }]) {
    for (const s of sheets) this.addSheet(s.name, s);
    const book = this;
    const worksheets = mock({
      add: (name: string) => {
        if (book.structureProtected) book.fail(Object.assign(new Error('AccessDenied'), { code: 'AccessDenied' }));
        return book.addSheet(name).obj;
      },
      getItem: (name: string) => {
        const s = book.find(name);
        if (!s) throw Object.assign(new Error(`ItemNotFound ${name}`), { code: 'ItemNotFound' });
        return s.obj;
      },
      getItemOrNullObject: (name: string) => {
        const s = book.find(name);
        if (s) {
          plain(s.obj, 'isNullObject', false);
          return s.obj;
        }
        const nothing = book.track(mock({ position: -1, visibility: 'Visible' }));
        plain(nothing, 'isNullObject', true);
        nothing.delete = () => {
          throw new Error('delete on a null object');
        };
        return nothing;
      },
    });
    const settings = mock({
      getItemOrNullObject: (key: string) => {
        const has = book.settings.has(key);
        const item = book.track(mock({ value: has ? (book.settings.get(key) as string) : '' }));
        plain(item, 'isNullObject', !has);
        item.delete = () => book.settings.delete(key);
        return item;
      },
      add: (key: string, value: unknown) => {
        if (!book.failed) book.settings.set(key, value);
      },
    });
    this.context = mock({ workbook: { name: 'Book1', protection: { protected: false } } });
    Object.defineProperty(this.context.workbook.protection, 'protected', { get: () => book.structureProtected, configurable: true });
    this.context.workbook.worksheets = worksheets;
    this.context.workbook.settings = settings;
    this.commonSettings = new Map(this.settings);
    this.context.sync = async () => {
      book.syncs++;
      const failed = book.failed;
      book.failed = undefined;
      const response = book.responseBytes;
      book.responseBytes = 0;
      if (book.editing) {
        book.requestBytes.push(0);
        throw Object.assign(new Error('The operation could not be performed in cell edit mode'), {
          code: 'InvalidOperationInCellEditMode',
        });
      }
      if (book.failAtSync === book.syncs) {
        book.requestBytes.push(0);
        throw Object.assign(new Error('InvalidArgument'), { code: 'InvalidArgument' });
      }
      if (failed) {
        loaded.clear();
        book.requestBytes.push(0);
        throw failed;
      }
      if (book.web && response > 5 * 1024 * 1024) {
        loaded.clear();
        book.requestBytes.push(0);
        throw Object.assign(new Error('The response payload size has exceeded the limit'), { code: 'ResponsePayloadSizeLimitExceeded' });
      }
      for (const m of loaded) await m.sync();
      loaded.clear();
      await new Promise((r) => setImmediate(r));
      book.requestBytes.push(0);
    };
  }

  /** What a cell shows: the first true conditional format with a fill, else its own fill (see above). */
  shownFill(sheet: string, cell: string): string {
    const s = this.sheet(sheet);
    for (const cf of s.cfs) {
      if (!inRange(cell, cf.range)) continue;
      const isTrue = cf.formula === '=ISTEXT("进度通标记")' || !!cf.when?.(cell);
      if (!isTrue) continue;
      if (cf.fill) return cf.fill;
      if (cf.stopIfTrue) break;
    }
    return s.fills.get(cell) ?? '#FFFFFF';
  }

  track(m: Mock): Mock {
    return m;
  }

  live(): SheetState[] {
    return this.sheets.filter((s) => !s.deleted);
  }

  names(): string[] {
    return this.live().map((s) => s.name);
  }

  find(name: string): SheetState | undefined {
    return this.live().find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  sheet(name: string): SheetState {
    const s = this.find(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  addSheet(name: string, init: Partial<SheetState> = {}): SheetState {
    if (this.find(name)) throw new Error(`sheet ${name} exists`);
    const book = this;
    const state: SheetState = {
      name,
      visibility: 'Visible',
      fills: new Map(),
      cleared: [],
      activated: 0,
      selected: [],
      calls: [],
      cfs: [],
      ...init,
      obj: {} as Mock,
    };
    const protection = mock({ protected: !!init.protectedWith, options: { allowFormatColumns: true } });
    protection.protect = (options: Record<string, unknown>, password?: string) => {
      if (book.failed) return;
      state.protectedWith = options ?? {};
      state.password = password;
      state.calls.push('protect');
    };
    protection.unprotect = (password?: string) => {
      if (book.failed) return;
      if (state.protectedWith && state.password && password !== state.password) {
        book.fail(Object.assign(new Error('The password is incorrect'), { code: 'InvalidArgument' }));
        return;
      }
      state.protectedWith = undefined;
      state.calls.push('unprotect');
    };
    const obj = mock({
      position: 0,
      freezePanes: {},
      autoFilter: {},
      pageLayout: { headersFooters: { defaultForAllPages: {} } },
      horizontalPageBreaks: {},
      charts: {},
    });
    obj.protection = protection;
    Object.defineProperty(obj, 'name', {
      get: () => state.name,
      set: (v: string) => {
        if (book.find(v) && book.find(v) !== state) throw new Error(`duplicate name ${v}`);
        state.name = v;
      },
      configurable: true,
    });
    Object.defineProperty(obj, 'visibility', {
      get: () => state.visibility,
      set: (v: string) => {
        state.visibility = v;
      },
      configurable: true,
    });
    plain(obj, 'isNullObject', false);
    obj.delete = () => {
      state.deleted = true;
    };
    obj.activate = () => {
      state.activated++;
    };
    obj.freezePanes.freezeRows = (n: number) => state.calls.push(`freezeRows ${n}`);
    obj.freezePanes.freezeColumns = (n: number) => state.calls.push(`freezeColumns ${n}`);
    obj.freezePanes.freezeAt = () => state.calls.push('freezeAt');
    obj.autoFilter.apply = (r: Mock) => state.calls.push(`autoFilter ${r.address}`);
    obj.pageLayout.setPrintTitleRows = (rows: string) => state.calls.push(`printTitles ${rows}`);
    obj.getRangeByIndexes = (row: number, column: number, rows: number, columns: number) =>
      book.range(state, `${cellAddress(row, column)}:${cellAddress(row + rows - 1, column + columns - 1)}`);
    obj.pageLayout.setPrintArea = (area: string) => state.calls.push(`printArea ${area}`);
    obj.horizontalPageBreaks.add = (at: string) => state.calls.push(`pageBreak ${at}`);
    obj.charts.add = (type: string, r: Mock) => {
      state.calls.push(`chart ${type} ${r.address}`);
      const chart = mock({ title: {}, legend: {}, axes: { categoryAxis: {}, valueAxis: {} } });
      chart.setPosition = (a: string, b: string) => state.calls.push(`chartAt ${a}:${b}`);
      return chart;
    };
    obj.getRange = (address = '') => book.range(state, address);
    obj.getUsedRangeOrNullObject = () => {
      const values = state.used?.values ?? [['']];
      const rowIndex = state.used?.rowIndex ?? 0;
      const columnIndex = state.used?.columnIndex ?? 0;
      const rowCount = values.length;
      const columnCount = Math.max(1, ...values.map((r) => r.length));
      const address = `${cellAddress(rowIndex, columnIndex)}:${cellAddress(rowIndex + rowCount - 1, columnIndex + columnCount - 1)}`;
      const used = book.range(state, address, { values, rowIndex, columnIndex, rowCount, columnCount });
      plain(used, 'isNullObject', !state.used);
      return used;
    };
    Object.defineProperty(obj, 'position', {
      get: () => book.live().indexOf(state),
      set: (p: number) => {
        const i = book.sheets.indexOf(state);
        book.sheets.splice(i, 1);
        const live = book.live();
        const before = live[p];
        book.sheets.splice(before ? book.sheets.indexOf(before) : book.sheets.length, 0, state);
      },
      configurable: true,
    });
    // load('position') must find the property in the mock's model; the getter above answers reads.
    state.obj = obj;
    this.sheets.push(state);
    return state;
  }

  range(state: SheetState, address: string, read?: Record<string, unknown>): Mock {
    if (this.failOnRange && address === this.failOnRange) throw Object.assign(new Error('InvalidArgument'), { code: 'InvalidArgument' });
    const book = this;
    // Seeded: a fill whose colour is the sheet's state (load marks nothing; the value is always current).
    const fill = {
      load: () => fill,
      clear: () => {
        state.cleared.push(address);
        state.fills.delete(address);
      },
      get color() {
        return state.fills.get(address) ?? '#FFFFFF';
      },
      set color(v: string) {
        state.fills.set(address, v);
      },
    };
    const r = this.track(
      mock({
        format: { font: {}, fill: {}, borders: {}, protection: {} },
        dataValidation: {},
        conditionalFormats: {},
        ...(read
          ? {
              values: read.values,
              rowIndex: read.rowIndex,
              columnIndex: read.columnIndex,
              rowCount: read.rowCount,
              columnCount: read.columnCount,
            }
          : {}),
      }),
    );
    plain(r, 'address', address);
    plain(r, 'sheetObj', state.obj);
    if (read) {
      // The values' size goes into the next response; a read of over 5,000,000 cells fails.
      const load = r.load.bind(r);
      r.load = (what: string) => {
        if (/values/.test(what)) {
          const cells = (read.rowCount as number) * (read.columnCount as number);
          if (cells > 5_000_000) book.fail(Object.assign(new Error('The range is too large'), { code: 'InvalidOperation' }));
          book.responseBytes += Buffer.byteLength(JSON.stringify(read.values));
        }
        return load(what);
      };
    }
    r.format.fill = fill;
    const setColor = Object.getOwnPropertyDescriptor(fill, 'color')?.set as (v: string) => void;
    Object.defineProperty(fill, 'color', {
      get: () => state.fills.get(address) ?? '#FFFFFF',
      set: (v: string) => {
        if (!book.failed) setColor(v);
      },
    });
    r.format.borders.getItem = () => mock({});
    r.conditionalFormats.add = (type: string) => {
      state.calls.push(`cf ${type} ${address}`);
      if (book.failed) return mock({ custom: { rule: {}, format: { fill: {} } } });
      const rule: SheetState['cfs'][number] = { id: `cf${book.nextCfId++}`, range: address, formula: '' };
      // A new rule goes on top ("Apply conditional formatting to Excel ranges").
      state.cfs.unshift(rule);
      const fill = {};
      Object.defineProperty(fill, 'color', {
        set: (v: string) => {
          rule.fill = v;
        },
        get: () => rule.fill,
        configurable: true,
      });
      const ruleObj = {};
      Object.defineProperty(ruleObj, 'formula', {
        set: (v: string) => {
          rule.formula = v;
        },
        get: () => rule.formula,
        configurable: true,
      });
      const added: Mock = { custom: { rule: ruleObj, format: { fill } } };
      Object.defineProperty(added, 'stopIfTrue', {
        set: (v: boolean) => {
          rule.stopIfTrue = v;
        },
        configurable: true,
      });
      Object.defineProperty(added, 'priority', {
        set: (p: number) => {
          state.cfs.splice(state.cfs.indexOf(rule), 1);
          state.cfs.splice(p, 0, rule);
        },
        configurable: true,
      });
      return added;
    };
    r.conditionalFormats.getItem = (id: string) => ({
      delete: () => {
        if (book.failed) return;
        const i = state.cfs.findIndex((c) => c.id === id);
        if (i < 0) book.fail(Object.assign(new Error(`ItemNotFound ${id}`), { code: 'ItemNotFound' }));
        else state.cfs.splice(i, 1);
      },
    });
    r.merge = () => state.calls.push(`merge ${address}`);
    r.format.autofitRows = () => state.calls.push(`autofitRows ${address}`);
    r.select = () => state.selected.push(address);
    r.getSpecialCellsOrNullObject = (type: string) => {
      // Visible cells (Range.getSpecialCells, ExcelApi 1.9): the range's cells less the sheet's hidden rows and columns, as row runs.
      if (type !== 'Visible') book.fail(Object.assign(new Error('InvalidArgument'), { code: 'InvalidArgument' }));
      const box = rect(address);
      const areas: string[] = [];
      for (let row = box.r0; row <= box.r1; row++) {
        if (state.hiddenRows?.includes(row)) continue;
        let start = -1;
        for (let c = box.c0; c <= box.c1 + 1; c++) {
          const shown = c <= box.c1 && !state.hiddenColumns?.includes(c);
          if (shown && start < 0) start = c;
          if (!shown && start >= 0) {
            areas.push(`'${state.name}'!${cellAddress(row, start)}:${cellAddress(row, c - 1)}`);
            start = -1;
          }
        }
      }
      const result = book.track(mock({ address: areas.join(',') }));
      plain(result, 'isNullObject', areas.length === 0);
      return result;
    };
    r.getMergedAreasOrNullObject = () => {
      // The sheet's merged areas that meet this range; over 512 fails the request.
      const all = rangesOfAddress(state.merges ?? '');
      const hit = all.filter((m) => overlaps(m, address));
      if (hit.length > 512) book.fail(Object.assign(new Error('GeneralException'), { code: 'GeneralException' }));
      const text = hit.map((m) => `'${state.name}'!${m}`).join(', ');
      const areas = book.track(mock({ address: text }));
      plain(areas, 'isNullObject', hit.length === 0);
      return areas;
    };
    for (const prop of ['values', 'numberFormat', 'formulas'] as const) {
      if (read && prop === 'values') continue; // a used range read back: the mock's own property
      let stored: unknown;
      Object.defineProperty(r, prop, {
        get: () => stored,
        set: (v: unknown[][]) => {
          stored = v;
          book.writes.push({
            get sheet() {
              return state.name;
            },
            address,
            prop,
            value: v,
            request: book.syncs + 1,
          });
          book.requestBytes[book.requestBytes.length - 1] += Buffer.byteLength(JSON.stringify(v));
        },
        configurable: true,
      });
    }
    return r;
  }

  /** The adapter's collection access, seeded from this fake (office-addin-mock has no collections). */
  seedCollections(): void {
    jest.spyOn(collections, 'queueSheetList').mockImplementation(() => {
      const at = this.live().map((s) => ({ name: s.name, visibility: s.visibility, sheet: s.obj as unknown as Excel.Worksheet }));
      return () => at;
    });
    jest.spyOn(protectionAccess, 'queue').mockImplementation(() => {
      const online = supported.has('online1.1');
      return () =>
        new Map(
          this.live().map((s) => [
            s.name,
            {
              protected: !!s.protectedWith,
              passwordProtected: online ? !!s.password : undefined,
              options: (s.protectedWith ?? {}) as Excel.WorksheetProtectionOptions,
              protection: s.obj.protection as Excel.WorksheetProtection,
            },
          ]),
        );
    });
    jest.spyOn(conditionalFormatAccess, 'queue').mockImplementation((range: Excel.Range) => {
      const r = range as unknown as Mock;
      const state = this.live().find((x) => x.obj === r.sheetObj) as SheetState;
      const cell = r.address as string;
      return () => state.cfs.filter((c) => overlaps(c.range, cell)).map((c) => ({ id: c.id, formula: c.formula || null }));
    });
  }
}

let supported = new Set(['1.1', '1.2', '1.4', '1.6', '1.7', '1.8', '1.9', '1.13']);
let book: FakeWorkbook;
const createWorkbook = jest.fn(async (b64?: string) => {
  // Excel on the web sends the file in one request, capped at 5 MB.
  if (book.web && (b64 ?? '').length > 5 * 1024 * 1024) {
    throw Object.assign(new Error('The request payload size has exceeded the limit'), { code: 'RequestPayloadSizeLimitExceeded' });
  }
  return undefined;
});

function useBook(b: FakeWorkbook): FakeWorkbook {
  book = b;
  b.seedCollections();
  return b;
}

beforeAll(() => {
  Object.assign(globalThis, {
    Office: {
      PlatformType: { OfficeOnline: 'OfficeOnline', PC: 'PC' },
      context: {
        requirements: {
          isSetSupported: (name: string, v: string) =>
            (name === 'ExcelApi' && supported.has(v)) || (name === 'ExcelApiOnline' && supported.has(`online${v}`)),
        },
        get diagnostics() {
          return { platform: book.web ? 'OfficeOnline' : 'PC' };
        },
        document: {
          // The common API's settings: a copy taken when the add-in started, written back whole.
          get settings() {
            return {
              set: (k: string, v: unknown) => book.commonSettings.set(k, v),
              saveAsync: (cb: (r: { status: string }) => void) => {
                book.settings = new Map(book.commonSettings);
                cb({ status: 'succeeded' });
              },
            };
          },
        },
      },
      AsyncResultStatus: { Succeeded: 'succeeded' },
    },
    Excel: {
      run: async <T>(a: unknown, b?: (context: Excel.RequestContext) => Promise<T>) => {
        const fn = (b ?? a) as (context: Excel.RequestContext) => Promise<T>;
        if (b && (a as Excel.RunOptions).delayForCellEdit) await book.untilEditEnds();
        return fn(book.context as unknown as Excel.RequestContext);
      },
      createWorkbook,
    },
  });
});

beforeEach(() => {
  supported = new Set(['1.1', '1.2', '1.4', '1.6', '1.7', '1.8', '1.9', '1.13']);
  resetSyncCount();
  jest.restoreAllMocks();
  createWorkbook.mockClear();
});

/** Syncs of one action, counted by the fake's sync and by the adapter's own counter (they must agree). */
function syncs(): number {
  expect(syncsSoFar()).toBe(book.syncs);
  return book.syncs;
}

// ---------------------------------------------------------------------------------------------
// Engine data

const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;

/**
 * A catalog of `n` units sharing the 000 list's first 75 tasks, 5 each (each task led by n/15
 * units), as a list with a group of many members gives: about 5n rows in the consolidation.
 */
function bigCatalog(n: number): Catalog {
  const names = Array.from({ length: n }, (_, i) => `测试单位${String(i + 1).padStart(3, '0')}`);
  const tasks = catalog.tasks.slice(0, 75).map((t, k) => ({
    ...t,
    lead: names.filter((_, i) => i % 15 === Math.floor(k / 5)),
    partners: [],
  }));
  return { ...catalog, units: names.map((name) => ({ name, kind: 'unit' as const, aliases: [] })), tasks, version: `big${n}` };
}

function consolidation(n: number): WorkbookSpec {
  const c = bigCatalog(n);
  const units = c.units.map((u) => u.name);
  // Every fifth unit has not sent its return: those rows come from the catalog.
  const inputs: MergeInput[] = units
    .filter((_, i) => i % 5 !== 4)
    .map((u, i) => {
      const spec = fillTemplate(buildTemplate(c, u, Q2), i, { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456' });
      return { file: `${u}.xlsx`, outcome: readReturn(asData(spec), `${u}.xlsx`), saved: '2019-06-20' };
    });
  return consolidate(inputs, { catalog: c, period: Q2, asOf: '2019-06-30' }).workbook;
}

// ---------------------------------------------------------------------------------------------

describe('readUsedRanges: values of every sheet, with merges and visibility — 3 syncs', () => {
  const seeded = () =>
    useBook(
      new FakeWorkbook([
        {
          name: '2019年第二季度',
          used: {
            values: [
              ['x', '', 3],
              ['', '=1+1 as text', true],
            ],
            rowIndex: 1,
            columnIndex: 1,
          },
          merges: "'2019年第二季度'!$B$2:$C$2, '2019年第二季度'!B3:D3",
        },
        { name: META_SHEET, visibility: 'VeryHidden', used: { values: [['填报单位', '区教育局']], rowIndex: 0, columnIndex: 0 } },
        { name: '空表' },
      ]),
    );

  test('values placed from A1, empty cells null, merges parsed, very hidden kept: 3 syncs', async () => {
    seeded();
    const data = await readUsedRanges();
    expect(syncs()).toBe(3);
    expect(data.sheets.map((s) => [s.name, s.state])).toEqual([
      ['2019年第二季度', 'visible'],
      [META_SHEET, 'veryHidden'],
      ['空表', 'visible'],
    ]);
    expect(data.sheets[0].rows).toEqual([
      [null, null, null, null],
      [null, 'x', null, 3],
      [null, null, '=1+1 as text', true],
    ]);
    expect(data.sheets[0].merges).toEqual(['B2:C2', 'B3:D3']);
    expect(data.sheets[2].rows).toEqual([]);
  });

  test('only the sheets asked for; without ExcelApi 1.13 no merged areas are asked for', async () => {
    seeded();
    supported.delete('1.13');
    const data = await readUsedRanges({ only: [META_SHEET, '任务清单'] });
    expect(syncs()).toBe(3);
    expect(data.sheets.map((s) => s.name)).toEqual([META_SHEET]);
    expect(missingFeatureNotes()).toEqual([expect.stringContaining('ExcelApi 1.13')]);
  });

  test('a value read before its load and sync would be the mock error string: the adapter never sees one', async () => {
    seeded();
    const data = await readUsedRanges();
    const text = JSON.stringify(data);
    expect(text).not.toContain('Error, property was not loaded');
    expect(text).not.toContain('context.sync() was not called');
  });

  test('rangesOfAddress reads quoted sheet names and $ signs', () => {
    expect(rangesOfAddress("'a,b'!$A$1:$F$1, 'a,b'!G2")).toEqual(['A1:F1', 'G2']);
    expect(rangesOfAddress('')).toEqual([]);
  });
});

describe('writeSheets: the template — 2 syncs, atomic, text stays text', () => {
  const spec = buildTemplate(catalog, '区教育局', Q2);

  test('writes the report and the very hidden meta sheet under their names: 2 syncs', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1' }]));
    const r = await writeSheets(spec.sheets, { replace: true });
    expect(syncs()).toBe(2);
    expect(r.syncs).toBe(2);
    expect(book.names()).toEqual(['Sheet1', '2019年第二季度', META_SHEET]);
    expect(book.sheet(META_SHEET).visibility).toBe('VeryHidden');
    expect(book.sheet('2019年第二季度').activated).toBe(1);
    expect(book.names().some((n) => n.startsWith('jd~'))).toBe(false);
  });

  test('one 2D array per sheet, the Text format queued before the values, nothing as formulas', async () => {
    useBook(new FakeWorkbook());
    await writeSheets(spec.sheets, { replace: true });
    const report = spec.sheets[0];
    const valueWrites = book.writes.filter((w) => w.prop === 'values');
    expect(valueWrites.map((w) => w.address)).toEqual([`A1:J${report.rows.length}`, `A1:B${spec.sheets[1].rows.length}`]);
    expect(book.writes.filter((w) => w.prop === 'formulas')).toEqual([]);
    const fmt = book.writes.findIndex((w) => w.prop === 'numberFormat' && w.address === `A1:J${report.rows.length}`);
    const val = book.writes.findIndex((w) => w.prop === 'values' && w.address === `A1:J${report.rows.length}`);
    expect(fmt).toBeGreaterThanOrEqual(0);
    expect(fmt).toBeLessThan(val);
    const formats = book.writes[fmt].value as string[][];
    const values = book.writes[val].value as unknown[][];
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (typeof v === 'string' && v !== '') expect(formats[r][c]).toBe('@');
      }),
    );
    // The due-date serials keep their date format; the footer's phone cell is Text before anyone types in it.
    expect(formats[3][9]).toBe('yyyy-mm-dd');
    const footer = report.rows.findIndex((row) => row[0] === '填报人：');
    expect(formats[footer][4]).toBe('@');
  });

  test('the 状态 dropdown, the live conditional formats and protection are queued, protection last', async () => {
    useBook(new FakeWorkbook());
    await writeSheets(spec.sheets, { replace: true });
    const s = book.sheet('2019年第二季度');
    const n = spec.sheets[0].rows.length;
    expect(s.calls).toEqual(
      expect.arrayContaining([
        `cf Custom G4:I8`,
        `cf Custom E4:E8`,
        'freezeRows 3',
        'merge A1:F1',
        `merge A${n}:F${n}`,
        // The task rows and the blank row for added work are sized by Excel itself.
        'autofitRows 4:9',
        `printArea A1:F${n}`,
        'printTitles $3:$3',
        'protect',
      ]),
    );
    expect(s.calls[s.calls.length - 1]).toBe('protect');
    expect(s.protectedWith).toMatchObject({ allowInsertRows: true, allowFormatRows: true, allowDeleteRows: false });
    const layout = s.obj.pageLayout;
    expect([layout.paperSize, layout.orientation, layout.blackAndWhite, layout.zoom]).toEqual([
      'A4',
      'Landscape',
      true,
      { horizontalFitToPages: 1, verticalFitToPages: 0 },
    ]);
    expect(layout.headersFooters.defaultForAllPages.centerFooter).toBe('第 &P 页 共 &N 页');
    // The lower-priority rule (empty progress) is added first: Excel puts each new rule on top.
    expect(s.calls.indexOf('cf Custom E4:E8')).toBeLessThan(s.calls.indexOf('cf Custom G4:I8'));
  });

  test("text that Excel would parse (= + - @ ') gets the apostrophe prefix and the Text format", async () => {
    useBook(new FakeWorkbook());
    const hostile: SheetSpec = {
      name: '汇总',
      rows: [['=HYPERLINK("http://x","点我")', '+8613800000000', '-5', '@SUM(A1)', "'quoted", '正常文本', 12, null, '0754-88123456']],
    };
    await writeSheets([hostile], { replace: true });
    const values = book.writes.find((w) => w.prop === 'values')?.value as unknown[][];
    const formats = book.writes.find((w) => w.prop === 'numberFormat')?.value as string[][];
    expect(values[0]).toEqual([
      '\'=HYPERLINK("http://x","点我")',
      "'+8613800000000",
      "'-5",
      "'@SUM(A1)",
      "''quoted",
      '正常文本',
      12,
      '',
      '0754-88123456',
    ]);
    expect(formats[0]).toEqual(['@', '@', '@', '@', '@', '@', 'General', 'General', '@']);
    for (const w of book.writes.filter((x) => x.prop === 'values')) {
      for (const row of w.value) for (const v of row) if (typeof v === 'string') expect(v).not.toMatch(/^[=+\-@]/);
    }
    expect(literal('a'.repeat(40000))).toHaveLength(32767);
  });

  test('an error while building leaves the workbook as it was (no temporary sheets): 1 + 2 cleanup syncs', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1' }, { name: '2019年第二季度', used: { values: [['旧']], rowIndex: 0, columnIndex: 0 } }]));
    const old = book.sheet('2019年第二季度');
    book.failAtSync = 1;
    await expect(writeSheets(spec.sheets, { replace: true })).rejects.toThrow(/工作簿未改动/);
    expect(syncs()).toBe(3);
    expect(book.names()).toEqual(['Sheet1', '2019年第二季度']);
    expect(book.sheet('2019年第二季度')).toBe(old);
  });

  test('an Office.js error thrown while queueing (a bad range) is cleaned up the same way', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1' }]));
    book.failOnRange = 'A1:F1';
    const e = await writeSheets(spec.sheets, { replace: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExcelError);
    expect((e as Error).message).toMatch(/写入工作表失败，工作簿未改动/);
    expect(book.names()).toEqual(['Sheet1']);
  });

  test('a failure in the swap puts the old sheets back under their names', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1' }, { name: '2019年第二季度' }, { name: META_SHEET, visibility: 'VeryHidden' }]));
    const old = book.sheet('2019年第二季度');
    const oldMeta = book.sheet(META_SHEET);
    book.failAtSync = 2;
    await expect(writeSheets(spec.sheets, { replace: true })).rejects.toThrow(/已恢复原工作表/);
    expect(syncs()).toBe(4);
    expect(book.names()).toEqual(['Sheet1', '2019年第二季度', META_SHEET]);
    expect(book.sheet('2019年第二季度')).toBe(old);
    expect(book.sheet(META_SHEET)).toBe(oldMeta);
  });

  test("replacing keeps the old sheet's place and deletes the old sheets only after the new ones hold their names: 3 syncs", async () => {
    useBook(new FakeWorkbook([{ name: '2019年第二季度' }, { name: 'Sheet1' }, { name: META_SHEET, visibility: 'VeryHidden' }]));
    const old = book.sheet('2019年第二季度');
    await writeSheets(spec.sheets, { replace: true }, { remove: ['Sheet1'] });
    expect(syncs()).toBe(3);
    expect(book.names()).toEqual(['2019年第二季度', META_SHEET]);
    expect(book.sheet('2019年第二季度')).not.toBe(old);
    expect(old.deleted).toBe(true);
  });

  test('if the old sheets cannot be deleted at the end, the new ones stay and the pane is told', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1' }, { name: '2019年第二季度' }]));
    book.failAtSync = 3;
    const r = await writeSheets(spec.sheets, { replace: true });
    expect(r.notes).toEqual([expect.stringContaining('旧工作表未能删除')]);
    expect(book.sheet('2019年第二季度').visibility).toBe('Visible');
  });

  test('a sheet name Excel refuses is reported before anything is sent', async () => {
    useBook(new FakeWorkbook());
    await expect(writeSheets([{ name: 'a/b', rows: [] }], { replace: true })).rejects.toThrow(/工作表名称/);
    expect(syncs()).toBe(0);
  });
});

describe('writeSheets: the consolidation — syncs do not grow with rows or units', () => {
  const big = consolidation(300);
  const small = consolidation(30);

  test('300 units (about 1,500 rows) and 30 units, replacing an old 汇总: 3 syncs each, each request under 4 MB', async () => {
    expect(big.sheets[0].rows.length).toBeGreaterThan(1400);
    for (const spec of [small, big]) {
      useBook(new FakeWorkbook([{ name: 'Sheet1' }, { name: '汇总' }]));
      resetSyncCount();
      const r = await writeSheets(spec.sheets, { replace: true });
      expect(syncs()).toBe(3);
      expect(r.syncs).toBe(3);
      expect(Math.max(...book.requestBytes)).toBeLessThan(4_000_000);
      // `npm run bench -- --office` runs this test and reads the figures of the 300-unit merge.
      if (spec === big && process.env.JINDU_BENCH_OFFICE) {
        const figures = { units: 300, rows: spec.sheets[0].rows.length, syncs: syncs(), maxPayloadBytes: Math.max(...book.requestBytes) };
        fs.writeFileSync(process.env.JINDU_BENCH_OFFICE, JSON.stringify(figures));
      }
      expect(book.names()).toEqual(['Sheet1', '汇总', '报送情况', '文件清单', '问题清单', '按任务', '完成情况', DATA_SHEET]);
      // One 2D array per sheet.
      expect(book.writes.filter((w) => w.prop === 'values')).toHaveLength(7);
      const n = spec.sheets[0].rows.length;
      expect(book.sheet('汇总').calls).toEqual(
        expect.arrayContaining([`autoFilter A3:M${n}`, `printArea A1:K${n}`, 'printTitles $3:$3', `autofitRows 4:${n}`]),
      );
      // The completion chart, drawn natively from the sheet's own chart.
      const units = spec.sheets[5].rows.length - 3;
      expect(book.sheet('完成情况').calls).toEqual(
        expect.arrayContaining([`chart BarClustered A3:B${units + 3}`, expect.stringMatching(/^chartAt G3:Q\d+$/)]),
      );
    }
  });

  test('the data sheet goes in very hidden, in the same syncs, and its values read back as the consolidation record', async () => {
    useBook(new FakeWorkbook());
    resetSyncCount();
    await writeSheets(small.sheets, { replace: true });
    expect(syncs()).toBe(2);
    expect(book.sheet(DATA_SHEET).visibility).toBe('VeryHidden');
    const written = book.writes.filter((w) => w.sheet === DATA_SHEET && w.prop === 'values').flatMap((w) => w.value);
    const asRead = (rows: unknown[][]) => ({
      name: DATA_SHEET,
      state: 'veryHidden' as const,
      rows: rows.map((r) => r.map((v) => (v === '' ? null : (v as string | number)))),
      merges: [],
      formulaCells: [],
      validations: [],
    });
    const spec = small.sheets.find((x) => x.name === DATA_SHEET) as SheetSpec;
    const record = readRecordSheet(asRead(spec.rows));
    expect(record.rows.length).toBeGreaterThan(100);
    expect(readRecordSheet(asRead(written))).toEqual(record);
  });

  test('past the request budget the values go in row chunks, one sync per chunk budget, never per row', async () => {
    useBook(new FakeWorkbook());
    const budget = 200_000;
    await writeSheets(big.sheets, { replace: true, budget });
    const total = book.requestBytes.reduce((a, b) => a + b, 0);
    const n = syncs();
    expect(n).toBeGreaterThan(2);
    // Constant per budget: about one sync per budget's worth of data, plus the two of any write.
    expect(n).toBeLessThanOrEqual(2 + Math.ceil((total * 1.3) / budget) + 2);
    expect(n).toBeLessThan(big.sheets[0].rows.length / 20);
    expect(Math.max(...book.requestBytes)).toBeLessThan(budget * 1.1);
    // Chunks cover every row exactly once.
    const summaryWrites = book.writes.filter((w) => w.prop === 'values' && w.sheet === '汇总');
    expect(summaryWrites.length).toBeGreaterThan(1);
    expect(summaryWrites.reduce((a, w) => a + w.value.length, 0)).toBe(big.sheets[0].rows.length);
  });

  test('without ExcelApi 1.9 the auto filters are left out, with a Chinese note', async () => {
    useBook(new FakeWorkbook());
    supported.delete('1.9');
    const r = await writeSheets(small.sheets, { replace: true });
    expect(r.notes).toEqual([expect.stringContaining('自动筛选')]);
    expect(book.sheet('汇总').calls.some((c) => c.startsWith('autoFilter'))).toBe(false);
  });
});

describe('readThenWrite, selectCell, marks, new workbook', () => {
  test('readThenWrite: read, decide, write in one Excel.run — 5 syncs', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1', used: { values: [['a']], rowIndex: 0, columnIndex: 0 } }]));
    const seen: string[] = [];
    const r = await readThenWrite(
      (data) => {
        seen.push(...data.sheets.map((s) => s.name));
        return { sheets: buildTemplate(catalog, '区教育局', Q2).sheets };
      },
      { replace: true },
    );
    expect(seen).toEqual(['Sheet1']);
    expect(r?.sheets).toEqual(['2019年第二季度', META_SHEET]);
    expect(syncs()).toBe(5);
  });

  test('readThenWrite over an existing report (生成填报表 again): 6 syncs, the old sheets replaced', async () => {
    const first = buildTemplate(catalog, '区教育局', Q2);
    useBook(
      new FakeWorkbook([
        { name: 'Sheet1' },
        { name: '2019年第二季度', used: { values: first.sheets[0].rows.map((r) => r.map((v) => v ?? '')), rowIndex: 0, columnIndex: 0 } },
        {
          name: META_SHEET,
          visibility: 'VeryHidden',
          used: { values: first.sheets[1].rows.map((r) => r.map((v) => v ?? '')), rowIndex: 0, columnIndex: 0 },
        },
      ]),
    );
    const old = book.sheet('2019年第二季度');
    const r = await readThenWrite(
      (data) => {
        expect(readReturn(data).ok).toBe(true);
        return { sheets: first.sheets };
      },
      { replace: true },
    );
    expect(r?.syncs).toBe(3);
    expect(syncs()).toBe(6);
    expect(book.names()).toEqual(['Sheet1', '2019年第二季度', META_SHEET]);
    expect(book.sheet('2019年第二季度')).not.toBe(old);
    expect(book.sheet(META_SHEET).visibility).toBe('VeryHidden');
  });

  test('readThenWrite: a Chinese refusal from decide writes nothing — 3 syncs', async () => {
    useBook(new FakeWorkbook());
    await expect(
      readThenWrite(
        () => {
          throw new Error('本工作簿已有其他单位的填报表');
        },
        { replace: true },
      ),
    ).rejects.toThrow('本工作簿已有其他单位的填报表');
    expect(syncs()).toBe(3);
    expect(book.names()).toEqual(['Sheet1']);
  });

  test('selectCell activates the sheet and selects the cell — 1 sync', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1' }, { name: '报表' }]));
    await selectCell('报表', 'E5');
    expect(syncs()).toBe(1);
    expect(book.sheet('报表').activated).toBe(1);
    expect(book.sheet('报表').selected).toEqual(['E5']);
  });

  test('markCells marks the cells on a protected sheet with a top rule and records them; clearMarks removes only ours — 3 syncs each', async () => {
    useBook(new FakeWorkbook([{ name: '报表', protectedWith: { allowFormatColumns: true } }]));
    const s = book.sheet('报表');
    s.fills.set('F4', '#EDEDED');
    s.fills.set('A1', '#123456'); // not ours: must survive
    const r = await markCells([
      { sheet: '报表', cell: 'E4' },
      { sheet: '报表', cell: 'F4' },
      { sheet: '报表', cell: 'E4' },
    ]);
    expect(r.marked).toBe(2);
    expect(syncs()).toBe(3);
    expect(book.shownFill('报表', 'E4')).toBe(MARK_COLOR);
    expect(book.shownFill('报表', 'F4')).toBe(MARK_COLOR);
    // The cells' own fills are not touched.
    expect(s.fills.get('F4')).toBe('#EDEDED');
    expect(s.calls.filter((c) => /protect/.test(c))).toEqual(['unprotect', 'protect']);
    expect(s.protectedWith).toEqual({ allowFormatColumns: true });
    expect(JSON.parse(book.settings.get(MARKS_SETTING) as string)).toEqual({
      cells: [
        { sheet: '报表', cell: 'E4' },
        { sheet: '报表', cell: 'F4' },
      ],
    });

    // Marked again (E4 only): F4's mark goes, E4 keeps its one rule.
    book.syncs = 0;
    resetSyncCount();
    await markCells([{ sheet: '报表', cell: 'E4' }]);
    expect(syncs()).toBe(3);
    expect(book.shownFill('报表', 'F4')).toBe('#EDEDED');
    expect(s.cfs.filter((c) => c.range === 'E4')).toHaveLength(1);
    expect(JSON.parse(book.settings.get(MARKS_SETTING) as string).cells).toEqual([{ sheet: '报表', cell: 'E4' }]);

    book.syncs = 0;
    resetSyncCount();
    expect((await clearMarks()).marked).toBe(1);
    expect(syncs()).toBe(3);
    expect(s.cfs).toEqual([]);
    expect(book.shownFill('报表', 'E4')).toBe('#FFFFFF');
    expect(s.fills.get('A1')).toBe('#123456');
    expect(book.settings.has(MARKS_SETTING)).toBe(false);
    expect(s.protectedWith).toEqual({ allowFormatColumns: true });
  });

  test('a marks record of an earlier version (cells filled) is cleared by putting the fills back', async () => {
    useBook(new FakeWorkbook([{ name: '报表' }]));
    const s = book.sheet('报表');
    s.fills.set('E4', MARK_COLOR);
    book.settings.set(MARKS_SETTING, JSON.stringify({ cells: [{ sheet: '报表', cell: 'E4', color: '#FFFFFF' }] }));
    expect((await clearMarks()).marked).toBe(1);
    expect(s.fills.has('E4')).toBe(false);
  });

  test('addCompletionChart adds a bar chart of the range — 1 sync', async () => {
    useBook(new FakeWorkbook([{ name: '完成情况' }]));
    await addCompletionChart('完成情况', 'A1:B28');
    expect(syncs()).toBe(1);
    expect(book.sheet('完成情况').calls).toEqual(['chart BarClustered A1:B28']);
  });

  test('clearMarks with nothing marked — 1 sync, nothing changed', async () => {
    useBook(new FakeWorkbook());
    expect((await clearMarks()).marked).toBe(0);
    expect(syncs()).toBe(1);
  });

  test('openInNewWorkbook goes through Excel.createWorkbook — 0 syncs; a host without ExcelApi 1.8 gets a Chinese message', async () => {
    useBook(new FakeWorkbook());
    await openInNewWorkbook('UEsDBA==');
    expect(createWorkbook).toHaveBeenCalledWith('UEsDBA==');
    expect(syncs()).toBe(0);
    supported.delete('1.8');
    await expect(openInNewWorkbook('UEsDBA==')).rejects.toThrow(/ExcelApi 1\.8/);
  });
});

describe('pieces', () => {
  test('chunkRows keeps every chunk under the budget and covers all rows', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`第${i}行 工作进展及存在问题`, i]);
    const formats = rows.map(() => ['@', 'General']);
    const chunks = chunkRows(rows, formats, 5000);
    expect(chunks[0].start).toBe(0);
    expect(chunks[chunks.length - 1].end).toBe(1000);
    chunks.forEach((c, i) => {
      expect(c.bytes).toBeLessThanOrEqual(5000);
      if (i) expect(c.start).toBe(chunks[i - 1].end);
    });
    expect(estimateBytes([['区教育局']])).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify([['区教育局']])));
  });

  test("styleRuns gathers the template's per-cell styles into a few rectangles", () => {
    const spec = buildTemplate(catalog, '区教育局', Q2).sheets[0];
    const width = 10;
    const styles = spec.rows.map((row, r) =>
      Array.from({ length: width }, (_, c) => {
        const k = `${String.fromCharCode(65 + c)}${r + 1}`;
        return spec.cellStyles?.[k];
      }),
    );
    const runs = styleRuns(styles);
    const cells = Object.keys(spec.cellStyles ?? {}).length;
    expect(runs.length).toBeLessThan(cells / 2);
    // Every styled cell is in exactly one run.
    const covered = new Map<string, number>();
    for (const run of runs)
      for (let r = run.r0; r <= run.r1; r++)
        for (let c = run.c0; c <= run.c1; c++) covered.set(`${r},${c}`, (covered.get(`${r},${c}`) ?? 0) + 1);
    expect([...covered.values()].every((n) => n === 1)).toBe(true);
    expect(covered.size).toBe(cells);
  });
});

// ---------------------------------------------------------------------------------------------
// What real Excel does and the mock did not show (see the top of this file for the pages)

/** A sheet whose used range has `rows` × `columns` cells, each `text`. */
function filled(
  rows: number,
  columns: number,
  text: string | ((r: number, c: number) => string),
): { values: unknown[][]; rowIndex: number; columnIndex: number } {
  const values = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => (typeof text === 'string' ? text : text(r, c))),
  );
  return { values, rowIndex: 0, columnIndex: 0 };
}

const report = buildTemplate(catalog, '区教育局', Q2).sheets[0];
const reportUsed = { values: report.rows.map((r) => r.map((v) => v ?? '')), rowIndex: 0, columnIndex: 0 };

describe('in the field: workbooks that offices really have', () => {
  test('a hand-made sheet with over 512 merged areas does not fail the read: its merges come in tiles — 5 syncs', async () => {
    // 600 two-cell merges in column A:B of a busy sheet; the report beside it has a few.
    const merges = Array.from({ length: 600 }, (_, i) => `'手工表'!A${i + 1}:B${i + 1}`).join(', ');
    useBook(
      new FakeWorkbook([
        { name: '2019年第二季度', used: reportUsed, merges: "'2019年第二季度'!A1:F1" },
        { name: '手工表', used: filled(600, 3, '项目'), merges },
      ]),
    );
    const data = await readUsedRanges();
    expect(syncs()).toBe(5);
    expect(data.sheets[0].merges).toEqual(['A1:F1']);
    expect(data.sheets[1].merges).toHaveLength(600);
    expect(data.sheets[1].merges[599]).toBe('A600:B600');
    expect(readReturn(data).ok).toBe(true);
  });

  test('one big unrelated sheet is left out of the read (and named), the report is read — 3 syncs', async () => {
    useBook(
      new FakeWorkbook([
        { name: '2019年第二季度', used: reportUsed },
        { name: '原始数据', used: filled(1000, 250, (r, c) => String(r * c)) },
      ]),
    );
    book.web = true;
    const data = await readUsedRanges();
    expect(syncs()).toBe(3);
    expect(data.skipped).toEqual([{ name: '原始数据', cells: 250_000 }]);
    expect(data.sheets[1].rows).toEqual([]);
    expect(readReturn(data).ok).toBe(true);
  });

  test('hidden rows and columns come with the values (getSpecialCells visible, ExcelApi 1.9): the reader skips them — still 3 syncs', async () => {
    // Range.getSpecialCells (learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-getspecialcells-member(1)):
    // the visible cells of the used range; rows and columns that no visible area covers are hidden.
    const values = [
      ['填报单位：区教育局', '', '', '', '', ''],
      ['序号', '项目名称', '2019年工作计划', '工作进展及存在问题', '工作进展及存在问题', '备注'],
      [1, '推进城乡义务教育均衡优质发展', '', '草稿', '本季度完成两所学校改造', ''],
      [2, '隐藏的旧行', '', '', '旧内容', ''],
    ];
    useBook(new FakeWorkbook([{ name: '进度表', used: { values, rowIndex: 0, columnIndex: 0 }, hiddenRows: [3], hiddenColumns: [3] }]));
    const data = await readUsedRanges();
    expect(syncs()).toBe(3);
    expect(data.sheets[0].hiddenRows).toEqual([3]);
    expect(data.sheets[0].hiddenColumns).toEqual([3]);
    const read = readReturn(data);
    expect(read.ok && read.report.rows.map((r) => r.values.progress)).toEqual(['本季度完成两所学校改造']);
    expect(read.ok && read.report.hidden.map((h) => h.kind)).toEqual(['column', 'row']);
    // Without ExcelApi 1.9 nothing is asked and nothing is hidden.
    supported.delete('1.9');
    useBook(new FakeWorkbook([{ name: '进度表', used: { values, rowIndex: 0, columnIndex: 0 }, hiddenRows: [3] }]));
    expect((await readUsedRanges()).sheets[0].hiddenRows).toBeUndefined();
  });

  test('hiddenOfUsed: rows and columns no visible area covers', () => {
    const used = { rowIndex: 1, columnIndex: 1, rowCount: 4, columnCount: 3 };
    expect(hiddenOfUsed("'s'!B2:D2,'s'!B4:B5,'s'!D4:D5", used)).toEqual({ rows: [2], columns: [] });
    expect(hiddenOfUsed("'s'!B2:B5,'s'!D2:D5", used)).toEqual({ rows: [], columns: [2] });
    expect(hiddenOfUsed(null, used)).toEqual({ rows: [1, 2, 3, 4], columns: [1, 2, 3] });
  });

  test('on the web, a response over 5 MB (long texts) is asked again with a smaller budget — 4 syncs', async () => {
    const long = '各乡镇按要求完成危房改造任务并逐户建档立卡，资金拨付到位，群众满意度调查已完成'.repeat(2);
    useBook(
      new FakeWorkbook([
        { name: '2019年第二季度', used: reportUsed },
        { name: '情况说明', used: filled(1000, 60, long) },
      ]),
    );
    book.web = true;
    const data = await readUsedRanges();
    expect(syncs()).toBe(4);
    expect(data.skipped?.map((x) => x.name)).toEqual(['情况说明']);
    expect(readReturn(data).ok).toBe(true);
  });

  test('a clerk still editing a cell: the action waits for the edit to end instead of failing (delayForCellEdit)', async () => {
    useBook(new FakeWorkbook([{ name: '2019年第二季度', used: reportUsed }]));
    book.editing = true;
    const reading = readUsedRanges();
    await new Promise((r) => setTimeout(r, 20));
    book.endEdit();
    const data = await reading;
    expect(data.sheets[0].rows.length).toBe(report.rows.length);
    expect(syncs()).toBe(3);
    // A host that does not know delayForCellEdit answers InvalidOperationInCellEditMode: in Chinese.
    expect(reason(Object.assign(new Error('x'), { code: 'InvalidOperationInCellEditMode' }))).toMatch(/Enter/);
  });

  test('sheets protected with a password: the other sheets are protected again, and the message says which protection', async () => {
    useBook(
      new FakeWorkbook([
        { name: '报表', protectedWith: { allowFormatColumns: true } },
        { name: '附表', protectedWith: { allowFormatColumns: true }, password: 'fpb2019' },
      ]),
    );
    const cells = [
      { sheet: '报表', cell: 'E4' },
      { sheet: '附表', cell: 'E4' },
    ];
    const e = (await markCells(cells).catch((x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(ExcelError);
    expect(e.message).toMatch(/撤消工作表保护/);
    expect(e.message).toMatch(/密码/);
    expect(e.message).not.toMatch(/保护工作簿结构/);
    // The sheet before the failing one is protected again; the failing one was never unprotected.
    expect(book.sheet('报表').protectedWith).toEqual({ allowFormatColumns: true });
    expect(book.sheet('附表').protectedWith).toEqual({ allowFormatColumns: true });
    // What was marked is in the record, so 清除标记 still finds it.
    expect(JSON.parse(book.settings.get(MARKS_SETTING) as string).cells).toContainEqual({ sheet: '报表', cell: 'E4' });

    // On the web (ExcelApiOnline 1.1) the password is known first: that sheet is left out, with a note.
    resetSyncCount();
    useBook(
      new FakeWorkbook([
        { name: '报表', protectedWith: { allowFormatColumns: true } },
        { name: '附表', protectedWith: { allowFormatColumns: true }, password: 'fpb2019' },
      ]),
    );
    supported.add('online1.1');
    const r = await markCells(cells);
    expect(r.marked).toBe(1);
    expect(r.locked).toEqual(['附表']);
    expect(r.notes).toEqual([expect.stringContaining('设有密码保护')]);
    expect(book.shownFill('报表', 'E4')).toBe(MARK_COLOR);
    expect(book.sheet('附表').cfs).toEqual([]);
    expect(syncs()).toBe(3);
  });

  test('a marked cell turns pink although the template rule for late rows covers it (conditional formats win over fills)', async () => {
    const late = '#F8CBAD';
    useBook(new FakeWorkbook([{ name: '2019年第二季度' }]));
    const s = book.sheet('2019年第二季度');
    // The template's rules: late rows (row 5 is late) over A4:I8, empty progress over E4:E8.
    s.cfs.push({ id: 't1', range: 'A4:I8', formula: '=AND($J4<TODAY(),$I4<>"已完成")', fill: late, when: (c) => c.endsWith('5') });
    s.cfs.push({ id: 't2', range: 'E4:E8', formula: '=LEN(TRIM($E4))=0', fill: '#FFE699', when: () => true });
    expect(book.shownFill('2019年第二季度', 'E5')).toBe(late);
    await markCells([
      { sheet: '2019年第二季度', cell: 'E5' },
      { sheet: '2019年第二季度', cell: 'E6' },
    ]);
    expect(book.shownFill('2019年第二季度', 'E5')).toBe(MARK_COLOR);
    expect(book.shownFill('2019年第二季度', 'E6')).toBe(MARK_COLOR);
    await clearMarks();
    expect(book.shownFill('2019年第二季度', 'E5')).toBe(late);
    expect(s.cfs.map((c) => c.id)).toEqual(['t1', 't2']);
  });

  test('the auto-open tag and the marks record share one store: tagging after marking keeps the record', async () => {
    useBook(new FakeWorkbook([{ name: '报表' }]));
    await markCells([{ sheet: '报表', cell: 'E4' }]);
    expect(book.settings.has(MARKS_SETTING)).toBe(true);
    resetSyncCount();
    book.syncs = 0;
    expect(await tagAutoOpen()).toBe(true);
    expect(syncs()).toBe(1);
    expect(book.settings.get('Office.AutoShowTaskpaneWithDocument')).toBe(true);
    expect(book.settings.has(MARKS_SETTING)).toBe(true);
    await clearMarks();
    expect(book.settings.has(MARKS_SETTING)).toBe(false);
    expect(await tagAutoOpen()).toBe(true);
    expect(book.settings.has(MARKS_SETTING)).toBe(false);
  });

  test("the pane's remembered list, period and 截至日期: saved and read back through the workbook's settings, 1 sync each", async () => {
    useBook(new FakeWorkbook([{ name: '报表' }]));
    resetSyncCount();
    book.syncs = 0;
    expect(await readPaneState()).toBeNull();
    expect(syncs()).toBe(1);
    const state = { list: { kind: 'bundled', id: '000_45cf8959af68998b' }, period: '2019Q2', asOf: '2019-06-30' };
    await savePaneState(state);
    expect(syncs()).toBe(2);
    expect(JSON.parse(book.settings.get(PANE_STATE_SETTING) as string)).toEqual(state);
    expect(await readPaneState()).toEqual(state);
    expect(syncs()).toBe(3);
    // Whatever else wrote there (a damaged value) reads as nothing remembered.
    book.settings.set(PANE_STATE_SETTING, '{not json');
    expect(await readPaneState()).toBeNull();
  });

  test('Excel.createWorkbook on the web: a file too large for one request is not sent, the pane is told to download it', async () => {
    useBook(new FakeWorkbook());
    book.web = true;
    const big = 'A'.repeat(CREATE_WORKBOOK_WEB_LIMIT + 4);
    expect(await openInNewWorkbook(big)).toBe('too-large');
    expect(createWorkbook).not.toHaveBeenCalled();
    expect(await openInNewWorkbook('UEsDBA==')).toBe('opened');
    // Excel on the web's 5 MB request cap is about 3.75 MB of file.
    expect((CREATE_WORKBOOK_WEB_LIMIT * 3) / 4).toBeLessThan(3.75 * 1024 * 1024);
    book.web = false;
    expect(await openInNewWorkbook(big)).toBe('opened');
  });

  test('replaced sheets keep their places when several are replaced', async () => {
    const spec = buildTemplate(catalog, '区教育局', Q2);
    useBook(
      new FakeWorkbook([
        { name: '封面' },
        { name: '2019年第二季度' },
        { name: '说明' },
        { name: META_SHEET, visibility: 'VeryHidden' },
        { name: '附件' },
      ]),
    );
    await writeSheets(spec.sheets, { replace: true });
    expect(book.names()).toEqual(['封面', '2019年第二季度', '说明', META_SHEET, '附件']);
  });

  test('the 汇总 written through the pane gets the page setup its spec asks for: A4, landscape, one page wide (ExcelApi 1.9)', async () => {
    useBook(new FakeWorkbook());
    const spec = consolidation(30);
    await writeSheets(spec.sheets, { replace: true });
    const layout = book.sheet('汇总').obj.pageLayout as Mock;
    expect(spec.sheets[0].print).toMatchObject({ landscape: true, fitToWidth: true });
    expect(layout.paperSize).toBe('A4');
    expect(layout.orientation).toBe('Landscape');
    expect(layout.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    // The 汇总's header row (under its title and subtitle lines) repeats on every page.
    expect(book.sheet('汇总').calls).toContain('printTitles $3:$3');
  });

  test('reason(): the read cap, the write cap, cell edit, sheet and structure protection each get their own message', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(reason(err('ResponsePayloadSizeLimitExceeded'))).toMatch(/读取.*5 MB/);
    expect(reason(err('RequestPayloadSizeLimitExceeded'))).toMatch(/写入.*5 MB/);
    expect(reason(err('InvalidOperationInCellEditMode'))).toMatch(/编辑单元格/);
    expect(reason(err('AccessDenied'), 'sheet')).toMatch(/^工作表受保护/);
    expect(reason(err('AccessDenied'), 'structure')).toMatch(/^工作簿结构受保护/);
  });

  test('writing into a workbook whose structure is protected says so, and leaves it as it was', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1' }]));
    book.structureProtected = true;
    const e = (await writeSheets(consolidation(30).sheets, { replace: true }).catch((x: unknown) => x)) as Error;
    expect(e.message).toMatch(/工作簿结构受保护/);
    expect(book.names()).toEqual(['Sheet1']);
  });
});
