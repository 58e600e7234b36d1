/** The jindu bin as scripts call it: `node bin/jindu.cjs …` (what `npx jindu` runs). */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { ROOT, SEEDS, seedPath } from './helpers/paths';

function jindu(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jindu.cjs'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('--help lists the commands that exist', () => {
  const r = jindu(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/import/);
  expect(r.stdout).toMatch(/demo/);
  const listed = [...r.stdout.matchAll(/^\s{2}(\w+)\b/gm)].map((m) => m[1]).filter((w) => !w.startsWith('h'));
  for (const name of listed) expect(jindu([name, '--help']).code).toBe(0);
});

test('import --json prints the catalog JSON of PRODUCT.md to stdout, warnings to stderr', () => {
  const r = jindu(['import', seedPath(SEEDS.s001), '--json']);
  expect(r.code).toBe(0);
  const catalog = JSON.parse(r.stdout);
  expect(Object.keys(catalog)).toEqual(expect.arrayContaining(['source', 'units', 'calendar', 'tasks']));
  expect(catalog.tasks[0]).toEqual(
    expect.objectContaining({
      id: expect.any(String),
      title: expect.any(String),
      text: expect.any(String),
      lead: expect.any(Array),
      partners: expect.any(Array),
    }),
  );
  expect(catalog.tasks[0].deadline).toEqual(expect.objectContaining({ raw: expect.any(String), kind: expect.any(String) }));
  expect(r.stderr).toMatch(/警告 001_0fd6b74583511a98\.txt:23：/);
});

test('import -o catalog.xlsx, then import of that workbook gives the same catalog', () => {
  const xlsx = path.join(tmp, 'catalog.xlsx');
  expect(jindu(['import', seedPath(SEEDS.s000), '-o', xlsx]).code).toBe(0);
  const fromText = JSON.parse(jindu(['import', seedPath(SEEDS.s000), '--json']).stdout);
  const fromBook = JSON.parse(jindu(['import', xlsx, '--json']).stdout);
  expect(fromBook).toEqual(fromText);
  const json = path.join(tmp, 'catalog.json');
  expect(jindu(['import', xlsx, '-o', json]).code).toBe(0);
  expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toEqual(fromText);
});

test('a seed may be named without folder and extension', () => {
  const r = jindu(['import', '002_65c7f64bacf31445']);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/任务 60 项/);
});

test('a file that is not a responsibility list exits 1 with a Chinese reason; a missing file exits 3 (input)', () => {
  const txt = path.join(tmp, 'notes.txt');
  fs.writeFileSync(txt, '会议纪要：研究部署下一阶段工作。');
  const r = jindu(['import', txt]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/无法识别为责任清单/);
  const missing = jindu(['import', path.join(tmp, 'nope.txt')]);
  expect(missing.code).toBe(3);
  expect(missing.stderr).toMatch(/找不到文件/);
});

test('an unknown command is refused', () => {
  expect(jindu(['frobnicate']).code).toBe(2);
});

describe('template, check, merge and demo', () => {
  const demo = path.join(tmp, 'demo');
  let demoOut = '';
  beforeAll(() => {
    const r = jindu(['demo', '-o', demo]);
    expect(r.code).toBe(0);
    demoOut = r.stdout;
  });

  test('demo: templates for every reporting unit, simulated returns, consolidation and a Chinese summary', () => {
    expect(demoOut).toMatch(/一、导入 5 份责任清单样本/);
    expect(demoOut).toMatch(/27 个单位各一份/);
    expect(demoOut).toMatch(/数据行：读取 (\d+)，写入 \1（一致）/);
    expect(fs.readdirSync(path.join(demo, '1-模板'))).toHaveLength(27);
    const summary = JSON.parse(fs.readFileSync(path.join(demo, '3-汇总-2019Q2.json'), 'utf8'));
    expect(Object.keys(summary)).toEqual(['period', 'asOf', 'files', 'units', 'totals']);
    expect(summary.totals.rowsRead).toBe(summary.totals.rowsWritten);
    expect(summary.files.map((f: { status: string }) => f.status)).toEqual(expect.arrayContaining(['ok', 'superseded', 'unreadable']));
    const codes = summary.files.flatMap((f: { findings: Array<{ code: string }> }) => f.findings.map((x) => x.code));
    expect(codes).toEqual(
      expect.arrayContaining([
        'MISSING_TASK',
        'EMPTY_PROGRESS',
        'BAD_PHONE',
        'MISSING_REPORTER',
        'LATE_SUBMISSION',
        'SUPERSEDED',
        'UNREADABLE_FILE',
        'ADDED_WORK',
      ]),
    );
    expect(summary.units.filter((u: { status: string }) => u.status === 'missing')).toHaveLength(3);
    // The units with something to correct get their forms back, marked up.
    expect(demoOut).toMatch(/五、退回修改/);
    expect(fs.readdirSync(path.join(demo, '4-退回修改')).every((n) => n.endsWith('_进度情况表_需更正.xlsx'))).toBe(true);
    expect(fs.readdirSync(path.join(demo, '4-退回修改')).length).toBeGreaterThan(0);
  });

  test('template for one unit (by alias), and --all writes one file per reporting unit', () => {
    const one = path.join(tmp, 't', 'edu.xlsx');
    const r = jindu(['template', '--catalog', '000_45cf8959af68998b', '--unit', '教育局', '--period', '2019Q2', '-o', one]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/区教育局/);
    expect(fs.statSync(one).size).toBeGreaterThan(5000);
    const all = path.join(tmp, 't-all');
    expect(jindu(['template', '--catalog', seedPath(SEEDS.s002), '--all', '--period', '2017H1', '-o', all]).code).toBe(0);
    expect(fs.readdirSync(all).length).toBeGreaterThan(20);
    expect(jindu(['template', '--catalog', '000_45cf8959af68998b', '--unit', '不存在的局', '--period', '2019Q2']).code).toBe(2);
    expect(jindu(['template', '--catalog', '000_45cf8959af68998b', '--unit', '区教育局', '--period', '2019Q7']).stderr).toMatch(
      /报告期“2019Q7”无法识别/,
    );
  });

  test('check: a clean return exits 0, one with errors exits 1; --json gives findings with code, cell and message', () => {
    const returns = path.join(demo, '2-报回');
    const clean = jindu([
      'check',
      path.join(returns, '2019Q2_区财政局_进度情况表.xlsx'),
      '--catalog',
      '000_45cf8959af68998b',
      '--period',
      '2019Q2',
      '--as-of',
      '2019-06-30',
    ]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/区财政局/);
    const bad = jindu([
      'check',
      path.join(returns, '2019Q2_区委组织部_进度情况表.xlsx'),
      '--catalog',
      '000_45cf8959af68998b',
      '--period',
      '2019Q2',
      '--as-of',
      '2019-06-30',
      '--json',
    ]);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report.unit).toBe('区委组织部');
    expect(report.findings.map((f: { code: string }) => f.code).sort()).toEqual(['BAD_PHONE', 'EMPTY_PROGRESS']);
    expect(report.findings[0]).toEqual(
      expect.objectContaining({
        code: expect.any(String),
        severity: 'error',
        cell: expect.stringMatching(/^[A-Z]+\d+$/),
        message: expect.any(String),
      }),
    );
    const broken = jindu(['check', path.join(returns, '某单位-损坏文件.xlsx'), '--catalog', '000_45cf8959af68998b', '--period', '2019Q2']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/UNREADABLE_FILE/);
  });

  test('merge of a folder writes the workbook and the summary JSON of PRODUCT.md', () => {
    const out = path.join(tmp, 'merged.xlsx');
    const json = path.join(tmp, 'merged.json');
    const r = jindu([
      'merge',
      '--catalog',
      '000_45cf8959af68998b',
      '--period',
      '2019Q2',
      '--as-of',
      '2019-06-30',
      '-o',
      out,
      '--json',
      json,
      path.join(demo, '2-报回'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/单位 27 个：按时 23，逾期 1，未报 3/);
    const s = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(s.period).toBe('2019Q2');
    expect(s.asOf).toBe('2019-06-30');
    expect(s.files[0]).toEqual(
      expect.objectContaining({
        file: expect.any(String),
        unit: expect.anything(),
        status: expect.any(String),
        submittedAt: expect.anything(),
        rows: expect.any(Number),
        findings: expect.any(Array),
      }),
    );
    expect(s.units[0]).toEqual(
      expect.objectContaining({ unit: expect.any(String), status: expect.stringMatching(/^(on-time|late|missing)$/) }),
    );
    expect(Object.keys(s.totals)).toEqual(['files', 'rowsRead', 'rowsWritten', 'findings']);
    expect(fs.statSync(out).size).toBeGreaterThan(5000);
  });
});
