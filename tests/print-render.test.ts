/**
 * On paper: templates and a 汇总 rendered to PDF by LibreOffice (`soffice --headless --convert-to
 * pdf`, Debian's libreoffice-calc-nogui, all files in one call: its start-up is the slow part),
 * then read with poppler's pdftotext and pdftoppm. What is rendered:
 *
 * - the template of 区扶贫办 (seed 000: nine tasks with long multi-paragraph plans), filled in,
 *   the first progress entry 222 characters long;
 * - the template of a county bureau with 42 tasks (a 2021 乡村振兴 list written as a county office
 *   would, tests/fixtures/county-2021-list.txt), filled in: four pages, and without its page
 *   break LibreOffice would print the 填报人 footer alone on the fourth, the last task on the third;
 * - the 汇总 of three returns of seed 000 (the long one among them), as the CLI writes it.
 *
 * The rows of a filled template are sized as the clerk's Excel sizes them when text is typed
 * (fitReport: the rows are not fixed, so Excel refits them; LibreOffice 7 then draws the height saved).
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { assignedTasks } from '../src/core/assignment';
import type { Catalog } from '../src/core/catalog';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import { FINDING_LABELS, type FindingCode } from '../src/core/finding';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate, fitReport, TEMPLATE_COLUMNS as C } from '../src/core/template';
import type { WorkbookSpec } from '../src/core/workbook';
import { fillTemplate } from '../src/cli/simulate';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { writeWorkbookStreaming } from '../src/xlsx/writeStream';
import { SEEDS, seedPath } from './helpers/paths';

/** 222 characters, as a unit writes its progress and problems. */
const LONG =
  '一季度以来，我局牵头召开防返贫监测帮扶工作推进会3次，组织各镇开展集中排查2轮，新识别监测对象47户162人，全部落实产业、就业、兜底等针对性帮扶措施，其中已消除返贫风险31户；' +
  '存在问题：部分村干部对监测标准把握不准，信息录入不及时，个别镇部门间数据比对滞后。下一步将开展业务培训，建立部门数据每月比对机制，同时加强与县医保局、县人社局的协作，' +
  '确保应纳尽纳、应帮尽帮，坚决守住不发生规模性返贫的底线，持续巩固拓展脱贫攻坚成果，接续推进乡村振兴。';

const seed000 = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const county = importList(fs.readFileSync(path.join(__dirname, 'fixtures', 'county-2021-list.txt'), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;
const Q1_2021 = parsePeriod('2021Q1') as Period;
const AS_OF = '2019-06-30';
const GOOD = { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456' };
const OFFICIAL = ['序号', '分管领导', '项目名称', '工作计划', '工作进展及存在问题', '备注'];

/** A filled template with `progress` in the first task row, refitted as Excel refits a row typed into. */
function withProgress(spec: WorkbookSpec, progress: string): WorkbookSpec {
  const sheet = spec.sheets[0];
  const rows = sheet.rows.map((r) => [...r]);
  rows[rows.findIndex((r) => r[C.seq] === 1)][C.progress] = progress;
  return { ...spec, sheets: [fitReport({ ...sheet, rows }), ...spec.sheets.slice(1)] };
}

const longSpec = withProgress(fillTemplate(buildTemplate(seed000, '区扶贫办', Q2), 0, GOOD), LONG);
const manySpec = (() => {
  const spec = fillTemplate(buildTemplate(county, '县乡村振兴局', Q1_2021), 2, { ...GOOD, filledDate: '2021-03-20' });
  return { ...spec, sheets: [fitReport(spec.sheets[0]), ...spec.sheets.slice(1)] };
})();

interface Rendered {
  pages: string[];
  /** Each page's pixels as [r, g, b] triples, at a low resolution. */
  images: Uint8Array[];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-render-'));
const rendered = new Map<string, Rendered>();
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.error?.message}`);
}

/** P6 PPM: "P6\n<w> <h>\n255\n" then RGB bytes. */
function ppmPixels(file: string): Uint8Array {
  const data = fs.readFileSync(file);
  let at = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(data[at]))) at++;
    let f = '';
    while (!/\s/.test(String.fromCharCode(data[at]))) f += String.fromCharCode(data[at++]);
    fields.push(f);
  }
  return new Uint8Array(data.subarray(at + 1));
}

/** Pixels whose colour is clearly not grey (a fill, a highlight, a chart's bars). */
function coloured(pixels: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 2 < pixels.length; i += 3)
    if (Math.max(pixels[i], pixels[i + 1], pixels[i + 2]) - Math.min(pixels[i], pixels[i + 1], pixels[i + 2]) > 40) n++;
  return n;
}

const flat = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  const book = async (spec: WorkbookSpec, name: string): Promise<MergeInput> => {
    const bytes = await writeWorkbook(spec);
    const data = await readWorkbook(bytes, name);
    return { file: name, outcome: readReturn(data, name), saved: data.modified };
  };
  const inputs = [
    await book(longSpec, '扶贫办.xlsx'),
    await book(fillTemplate(buildTemplate(seed000, '区教育局', Q2), 1, GOOD), '教育局.xlsx'),
    // 区财政局 has several tasks: one left empty is EMPTY_PROGRESS (a form with nothing typed would be blank).
    await book(fillTemplate(buildTemplate(seed000, '区财政局', Q2), 2, { ...GOOD, emptyProgressRow: 0 }), '财政局.xlsx'),
  ];
  const files: Record<string, Uint8Array> = {
    long: await writeWorkbook(longSpec),
    many: await writeWorkbook(manySpec),
    summary: await writeWorkbookStreaming(consolidate(inputs, { catalog: seed000, period: Q2, asOf: AS_OF }).workbook),
  };
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(tmp, `${name}.xlsx`), bytes);
  // One LibreOffice start for all, with a profile of its own (another soffice may be running).
  run('soffice', [
    `-env:UserInstallation=file://${path.join(tmp, 'profile')}`,
    '--headless',
    '--convert-to',
    'pdf',
    '--outdir',
    tmp,
    ...Object.keys(files).map((n) => path.join(tmp, `${n}.xlsx`)),
  ]);
  for (const name of Object.keys(files)) {
    const pdf = path.join(tmp, `${name}.pdf`);
    run('pdftotext', ['-raw', pdf, path.join(tmp, `${name}.txt`)]);
    const pages = fs.readFileSync(path.join(tmp, `${name}.txt`), 'utf8').split('\f');
    if (pages[pages.length - 1].trim() === '') pages.pop();
    run('pdftoppm', ['-r', '24', pdf, path.join(tmp, name)]);
    const images = fs
      .readdirSync(tmp)
      .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.ppm'))
      .sort()
      .map((f) => ppmPixels(path.join(tmp, f)));
    rendered.set(name, { pages, images });
  }
}, 300_000);

function pagesOf(name: string): Rendered {
  const r = rendered.get(name);
  if (!r) throw new Error(`${name} was not rendered`);
  return r;
}

/** The 0-based page whose text holds `text` (spaces and line breaks aside); -1 when none does. */
function pageWith(pages: string[], text: string): number {
  return pages.findIndex((p) => flat(p).includes(flat(text)));
}

describe.each([
  ['long', '区扶贫办', seed000, longSpec, 2019],
  ['many', '县乡村振兴局', county, manySpec, 2021],
] as const)('the template of %s (%s) on paper', (name, unit, catalog: Catalog, spec, year) => {
  const tasks = assignedTasks(catalog, unit);

  test('the six official columns only: no task ids, deadlines, statuses or 填报日期; the title and 填报单位 line', () => {
    const { pages } = pagesOf(name);
    const all = pages.join('\n');
    expect(flat(pages[0])).toContain(`${year}年脱贫攻坚工作进度情况表`);
    expect(flat(pages[0])).toContain(`填报单位：${unit}`);
    for (const h of OFFICIAL) expect(flat(pages[0])).toContain(h);
    for (const gone of ['任务编号', '完成时限', '状态', '截止日期', '填报日期', '报告期', '新增工作']) expect(all).not.toContain(gone);
    for (const t of tasks) expect(all).not.toContain(t.id);
    expect(flat(all)).toContain('联系电话：0754-88123456');
  });

  test('every page: the header row and 第 X 页 共 Y 页; the footer on the page of the last row', () => {
    const { pages } = pagesOf(name);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(flat(p)).toContain('工作进展及存在问题');
      expect(flat(p)).toContain(`第${i + 1}页共${pages.length}页`);
    });
    const footer = pageWith(pages, '填报人：张三');
    expect(footer).toBe(pages.length - 1);
    expect(pageWith(pages, tasks[tasks.length - 1].title)).toBe(footer);
    expect(flat(pages[footer])).toMatch(/注：该表请于\d+月\d+日前报送/);
  });

  test('no text is cut off: every plan and every progress entry is on the page whole', () => {
    const all = flat(pagesOf(name).pages.join(''));
    const rows = spec.sheets[0].rows.filter((r) => typeof r[C.seq] === 'number');
    expect(rows).toHaveLength(tasks.length);
    for (const r of rows) {
      expect(all).toContain(flat(String(r[C.plan])));
      expect(all).toContain(flat(String(r[C.progress])));
    }
    if (name === 'long') {
      expect(LONG).toHaveLength(222);
      expect(all).toContain(flat(LONG));
    }
  });

  test('printed in black and white: no screen highlight (late rows, empty cells, the add-in’s shading) on paper', () => {
    for (const image of pagesOf(name).images) expect(coloured(image)).toBe(0);
  });
});

describe('the 汇总 on paper', () => {
  test('its title with the period and 截至日期, the list named, page numbers on every page', () => {
    const { pages } = pagesOf('summary');
    expect(flat(pages[0])).toContain('2019年第二季度脱贫攻坚工作进度汇总表');
    expect(flat(pages[0])).toContain('报告期：2019年第二季度');
    expect(flat(pages[0])).toContain('截至日期：2019年6月30日');
    expect(flat(pages[0])).toContain(flat(seed000.source.title));
    pages.forEach((p, i) => expect(flat(p)).toContain(`第${i + 1}页共${pages.length}页`));
  });

  test('one table per sheet, each with its own title; Chinese words, no codes or task ids on paper', () => {
    const { pages } = pagesOf('summary');
    const all = pages.join('\n');
    for (const title of ['各单位报送情况', '收到的报表文件', '报表问题清单', '各项任务完成情况', '各单位任务完成率']) {
      expect(pageWith(pages, `2019年第二季度${title}`)).toBeGreaterThan(0);
    }
    for (const code of Object.keys(FINDING_LABELS) as FindingCode[]) expect(all).not.toContain(code);
    expect(all).toContain(FINDING_LABELS.EMPTY_PROGRESS);
    for (const t of seed000.tasks) expect(all).not.toContain(t.id);
    expect(all).not.toContain('任务编号');
    expect(all).not.toContain('来源');
    // The pages of the 汇总 sheet each repeat its header row.
    const next = pageWith(pages, '2019年第二季度各单位报送情况');
    for (const p of pages.slice(0, next)) expect(flat(p)).toContain('工作进展及存在问题');
  });

  test('no text is cut off: the 222-character entry is whole', () => {
    expect(flat(pagesOf('summary').pages.join(''))).toContain(flat(LONG));
  });

  test('the 完成情况 page has its chart: the chart’s title and axis, and its bars in colour', () => {
    const { pages, images } = pagesOf('summary');
    const chart = pages.length - 1;
    expect(flat(pages[chart])).toContain('2019年第二季度各单位任务完成率');
    // The sheet's title and the chart's own.
    expect(flat(pages[chart]).split('各单位任务完成率').length - 1).toBeGreaterThanOrEqual(2);
    expect(flat(pages[chart])).toContain('100%');
    expect(coloured(images[chart])).toBeGreaterThan(50);
  });
});
