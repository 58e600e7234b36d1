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
import { reportingUnits } from '../src/core/assignment';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import { readReturn } from '../src/core/returnReader';
import * as office from '../src/office/excel';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { fillTemplate } from '../src/cli/simulate';
import { asData, button, byId, renderPane } from './helpers/excelPane';
import { SEEDS, seedPath } from './helpers/paths';

jest.mock('../src/office/excel', () => require('./helpers/excelMocks').officeModule());
jest.mock('../src/taskpane/bundled', () => require('./helpers/excelMocks').bundledModule());

beforeEach(() => jest.clearAllMocks());

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
  // The reconciliation is one quiet line; the broken file is named there with why.
  expect(screen.getByTestId('reconciliation').textContent).toContain('数据行读取 9 行、写入汇总表 9 行，一致');
  expect(screen.getByTestId('reconciliation').textContent).toContain('坏文件.xlsx（无法读取）');
  // Codes are for exports: nothing a clerk reads here shows one.
  expect(summary.textContent).not.toMatch(/[A-Z]{4,}_[A-Z]+/);

  fireEvent.click(button('在新工作簿中打开'));
  await waitFor(() => expect(adapter.openInNewWorkbook).toHaveBeenCalledTimes(1), { timeout: 20000 });
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

/** Last quarter's 汇总 in which every unit reported, each with its own 填报人 and 联系电话. */
async function q1Consolidation(): Promise<File> {
  const Q1 = parsePeriod('2019Q1') as Period;
  const inputs: MergeInput[] = reportingUnits(catalog).map((unit, i) => ({
    file: `${unit}.xlsx`,
    outcome: readReturn(
      asData(
        fillTemplate(buildTemplate(catalog, unit, Q1), 2, {
          filledDate: '2019-03-20',
          reporter: `联络员${i + 1}`,
          phone: `1380013${String(8000 + i)}`,
        }),
      ),
      `${unit}.xlsx`,
    ),
    saved: '2019-03-20T02:00:00Z',
  }));
  const c = consolidate(inputs, { catalog, period: Q1, asOf: '2019-03-31' });
  return new File([(await writeWorkbook(c.workbook)) as Uint8Array<ArrayBuffer>], '汇总-2019Q1.xlsx');
}

test('the dashboard: every reporting unit with its status, 未报 filtered, a unit’s findings selecting their row in 汇总, the chart drawn, 催报 with contacts', async () => {
  const Q2files = [
    await returnFile('区教育局', '区教育局.xlsx'),
    new File(
      [
        (await writeWorkbook(
          fillTemplate(buildTemplate(catalog, '区财政局', Q2), 1, {
            filledDate: '2019-06-20',
            reporter: '李四',
            phone: '13800138000',
            dropRow: 0,
          }),
        )) as Uint8Array<ArrayBuffer>,
      ],
      '区财政局.xlsx',
    ),
  ];
  renderPane({ initialTab: 'merge' });
  await screen.findByTestId('catalog-line');
  fireEvent.change(byId('merge-files'), { target: { files: Q2files } });
  fireEvent.change(byId('merge-previous'), { target: { files: [await q1Consolidation()] } });
  await waitFor(() => expect(screen.getByTestId('merge-previous-chosen').textContent).toContain('2019年第一季度'), { timeout: 20000 });
  fireEvent.click(button('开始汇总'));
  await screen.findByTestId('merge-summary', {}, { timeout: 20000 });
  const [sheets] = adapter.writeSheets.mock.calls[adapter.writeSheets.mock.calls.length - 1];

  // Every reporting unit, with its status in words.
  const rows = () =>
    [...document.querySelectorAll('[data-testid="unit-table"] [data-unit]')].map((r) => [
      r.getAttribute('data-unit'),
      r.querySelector('[data-state]')?.textContent,
    ]);
  const units = reportingUnits(catalog);
  expect(rows().map((r) => r[0])).toEqual(units);
  expect(Object.fromEntries(rows())).toMatchObject({ 区教育局: '按时', 区财政局: '按时有问题', 区委宣传部: '未报' });
  // 未报 shows the units that sent nothing, and only them.
  fireEvent.click(document.querySelector('[data-filter="missing"]') as HTMLElement);
  await waitFor(() => expect(rows().length).toBe(units.length - 2));
  expect(rows().every((r) => r[1] === '未报')).toBe(true);
  expect(screen.getByTestId('units-missing').textContent).toBe(String(units.length - 2));
  fireEvent.click(document.querySelector('[data-filter="all"]') as HTMLElement);

  // 区财政局 left a task out: its findings name the task, the cell, and where the 汇总 shows it.
  fireEvent.click(document.querySelector('[data-unit="区财政局"]') as HTMLElement);
  const details = await screen.findByTestId('unit-details');
  expect(details.textContent).toContain('缺报任务');
  const show = [...details.querySelectorAll('button')].find((b) => b.textContent === '在汇总表中查看') as HTMLButtonElement;
  fireEvent.click(show);
  await waitFor(() => expect(adapter.selectCell).toHaveBeenCalled());
  const [sheet, cell] = adapter.selectCell.mock.calls[0];
  expect(sheet).toBe('汇总');
  const row = sheets[0].rows[Number(cell.slice(1)) - 1];
  expect(row[1]).toBe('区财政局');
  expect(row[10]).toBe('缺报任务');

  // The completion picture: drawn (SVG), with every unit's bar and the figures in words.
  const chart = await screen.findByTestId('completion', {}, { timeout: 20000 });
  expect(chart.querySelectorAll('svg path, svg rect').length).toBeGreaterThan(units.length);
  for (const u of units) expect(screen.getByTestId('completion-bars').textContent).toContain(u);
  expect(screen.getByTestId('completion-words').textContent).toMatch(/全部 73 项单位任务：已完成 \d+/);

  // 催报: each missing unit with its contact from last quarter's 汇总; this batch's contact for its own units.
  const text = byId<HTMLTextAreaElement>('remind-all').value;
  units.forEach((u, i) => {
    if (u === '区教育局') return;
    if (u === '区财政局') expect(text).toContain('区财政局（李四，13800138000）：');
    else expect(text).toContain(`${u}（联络员${i + 1}，1380013${8000 + i}）：`);
  });
  expect(text).toContain('应于2019年6月25日前报送');
});

test('the office’s list, period and 截至日期 are kept in the workbook and restored when the pane opens again; the period starts within the list’s years', async () => {
  const first = renderPane({ initialTab: 'catalog', today: '2026-11-02' });
  await screen.findByTestId('catalog-line');
  // The 2018–2020 list in 2026: its last quarter.
  expect(byId('period-input').value).toBe('2020Q4');
  fireEvent.change(byId<HTMLSelectElement>('catalog-select'), { target: { value: '002_65c7f64bacf31445' } });
  // Timeouts as the other waits here: on a loaded 2-core machine loading the bundled list can take seconds.
  await waitFor(() => expect(screen.getByTestId('catalog-line').textContent).toContain('汕尾'), { timeout: 20000 });
  fireEvent.change(byId('period-input'), { target: { value: '2019H1' } });
  fireEvent.change(byId('asof-input'), { target: { value: '2019-07-25' } });
  await waitFor(
    () =>
      expect(adapter.savePaneState).toHaveBeenLastCalledWith({
        list: { kind: 'bundled', id: '002_65c7f64bacf31445' },
        period: '2019H1',
        asOf: '2019-07-25',
      }),
    { timeout: 20000 },
  );
  const kept = adapter.savePaneState.mock.calls[adapter.savePaneState.mock.calls.length - 1][0];
  first.unmount();
  adapter.readPaneState.mockResolvedValueOnce(JSON.parse(JSON.stringify(kept)));
  renderPane({ today: '2026-11-02' });
  await waitFor(() => expect(screen.getByTestId('catalog-line').textContent).toContain('汕尾'), { timeout: 20000 });
  expect(byId('period-input').value).toBe('2019H1');
  expect(byId('asof-input').value).toBe('2019-07-25');
});
