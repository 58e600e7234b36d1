/**
 * @jest-environment jsdom
 */
/**
 * 检查 in the Excel pane: the engine's checks on the open workbook (one readUsedRanges: 2 syncs),
 * findings grouped by code and counted, a finding's button selects its cell (1 sync), 标记问题单元格
 * and 清除标记 go to the adapter (2 syncs each).
 */
import fs from 'fs';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Catalog } from '../src/core/catalog';
import { checkReturn } from '../src/core/checks';
import { countByCode } from '../src/core/finding';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate } from '../src/core/template';
import * as office from '../src/office/excel';
import { fillTemplate } from '../src/cli/simulate';
import { asData, button, byId, renderPane } from './helpers/excelPane';
import { SEEDS, seedPath } from './helpers/paths';

jest.mock('../src/office/excel', () => require('./helpers/excelMocks').officeModule());
jest.mock('../src/taskpane/bundled', () => require('./helpers/excelMocks').bundledModule());

const adapter = office as jest.Mocked<typeof office>;
const catalog: Catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;

// The clerk left the second task's progress empty and did not sign the sheet.
const report = fillTemplate(buildTemplate(catalog, '区教育局', Q2), 0, {
  filledDate: '2019-06-20',
  phone: '0754-88123456',
  emptyProgressRow: 1,
});
const book = asData(report);

beforeEach(() => {
  jest.clearAllMocks();
  adapter.readUsedRanges.mockResolvedValue(book);
});

function expected() {
  const r = readReturn(book);
  if (!r.ok) throw new Error('not a report');
  return checkReturn(r.report, { catalog, period: Q2, asOf: '2019-06-30' }).findings;
}

async function openAndCheck() {
  renderPane({ initialTab: 'check' });
  await screen.findByTestId('catalog-line');
  fireEvent.click(button('检查'));
  return screen.findByTestId('check-result');
}

test('findings grouped by code with their counts, as the engine finds them', async () => {
  await openAndCheck();
  const findings = expected();
  expect(findings.map((f) => f.code)).toEqual(expect.arrayContaining(['EMPTY_PROGRESS', 'MISSING_REPORTER']));
  for (const [code, n] of Object.entries(countByCode(findings))) {
    expect(screen.getByTestId(`count-${code}`).textContent).toBe(String(n));
  }
  expect(screen.getByText(`发现问题 ${findings.length} 条`)).toBeTruthy();
  expect(adapter.readUsedRanges).toHaveBeenLastCalledWith();
});

test('clicking a finding selects its cell in the workbook', async () => {
  await openAndCheck();
  const empty = expected().find((f) => f.code === 'EMPTY_PROGRESS');
  if (!empty?.cell) throw new Error('no EMPTY_PROGRESS cell');
  const btn = [...document.querySelectorAll('button')].find((b) => b.title === `定位到 ${empty.sheet}!${empty.cell}`);
  expect(btn?.textContent).toContain(empty.message);
  fireEvent.click(btn as HTMLButtonElement);
  await waitFor(() => expect(adapter.selectCell).toHaveBeenCalledWith('2019年第二季度', empty.cell));
});

test("标记问题单元格 marks the findings' cells; 清除标记 clears them", async () => {
  await openAndCheck();
  fireEvent.click(button('标记问题单元格'));
  const located = expected().filter((f) => f.sheet && f.cell);
  await screen.findByText(`已标记 ${located.length} 个单元格`);
  expect(adapter.markCells).toHaveBeenCalledWith(located.map((f) => ({ sheet: f.sheet, cell: f.cell })));
  adapter.clearMarks.mockResolvedValueOnce({ marked: located.length, locked: [], notes: [] });
  fireEvent.click(button('清除标记'));
  await screen.findByText(`已清除 ${located.length} 处标记`);
});

test('a workbook without a report says so in Chinese', async () => {
  renderPane({ initialTab: 'check' });
  await screen.findByTestId('catalog-line');
  adapter.readUsedRanges.mockResolvedValue({
    sheets: [{ name: 'Sheet1', state: 'visible', rows: [['随便写的']], merges: [], formulaCells: [], validations: [] }],
  });
  fireEvent.click(button('检查'));
  expect(await screen.findByText('未找到填报表')).toBeTruthy();
  expect(byId('period-input').value).toBe('2019Q2');
});
