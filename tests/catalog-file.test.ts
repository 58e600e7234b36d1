/**
 * The catalog as files: JSON and the workbook administrators edit, both read back to the same
 * catalog (same version), written as real .xlsx and parsed again.
 */
import fs from 'fs';
import {
  catalogFromJson,
  catalogFromWorkbook,
  catalogToJson,
  catalogToWorkbook,
  CatalogFormatError,
  isCatalogWorkbook,
} from '../src/core/catalogFile';
import { importList } from '../src/core/import';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { SEEDS, seedPath } from './helpers/paths';

describe.each(Object.values(SEEDS))('%s', (seed) => {
  const catalog = importList(fs.readFileSync(seedPath(seed), 'utf8')).catalog;

  test('JSON round-trips to the same catalog', () => {
    const back = catalogFromJson(catalogToJson(catalog));
    expect(back).toEqual(catalog);
  });

  test('the catalog workbook (任务清单, 单位名录, 报送日历) round-trips through a real .xlsx', async () => {
    const bytes = await writeWorkbook(catalogToWorkbook(catalog));
    const book = await readWorkbook(bytes, 'catalog.xlsx');
    expect(book.sheets.map((s) => s.name)).toEqual(['任务清单', '单位名录', '报送日历', '清单信息']);
    expect(book.sheets[0].rows[0].slice(0, 4)).toEqual(['任务编号', '项目名称', '任务内容', '牵头单位']);
    const back = catalogFromWorkbook(book);
    expect(back.tasks).toEqual(catalog.tasks);
    expect(back.units).toEqual(catalog.units);
    expect(back.calendar).toEqual(catalog.calendar);
    expect(back.source).toEqual(catalog.source);
    expect(back.version).toBe(catalog.version);
  });
});

test('an administrator’s edits in the workbook are read: new task row with only raw deadline, added group members', async () => {
  const catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
  const spec = catalogToWorkbook(catalog);
  const tasks = spec.sheets[0];
  tasks.rows.push(['TNEW01', '新增任务', '组织开展专项督查。', '区扶贫办', '区财政局、区审计局', '', '2019年9月底前完成', '', '']);
  const units = spec.sheets[1];
  const streets = units.rows.findIndex((r) => r[0] === '各街道党工委和办事处');
  units.rows[streets][3] = '珠池街道、金霞街道、新津街道';
  const back = catalogFromWorkbook(await readWorkbook(await writeWorkbook(spec)));
  const added = back.tasks.find((t) => t.id === 'TNEW01');
  expect(added).toMatchObject({ lead: ['区扶贫办'], partners: ['区财政局', '区审计局'], deadline: { kind: 'once', due: '2019-09-30' } });
  expect(back.units.find((u) => u.name === '各街道党工委和办事处')?.members).toEqual(['珠池街道', '金霞街道', '新津街道']);
  expect(back.version).not.toBe(catalog.version);
});

test('时限（解析） is plain words, read back to the same schedule, for every deadline of the five lists; old JSON still reads', async () => {
  for (const seed of Object.values(SEEDS)) {
    const catalog = importList(fs.readFileSync(seedPath(seed), 'utf8')).catalog;
    const spec = catalogToWorkbook(catalog);
    const col = spec.sheets[0].rows[0].indexOf('时限（解析）');
    const words = spec.sheets[0].rows.slice(1).map((r) => String(r[col]));
    expect(words.filter((w) => /[{}":]/.test(w))).toEqual([]);
    expect(catalogFromWorkbook(await readWorkbook(await writeWorkbook(spec))).tasks.map((t) => t.deadline)).toEqual(
      catalog.tasks.map((t) => t.deadline),
    );
  }
  const catalog = importList(fs.readFileSync(seedPath(SEEDS.s001), 'utf8')).catalog;
  const spec = catalogToWorkbook(catalog);
  const col = spec.sheets[0].rows[0].indexOf('时限（解析）');
  const words = spec.sheets[0].rows.slice(1).map((r) => r[col]);
  expect(words).toEqual(expect.arrayContaining(['2018年4月30日前', '每季度结束后10日内', '长期']));
  // A workbook written before: the parse as JSON.
  spec.sheets[0].rows[1][col] = JSON.stringify({ kind: 'yearly', month: 6, day: 30 });
  const back = catalogFromWorkbook(await readWorkbook(await writeWorkbook(spec)));
  expect(back.tasks[0].deadline).toMatchObject({ kind: 'yearly', month: 6, day: 30 });
});

describe('bad catalog files get a clear Chinese message', () => {
  it.each([
    ['not JSON', '{tasks:', /不是有效的 JSON/],
    ['no tasks array', '{"units": []}', /缺少 tasks/],
    ['a task without id', '{"tasks": [{"title": "x"}]}', /tasks\[0\]\.id/],
    ['bad deadline kind', '{"tasks": [{"id": "T1", "deadline": {"raw": "", "kind": "sometime"}}]}', /deadline\.kind/],
  ])('%s', (_what, text, message) => {
    expect(() => catalogFromJson(text)).toThrow(CatalogFormatError);
    expect(() => catalogFromJson(text)).toThrow(message);
  });

  test('a workbook without 任务清单, and one with a duplicated 任务编号', async () => {
    const other = await readWorkbook(await writeWorkbook({ sheets: [{ name: 'Sheet1', rows: [['a']] }] }));
    expect(() => catalogFromWorkbook(other)).toThrow(/没有“任务清单”工作表/);
    const dup = await readWorkbook(
      await writeWorkbook({
        sheets: [
          {
            name: '任务清单',
            rows: [
              ['任务编号', '项目名称', '任务内容', '牵头单位'],
              ['T1', 'a', 'x', '区扶贫办'],
              ['T1', 'b', 'y', '区财政局'],
            ],
          },
        ],
      }),
    );
    expect(() => catalogFromWorkbook(dup)).toThrow(/任务编号重复：T1/);
  });

  test('a 任务清单 sheet is a catalog with a column missing only in a workbook laid out as this program writes them', async () => {
    // This program's catalog with its 牵头单位 column renamed by hand: still a catalog, and the message says what is missing.
    const spec = catalogToWorkbook(importList(fs.readFileSync(seedPath(SEEDS.s001), 'utf8')).catalog);
    spec.sheets[0].rows[0] = spec.sheets[0].rows[0].map((h) => (h === '牵头单位' ? '主责单位' : h));
    const edited = await readWorkbook(await writeWorkbook(spec));
    expect(isCatalogWorkbook(edited)).toBe(true);
    expect(() => catalogFromWorkbook(edited)).toThrow(/工作表“任务清单”缺少列：牵头单位/);
    // An office's own list on a sheet it named 任务清单 (no 单位名录, 报送日历 or 清单信息, not this program's subject): a list to import.
    const office = await readWorkbook(
      await writeWorkbook({
        sheets: [
          {
            name: '任务清单',
            rows: [
              ['某市2022年重点工作任务清单'],
              ['序号', '工作任务', '责任单位', '完成时间'],
              [1, '开展排查', '市乡村振兴局', '2022年6月底'],
            ],
          },
        ],
      }),
    );
    expect(isCatalogWorkbook(office)).toBe(false);
  });
});

describe('the catalog workbook stays the editable truth', () => {
  const catalog = importList(fs.readFileSync(seedPath(SEEDS.s001), 'utf8')).catalog;

  test('时限（解析） is written in words a clerk reads, never JSON, and an edit of the words is what counts', async () => {
    const spec = catalogToWorkbook(catalog);
    const rows = spec.sheets[0].rows;
    const col = rows[0].indexOf('时限（解析）');
    const words = rows.slice(1).map((r) => String(r[col]));
    expect(words.some((w) => w.startsWith('{'))).toBe(false);
    expect(words).toEqual(expect.arrayContaining(['每季度结束后10日内', '2018年4月30日前', '长期']));
    const quarterly = rows.findIndex((r, i) => i > 0 && r[col] === '每季度结束后10日内');
    rows[quarterly][col] = '每季度结束后15日内';
    const back = catalogFromWorkbook(await readWorkbook(await writeWorkbook(spec)));
    expect(back.tasks[quarterly - 1].deadline).toEqual({
      raw: catalog.tasks[quarterly - 1].deadline.raw,
      kind: 'quarterly',
      daysAfterQuarterEnd: 15,
    });
    // Emptied, the 完成时限 text is parsed again.
    rows[quarterly][col] = '';
    const again = catalogFromWorkbook(await readWorkbook(await writeWorkbook(spec)));
    expect(again.tasks[quarterly - 1].deadline).toEqual(catalog.tasks[quarterly - 1].deadline);
  });

  test('a workbook of the earlier form, its 时限（解析） in JSON, still reads', async () => {
    const spec = catalogToWorkbook(catalog);
    const rows = spec.sheets[0].rows;
    const col = rows[0].indexOf('时限（解析）');
    rows.slice(1).forEach((r, i) => {
      const { raw: _raw, ...parsed } = catalog.tasks[i].deadline;
      r[col] = JSON.stringify(parsed);
    });
    const back = catalogFromWorkbook(await readWorkbook(await writeWorkbook(spec)));
    expect(back.tasks).toEqual(catalog.tasks);
  });

  test('a hand-made sheet with the catalog’s column names in any order, header on row 2, no 任务编号', async () => {
    const book = await readWorkbook(
      await writeWorkbook({
        sheets: [
          {
            name: '我的任务表',
            rows: [
              ['2023年重点任务', null, null, null],
              ['完成时限', '牵头单位', '任务内容', '配合单位'],
              ['2023年6月底前', '县乡村振兴局', '开展防返贫集中排查。', '县民政局、县医保局'],
              ['长期', '县人社局', '稳定脱贫人口务工规模。', ''],
            ],
          },
        ],
      }),
    );
    expect(isCatalogWorkbook(book)).toBe(true);
    const hand = catalogFromWorkbook(book, 2023);
    expect(hand.tasks.map((t) => [t.text, t.lead, t.partners, t.deadline.kind, t.deadline.due])).toEqual([
      ['开展防返贫集中排查。', ['县乡村振兴局'], ['县民政局', '县医保局'], 'once', '2023-06-30'],
      ['稳定脱贫人口务工规模。', ['县人社局'], [], 'ongoing', undefined],
    ]);
    expect(hand.tasks[0].id).toMatch(/^T[0-9A-Z]{6}$/);
    expect(catalogFromWorkbook(book, 2023).tasks.map((t) => t.id)).toEqual(hand.tasks.map((t) => t.id));
  });

  test('the column mapping chosen for a list is remembered in JSON and in 清单信息, outside the version', async () => {
    const mapping = {
      table: 2,
      headerRow: 3,
      columns: { 2: { role: 'task' as const }, 5: { role: 'lead' as const }, 7: { role: 'plan' as const, year: '2021' } },
    };
    const withMapping = { ...catalog, mapping };
    expect(catalogFromJson(catalogToJson(withMapping))).toEqual(withMapping);
    const spec = catalogToWorkbook(withMapping);
    expect(spec.sheets[3].rows).toContainEqual(['列对应', '第2个表格，表头第3行，任务=2,牵头单位=5,2021年计划=7']);
    const back = catalogFromWorkbook(await readWorkbook(await writeWorkbook(spec)));
    expect(back.mapping).toEqual(mapping);
    expect(back.version).toBe(catalog.version);
  });
});
