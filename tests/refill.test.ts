/**
 * Re-filling a template after the catalog changed (src/core/refill.ts): what the clerk typed is
 * carried over by 任务编号, removed tasks are handed back with their text, and planTemplate never
 * overwrites another unit's report or a foreign sheet.
 */
import fs from 'fs';
import { assignedTasks } from '../src/core/assignment';
import { withVersion, type Catalog, type Task } from '../src/core/catalog';
import { checkReturn } from '../src/core/checks';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { describeChanges, planTemplate, refillTemplate } from '../src/core/refill';
import type { ReadReturn } from '../src/core/report';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate, TEMPLATE_COLUMNS as C, TEMPLATE_FOOTER as F } from '../src/core/template';
import type { WorkbookData } from '../src/core/workbook';
import { fillTemplate, PROGRESS } from '../src/cli/simulate';
import { SEEDS, seedPath } from './helpers/paths';
import { asData } from './helpers/specData';

const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;
const UNIT = '区教育局';

function read(book: WorkbookData): ReadReturn {
  const r = readReturn(book);
  if (!r.ok) throw new Error(r.finding.message);
  return r.report;
}

const old = fillTemplate(buildTemplate(catalog, UNIT, Q2), 0, { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456' });
const oldBook = asData(old);
const mine = assignedTasks(catalog, UNIT);

/** The catalog after the office changed it: the first task dropped, the second retitled, a new one added. */
function changedCatalog(): { catalog: Catalog; dropped: Task; retitled: Task; added: Task } {
  const [dropped, retitled] = mine;
  const added: Task = { ...mine[2], id: 'T-NEW-001', title: '新增：教育扶贫资助政策宣传', text: '开展教育扶贫资助政策宣传' };
  const tasks = catalog.tasks
    .filter((t) => t.id !== dropped.id)
    .map((t) => (t.id === retitled.id ? { ...t, title: `${t.title}（修订）` } : t));
  tasks.push(added);
  const { version: _v, ...content } = catalog;
  return { catalog: withVersion({ ...content, tasks }), dropped, retitled: { ...retitled, title: `${retitled.title}（修订）` }, added };
}

describe('refillTemplate', () => {
  test('same catalog: everything typed comes back, nothing added, removed or updated', () => {
    const { spec, changes } = refillTemplate(buildTemplate(catalog, UNIT, Q2), read(oldBook), oldBook.sheets[0]);
    expect(changes).toEqual({ added: [], removed: [], updated: [], kept: mine.length, footerKept: true });
    expect(spec.sheets[0].rows).toEqual(old.sheets[0].rows);
  });

  test('after the catalog changed: typed values by 任务编号, what changed, and the removed task with its text', () => {
    const changed = changedCatalog();
    const fresh = buildTemplate(changed.catalog, UNIT, Q2);
    const { spec, changes } = refillTemplate(fresh, read(oldBook), oldBook.sheets[0]);
    expect(changes.added).toEqual([changed.added.id]);
    expect(changes.updated).toEqual([changed.retitled.id]);
    expect(changes.removed).toEqual([
      { id: changed.dropped.id, title: changed.dropped.title, typed: expect.objectContaining({ progress: PROGRESS[0] }) },
    ]);
    expect(changes.kept).toBe(mine.length - 1);
    expect(describeChanges(changes)).toBe('新增 1 项、删除 1 项、更新 1 项');

    const rows = spec.sheets[0].rows;
    const oldRows = old.sheets[0].rows;
    for (const t of mine.slice(1)) {
      const now = rows.find((r) => r[C.taskId] === t.id) as unknown[];
      const before = oldRows.find((r) => r[C.taskId] === t.id) as unknown[];
      expect([now[C.progress], now[C.status]]).toEqual([before[C.progress], before[C.status]]);
    }
    expect((rows.find((r) => r[C.taskId] === changed.added.id) as unknown[])[C.progress]).toBe('');
    const footer = rows.find((r) => r[0] === '填报人：') as unknown[];
    expect([footer[F.reporter], footer[F.phone], footer[F.date]]).toEqual(['张三', '0754-88123456', '2019-06-20']);

    // Read back and checked against the new catalog: the new task is the only gap, and the catalog is current.
    const checked = checkReturn(read(asData(spec)), {
      catalog: changed.catalog,
      period: Q2,
      asOf: '2019-06-21',
    });
    expect(checked.findings.map((f) => [f.code, f.task])).toEqual([['EMPTY_PROGRESS', changed.added.id]]);
  });

  test('numbers and dates keep their type from the cells (a 填报日期 typed as a date stays a serial)', () => {
    const book = asData(old);
    const sheet = book.sheets[0];
    const footer = sheet.rows.findIndex((r) => r[0] === '填报人：');
    sheet.rows[footer][F.date] = 43636; // 2019-06-20 as Excel stores a date
    sheet.rows[footer][F.phone] = 13902771234;
    sheet.rows[3][C.remark] = 42;
    const { spec } = refillTemplate(buildTemplate(catalog, UNIT, Q2), read(book), sheet);
    const f = spec.sheets[0].rows[footer];
    expect([f[F.phone], f[F.date]]).toEqual(['13902771234', 43636]);
    expect(spec.sheets[0].rows[3][C.remark]).toBe(42);
  });

  test('of two rows with one 任务编号, the one with more typed in it is kept', () => {
    const book = asData(old);
    const rows = book.sheets[0].rows;
    const footer = rows.findIndex((r) => r[0] === '填报人：');
    const copy = [...rows[3]];
    copy[C.progress] = null;
    copy[C.status] = null;
    rows.splice(footer - 1, 0, copy); // an empty copy of the first task's row above the footer
    const { spec } = refillTemplate(buildTemplate(catalog, UNIT, Q2), read(book), book.sheets[0]);
    expect(spec.sheets[0].rows[3][C.progress]).toBe(old.sheets[0].rows[3][C.progress]);
  });
});

describe('refillTemplate: what the clerk added', () => {
  /** The old template with three blank rows typed into, and a leader written where the list names none. */
  function withAdditions() {
    const spec = fillTemplate(buildTemplate(catalog, UNIT, Q2, { blankRows: 3 }), 0, {
      filledDate: '2019-06-20',
      reporter: '张三',
      phone: '0754-88123456',
    });
    const rows = spec.sheets[0].rows.map((r) => [...r]);
    const first = rows.findIndex((r) => r[C.seq] === 1);
    rows[first][C.leader] = '王副局长';
    const blanks = rows.map((r, i) => (r.every((v) => v === null || v === '') && i > first ? i : -1)).filter((i) => i > 0);
    const added = ['组织教师暑期下乡支教', '开展困难学生家访', '举办资助政策宣讲会'];
    added.forEach((title, k) => {
      rows[blanks[k]][C.title] = title;
      rows[blanks[k]][C.progress] = `${title}：已完成。`;
    });
    return { book: asData({ ...spec, sheets: [{ ...spec.sheets[0], rows }, ...spec.sheets.slice(1)] }), added };
  }

  test('rows of work beyond the list are carried over, with blank rows made for them; the typed leader stays', () => {
    const { book, added } = withAdditions();
    const rebuild = (blankRows: number) => buildTemplate(catalog, UNIT, Q2, { blankRows });
    const { spec, changes } = refillTemplate(buildTemplate(catalog, UNIT, Q2), read(book), book.sheets[0], rebuild);
    const rows = spec.sheets[0].rows;
    expect(added.map((t) => rows.find((r) => r[C.title] === t)?.[C.progress])).toEqual(added.map((t) => `${t}：已完成。`));
    expect(changes).toMatchObject({ removed: [], updated: [], kept: mine.length + added.length });
    expect(rows.find((r) => r[C.seq] === 1)?.[C.leader]).toBe('王副局长');
    // Still room for more: one blank row after the added ones.
    const footer = rows.findIndex((r) => r[0] === '填报人：');
    expect(rows[footer - 2].every((v) => v === null || v === '')).toBe(true);
    // Checked again: the added rows are added work, not wrong tasks.
    const checked = checkReturn(read(asData(spec)), { catalog, period: Q2, asOf: '2019-06-21' });
    expect(checked.findings.map((f) => f.code)).toEqual(['ADDED_WORK', 'ADDED_WORK', 'ADDED_WORK']);
  });

  test('without a way to make more blank rows, those that do not fit are handed back as removed, with their text', () => {
    const { book, added } = withAdditions();
    const { changes } = refillTemplate(buildTemplate(catalog, UNIT, Q2), read(book), book.sheets[0]);
    expect(changes.removed.map((r) => [r.id, r.title, r.typed.progress])).toEqual(added.slice(1).map((t) => ['', t, `${t}：已完成。`]));
  });
});

test('a template of the first layout (填报人 in B, 联系电话 in E, 填报日期 beside 备注 in G) is read and re-filled into this one', () => {
  const book = asData(old);
  const sheet = book.sheets[0];
  const footer = sheet.rows.findIndex((r) => r[0] === '填报人：');
  sheet.rows[footer] = ['填报人：', '李四', null, '联系电话：', '13902771234', '填报日期：', '2019-06-21', null, null, null];
  sheet.merges = sheet.merges.filter((m) => !m.startsWith(`A${footer + 1}:`)).concat(`B${footer + 1}:C${footer + 1}`);
  const { spec, changes } = refillTemplate(buildTemplate(catalog, UNIT, Q2), read(book), sheet);
  expect(changes.footerKept).toBe(true);
  const f = spec.sheets[0].rows.find((r) => r[0] === '填报人：') as unknown[];
  expect([f[F.reporter], f[F.phone], f[F.date]]).toEqual(['李四', '13902771234', '2019-06-21']);
});

describe('planTemplate', () => {
  const spec = buildTemplate(catalog, UNIT, Q2);

  test('an empty workbook gets a new report', () => {
    expect(
      planTemplate(
        { sheets: [{ name: 'Sheet1', state: 'visible', rows: [], merges: [], formulaCells: [], validations: [] }] },
        spec,
        UNIT,
        Q2,
      ).kind,
    ).toBe('new');
  });

  test('the same unit and period: re-filled', () => {
    const plan = planTemplate(oldBook, spec, UNIT, Q2);
    expect(plan.kind).toBe('refill');
    if (plan.kind === 'refill') expect(plan.previousSheet).toBe(spec.sheets[0].name);
  });

  test("another unit's report of the period is never overwritten", () => {
    const other = asData(fillTemplate(buildTemplate(catalog, '区财政局', Q2), 0, { filledDate: '2019-06-20' }));
    const plan = planTemplate(other, spec, UNIT, Q2);
    expect(plan).toEqual({ kind: 'conflict', message: expect.stringContaining('区财政局') });
  });

  test("a foreign sheet with the report's name is never overwritten", () => {
    const book: WorkbookData = {
      sheets: [{ name: spec.sheets[0].name, state: 'visible', rows: [['我的笔记']], merges: [], formulaCells: [], validations: [] }],
    };
    expect(planTemplate(book, spec, UNIT, Q2)).toEqual({ kind: 'conflict', message: expect.stringContaining('改名或删除') });
  });

  test('a report of another period stays; the new period gets a new sheet', () => {
    const q1 = asData(fillTemplate(buildTemplate(catalog, UNIT, parsePeriod('2019Q1') as Period), 0, { filledDate: '2019-03-20' }));
    expect(planTemplate(q1, spec, UNIT, Q2).kind).toBe('new');
  });
});
