/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// (ExcelJS needs uuid's CommonJS build; jsdom's default "browser" condition picks its ES module build.)
/**
 * Across periods in the Excel pane (the Office.js adapter mocked as in the other pane tests; the
 * adapter itself is tested against office-addin-mock in office-adapter.test.ts): the 台账 tab on the
 * period story's three 汇总 (the earlier version's 2019Q2 fixture among them) shows the ledger and
 * opens its workbook, chart included, in a new workbook; 汇总 with 上期汇总表 marks copied progress;
 * 填报 with last period's 汇总 writes the 上期 columns and, when asked, starts the cells from them.
 */
import './helpers/jsdomPolyfills';
import fs from 'fs';
import path from 'path';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import { previousProgress } from '../src/core/copiedProgress';
import { readReturn } from '../src/core/returnReader';
import { PREVIOUS_HEADERS, TEMPLATE_COLUMNS as C } from '../src/core/template';
import * as office from '../src/office/excel';
import { readConsolidationBytes, readWorkbook, writeWorkbook } from '../src/xlsx';
import { readCharts } from '../src/xlsx/chart';
import { LEDGER_SHEETS } from '../src/core/ledgerWorkbook';
import { asData, button, byId, option, renderPane } from './helpers/excelPane';
import {
  STORY,
  STORY_AS_OF,
  STORY_TASKS as T,
  storyCatalog,
  storyPeriod,
  storyReturnSpec,
  type StoryPeriodCode,
} from './helpers/periodStory';

jest.mock('../src/office/excel', () => require('./helpers/excelMocks').officeModule());
jest.mock('../src/taskpane/bundled', () => require('./helpers/excelMocks').bundledModule());

const adapter = office as jest.Mocked<typeof office>;
const catalog = storyCatalog();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const legacyBytes = new Uint8Array(fs.readFileSync(path.join(__dirname, 'fixtures', 'legacy-consolidation-2019Q2.xlsx')));

function returns(code: StoryPeriodCode): { inputs: MergeInput[] } {
  const period = storyPeriod(code);
  const inputs: MergeInput[] = [];
  const specs = Object.entries(STORY[code]).flatMap(([unit, ret]) =>
    ret ? [{ unit, spec: storyReturnSpec(catalog, unit, period, ret) }] : [],
  );
  for (const { unit, spec } of specs)
    inputs.push({ file: `${unit}.xlsx`, outcome: readReturn(asData(spec), `${unit}.xlsx`), saved: `${STORY_AS_OF[code]}T00:00:00Z` });
  return { inputs };
}

async function returnFiles(code: StoryPeriodCode): Promise<File[]> {
  const period = storyPeriod(code);
  const out: File[] = [];
  for (const [unit, ret] of Object.entries(STORY[code])) {
    if (!ret) continue;
    out.push(
      new File([(await writeWorkbook(storyReturnSpec(catalog, unit, period, ret))) as Uint8Array<ArrayBuffer>], `${code}_${unit}.xlsx`, {
        type: XLSX,
      }),
    );
  }
  return out;
}

let q3: Uint8Array;
let q4: Uint8Array;

beforeAll(async () => {
  const legacy = await readConsolidationBytes(legacyBytes, 'legacy.xlsx');
  const c3 = consolidate(returns('2019Q3').inputs, {
    catalog,
    period: storyPeriod('2019Q3'),
    asOf: STORY_AS_OF['2019Q3'],
    previous: previousProgress(legacy, storyPeriod('2019Q3')),
  });
  q3 = await writeWorkbook(c3.workbook);
  const c4 = consolidate(returns('2019Q4').inputs, {
    catalog,
    period: storyPeriod('2019Q4'),
    asOf: STORY_AS_OF['2019Q4'],
    previous: previousProgress(c3.record, storyPeriod('2019Q4')),
  });
  q4 = await writeWorkbook(c4.workbook);
}, 60_000);

beforeEach(() => jest.clearAllMocks());

const file = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name, { type: XLSX });

test('台账: three 汇总 picked in any order, 生成台账 shows the ledger, 在新工作簿中打开 opens it with its chart', async () => {
  renderPane({ initialTab: 'ledger' });
  await screen.findByTestId('catalog-line');
  fireEvent.change(byId('ledger-files'), {
    target: { files: [file(q4, '汇总-2019Q4.xlsx'), file(legacyBytes, '汇总-2019Q2-旧版.xlsx'), file(q3, '汇总-2019Q3.xlsx')] },
  });
  expect((await screen.findByTestId('ledger-count')).textContent).toBe(
    '已选 3 份汇总表：汇总-2019Q2-旧版.xlsx、汇总-2019Q3.xlsx、汇总-2019Q4.xlsx',
  );
  fireEvent.click(button('生成台账'));
  const view = await screen.findByTestId('ledger-summary', {}, { timeout: 20000 });
  expect(view.textContent).toContain('2019年第二季度、2019年第三季度、2019年第四季度（共 3 期），单位任务 73 行');
  expect(screen.getByTestId('ledger-transitions').textContent).toBe('10');
  expect(screen.getByTestId('ledger-directions').textContent).toBe('10 / 0');
  expect(screen.getByTestId('ledger-stall-count').textContent).toBe('7');
  expect(screen.getByTestId('ledger-late-count').textContent).toBe('24');
  const stalls = [...screen.getByTestId('ledger-stalls').querySelectorAll('li')].map((li) => li.textContent);
  expect(stalls[0]).toBe('区委组织部：加强对基层干部扶贫政策培训（2019年第二季度至2019年第四季度，3 期“推进中”）');
  const completion = [...screen.getByTestId('ledger-completion').querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent),
  );
  expect(completion).toEqual([
    ['2019年第二季度', '2', '10', '3', '58', '2.7%'],
    ['2019年第三季度', '1', '10', '2', '60', '1.4%'],
    ['2019年第四季度', '9', '8', '0', '56', '12.3%'],
  ]);
  // Most often late or missing first: the units that never reported; the list says how many in all.
  expect(screen.getByTestId('ledger-late').querySelector('li')?.textContent).toBe(
    '区委区政府：2019年第二季度未报，2019年第三季度未报，2019年第四季度未报',
  );
  expect(view.textContent).toContain('等共 24 项，见台账“逾期未报”表');
  expect(screen.getByTestId('ledger-notes').textContent).toContain('由较早版本的进度通生成');

  fireEvent.click(button('在新工作簿中打开'));
  await waitFor(() => expect(adapter.openInNewWorkbook).toHaveBeenCalledTimes(1), { timeout: 20000 });
  const bytes = Uint8Array.from(Buffer.from(adapter.openInNewWorkbook.mock.calls[0][0], 'base64'));
  const book = await readWorkbook(bytes, '台账.xlsx');
  expect(book.sheets.map((s) => s.name)).toEqual(Object.values(LEDGER_SHEETS));
  expect(readCharts(bytes).map((c) => [c.sheet, c.categories.values, c.series[0].values])).toEqual([
    ['完成情况', ['2019年第二季度', '2019年第三季度', '2019年第四季度'], [2, 1, 9]],
  ]);
  // Nothing is written into the open workbook.
  expect(adapter.writeSheets).not.toHaveBeenCalled();
});

test('台账: a unit’s return among the 汇总 is refused in Chinese', async () => {
  renderPane({ initialTab: 'ledger' });
  await screen.findByTestId('catalog-line');
  const [ret] = await returnFiles('2019Q3');
  fireEvent.change(byId('ledger-files'), { target: { files: [file(q3, 'q3.xlsx'), ret] } });
  fireEvent.click(button('生成台账'));
  expect(await screen.findByText(/是单位填报的进度情况表，不是汇总表/, {}, { timeout: 20000 })).toBeTruthy();
});

test('汇总 with 上期汇总表: copied progress is found and named in the 汇总 sheet', async () => {
  renderPane({ initialTab: 'merge' });
  await screen.findByTestId('catalog-line');
  await waitFor(() => expect(byId('period-input').value).toBe('2019Q2'));
  fireEvent.change(byId('period-input'), { target: { value: '2019Q3' } });
  fireEvent.change(byId('asof-input'), { target: { value: '2019-09-30' } });
  fireEvent.change(byId('merge-files'), { target: { files: await returnFiles('2019Q3') } });
  fireEvent.change(byId('merge-previous'), { target: { files: [file(legacyBytes, '汇总-2019Q2.xlsx')] } });
  await waitFor(() => expect(screen.getByTestId('merge-previous-chosen').textContent).toContain('（2019年第二季度，27 个单位）'));
  fireEvent.click(button('开始汇总'));
  const summary = await screen.findByTestId('merge-summary', {}, { timeout: 20000 });
  expect(summary.textContent).toContain('进展与上期雷同 5');
  const [sheets] = adapter.writeSheets.mock.calls[0];
  // The header row under the sheet's title lines.
  const head = sheets[0].rows.find((r) => r.includes('问题')) ?? [];
  const flagged = sheets[0].rows.filter((r) => r[head.indexOf('问题')] === '进展与上期雷同').map((r) => r[head.indexOf('任务编号')]);
  expect(flagged.sort()).toEqual([T.training, T.incentive, T.rules, T.ecommerce, T.market].sort());
});

test('填报 with last period’s 汇总: the 上期 columns, and the cells started from them on request', async () => {
  const plans: office.WritePlan[] = [];
  adapter.readThenWrite.mockImplementation(async (decide) => {
    const plan = decide({ sheets: [{ name: 'Sheet1', state: 'visible', rows: [], merges: [], formulaCells: [], validations: [] }] });
    if (plan) plans.push(plan);
    return { sheets: [], syncs: 4, notes: [] };
  });
  renderPane();
  await waitFor(() => expect(byId('fill-unit').disabled).toBe(false));
  fireEvent.change(byId('period-input'), { target: { value: '2019Q4' } });
  const box = byId('fill-unit');
  fireEvent.click(box);
  fireEvent.change(box, { target: { value: 'zzb' } });
  // The options are there at once (a waitFor here costs seconds of Fluent's popup work in jsdom).
  if (!option('区委组织部')) await waitFor(() => expect(option('区委组织部')).toBeTruthy());
  fireEvent.click(option('区委组织部') as HTMLElement);
  fireEvent.blur(box);
  fireEvent.change(byId('fill-previous'), { target: { files: [file(q3, '汇总-2019Q3.xlsx')] } });
  await waitFor(() => expect(screen.getByTestId('fill-previous-chosen').textContent).toContain('2019年第三季度，本单位上期填报 3 项'));
  fireEvent.click(byId('fill-copy-previous'));
  fireEvent.click(button('生成填报表'));
  expect((await screen.findByTestId('fill-previous-note')).textContent).toContain('2019年第三季度所报');
  const rows = plans[0].sheets[0].rows;
  expect(rows[2].slice(C.previousStatus)).toEqual([PREVIOUS_HEADERS.status, PREVIOUS_HEADERS.progress]);
  const mine = STORY['2019Q3']['区委组织部']?.rows ?? {};
  const tasks = rows.filter((r) => typeof r[C.seq] === 'number');
  expect(tasks.map((r) => [r[C.taskId], r[C.status], r[C.progress], r[C.previousStatus], r[C.previousProgress]])).toEqual(
    [T.party, T.training, T.incentive].map((id) => [id, mine[id][0], mine[id][1], mine[id][0], mine[id][1]]),
  );
});
