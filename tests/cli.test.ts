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

test('a file that is not a responsibility list exits 1 with a Chinese reason; a missing file exits 2', () => {
  const txt = path.join(tmp, 'notes.txt');
  fs.writeFileSync(txt, '会议纪要：研究部署下一阶段工作。');
  const r = jindu(['import', txt]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/无法识别为责任清单/);
  const missing = jindu(['import', path.join(tmp, 'nope.txt')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/找不到文件/);
});

test('an unknown command is refused', () => {
  expect(jindu(['frobnicate']).code).toBe(2);
});
