/**
 * Last period in the new form: the 2019Q4 template of 区委组织部 made with the story's 2019Q3 汇总
 * (or the unit's own 2019Q3 return) shows last period's status and progress beside each task, in
 * columns right of the add-in's that no reader takes for the form's own; on request the progress
 * cells start from last period's text, and a return sent back unedited is caught as copied.
 * Re-filling keeps what the clerk typed. And the CLI: merge --previous, template --previous
 * --copy-previous and ledger, with their help.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { mergeToBytes } from './helpers/mergeToBytes';
import { checkReturn } from '../src/core/checks';
import { addCopiedProgress, previousProgress } from '../src/core/copiedProgress';
import { lastPeriodOf, type LastPeriod } from '../src/core/lastPeriod';
import { planTemplate } from '../src/core/refill';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate, PREVIOUS_HEADERS, TEMPLATE_COLUMNS as C, TEMPLATE_HEADER_ROW } from '../src/core/template';
import type { WorkbookData } from '../src/core/workbook';
import { readConsolidationBytes, readWorkbook, writeWorkbook } from '../src/xlsx';
import { STORY, STORY_AS_OF, STORY_TASKS as T, storyCatalog, storyPeriod, storyReturnSpec, writeStoryReturns } from './helpers/periodStory';
import { ROOT, SEEDS, seedPath } from './helpers/paths';

const catalog = storyCatalog();
const Q3 = storyPeriod('2019Q3');
const Q4 = storyPeriod('2019Q4');
const UNIT = '区委组织部';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-last-'));
let q3Book: WorkbookData;
let q3File: string;
let previous: LastPeriod;

beforeAll(async () => {
  const legacy = await readConsolidationBytes(
    new Uint8Array(fs.readFileSync(path.join(__dirname, 'fixtures', 'legacy-consolidation-2019Q2.xlsx'))),
    'legacy.xlsx',
  );
  const files = await writeStoryReturns(catalog, '2019Q3', path.join(tmp, 'q3'));
  const { bytes } = await mergeToBytes(files, { catalog, period: Q3, asOf: STORY_AS_OF['2019Q3'], previous: previousProgress(legacy, Q3) });
  q3File = path.join(tmp, '汇总-2019Q3.xlsx');
  fs.writeFileSync(q3File, bytes);
  q3Book = await readWorkbook(bytes, q3File);
  previous = lastPeriodOf(q3Book, catalog, UNIT, Q4, q3File);
}, 60_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const taskRows = (rows: unknown[][]) => rows.slice(TEMPLATE_HEADER_ROW + 1).filter((r) => typeof r[C.seq] === 'number');

test('last period from the 汇总: the unit’s status and progress by task', () => {
  expect(previous).toMatchObject({ period: '2019Q3', label: '2019年第三季度', unit: UNIT, source: 'consolidation' });
  expect(Object.fromEntries(previous.byTask)).toEqual(
    Object.fromEntries(Object.entries(STORY['2019Q3'][UNIT]?.rows ?? {}).map(([id, [status, progress]]) => [id, { status, progress }])),
  );
});

test('the template shows it right of the add-in’s columns, locked, under headers no reader takes for the form’s', async () => {
  const spec = buildTemplate(catalog, UNIT, Q4, { previous });
  const sheet = spec.sheets[0];
  expect(sheet.rows[TEMPLATE_HEADER_ROW].slice(C.previousStatus)).toEqual([PREVIOUS_HEADERS.status, PREVIOUS_HEADERS.progress]);
  expect(sheet.rows[1][C.previousStatus]).toBe('上期：2019年第三季度（仅供参考）');
  expect(sheet.merges).toContain('K2:L2');
  const rows = taskRows(sheet.rows);
  expect(rows.map((r) => [r[C.taskId], r[C.previousStatus], r[C.previousProgress], r[C.progress]])).toEqual([
    [T.party, '推进中', STORY['2019Q3'][UNIT]?.rows[T.party][1], ''],
    [T.training, '推进中', STORY['2019Q3'][UNIT]?.rows[T.training][1], ''],
    [T.incentive, '推进中', STORY['2019Q3'][UNIT]?.rows[T.incentive][1], ''],
  ]);
  // Reference only: not among the cells the clerk may edit.
  expect(sheet.cellStyles?.[`K${TEMPLATE_HEADER_ROW + 2}`]?.unlocked).toBeUndefined();
  expect(sheet.cellStyles?.[`E${TEMPLATE_HEADER_ROW + 2}`]?.unlocked).toBe(true);
  // The form as the reader sees it: the same columns as without last period, nothing typed yet.
  const book = await readWorkbook(await writeWorkbook(spec), 't.xlsx');
  const read = readReturn(book);
  if (!read.ok) throw new Error('not read');
  expect(read.report.columns).toEqual({
    seq: 'A',
    leader: 'B',
    title: 'C',
    plan: 'D',
    progress: 'E',
    remark: 'F',
    taskId: 'G',
    deadline: 'H',
    status: 'I',
  });
  expect(read.report.rows.map((r) => r.values.progress)).toEqual(['', '', '']);
  // Without last period the template is as it always was.
  expect(buildTemplate(catalog, UNIT, Q4).sheets[0].rows[TEMPLATE_HEADER_ROW]).toHaveLength(10);
});

test('copied into the progress and status cells on request; sent back unedited, the merge says so', async () => {
  const spec = buildTemplate(catalog, UNIT, Q4, { previous, copyPrevious: true });
  expect(taskRows(spec.sheets[0].rows).map((r) => [r[C.status], r[C.progress]])).toEqual(
    [T.party, T.training, T.incentive].map((id) => STORY['2019Q3'][UNIT]?.rows[id]),
  );
  const book = await readWorkbook(await writeWorkbook(spec), 'back.xlsx');
  const read = readReturn(book);
  if (!read.ok) throw new Error('not read');
  const checked = checkReturn(read.report, { catalog, period: Q4, asOf: '2019-12-31' });
  const found = addCopiedProgress(checked, previousProgress(await readConsolidationBytes(fs.readFileSync(q3File), q3File), Q4));
  expect(found.map((f) => f.task)).toEqual([T.party, T.training, T.incentive]);
});

test('re-filling with last period copied keeps what the clerk typed; only empty progress cells take last period’s', () => {
  // The clerk's sheet: progress typed for the first task only.
  const typed = '本季度完成全部整顿任务，验收达标。';
  const first = buildTemplate(catalog, UNIT, Q4);
  const rows = first.sheets[0].rows.map((r) => [...r]);
  const r0 = TEMPLATE_HEADER_ROW + 1;
  rows[r0][C.progress] = typed;
  rows[r0][C.status] = '已完成';
  const book: WorkbookData = {
    sheets: [
      { name: first.sheets[0].name, state: 'visible', rows, merges: first.sheets[0].merges ?? [], formulaCells: [], validations: [] },
      {
        name: first.sheets[1].name,
        state: 'veryHidden',
        rows: first.sheets[1].rows,
        merges: [],
        formulaCells: [],
        validations: [],
      },
    ],
  };
  const plan = planTemplate(book, buildTemplate(catalog, UNIT, Q4, { previous, copyPrevious: true }), UNIT, Q4);
  if (plan.kind !== 'refill') throw new Error(plan.kind);
  const after = taskRows(plan.spec.sheets[0].rows);
  expect(after.map((r) => [r[C.progress], r[C.status]])).toEqual([
    [typed, '已完成'],
    [STORY['2019Q3'][UNIT]?.rows[T.training][1], '推进中'],
    [STORY['2019Q3'][UNIT]?.rows[T.incentive][1], '推进中'],
  ]);
  expect(plan.changes.kept).toBe(1);
});

test('from the unit’s own return of last period too; another unit’s, or a later period’s, is refused', async () => {
  const ret = storyReturnSpec(catalog, UNIT, Q3, STORY['2019Q3'][UNIT] as NonNullable<(typeof STORY)['2019Q3'][string]>);
  const book = await readWorkbook(await writeWorkbook(ret), 'own.xlsx');
  const own = lastPeriodOf(book, catalog, UNIT, Q4, 'own.xlsx');
  expect(own.source).toBe('return');
  expect(own.byTask).toEqual(previous.byTask);
  expect(() => lastPeriodOf(book, catalog, '区财政局', Q4, 'own.xlsx')).toThrow('所选报表是区委组织部的，不是区财政局的');
  expect(() => lastPeriodOf(q3Book, catalog, UNIT, Q3, q3File)).toThrow('所选的上期文件也是2019年第三季度的');
  expect(() => lastPeriodOf(q3Book, catalog, UNIT, storyPeriod('2019Q2'), q3File)).toThrow('不早于2019年第二季度');
  const none = { sheets: [{ name: 'Sheet1', state: 'visible' as const, rows: [['你好']], merges: [], formulaCells: [], validations: [] }] };
  expect(() => lastPeriodOf(none, catalog, UNIT, Q4, '杂项.xlsx')).toThrow('“杂项.xlsx”既不是汇总表，也不是进度情况表');
});

describe('the CLI', () => {
  function jindu(args: string[]) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jindu.cjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('--help documents ledger, merge --previous and template --previous / --copy-previous', () => {
    expect(jindu(['--help']).stdout).toMatch(/ledger.*台账/);
    expect(jindu(['merge', '--help']).stdout).toMatch(/--previous <PREV>\s+上期汇总表/);
    const t = jindu(['template', '--help']).stdout;
    expect(t).toMatch(/--previous <PREV>/);
    expect(t).toMatch(/--copy-previous/);
    expect(jindu(['ledger', '--help']).stdout).toMatch(/--json <FILE>/);
  });

  test('template --previous --copy-previous, merge --previous, ledger -o --json', () => {
    const out = path.join(tmp, 'q4-template.xlsx');
    const t = jindu([
      'template',
      '--catalog',
      seedPath(SEEDS.s000),
      '--unit',
      UNIT,
      '--period',
      '2019Q4',
      '--previous',
      q3File,
      '--copy-previous',
      '-o',
      out,
    ]);
    expect(t.stderr).toContain('已生成 区委组织部 2019年第四季度填报表（附上期进展和状态，已复制到本期栏内供修改）');
    expect(t.code).toBe(0);
    const dir = path.join(tmp, 'q4');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(out, path.join(dir, 'back.xlsx'));
    const merged = path.join(tmp, 'q4.xlsx');
    const m = jindu([
      'merge',
      '--catalog',
      seedPath(SEEDS.s000),
      '--period',
      '2019Q4',
      '--as-of',
      '2019-12-31',
      '--previous',
      q3File,
      '-o',
      merged,
      dir,
    ]);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('已与上期（2019Q3）的汇总表比对工作进展：雷同 3 行');
    const ledger = path.join(tmp, '台账.xlsx');
    const json = path.join(tmp, 'ledger.json');
    const l = jindu(['ledger', q3File, merged, '-o', ledger, '--json', json]);
    expect(l.code).toBe(0);
    expect(l.stdout).toContain('台账：《关于打赢脱贫攻坚战三年行动方案（2018-2020年）责任清单》2019年第三季度、2019年第四季度（2 期）');
    const data = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(data.periods.map((p: { period: string }) => p.period)).toEqual(['2019Q3', '2019Q4']);
    expect(data.stalls).toEqual(
      expect.arrayContaining([
        { unit: UNIT, task: T.training, title: expect.any(String), status: '推进中', from: '2019Q3', to: '2019Q4', periods: 2 },
      ]),
    );
    expect(fs.existsSync(ledger)).toBe(true);
    // Wrong inputs: a Chinese message, exit 3 (an input cannot be used).
    const bad = jindu([
      'merge',
      '--catalog',
      seedPath(SEEDS.s000),
      '--period',
      '2019Q3',
      '--previous',
      merged,
      '-o',
      path.join(tmp, 'x.xlsx'),
      dir,
    ]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('错误：所选的上期汇总表是2019年第四季度的，不早于本次汇总的2019年第三季度');
    const ret = jindu(['ledger', out, '-o', path.join(tmp, 'y.xlsx')]);
    expect(ret.code).toBe(3);
    expect(ret.stderr).toContain('是单位填报的进度情况表，不是汇总表');
  }, 60_000);
});
