/**
 * Across periods, on the period story (tests/helpers/periodStory.ts): three quarters of the 000
 * list, 2019Q2 from the committed 汇总 of the product's earlier version (no data sheet), 2019Q3 and
 * 2019Q4 merged here as `jindu merge --previous` does (returns read from disk, the 汇总 written by the
 * streaming writer, read back). Asserted: the data sheet and its record, COPIED_PROGRESS row by row,
 * and the 台账 workbook cell by cell, its chart read back and its print setup.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { strFromU8, unzipSync } from 'fflate';
import { readReturnFile } from '../src/cli/returnFile';
import { consolidate, type Consolidation } from '../src/core/consolidation';
import { readConsolidation } from '../src/core/consolidationReader';
import { DATA_SHEET, DATA_VERSION, type ConsolidationRecord } from '../src/core/consolidationRecord';
import { previousProgress } from '../src/core/copiedProgress';
import { buildLedger, LedgerError, type Ledger } from '../src/core/ledger';
import { LEDGER_SHEETS, ledgerWorkbook } from '../src/core/ledgerWorkbook';
import type { CellValue, SheetData, WorkbookData } from '../src/core/workbook';
import { readConsolidationBytes, readWorkbook, writeWorkbook } from '../src/xlsx';
import { readCharts } from '../src/xlsx/chart';
import { mergeToBytes } from './helpers/mergeToBytes';
import {
  STORY,
  STORY_AS_OF,
  STORY_TASKS as T,
  storyCatalog,
  storyPeriod,
  writeStoryReturns,
  type StoryPeriodCode,
} from './helpers/periodStory';

const LEGACY = path.join(__dirname, 'fixtures', 'legacy-consolidation-2019Q2.xlsx');
const catalog = storyCatalog();

let tmp: string;
let legacy: ConsolidationRecord;
const merged: Partial<Record<StoryPeriodCode, { result: Consolidation; file: string; bytes: Uint8Array }>> = {};
let ledger: Ledger;
let ledgerBytes: Uint8Array;
let book: WorkbookData;

async function merge(code: StoryPeriodCode, previous: ConsolidationRecord) {
  const period = storyPeriod(code);
  const files = await writeStoryReturns(catalog, code, path.join(tmp, code));
  const options = { catalog, period, asOf: STORY_AS_OF[code], previous: previousProgress(previous, period) };
  // The CLI's merge writes the 汇总; the consolidation in memory (the pane's, the web page's) is compared with it.
  const { bytes } = await mergeToBytes(files, options);
  const result = consolidate(await Promise.all(files.map((f) => readReturnFile(f))), options);
  const file = path.join(tmp, `汇总-${code}.xlsx`);
  fs.writeFileSync(file, bytes);
  merged[code] = { result, file, bytes };
  return readConsolidationBytes(bytes, path.basename(file));
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-periods-'));
  legacy = await readConsolidationBytes(new Uint8Array(fs.readFileSync(LEGACY)), path.basename(LEGACY));
  const q3 = await merge('2019Q3', legacy);
  const q4 = await merge('2019Q4', q3);
  // Given out of order: the ledger puts them in period order.
  ledger = buildLedger([
    { record: q4, file: '汇总-2019Q4.xlsx' },
    { record: legacy, file: path.basename(LEGACY) },
    { record: q3, file: '汇总-2019Q3.xlsx' },
  ]);
  ledgerBytes = await writeWorkbook(ledgerWorkbook(ledger));
  fs.writeFileSync(path.join(tmp, '台账.xlsx'), ledgerBytes);
  book = await readWorkbook(ledgerBytes, '台账.xlsx');
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sheet(name: string): SheetData {
  const s = book.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

/** A sheet's rows with trailing empty cells cut, so that rows compare as written. */
function rowsOf(s: SheetData, from: number): CellValue[][] {
  return s.rows.slice(from).map((r) => {
    const out = [...r];
    while (out.length && (out[out.length - 1] === null || out[out.length - 1] === '')) out.pop();
    return out;
  });
}

describe('the 汇总 of the earlier version (fixture, no data sheet)', () => {
  test('is read from its visible 汇总 and 报送情况 sheets, matching the story', () => {
    expect(legacy).toMatchObject({
      period: '2019Q2',
      periodLabel: '2019年第二季度',
      source: 'visible',
      catalogVersion: catalog.version,
      dueDate: '2019-06-25',
    });
    const status = Object.fromEntries(legacy.units.map((u) => [u.unit, u.status]));
    expect(status).toMatchObject({ 区委组织部: 'on-time', 区财政局: 'late', 区教育局: 'on-time', 区残联: 'missing', 区商务局: 'on-time' });
    expect(legacy.units.filter((u) => u.status === 'missing')).toHaveLength(23);
    expect(legacy.units.find((u) => u.unit === '区财政局')?.submittedAt).toBe('2019-06-28');
    for (const [unit, ret] of Object.entries(STORY['2019Q2'])) {
      const rows = legacy.rows.filter((r) => r.unit === unit);
      if (!ret) {
        expect(rows.every((r) => r.kind === 'not-submitted')).toBe(true);
        continue;
      }
      expect(rows.map((r) => [r.taskId, r.status, r.progress, r.kind])).toEqual(
        Object.entries(ret.rows).map(([id, [status, progress]]) => [id, status, progress, 'reported']),
      );
    }
  });
});

describe('the consolidation data sheet', () => {
  test('every writer writes it very hidden, and it reads back as the consolidation record', async () => {
    const q3 = merged['2019Q3'];
    if (!q3) throw new Error('no Q3');
    // The streaming writer's (the CLI's) 汇总.
    const streamed = await readWorkbook(q3.bytes, 'q3.xlsx');
    const data = streamed.sheets.find((s) => s.name === DATA_SHEET);
    expect(data?.state).toBe('veryHidden');
    expect(streamed.sheets.map((s) => s.name)).toEqual(['汇总', '报送情况', '文件清单', '问题清单', '按任务', '完成情况', DATA_SHEET]);
    expect(data?.rows.slice(0, 9).map((r) => [r[0], r[1]])).toEqual([
      ['schema', 'jindu-consolidation'],
      ['version', DATA_VERSION],
      ['period', '2019Q3'],
      ['periodLabel', '2019年第三季度'],
      ['catalogVersion', catalog.version],
      ['catalogTitle', catalog.source.title],
      ['asOf', '2019-09-30'],
      ['dueDate', '2019-09-25'],
      ['generator', expect.stringMatching(/^进度通 \d/)],
    ]);
    const record = readConsolidation(streamed, 'q3.xlsx');
    expect(record).toEqual(q3.result.record);
    // The in-memory writer (the web page's and the pane's 在新工作簿中打开) writes the same record.
    const inMemory = await readWorkbook(await writeWorkbook(q3.result.workbook), 'q3m.xlsx');
    expect(readConsolidation(inMemory)).toEqual(record);
    // One row of the data sheet per row of the visible 汇总 (every unit has rows here).
    const summaryRows = streamed.sheets[0].rows;
    const visible = summaryRows.length - (summaryRows.findIndex((r) => r.includes('问题')) + 1);
    expect(record.rows).toHaveLength(visible);
    expect(record.rows.find((r) => r.unit === '区委组织部' && r.taskId === T.training)).toMatchObject({
      status: '推进中',
      kind: 'reported',
      file: '2019Q3_区委组织部_进度情况表.xlsx',
      sheet: '2019年第三季度',
      row: 5,
      codes: ['COPIED_PROGRESS'],
    });
    expect(record.rows.find((r) => r.unit === '区教育局')).toMatchObject({ kind: 'not-submitted', status: '', progress: '' });
    expect(record.units.find((u) => u.unit === '区残联')).toEqual({
      unit: '区残联',
      status: 'on-time',
      // The typed 填报日期 with the time of day it was saved (09:00 UTC), in China Standard Time.
      submittedAt: '2019-09-23T17:00:00+08:00',
      file: '2019Q3_区残联_进度情况表.xlsx',
      // The form's 填报人 and 联系电话, for 催报 in a later period.
      reporter: '残联填报人',
      phone: '0754-88123456',
    });
  });

  test('the summary JSON only gains a field: previous', () => {
    const s = merged['2019Q3']?.result.summary;
    expect(Object.keys(s ?? {})).toEqual(['period', 'asOf', 'files', 'units', 'totals', 'previous']);
    expect(s?.previous).toEqual({ period: '2019Q2' });
    expect(s?.totals.rowsRead).toBe(s?.totals.rowsWritten);
  });
});

describe('COPIED_PROGRESS', () => {
  const copied = (code: StoryPeriodCode) =>
    (merged[code]?.result.findings ?? [])
      .filter((f) => f.code === 'COPIED_PROGRESS')
      .map((f) => [f.unit, f.task, f.cell, f.severity, f.message])
      .sort();

  test('2019Q3 against the earlier version’s 2019Q2: exact, nearly, only dates, whitespace; not new figures, done twice or too short', () => {
    expect(copied('2019Q3')).toEqual(
      [
        [
          '区委组织部',
          T.training,
          'E5',
          'warning',
          '第5行“加强对基层干部扶贫政策培训”的工作进展与上期（2019年第二季度）所报相同，请填写本期的实际进展',
        ],
        [
          '区委组织部',
          T.incentive,
          'E6',
          'warning',
          '第6行“健全扶贫干部激励机制”的工作进展与上期（2019年第二季度）所报基本相同（相似度 93%），请填写本期的实际进展',
        ],
        [
          '区财政局',
          T.rules,
          'E4',
          'warning',
          '第4行“指导各地结合实际制定完善财政扶贫资金使用管理细则”的工作进展与上期（2019年第二季度）所报仅日期不同，请填写本期的实际进展',
        ],
        [
          '区商务局',
          T.ecommerce,
          'E4',
          'warning',
          '第4行“推动电商进农村综合示范工作”的工作进展与上期（2019年第二季度）所报相同，请填写本期的实际进展',
        ],
        [
          '区商务局',
          T.market,
          'E5',
          'warning',
          '第5行“加强镇级农产品产地批发市场、乡村集贸市场、集配…”的工作进展与上期（2019年第二季度）所报相同，请填写本期的实际进展',
        ],
      ].sort(),
    );
  });

  test('2019Q4 against 2019Q3: a unit silent last period is not compared with the period before', () => {
    expect(copied('2019Q4').map((c) => [c[0], c[1]])).toEqual(
      [
        ['区委组织部', T.training],
        ['区财政局', T.funds],
        // Only the full stop became an exclamation mark.
        ['区残联', T.assessment],
      ].sort(),
    );
  });

  test('the 汇总 sheet names the problem in its 问题 column', async () => {
    const q3 = await readWorkbook(merged['2019Q3']?.bytes as Uint8Array, 'q3.xlsx');
    // The header row under the sheet's title lines.
    const head = q3.sheets[0].rows.find((r) => r.includes('问题')) ?? [];
    const row = q3.sheets[0].rows.find((r) => r[head.indexOf('任务编号')] === T.training);
    expect(row?.[head.indexOf('问题')]).toBe('进展与上期雷同');
  });

  test('a previous 汇总 of the same or a later period is refused in Chinese', () => {
    expect(() => previousProgress(legacy, storyPeriod('2019Q2'))).toThrow('所选的上期汇总表也是2019年第二季度的汇总表');
    expect(() => previousProgress(merged['2019Q4']?.result.record as ConsolidationRecord, storyPeriod('2019Q3'))).toThrow(
      '所选的上期汇总表是2019年第四季度的，不早于本次汇总的2019年第三季度',
    );
  });
});

describe('the 台账', () => {
  const P = ['2019年第二季度', '2019年第三季度', '2019年第四季度'];

  test('periods in order, whatever order the files came in, with where each came from', () => {
    expect(ledger.periods.map((p) => [p.code, p.source, p.file])).toEqual([
      ['2019Q2', 'visible', 'legacy-consolidation-2019Q2.xlsx'],
      ['2019Q3', 'data', '汇总-2019Q3.xlsx'],
      ['2019Q4', 'data', '汇总-2019Q4.xlsx'],
    ]);
    expect(ledger.notes).toEqual([
      '2019年第二季度的汇总表（legacy-consolidation-2019Q2.xlsx）由较早版本的进度通生成，已从其“汇总”“报送情况”工作表读取',
    ]);
    expect(book.sheets.map((s) => s.name)).toEqual(Object.values(LEDGER_SHEETS));
  });

  test('台账: title, periods, the two header rows, and the story’s rows cell by cell', () => {
    const s = sheet(LEDGER_SHEETS.ledger);
    expect(s.rows[0][0]).toBe(`《${catalog.source.title}》落实情况台账`);
    expect(String(s.rows[1][0])).toMatch(/^报告期：2019年第二季度至2019年第四季度（共 3 期）/);
    // (Merged cells read back with their value in every cell of the range.)
    const fixed = ['序号', '填报单位', '任务编号', '项目名称'];
    const tail = ['状态变化', '停滞情况', '说明'];
    expect(rowsOf(s, 2).slice(0, 2)).toEqual([
      [...fixed, P[0], P[0], P[0], P[1], P[1], P[1], P[2], P[2], P[2], ...tail],
      [...fixed, '状态', '工作进展', '报送时间', '状态', '工作进展', '报送时间', '状态', '工作进展', '报送时间', ...tail],
    ]);
    // Merged headers as printed: each period over its three columns.
    expect(s.merges).toEqual(expect.arrayContaining(['A3:A4', 'E3:G3', 'H3:J3', 'K3:M3', 'N3:N4']));
    const data = rowsOf(s, 4);
    expect(data).toHaveLength(73);
    const row = (unit: string, id: string) => {
      const r = data.find((x) => x[1] === unit && x[2] === id);
      if (!r) throw new Error(`no row ${unit} ${id}`);
      return r.slice(4);
    };
    const text = (code: StoryPeriodCode, unit: string, id: string) => STORY[code][unit]?.rows[id]?.[1];
    expect(row('区委组织部', T.party)).toEqual([
      '未启动',
      text('2019Q2', '区委组织部', T.party),
      '2019-06-20',
      '推进中',
      text('2019Q3', '区委组织部', T.party),
      '2019-09-18',
      '已完成',
      text('2019Q4', '区委组织部', T.party),
      '2019-12-20',
      '未启动 → 推进中 → 已完成',
    ]);
    expect(row('区委组织部', T.training)).toEqual([
      '推进中',
      text('2019Q2', '区委组织部', T.training),
      '2019-06-20',
      '推进中',
      text('2019Q2', '区委组织部', T.training),
      '2019-09-18',
      '推进中',
      text('2019Q2', '区委组织部', T.training),
      '2019-12-20',
      '推进中（未变）',
      '2019年第二季度至2019年第四季度“推进中”未变、进展雷同（3 期）',
      '2019年第三季度进展与上期相同；2019年第四季度进展与上期相同',
    ]);
    // Silent in Q3: not reported there, no stall across the gap, even with Q4's text equal to Q2's.
    expect(row('区教育局', T.schools)).toEqual([
      '推进中',
      text('2019Q2', '区教育局', T.schools),
      '2019-06-21',
      '未报送',
      null,
      null,
      '推进中',
      text('2019Q4', '区教育局', T.schools),
      '2019-12-19',
      '推进中（未变）',
    ]);
    // The row deleted in Q4 is 缺报 there, with the unit's submission date; the stall was Q2–Q3.
    expect(row('区商务局', T.market)).toEqual([
      '未启动',
      text('2019Q2', '区商务局', T.market),
      '2019-06-24',
      '未启动',
      text('2019Q3', '区商务局', T.market),
      '2019-09-24',
      '缺报',
      null,
      '2019-12-16',
      '未启动（未变）',
      '2019年第二季度至2019年第三季度“未启动”未变、进展雷同（2 期）',
      '2019年第三季度进展与上期相同',
    ]);
    expect(row('区残联', T.enrolment).slice(0, 4)).toEqual(['未报送', null, null, '未启动']);
    expect(row('区残联', T.enrolment)[9]).toBe('未启动 → 推进中');
    // Done in both periods, the same text: not copied, not stalled.
    expect(row('区财政局', T.pooling).slice(9)).toEqual(['已完成（未变）']);
    // A unit that never reports: not reported in every period.
    expect(row('区团委', 'T8Y9C93')).toEqual(['未报送', null, null, '未报送', null, null, '未报送']);
    // The copied progress cells are marked (yellow), shown here by the note column.
    expect(row('区委组织部', T.incentive)[11]).toBe('2019年第三季度进展与上期基本相同（93%）');
    expect(row('区财政局', T.rules)[11]).toBe('2019年第三季度进展与上期仅日期不同');
  });

  test('状态变化: every change between two reports, across a silent period too', () => {
    const rows = rowsOf(sheet(LEDGER_SHEETS.transitions), 3).map((r) => r.slice(1));
    const title = (id: string) => catalog.tasks.find((t) => t.id === id)?.title;
    expect(rows).toEqual([
      ['区委组织部', T.party, title(T.party), P[0], P[1], '未启动', '推进中', '推进'],
      ['区委组织部', T.party, title(T.party), P[1], P[2], '推进中', '已完成', '推进'],
      ['区委组织部', T.incentive, title(T.incentive), P[1], P[2], '推进中', '已完成', '推进'],
      ['区财政局', T.rules, title(T.rules), P[1], P[2], '推进中', '已完成', '推进'],
      ['区教育局', T.subsidy, title(T.subsidy), P[0], P[2], '推进中', '已完成', '推进'],
      ['区教育局', T.highSchool, title(T.highSchool), P[0], P[2], '未启动', '推进中', '推进'],
      ['区教育局', T.graduates, title(T.graduates), P[0], P[2], '推进中', '已完成', '推进'],
      ['区残联', T.rehab, title(T.rehab), P[1], P[2], '推进中', '已完成', '推进'],
      ['区残联', T.enrolment, title(T.enrolment), P[1], P[2], '未启动', '推进中', '推进'],
      ['区商务局', T.ecommerce, title(T.ecommerce), P[1], P[2], '推进中', '已完成', '推进'],
    ]);
  });

  test('停滞任务: same status and progress copied for two or more periods in a row', () => {
    const rows = rowsOf(sheet(LEDGER_SHEETS.stalls), 3).map((r) => [r[1], r[2], r[4], r[5], r[6]]);
    expect(rows).toEqual([
      ['区委组织部', T.training, '推进中', `${P[0]}至${P[2]}`, 3],
      ['区委组织部', T.incentive, '推进中', `${P[0]}至${P[1]}`, 2],
      ['区财政局', T.rules, '推进中', `${P[0]}至${P[1]}`, 2],
      ['区财政局', T.funds, '推进中', `${P[1]}至${P[2]}`, 2],
      ['区残联', T.assessment, '推进中', `${P[1]}至${P[2]}`, 2],
      ['区商务局', T.ecommerce, '推进中', `${P[0]}至${P[1]}`, 2],
      ['区商务局', T.market, '未启动', `${P[0]}至${P[1]}`, 2],
    ]);
  });

  test('逾期未报: units late or missing in two or more periods, 区财政局 late twice', () => {
    const rows = rowsOf(sheet(LEDGER_SHEETS.late), 3);
    expect(rows).toHaveLength(24);
    const of = (unit: string) => rows.find((r) => r[1] === unit)?.slice(2);
    expect(of('区财政局')).toEqual(['逾期（2019-06-28）', '按时', '逾期（2019-12-28）', 2, 0, 2]);
    expect(of('区残联')).toEqual(['未报', '按时', '逾期（2019-12-27）', 1, 1, 2]);
    expect(of('区团委')).toEqual(['未报', '未报', '未报', 0, 3, 3]);
    // Missing once only.
    expect(of('区教育局')).toBeUndefined();
    expect(of('区委组织部')).toBeUndefined();
  });

  test('完成情况: counts per period, and its chart read back from the package', () => {
    const rows = rowsOf(sheet(LEDGER_SHEETS.completion), 3).slice(0, 3);
    expect(rows).toEqual([
      [P[0], 2, 10, 3, 0, 58, 73, 0.027],
      [P[1], 1, 10, 2, 0, 60, 73, 0.014],
      [P[2], 9, 8, 0, 0, 56, 73, 0.123],
    ]);
    const charts = readCharts(ledgerBytes);
    expect(charts).toHaveLength(1);
    const [c] = charts;
    expect(c).toMatchObject({
      sheet: LEDGER_SHEETS.completion,
      type: 'column',
      grouping: 'stacked',
      title: '各期任务完成情况（单位任务行数）',
      categories: { ref: "'完成情况'!$A$4:$A$6", values: P },
      anchor: { from: { row: 7, column: 0 }, to: { row: 27, column: 8 } },
    });
    expect(c.series.map((x) => [x.name, x.ref, x.values])).toEqual([
      ['已完成', "'完成情况'!$B$4:$B$6", [2, 1, 9]],
      ['推进中', "'完成情况'!$C$4:$C$6", [10, 10, 8]],
      ['未启动', "'完成情况'!$D$4:$D$6", [3, 2, 0]],
      ['未标明状态', "'完成情况'!$E$4:$E$6", [0, 0, 0]],
      ['未报', "'完成情况'!$F$4:$F$6", [58, 60, 56]],
    ]);
  });

  test('printable: A4 landscape, header rows on every page, page numbers, two periods a page across', () => {
    const files = unzipSync(ledgerBytes);
    const workbookXml = strFromU8(files['xl/workbook.xml']);
    expect(workbookXml).toContain('_xlnm.Print_Titles');
    const first = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(first).toMatch(/<pageSetup[^>]*paperSize="9"[^>]*orientation="landscape"/);
    expect(first).toMatch(/<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页<\/oddFooter>/);
    expect(first).toContain('<colBreaks count="1" manualBreakCount="1"><brk id="10" max="1048575" man="1"/></colBreaks>');
    expect(workbookXml.replace(/&apos;/g, "'")).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">'台账'!$A:$D,'台账'!$1:$4</definedName>`,
    );
    for (const n of [2, 3, 4, 5, 6]) expect(strFromU8(files[`xl/worksheets/sheet${n}.xml`])).toMatch(/<pageSetup[^>]*fitToWidth="1"/);
  });
});

describe('lists that changed between periods (seed 002, two half-years)', () => {
  test('tasks matched by id: renamed, vanished, added and given to another unit are reported', async () => {
    const { importList } = await import('../src/core/import');
    const { withVersion } = await import('../src/core/catalog');
    const { consolidate } = await import('../src/core/consolidation');
    const { SEEDS, seedPath } = await import('./helpers/paths');
    const base = importList(fs.readFileSync(seedPath(SEEDS.s002), 'utf8')).catalog;
    const [keep, rename, drop] = base.tasks.filter((t) => t.lead.includes('市发改局'));
    const [move] = base.tasks.filter((t) => t.lead.includes('市经信局'));
    expect([keep, rename, drop, move].every(Boolean)).toBe(true);
    const { version: _v, ...content } = base;
    const revised = withVersion({
      ...content,
      tasks: [
        ...base.tasks
          .filter((t) => t.id !== drop.id)
          .map((t) => (t.id === rename.id ? { ...t, title: `${t.title}（修订）` } : t.id === move.id ? { ...t, lead: ['市发改局'] } : t)),
        { ...keep, id: 'TNEW001', title: '新增：推进光伏扶贫电站建设', text: '推进光伏扶贫电站建设。' },
      ],
    });
    expect(revised.version).not.toBe(base.version);
    const record = (cat: typeof base, code: string) =>
      consolidate([], { catalog: cat, period: storyPeriod(code as StoryPeriodCode), asOf: '2019-12-31' }).record;
    const l = buildLedger([
      { record: record(base, '2019H1'), file: 'H1.xlsx' },
      { record: record(revised, '2019H2'), file: 'H2.xlsx' },
    ]);
    const changes = l.changes.map((c) => [c.taskId, c.kind, l.periods[c.at].code, c.before, c.after]);
    expect(changes).toEqual(
      expect.arrayContaining([
        [rename.id, 'renamed', '2019H2', rename.title, `${rename.title}（修订）`],
        [drop.id, 'vanished', '2019H2', drop.title, ''],
        ['TNEW001', 'added', '2019H2', '', '新增：推进光伏扶贫电站建设'],
        [move.id, 'reassigned', '2019H2', '市经信局', '市发改局'],
      ]),
    );
    expect(changes).toHaveLength(4);
    expect(l.notes[0]).toMatch(/^各期任务清单版本不同（2019年上半年 \w+，2019年下半年 \w+），已按任务编号对应/);
    // The vanished task's row says so in the later period.
    const gone = l.rows.find((r) => r.taskId === drop.id);
    expect(gone?.cells.map((c) => c.kind)).toEqual(['not-submitted', 'absent']);
  });
});

describe('what the ledger refuses, in Chinese', () => {
  test('two 汇总 of one period', () => {
    expect(() =>
      buildLedger([
        { record: legacy, file: 'a.xlsx' },
        { record: legacy, file: 'b.xlsx' },
      ]),
    ).toThrow(new LedgerError('“a.xlsx”和“b.xlsx”都是2019年第二季度的汇总表：每个报告期只能选一份'));
    expect(() => buildLedger([])).toThrow('请至少选择一份汇总表');
  });

  test('a return, a workbook that is no 汇总, an earlier 汇总 whose period cannot be told, a newer data format', async () => {
    const { buildTemplate } = await import('../src/core/template');
    const ret = await writeWorkbook(buildTemplate(catalog, '区教育局', storyPeriod('2019Q3')));
    await expect(readConsolidationBytes(ret, '区教育局.xlsx')).rejects.toThrow('“区教育局.xlsx”是单位填报的进度情况表，不是汇总表');
    const other = await writeWorkbook({
      sheets: [
        {
          name: 'Sheet1',
          rows: [
            ['姓名', '电话'],
            ['张三', '138'],
          ],
        },
      ],
    });
    await expect(readConsolidationBytes(other, '通讯录.xlsx')).rejects.toThrow(
      '“通讯录.xlsx”不是进度通的汇总表：没有数据表 jindu_data，也找不到含“填报单位”“项目名称”“工作进展及存在问题”“状态”“任务编号”列的汇总工作表',
    );
    // The fixture without its title, under a name without a period.
    const old = await readWorkbook(new Uint8Array(fs.readFileSync(LEGACY)));
    expect(() => readConsolidation({ ...old, title: undefined }, '汇总表.xlsx')).toThrow('无法确定其报告期');
    expect(readConsolidation({ ...old, title: undefined }, '3-汇总-2019Q2.xlsx').period).toBe('2019Q2');
    // A data sheet of a later format.
    const q3 = merged['2019Q3']?.result.workbook;
    if (!q3) throw new Error('no Q3');
    const newer = {
      ...q3,
      sheets: q3.sheets.map((s) =>
        s.name === DATA_SHEET ? { ...s, rows: s.rows.map((r) => (r[0] === 'version' ? ['version', 2] : r)) } : s,
      ),
    };
    await expect(readConsolidationBytes(await writeWorkbook(newer), 'new.xlsx')).rejects.toThrow(
      '此汇总表由较新版本的进度通生成（数据格式第 2 版，本版本只读到第 1 版），请升级进度通后再读取',
    );
    await expect(readConsolidationBytes(new Uint8Array([80, 75, 3, 4, 1, 2]), '坏.xlsx')).rejects.toThrow(/^“坏\.xlsx”无法读取：/);
  });
});
