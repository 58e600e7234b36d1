/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// (ExcelJS needs uuid's CommonJS build; jsdom's default "browser" condition picks its ES module build.)
/**
 * 汇总 in the Excel pane: two filled returns (real .xlsx bytes from the xlsx module) and a broken
 * file picked at once; each file's status shown as it is read; the consolidation sheets and the
 * completion sheet (with its chart) handed to one writeSheets (3 syncs whatever the rows, see the
 * adapter tests); 在新工作簿中打开 goes through Excel.createWorkbook with the workbook as base64.
 */
import './helpers/jsdomPolyfills';
import fs from 'fs';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Catalog } from '../src/core/catalog';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { buildTemplate } from '../src/core/template';
import * as office from '../src/office/excel';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { fillTemplate } from '../src/cli/simulate';
import { button, byId, renderPane } from './helpers/excelPane';
import { SEEDS, seedPath } from './helpers/paths';

jest.mock('../src/office/excel', () => require('./helpers/excelMocks').officeModule());
jest.mock('../src/taskpane/bundled', () => require('./helpers/excelMocks').bundledModule());

const adapter = office as jest.Mocked<typeof office>;
const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;

async function returnFile(unit: string, name: string, phone = '0754-88123456'): Promise<File> {
  const spec = fillTemplate(buildTemplate(catalog, unit, Q2), 1, { filledDate: '2019-06-20', reporter: '张三', phone });
  return new File([(await writeWorkbook(spec)) as Uint8Array<ArrayBuffer>], name, {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

test('two returns and a broken file: statuses, progress, one writeSheets with the 6 sheets, the chart and the data sheet, then a new workbook', async () => {
  const files = [
    await returnFile('区教育局', '区教育局.xlsx'),
    await returnFile('区财政局', '区财政局.xlsx'),
    new File([new Uint8Array([1, 2, 3])], '坏文件.xlsx'),
  ];
  renderPane({ initialTab: 'merge' });
  await screen.findByTestId('catalog-line');
  fireEvent.change(byId('merge-files'), { target: { files } });
  expect(await screen.findByText('已选 3 个文件')).toBeTruthy();
  fireEvent.click(button('开始汇总'));
  const summary = await screen.findByTestId('merge-summary', {}, { timeout: 20000 });

  const states = [...document.querySelectorAll('[data-testid="merge-file-list"] li')].map((li) => [
    li.getAttribute('data-state'),
    li.textContent,
  ]);
  expect(states).toEqual([
    ['ok', '已读取区教育局.xlsx'],
    ['ok', '已读取区财政局.xlsx'],
    ['unreadable', expect.stringMatching(/^无法读取坏文件\.xlsx.+/)],
  ]);
  // The progress bar ends full, with its label.
  expect(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('1');
  expect(screen.getByText('完成')).toBeTruthy();

  expect(adapter.writeSheets).toHaveBeenCalledTimes(1);
  const [sheets, options, extra] = adapter.writeSheets.mock.calls[0];
  expect(sheets.map((s) => s.name)).toEqual(['汇总', '报送情况', '文件清单', '问题清单', '按任务', '完成情况', 'jindu_data']);
  expect(sheets[6].state).toBe('veryHidden');
  expect(options).toEqual({ replace: true });
  // The completion sheet carries its chart, which the adapter draws.
  const completion = sheets[5];
  const units = completion.rows.length - 3;
  expect(completion.charts).toEqual([
    expect.objectContaining({ categories: `A4:A${units + 3}`, series: [{ name: '完成率', values: `B4:B${units + 3}` }] }),
  ]);
  expect(extra).toEqual({ activate: '汇总' });
  // Both units' rows are in the 汇总 sheet, and the completion sheet counts them.
  const summaryRows = sheets[0].rows.slice(3);
  expect(summaryRows.filter((r) => r[1] === '区教育局' && r[11])).toHaveLength(5);
  expect(completion.rows.find((r) => r[0] === '区教育局')?.slice(3, 5)).toEqual([5, '按时']);
  expect(summary.textContent).toContain('数据行读取');
  expect(summary.textContent).toContain('坏文件.xlsx：无法读取');

  fireEvent.click(button('在新工作簿中打开'));
  await waitFor(() => expect(adapter.openInNewWorkbook).toHaveBeenCalledTimes(1));
  const base64 = adapter.openInNewWorkbook.mock.calls[0][0];
  const book = await readWorkbook(Uint8Array.from(Buffer.from(base64, 'base64')), '汇总.xlsx');
  expect(book.sheets.map((s) => s.name)).toEqual(['汇总', '报送情况', '文件清单', '问题清单', '按任务', '完成情况', 'jindu_data']);
});

test('退回修改: only the unit with something to correct is listed; its copy opens in a new workbook, marked up', async () => {
  const files = [await returnFile('区教育局', '区教育局.xlsx'), await returnFile('区财政局', '区财政局.xlsx', '8812345')];
  renderPane({ initialTab: 'merge' });
  await screen.findByTestId('catalog-line');
  fireEvent.change(byId('merge-files'), { target: { files } });
  fireEvent.click(button('开始汇总'));
  const panel = await screen.findByTestId('feedback', {}, { timeout: 20000 });
  expect(panel.textContent).toContain('1 个单位的报表需更正');
  expect(screen.getByTestId('feedback-units').textContent).toBe('区财政局：1 处需更正打开反馈表');
  adapter.openInNewWorkbook.mockClear();
  fireEvent.click(button('打开反馈表'));
  await waitFor(() => expect(adapter.openInNewWorkbook).toHaveBeenCalledTimes(1), { timeout: 20000 });
  const copy = await readWorkbook(Uint8Array.from(Buffer.from(adapter.openInNewWorkbook.mock.calls[0][0], 'base64')), 'copy.xlsx');
  expect(copy.sheets.map((s) => s.name)).toContain('需更正事项');
  const listed = copy.sheets.find((s) => s.name === '需更正事项')?.rows.slice(3) ?? [];
  expect(listed.map((r) => r[2])).toEqual(['联系电话有误']);
});

test('a failed write is shown in Chinese', async () => {
  adapter.writeSheets.mockRejectedValueOnce(new Error('写入工作表失败，工作簿未改动：Excel 拒绝了写入的内容'));
  renderPane({ initialTab: 'merge' });
  await screen.findByTestId('catalog-line');
  fireEvent.change(byId('merge-files'), { target: { files: [await returnFile('区教育局', 'a.xlsx')] } });
  fireEvent.click(button('开始汇总'));
  expect(await screen.findByText(/工作簿未改动/, {}, { timeout: 20000 })).toBeTruthy();
});

test('files dropped on the picker are taken like picked ones', async () => {
  renderPane({ initialTab: 'merge' });
  await screen.findByTestId('catalog-line');
  const zone = byId('merge-files').parentElement as HTMLElement;
  const files = [new File(['x'], 'a.xlsx'), new File(['y'], 'b.xlsx')];
  fireEvent.dragOver(zone, { dataTransfer: { files } });
  fireEvent.drop(zone, { dataTransfer: { files } });
  expect(await screen.findByText('已选 2 个文件')).toBeTruthy();
});
