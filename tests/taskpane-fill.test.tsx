/**
 * @jest-environment jsdom
 */
/**
 * 填报 in the Excel pane: the unit combobox finds 区教育局 by "jyj", 生成填报表 hands the adapter the
 * engine's template (one readThenWrite: 5 syncs at most, see the adapter tests), and a second run
 * after the catalog changed keeps what was typed and says what changed.
 */
import fs from 'fs';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { withVersion, type Catalog } from '../src/core/catalog';
import { CATALOG_SHEETS, catalogToWorkbook } from '../src/core/catalogFile';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { META_SHEET } from '../src/core/report';
import { buildTemplate } from '../src/core/template';
import type { WorkbookData } from '../src/core/workbook';
import * as office from '../src/office/excel';
import { fillTemplate } from '../src/cli/simulate';
import { App } from '../src/taskpane/App';
import { reportingPeriod as defaultPeriod } from '../src/core/periodDefault';
import { asData, button, byId, option, renderPane } from './helpers/excelPane';
import { SEEDS, seedPath } from './helpers/paths';

jest.mock('../src/office/excel', () => require('./helpers/excelMocks').officeModule());
jest.mock('../src/taskpane/bundled', () => require('./helpers/excelMocks').bundledModule());
// The web page's host starts a worker through import.meta, which jest's CommonJS cannot load; App only needs not to make it here.
jest.mock('../src/taskpane/hosts/browser', () => ({ browserHost: () => null }));

const adapter = office as jest.Mocked<typeof office>;
const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;

beforeEach(() => jest.clearAllMocks());

async function pickUnit(query: string, unit: string): Promise<HTMLInputElement> {
  await waitFor(() => expect(byId('fill-unit').disabled).toBe(false));
  const box = byId('fill-unit');
  fireEvent.click(box);
  fireEvent.change(box, { target: { value: query } });
  // The options are there at once (a waitFor here costs seconds of Fluent's popup work in jsdom).
  if (!option(unit)) await waitFor(() => expect(option(unit)).toBeTruthy());
  // The first option shown for "jyj" is the unit.
  expect(document.querySelector('[role="option"]')?.textContent).toBe(unit);
  fireEvent.click(option(unit) as HTMLElement);
  fireEvent.blur(box);
  return box;
}

test('the pane opens on the bundled list, the period of the calendar, and the unit found by "jyj"', async () => {
  renderPane();
  expect((await screen.findByTestId('catalog-line')).textContent).toContain('关于打赢脱贫攻坚战三年行动方案');
  // Read once on opening: the catalog sheets and the template's metadata only.
  expect(adapter.readUsedRanges).toHaveBeenCalledWith({ only: [...Object.values(CATALOG_SHEETS), META_SHEET] });
  await waitFor(() => expect(byId('period-input').value).toBe('2019Q2'));
  const box = await pickUnit('jyj', '区教育局');
  expect(box.value).toBe('区教育局');
  expect(screen.getByTestId('fill-task-count').textContent).toContain('任务 5 项');
});

test("生成填报表 writes the engine's template through one readThenWrite", async () => {
  const plans: office.WritePlan[] = [];
  adapter.readThenWrite.mockImplementation(async (decide) => {
    const plan = decide({ sheets: [{ name: 'Sheet1', state: 'visible', rows: [], merges: [], formulaCells: [], validations: [] }] });
    if (plan) plans.push(plan);
    return { sheets: plan?.sheets.map((s) => s.name) ?? [], syncs: 4, notes: [] };
  });
  renderPane();
  await pickUnit('jyj', '区教育局');
  fireEvent.click(button('生成填报表'));
  expect(await screen.findByTestId('fill-result')).toBeTruthy();
  expect(adapter.readThenWrite).toHaveBeenCalledTimes(1);
  expect(adapter.readThenWrite.mock.calls[0][1]).toEqual({ replace: true });
  const expected = buildTemplate(catalog, '区教育局', Q2);
  expect(plans[0].sheets).toEqual(expected.sheets);
  expect(plans[0].activate).toBe('2019年第二季度');
  expect(plans[0].sheets[1]).toMatchObject({ name: META_SHEET, state: 'veryHidden' });
  expect(screen.getByTestId('fill-result').textContent).toContain('任务 5 项');
  // The workbook is tagged to open the pane with it (Office.AutoShowTaskpaneWithDocument).
  expect(adapter.tagAutoOpen).toHaveBeenCalledTimes(1);
});

test('again after the catalog changed: typed values kept, "新增 1 项、删除 1 项、更新 0 项" said, removed text shown', async () => {
  // The workbook carries an edited catalog (first task of 区教育局 dropped, one added) and the old, filled report.
  const mine = catalog.tasks.filter((t) => t.lead.includes('区教育局'));
  const tasks = catalog.tasks.filter((t) => t.id !== mine[0].id);
  tasks.push({ ...mine[1], id: 'T-NEW-001', title: '新增任务：资助政策宣传' });
  const { version: _v, ...content } = catalog;
  const edited = withVersion({ ...content, tasks });
  const filled = fillTemplate(buildTemplate(catalog, '区教育局', Q2), 0, {
    filledDate: '2019-06-20',
    reporter: '张三',
    phone: '0754-88123456',
  });
  const book: WorkbookData = { sheets: [...asData(catalogToWorkbook(edited)).sheets, ...asData(filled).sheets] };
  adapter.readUsedRanges.mockResolvedValue(book);
  const plans: office.WritePlan[] = [];
  adapter.readThenWrite.mockImplementation(async (decide) => {
    const plan = decide(book);
    if (plan) plans.push(plan);
    return { sheets: [], syncs: 5, notes: [] };
  });
  renderPane();
  expect((await screen.findByTestId('catalog-summary')).textContent).toContain('本工作簿清单');
  // The unit comes from the template's metadata.
  await waitFor(() => expect(byId('fill-unit').value).toBe('区教育局'));
  fireEvent.click(button('生成填报表'));
  const result = await screen.findByTestId('fill-result');
  expect(result.textContent).toContain('新增 1 项、删除 1 项、更新 0 项');
  expect(result.textContent).toContain('保留已填写的 4 项及填报人信息');
  expect(screen.getByText(/已删除任务中填写过的内容/)).toBeTruthy();
  const rows = plans[0].sheets[0].rows;
  const filledRows = filled.sheets[0].rows;
  for (const t of mine.slice(1)) {
    expect(rows.find((r) => r[6] === t.id)?.[4]).toBe(filledRows.find((r) => r[6] === t.id)?.[4]);
  }
});

test("another unit's report in the workbook is not overwritten: a Chinese message, nothing written", async () => {
  const other = asData(fillTemplate(buildTemplate(catalog, '区财政局', Q2), 0, { filledDate: '2019-06-20' }));
  adapter.readThenWrite.mockImplementation(async (decide) => {
    decide(other);
    return null;
  });
  renderPane();
  await pickUnit('jyj', '区教育局');
  await act(async () => {
    fireEvent.click(button('生成填报表'));
  });
  expect(await screen.findByText(/是区财政局的2019年第二季度填报表/)).toBeTruthy();
});

test("defaultPeriod: the period whose report is being prepared, by the list's calendar", () => {
  expect(defaultPeriod(catalog.calendar, '2019-06-30').code).toBe('2019Q2');
  expect(defaultPeriod(catalog.calendar, '2019-07-10').code).toBe('2019Q3');
  const halfYearly = {
    raw: '',
    frequency: 'half-yearly' as const,
    dues: [
      { index: 1, month: 7, day: 20 },
      { index: 2, month: 12, day: 20 },
    ],
  };
  expect(defaultPeriod(halfYearly, '2019-07-10').code).toBe('2019H1');
  expect(defaultPeriod(halfYearly, '2019-07-21').code).toBe('2019H2');
  expect(defaultPeriod({ raw: '', frequency: null, dues: [] }, '2019-01-05').code).toBe('2019Q1');
});

test('inside Excel, App renders the Excel pane (loaded as its own chunk)', async () => {
  render(
    <FluentProvider theme={webLightTheme}>
      <App host={{ kind: 'excel', platform: 'PC' }} />
    </FluentProvider>,
  );
  await waitFor(() => expect(document.getElementById('fill-unit')).toBeTruthy());
  expect(screen.queryByText('网页版')).toBeNull();
  expect(document.getElementById('tab-catalog')?.textContent).toContain('清单');
});

test('a host without an optional API set gets a Chinese note, and the pane still works', async () => {
  adapter.missingFeatureNotes.mockReturnValueOnce(['读取时不识别合并单元格，合并区域中只有左上角单元格有值（ExcelApi 1.13）']);
  renderPane();
  expect(await screen.findByText('部分功能不可用')).toBeTruthy();
  expect(screen.getByText(/ExcelApi 1\.13/)).toBeTruthy();
  await pickUnit('jyj', '区教育局');
});
