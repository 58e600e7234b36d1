/**
 * @jest-environment jsdom
 */
/**
 * 清单 in the Excel pane: the catalog in use, a bundled list chosen instead, and a list pasted as
 * text: preview of its tasks, units, deadlines and warnings, then 写入任务清单 hands the catalog
 * sheets to one writeSheets (3 syncs at most).
 */
import fs from 'fs';
import path from 'path';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { summariseCatalog } from '../src/core/catalog';
import { catalogToWorkbook } from '../src/core/catalogFile';
import { importList } from '../src/core/import';
import * as office from '../src/office/excel';
import { button, byId, renderPane } from './helpers/excelPane';
import { SEEDS, seedPath } from './helpers/paths';

jest.mock('../src/office/excel', () => require('./helpers/excelMocks').officeModule());
jest.mock('../src/taskpane/bundled', () => require('./helpers/excelMocks').bundledModule());

const adapter = office as jest.Mocked<typeof office>;
const text002 = fs.readFileSync(seedPath(SEEDS.s002), 'utf8');
const imported = importList(text002);

beforeEach(() => jest.clearAllMocks());

test('the catalog in use is shown; pasting a list previews tasks, units, deadlines and warnings; 写入任务清单 writes its sheets', async () => {
  renderPane({ initialTab: 'catalog' });
  const card = await screen.findByTestId('catalog-current');
  expect(card.textContent).toContain('关于打赢脱贫攻坚战三年行动方案');
  expect(card.textContent).toContain('任务 81 项');
  expect(card.textContent).toContain('本站内置清单');

  fireEvent.change(byId<HTMLTextAreaElement>('catalog-text'), { target: { value: text002 } });
  fireEvent.click(button('读取粘贴的清单'));
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

  fireEvent.click(button('使用并写入本工作簿'));
  await screen.findByText(/已写入“任务清单”“单位名录”“报送日历”“清单信息”工作表/);
  expect(adapter.writeSheets).toHaveBeenCalledTimes(1);
  const [sheets, options] = adapter.writeSheets.mock.calls[0];
  expect(sheets).toEqual(catalogToWorkbook(imported.catalog).sheets);
  expect(options).toEqual({ replace: true });
  // The pane now works with the list kept in the workbook.
  expect(screen.getByTestId('catalog-summary').textContent).toContain('本工作簿清单');
  expect(screen.getByTestId('catalog-current').textContent).toContain(`任务 ${summary.tasks} 项`);
});

test("text that is not a list gets the importer's Chinese message and no preview", async () => {
  renderPane({ initialTab: 'catalog' });
  await screen.findByTestId('catalog-current');
  fireEvent.change(byId<HTMLTextAreaElement>('catalog-text'), { target: { value: '今天天气很好。' } });
  fireEvent.click(button('读取粘贴的清单'));
  expect(await screen.findByText(/无法识别为责任清单/)).toBeTruthy();
  expect(screen.queryByTestId('catalog-preview')).toBeNull();
});

test("choosing another bundled list makes it the pane's catalog", async () => {
  renderPane({ initialTab: 'catalog' });
  await screen.findByTestId('catalog-current');
  fireEvent.change(byId<HTMLSelectElement>('catalog-select'), { target: { value: '002_65c7f64bacf31445' } });
  await waitFor(() => expect(screen.getByTestId('catalog-current').textContent).toContain(imported.catalog.source.title));
  expect(screen.getByTestId('catalog-summary').textContent).toContain('内置清单');
  expect(adapter.writeSheets).not.toHaveBeenCalled();
});

test('a Word list whose table is not recognised: the pane shows its columns, the user assigns roles, the preview fills, 写入任务清单 writes it', async () => {
  renderPane({ initialTab: 'catalog' });
  await screen.findByTestId('catalog-current');
  const bytes = fs.readFileSync(path.join(__dirname, 'fixtures', 'lists', 'unknown-columns.docx'));
  fireEvent.change(byId('catalog-file'), { target: { files: [new File([bytes], '重点事项.docx')] } });
  const mapper = await screen.findByTestId('column-mapper');
  expect(mapper.textContent).toContain('找到 1 个表格，第1个有 4 行 5 列');
  expect(mapper.textContent).toContain('未识别出任务列');
  expect(screen.getByTestId('mapping-error').textContent).toContain('请至少把一列选为“任务”');

  fireEvent.change(byId<HTMLSelectElement>('mapping-role-2'), { target: { value: 'task' } });
  fireEvent.change(byId<HTMLSelectElement>('mapping-role-3'), { target: { value: 'lead' } });
  fireEvent.change(byId<HTMLSelectElement>('mapping-role-4'), { target: { value: 'partners' } });
  fireEvent.change(byId<HTMLSelectElement>('mapping-role-5'), { target: { value: 'deadline' } });
  expect(screen.getByTestId('mapping-count').textContent).toBe('按此对应可读出任务 3 项');
  expect(screen.getByTestId('mapping-preview').textContent).toContain(
    '开展脱贫户家庭收入监测 — 镇乡村振兴工作站；配合：镇财政所、各村委会；每季度末',
  );

  fireEvent.click(button('按此对应导入'));
  await screen.findByTestId('catalog-preview');
  expect(screen.getByTestId('preview-counts').textContent).toContain('任务 3 项');
  fireEvent.click(button('使用并写入本工作簿'));
  await screen.findByText(/已写入“任务清单”/);
  const [sheets] = adapter.writeSheets.mock.calls[0];
  const info = sheets.find((s) => s.name === '清单信息');
  expect(info?.rows).toContainEqual(['列对应', '第1个表格，表头第1行，任务=2,牵头单位=3,配合单位=4,完成时限=5']);
  const tasks = sheets.find((s) => s.name === '任务清单');
  expect(tasks?.rows.slice(1).map((r) => [r[1], r[3], r[4], r[6], r[7]])).toEqual([
    ['完成农村户厕问题摸排整改', '镇农业农村办', '各村委会', '2023年5月底前', '2023年5月31日前'],
    ['开展脱贫户家庭收入监测', '镇乡村振兴工作站', '镇财政所、各村委会', '每季度末', '每季度末'],
    ['推进村级集体经济项目建设', '镇经济发展办', '', '2023年11月30日前', '2023年11月30日前'],
  ]);
});

test('a Word list that is recognised previews at once, with 调整列对应 at hand; an empty file says what it is', async () => {
  renderPane({ initialTab: 'catalog' });
  await screen.findByTestId('catalog-current');
  const docx = fs.readFileSync(path.join(__dirname, 'fixtures', 'lists', 'rectification-table.docx'));
  fireEvent.change(byId('catalog-file'), { target: { files: [new File([docx], '整改清单.docx')] } });
  await screen.findByTestId('catalog-preview');
  expect(screen.getByTestId('preview-counts').textContent).toContain('任务 4 项');
  expect(screen.getByRole('button', { name: '调整列对应' })).toBeTruthy();

  fireEvent.change(byId('catalog-file'), { target: { files: [new File([new Uint8Array(0)], '空白.txt')] } });
  expect(await screen.findByText(/“空白.txt”是空的：请提供责任清单的 Word、Excel、PDF 或文本文件/)).toBeTruthy();
});

test('groups without members are reported in 填报 and 清单; members added in 清单 make the group’s tasks reportable', async () => {
  renderPane({ initialTab: 'fill' });
  expect((await screen.findByTestId('fill-waiting-groups')).textContent).toContain('各街道党工委和办事处（7 项）');
  fireEvent.click(byId('tab-catalog'));
  await screen.findByTestId('catalog-current');
  expect(screen.getByTestId('waiting-groups').textContent).toContain('2 个分组尚无成员单位，其 8 项任务暂无单位填报');
  fireEvent.change(byId('group-members-1'), { target: { value: '珠池街道、金霞街道，新津街道' } });
  fireEvent.click(screen.getAllByRole('button', { name: '保存成员' })[0]);
  await screen.findByText(/已为各街道党工委和办事处添加成员单位：珠池街道、金霞街道、新津街道/);
  expect(screen.getByTestId('waiting-groups').textContent).toContain('1 个分组尚无成员单位，其 1 项任务');
  expect(screen.getByTestId('fill-waiting-groups').textContent).not.toContain('各街道党工委和办事处');
  // A bundled list is not in the workbook: nothing was written; 写入本工作簿 keeps the members.
  expect(adapter.writeSheets).not.toHaveBeenCalled();
  fireEvent.click(button('写入本工作簿'));
  await screen.findByText(/已写入“任务清单”/);
  const [sheets] = adapter.writeSheets.mock.calls[0];
  const units = sheets.find((s) => s.name === '单位名录');
  expect(units?.rows.find((r) => r[0] === '各街道党工委和办事处')?.[3]).toBe('珠池街道、金霞街道、新津街道');
});

test('a table pasted from Excel with headers nobody knows opens the column mapping too', async () => {
  renderPane({ initialTab: 'catalog' });
  await screen.findByTestId('catalog-current');
  const pasted = [
    '项\t事项\t主抓\t节点',
    '1\t完成农村户厕摸排。\t镇农业农村办\t2023年5月底前',
    '2\t开展收入监测。\t镇乡村振兴工作站\t每季度末',
  ].join('\n');
  fireEvent.change(byId<HTMLTextAreaElement>('catalog-text'), { target: { value: pasted } });
  fireEvent.click(button('读取粘贴的清单'));
  await screen.findByTestId('column-mapper');
  fireEvent.change(byId<HTMLSelectElement>('mapping-role-2'), { target: { value: 'task' } });
  fireEvent.change(byId<HTMLSelectElement>('mapping-role-3'), { target: { value: 'lead' } });
  fireEvent.change(byId<HTMLSelectElement>('mapping-role-4'), { target: { value: 'deadline' } });
  expect(screen.getByTestId('mapping-count').textContent).toBe('按此对应可读出任务 2 项');
  fireEvent.click(button('按此对应导入'));
  expect((await screen.findByTestId('preview-counts')).textContent).toContain('任务 2 项');
});
