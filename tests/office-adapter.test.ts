/**
 * The Office.js adapter (src/office/excel.ts) against office-addin-mock 4: a fake workbook whose
 * objects are OfficeMockObjects (so a property read before load and sync gives the mock's error
 * string), with the pieces the mock does not model kept small and seeded here: the worksheet
 * collection (getItem, add, getItemOrNullObject, renames and deletes) and the sheet list that the
 * adapter reads through `collections` / `protectionAccess`. Every test states the context.sync
 * calls of its action, and what the adapter assigns to range.values is checked for formula text.
 */
import fs from 'fs';
import { OfficeMockObject } from 'office-addin-mock';
import type { Catalog } from '../src/core/catalog';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { META_SHEET } from '../src/core/report';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate } from '../src/core/template';
import type { SheetSpec, WorkbookData, WorkbookSpec } from '../src/core/workbook';
import {
  addCompletionChart,
  chunkRows,
  clearMarks,
  collections,
  estimateBytes,
  ExcelError,
  literal,
  MARK_COLOR,
  MARKS_SETTING,
  markCells,
  missingFeatureNotes,
  openInNewWorkbook,
  protectionAccess,
  rangesOfAddress,
  readThenWrite,
  readUsedRanges,
  resetSyncCount,
  selectCell,
  styleRuns,
  syncsSoFar,
  writeSheets,
} from '../src/office/excel';
import { fillTemplate } from '../src/cli/simulate';
import { SEEDS, seedPath } from './helpers/paths';

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
  visibility: string;
  protectedWith?: Record<string, unknown>;
  deleted?: boolean;
  fills: Map<string, string>;
  cleared: string[];
  activated: number;
  selected: string[];
  calls: string[];
}

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

  constructor(sheets: Array<Partial<SheetState> & { name: string }> = [{ name: 'Sheet1' }]) {
    for (const s of sheets) this.addSheet(s.name, s);
    const book = this;
    const worksheets = mock({
      add: (name: string) => book.addSheet(name).obj,
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
      add: (key: string, value: unknown) => book.settings.set(key, value),
    });
    this.context = mock({ workbook: { name: 'Book1' } });
    this.context.workbook.worksheets = worksheets;
    this.context.workbook.settings = settings;
    this.context.sync = async () => {
      book.syncs++;
      if (book.failAtSync === book.syncs) {
        book.requestBytes.push(0);
        throw Object.assign(new Error('InvalidArgument'), { code: 'InvalidArgument' });
      }
      for (const m of loaded) await m.sync();
      loaded.clear();
      await new Promise((r) => setImmediate(r));
      book.requestBytes.push(0);
    };
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
      ...init,
      obj: {} as Mock,
    };
    const protection = mock({ protected: !!init.protectedWith, options: { allowFormatColumns: true } });
    protection.protect = (options: Record<string, unknown>) => {
      state.protectedWith = options ?? {};
      state.calls.push('protect');
    };
    protection.unprotect = () => {
      state.protectedWith = undefined;
      state.calls.push('unprotect');
    };
    const obj = mock({
      position: 0,
      freezePanes: {},
      autoFilter: {},
      pageLayout: {},
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
    obj.charts.add = (type: string, r: Mock) => {
      state.calls.push(`chart ${type} ${r.address}`);
      const chart = mock({ title: {}, legend: {}, axes: { categoryAxis: {} } });
      chart.setPosition = (a: string, b: string) => state.calls.push(`chartAt ${a}:${b}`);
      return chart;
    };
    obj.getRange = (address = '') => book.range(state, address);
    obj.getUsedRangeOrNullObject = () => {
      const used = book.track(
        mock({
          values: state.used?.values ?? [['']],
          rowIndex: state.used?.rowIndex ?? 0,
          columnIndex: state.used?.columnIndex ?? 0,
        }),
      );
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

  range(state: SheetState, address: string): Mock {
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
      }),
    );
    plain(r, 'address', address);
    r.format.fill = fill;
    r.format.borders.getItem = () => mock({});
    r.conditionalFormats.add = (type: string) => {
      state.calls.push(`cf ${type} ${address}`);
      return mock({ custom: { rule: {}, format: { fill: {} } } });
    };
    r.merge = () => state.calls.push(`merge ${address}`);
    r.select = () => state.selected.push(address);
    r.getMergedAreasOrNullObject = () => {
      const areas = book.track(mock({ address: state.merges ?? '' }));
      plain(areas, 'isNullObject', !state.merges);
      return areas;
    };
    for (const prop of ['values', 'numberFormat', 'formulas'] as const) {
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
      return () =>
        new Map(
          this.live().map((s) => [
            s.name,
            {
              protected: !!s.protectedWith,
              options: (s.protectedWith ?? {}) as Excel.WorksheetProtectionOptions,
              protection: s.obj.protection as Excel.WorksheetProtection,
            },
          ]),
        );
    });
  }
}

let supported = new Set(['1.1', '1.2', '1.4', '1.6', '1.7', '1.8', '1.9', '1.13']);
let book: FakeWorkbook;
const createWorkbook = jest.fn(async (_b64?: string) => undefined);

function useBook(b: FakeWorkbook): FakeWorkbook {
  book = b;
  b.seedCollections();
  return b;
}

beforeAll(() => {
  Object.assign(globalThis, {
    Office: { context: { requirements: { isSetSupported: (name: string, v: string) => name === 'ExcelApi' && supported.has(v) } } },
    Excel: {
      run: async <T>(fn: (context: Excel.RequestContext) => Promise<T>) => fn(book.context as unknown as Excel.RequestContext),
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

/** A written spec as the adapter would read it back (values only). */
function asData(spec: WorkbookSpec): WorkbookData {
  return {
    sheets: spec.sheets.map((s) => ({
      name: s.name,
      state: s.state ?? 'visible',
      rows: s.rows.map((r) => r.map((v) => (v === '' ? null : v))),
      merges: s.merges ?? [],
      formulaCells: [],
      validations: [],
    })),
  };
}

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
      return { file: `${u}.xlsx`, outcome: readReturn(asData(spec), `${u}.xlsx`), modified: '2019-06-20' };
    });
  return consolidate(inputs, { catalog: c, period: Q2, asOf: '2019-06-30' }).workbook;
}

// ---------------------------------------------------------------------------------------------

describe('readUsedRanges: values of every sheet, with merges and visibility — 2 syncs', () => {
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

  test('values placed from A1, empty cells null, merges parsed, very hidden kept: 2 syncs', async () => {
    seeded();
    const data = await readUsedRanges();
    expect(syncs()).toBe(2);
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
    expect(syncs()).toBe(2);
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
        `cf Custom A4:I8`,
        `cf Custom E4:E8`,
        'freezeRows 3',
        'merge A1:F1',
        `merge A${n}:I${n}`,
        'printTitles $1:$3',
        'protect',
      ]),
    );
    expect(s.calls[s.calls.length - 1]).toBe('protect');
    // The lower-priority rule (empty progress) is added first: Excel puts each new rule on top.
    expect(s.calls.indexOf('cf Custom E4:E8')).toBeLessThan(s.calls.indexOf('cf Custom A4:I8'));
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
      const r = await writeSheets(
        spec.sheets,
        { replace: true },
        { charts: [{ sheet: '汇总', range: 'B1:C10', title: 't', position: ['O2', 'W20'] }] },
      );
      expect(syncs()).toBe(3);
      expect(r.syncs).toBe(3);
      expect(Math.max(...book.requestBytes)).toBeLessThan(4_000_000);
      // `npm run bench -- --office` runs this test and reads the figures of the 300-unit merge.
      if (spec === big && process.env.JINDU_BENCH_OFFICE) {
        const figures = { units: 300, rows: spec.sheets[0].rows.length, syncs: syncs(), maxPayloadBytes: Math.max(...book.requestBytes) };
        fs.writeFileSync(process.env.JINDU_BENCH_OFFICE, JSON.stringify(figures));
      }
      expect(book.names()).toEqual(['Sheet1', '汇总', '报送情况', '问题清单', '按任务']);
      // One 2D array per sheet.
      expect(book.writes.filter((w) => w.prop === 'values')).toHaveLength(4);
      expect(book.sheet('汇总').calls).toEqual(
        expect.arrayContaining(['chart BarClustered B1:C10', 'chartAt O2:W20', 'autoFilter A1:M' + spec.sheets[0].rows.length]),
      );
    }
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
  test('readThenWrite: read, decide, write in one Excel.run — 4 syncs', async () => {
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
    expect(syncs()).toBe(4);
  });

  test('readThenWrite over an existing report (生成填报表 again): 5 syncs, the old sheets replaced', async () => {
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
    expect(syncs()).toBe(5);
    expect(book.names()).toEqual(['Sheet1', '2019年第二季度', META_SHEET]);
    expect(book.sheet('2019年第二季度')).not.toBe(old);
    expect(book.sheet(META_SHEET).visibility).toBe('VeryHidden');
  });

  test('readThenWrite: a Chinese refusal from decide writes nothing — 2 syncs', async () => {
    useBook(new FakeWorkbook());
    await expect(
      readThenWrite(
        () => {
          throw new Error('本工作簿已有其他单位的填报表');
        },
        { replace: true },
      ),
    ).rejects.toThrow('本工作簿已有其他单位的填报表');
    expect(syncs()).toBe(2);
    expect(book.names()).toEqual(['Sheet1']);
  });

  test('selectCell activates the sheet and selects the cell — 1 sync', async () => {
    useBook(new FakeWorkbook([{ name: 'Sheet1' }, { name: '报表' }]));
    await selectCell('报表', 'E5');
    expect(syncs()).toBe(1);
    expect(book.sheet('报表').activated).toBe(1);
    expect(book.sheet('报表').selected).toEqual(['E5']);
  });

  test('markCells fills the cells on a protected sheet and records the fills; clearMarks puts back only ours — 2 syncs each', async () => {
    useBook(new FakeWorkbook([{ name: '报表', protectedWith: { allowFormatColumns: true } }]));
    const s = book.sheet('报表');
    s.fills.set('F4', '#EDEDED');
    s.fills.set('A1', '#123456'); // not ours: must survive
    expect(
      await markCells([
        { sheet: '报表', cell: 'E4' },
        { sheet: '报表', cell: 'F4' },
        { sheet: '报表', cell: 'E4' },
      ]),
    ).toBe(2);
    expect(syncs()).toBe(2);
    expect(s.fills.get('E4')).toBe(MARK_COLOR);
    expect(s.fills.get('F4')).toBe(MARK_COLOR);
    expect(s.calls).toEqual(['unprotect', 'protect']);
    expect(s.protectedWith).toEqual({ allowFormatColumns: true });
    expect(JSON.parse(book.settings.get(MARKS_SETTING) as string)).toEqual({
      cells: [
        { sheet: '报表', cell: 'E4', color: '#FFFFFF' },
        { sheet: '报表', cell: 'F4', color: '#EDEDED' },
      ],
    });

    // Marked again (E4 only): F4 is put back, E4 keeps its first original.
    book.syncs = 0;
    resetSyncCount();
    await markCells([{ sheet: '报表', cell: 'E4' }]);
    expect(syncs()).toBe(2);
    expect(s.fills.get('F4')).toBe('#EDEDED');
    expect(JSON.parse(book.settings.get(MARKS_SETTING) as string).cells).toEqual([{ sheet: '报表', cell: 'E4', color: '#FFFFFF' }]);

    book.syncs = 0;
    resetSyncCount();
    expect(await clearMarks()).toBe(1);
    expect(syncs()).toBe(2);
    expect(s.fills.has('E4')).toBe(false);
    expect(s.cleared).toContain('E4');
    expect(s.fills.get('A1')).toBe('#123456');
    expect(book.settings.has(MARKS_SETTING)).toBe(false);
    expect(s.protectedWith).toEqual({ allowFormatColumns: true });
  });

  test('addCompletionChart adds a bar chart of the range — 1 sync', async () => {
    useBook(new FakeWorkbook([{ name: '完成情况' }]));
    await addCompletionChart('完成情况', 'A1:B28');
    expect(syncs()).toBe(1);
    expect(book.sheet('完成情况').calls).toEqual(['chart BarClustered A1:B28']);
  });

  test('clearMarks with nothing marked — 1 sync, nothing changed', async () => {
    useBook(new FakeWorkbook());
    expect(await clearMarks()).toBe(0);
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
