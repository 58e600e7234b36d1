/**
 * @jest-environment jsdom
 */
/**
 * 清单 in the Excel pane: the catalog in use, a bundled list chosen instead, and a list pasted as
 * text: preview of its tasks, units, deadlines and warnings, then 写入任务清单 hands the catalog
 * sheets to one writeSheets (3 syncs at most).
 */
import fs from 'fs';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { summariseCatalog } from '../src/core/catalog';
import { catalogToWorkbook } from '../src/core/catalogFile';
import { importList } from '../src/core/import';
import * as office from '../src/office/excel';
import { button, byId, renderPane } from './helpers/excelPane';
import { SEEDS, seedPath } from './helpers/paths';

jest.mock('../src/office/excel', () => require('./helpers/excelMocks').officeModule());
jest.mock('../src/taskpane/seeds', () => require('./helpers/excelMocks').seedsModule());

const adapter = office as jest.Mocked<typeof office>;
const text002 = fs.readFileSync(seedPath(SEEDS.s002), 'utf8');
const imported = importList(text002);

beforeEach(() => jest.clearAllMocks());

test('the catalog in use is shown; pasting a list previews tasks, units, deadlines and warnings; 写入任务清单 writes its sheets', async () => {
  renderPane({ initialTab: 'catalog' });
  const card = await screen.findByTestId('catalog-current');
  expect(card.textContent).toContain('关于打赢脱贫攻坚战三年行动方案');
  expect(card.textContent).toContain('任务 81 项');
  expect(card.textContent).toContain('内置清单');

  fireEvent.change(byId<HTMLTextAreaElement>('catalog-text'), { target: { value: text002 } });
  fireEvent.click(button('预览'));
  const preview = await screen.findByTestId('catalog-preview');
  const summary = summariseCatalog(imported.catalog);
  expect(screen.getByTestId('preview-counts').textContent).toBe(
    `任务 ${summary.tasks} 项，单位 ${summary.units} 个${summary.groups ? `，分组 ${summary.groups} 个` : ''}`,
  );
  expect(preview.textContent).toContain(imported.catalog.source.title);
  expect(preview.textContent).toContain('每半年：7月20日、12月20日前');
  const deadlines = screen.getByTestId('preview-deadlines').textContent ?? '';
  for (const n of Object.values(summary.deadlines)) expect(deadlines).toContain(`${n} 项`);
  expect(screen.getByTestId('preview-tasks').children.length).toBe(Math.min(41, imported.catalog.tasks.length));
  if (imported.warnings.length) expect(screen.getByTestId('preview-warnings').textContent).toContain(imported.warnings[0].message);

  fireEvent.click(button('写入任务清单'));
  await screen.findByText(/已写入“任务清单”“单位名录”“报送日历”“清单信息”工作表/);
  expect(adapter.writeSheets).toHaveBeenCalledTimes(1);
  const [sheets, options] = adapter.writeSheets.mock.calls[0];
  expect(sheets).toEqual(catalogToWorkbook(imported.catalog).sheets);
  expect(options).toEqual({ replace: true });
  // The pane now works with the list kept in the workbook.
  expect(screen.getByTestId('catalog-line').textContent).toContain('（本工作簿）');
  expect(screen.getByTestId('catalog-current').textContent).toContain(`任务 ${summary.tasks} 项`);
});

test("text that is not a list gets the importer's Chinese message and no preview", async () => {
  renderPane({ initialTab: 'catalog' });
  await screen.findByTestId('catalog-current');
  fireEvent.change(byId<HTMLTextAreaElement>('catalog-text'), { target: { value: '今天天气很好。' } });
  fireEvent.click(button('预览'));
  expect(await screen.findByText(/无法识别为责任清单/)).toBeTruthy();
  expect(screen.queryByTestId('catalog-preview')).toBeNull();
});

test("choosing another bundled list makes it the pane's catalog", async () => {
  renderPane({ initialTab: 'catalog' });
  await screen.findByTestId('catalog-current');
  fireEvent.change(byId<HTMLSelectElement>('catalog-seed'), { target: { value: '002_65c7f64bacf31445' } });
  await waitFor(() => expect(screen.getByTestId('catalog-current').textContent).toContain(imported.catalog.source.title));
  expect(screen.getByTestId('catalog-line').textContent).toContain('（内置）');
  expect(adapter.writeSheets).not.toHaveBeenCalled();
});
