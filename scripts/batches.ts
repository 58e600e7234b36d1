/**
 * Batches of returns for the benchmark (scripts/bench.ts) and the before/after comparison of the
 * merge's output (scripts/compare-merge.ts): a province of N returns made from the seed lists, and
 * a batch with oversized and hostile returns among normal ones.
 */
import fs from 'fs';
import path from 'path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Catalog, Task } from '../src/core/catalog';
import { withVersion } from '../src/core/catalog';
import { importList } from '../src/core/import';
import type { Period } from '../src/core/period';
import { buildTemplate } from '../src/core/template';
import type { CellValue, WorkbookSpec } from '../src/core/workbook';
import { writeWorkbook } from '../src/xlsx';
import { fillTemplate } from '../src/cli/simulate';
import { seedFiles } from '../src/cli/files';

/** Rows (tasks) of each return. */
export const ROWS = 40;
const GROUP = '各村（社区）';

/** A province-scale catalog from the seed lists: 40 of their tasks, led by every village of a group of N members. */
export async function benchCatalog(units: number): Promise<Catalog> {
  const pool: Task[] = [];
  for (const f of await seedFiles()) pool.push(...importList(fs.readFileSync(f, 'utf8')).catalog.tasks);
  const step = Math.floor(pool.length / ROWS);
  const tasks = Array.from({ length: ROWS }, (_, i) => ({ ...pool[i * step], lead: [GROUP], partners: [] }));
  const members = Array.from({ length: units }, (_, i) => `第${i + 1}村`);
  return withVersion({
    source: { title: '进度通性能测试清单', docNo: '', issuer: '', date: '2019-01-01' },
    units: [{ name: GROUP, kind: 'group', aliases: [], members }],
    calendar: { raw: '', frequency: 'quarterly', dues: [{ index: 2, month: 6, day: 25 }] },
    tasks,
  });
}

/** A return typed by hand in the official layout; `progress` gives each row's 工作进展. */
function handMade(
  catalog: Catalog,
  unit: string,
  period: Period,
  progress = (i: number) => (i >= 0 ? '按计划推进，已完成阶段性任务。' : ''),
): WorkbookSpec {
  const rows: CellValue[][] = [
    [],
    [`${period.year}年脱贫攻坚工作进度情况表`],
    ['填报单位：', unit],
    [],
    ['序号', '分管领导', '项目名称', `${period.year}年工作计划`, '工作进展及存在问题', '备注'],
    ...catalog.tasks.map((t, i) => [i + 1, '村支书', `${i + 1}、${t.title}`, t.plans[String(period.year)] ?? t.text, progress(i), '']),
    ['填报人：', '王五', '联系电话：', '13902771234'],
  ];
  return { sheets: [{ name: 'Sheet1', rows }], properties: { modified: '2019-06-21T08:00:00Z' } };
}

/** A return filled from our template, its progress texts varying with `seed`. */
function fromTemplate(catalog: Catalog, unit: string, period: Period, seed: number): WorkbookSpec {
  return fillTemplate(buildTemplate(catalog, unit, period), seed, {
    filledDate: '2019-06-20',
    reporter: `填报人${seed}`,
    phone: '0754-88123456',
  });
}

/**
 * `count` returns in `dir`, one for each unit of the catalog in turn: three in four from our
 * template (progress texts vary with the file's number), one in five typed by hand in the official
 * layout, one in twenty broken or a legacy .xls. Returns the number of data rows written.
 */
export async function generateReturns(dir: string, catalog: Catalog, period: Period, count: number): Promise<number> {
  const members = catalog.units[0].members ?? [];
  fs.mkdirSync(dir, { recursive: true });
  let rows = 0;
  for (let i = 0; i < count; i++) {
    const unit = members[i % members.length];
    const kind = i % 20;
    const file = path.join(dir, `${String(i).padStart(5, '0')}-${unit}.xlsx`);
    if (kind === 19 && i % 40 === 19) {
      fs.writeFileSync(file, Buffer.from('PK\u0003\u0004 broken'));
    } else if (kind === 19) {
      fs.writeFileSync(file.replace(/\.xlsx$/, '.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    } else if (kind >= 16) {
      fs.writeFileSync(file, await writeWorkbook(handMade(catalog, unit, period)));
      rows += ROWS;
    } else {
      fs.writeFileSync(file, await writeWorkbook(fromTemplate(catalog, unit, period, i)));
      rows += ROWS;
    }
  }
  return rows;
}

/** The workbook with `edit` applied to its first sheet's XML, zipped again. */
function editSheetXml(bytes: Uint8Array, edit: (xml: string) => string): Uint8Array {
  const parts = unzipSync(bytes);
  const name = 'xl/worksheets/sheet1.xml';
  parts[name] = strToU8(edit(strFromU8(parts[name])));
  const zippable: Zippable = {};
  for (const [k, v] of Object.entries(parts)) zippable[k] = [v, { level: 6 }];
  return zipSync(zippable);
}

/** The oversized and hostile returns of a batch, by file name, with what each is. */
export const HOSTILE = {
  '90-padded.xlsx': 'a return whose sheet XML is padded with 190 MB of spaces (a small file)',
  '91-huge-cells.xlsx': 'a return of 500 rows of 40,000–80,000-character cells (a small file)',
  '92-sparse.xlsx': 'a sparse file of 1.5 GB (nothing on disk)',
} as const;

/**
 * Normal returns of `normal` units, and the oversized and hostile returns of HOSTILE for three more:
 * what a merge must survive with its memory bounded.
 */
export async function hostileBatch(dir: string, catalog: Catalog, period: Period, normal = 20): Promise<void> {
  const members = catalog.units[0].members ?? [];
  if (members.length < normal + 2) throw new Error('hostileBatch: the catalog needs normal + 2 units');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < normal; i++) {
    fs.writeFileSync(
      path.join(dir, `${String(i).padStart(2, '0')}-${members[i]}.xlsx`),
      await writeWorkbook(fromTemplate(catalog, members[i], period, i)),
    );
  }
  const padded = await writeWorkbook(fromTemplate(catalog, members[normal], period, normal));
  fs.writeFileSync(
    path.join(dir, '90-padded.xlsx'),
    editSheetXml(padded, (xml) => xml.replace('</sheetData>', `${' '.repeat(190 * 1024 * 1024)}</sheetData>`)),
  );
  // 500 rows: the list's 40 tasks, then the same tasks again (duplicates are findings, not a reason to drop rows).
  const huge = handMade(catalog, members[normal + 1], period);
  const head = huge.sheets[0].rows.slice(0, 5);
  const foot = huge.sheets[0].rows.slice(-1);
  const body: CellValue[][] = [];
  for (let i = 0; i < 500; i++) {
    const t = catalog.tasks[i % catalog.tasks.length];
    const length = 40_000 + ((i * 7919) % 40_001);
    body.push([
      i + 1,
      '村支书',
      `${i + 1}、${t.title}`,
      t.plans[String(period.year)] ?? t.text,
      `第${i + 1}项进展：${'x'.repeat(length)}`,
      '',
    ]);
  }
  fs.writeFileSync(
    path.join(dir, '91-huge-cells.xlsx'),
    await writeWorkbook({ ...huge, sheets: [{ name: 'Sheet1', rows: [...head, ...body, ...foot] }] }),
  );
  const sparse = path.join(dir, '92-sparse.xlsx');
  fs.writeFileSync(sparse, '');
  fs.truncateSync(sparse, 1536 * 1024 * 1024);
}

/** The arguments of `jindu merge` of a batch (the bench's period and date), writing `out`.xlsx and `out`.json. */
export function mergeArgs(bin: string, batch: { catalog: string; returns: string }, out: string, extra: string[] = []): string[] {
  return [
    bin,
    'merge',
    '--catalog',
    batch.catalog,
    '--period',
    '2019Q2',
    '--as-of',
    '2019-06-30',
    '-o',
    `${out}.xlsx`,
    '--json',
    `${out}.json`,
    ...extra,
    batch.returns,
  ];
}
