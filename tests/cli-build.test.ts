/**
 * The compiled command line (scripts/build-cli.cjs): what each command loads, and a checkout whose
 * sources changed since it was compiled. The tests spawn the bin users run, compiled from the
 * current sources (jest's globalSetup compiles it); here is checked that a command loads only
 * what it needs, and, in a copy of the checkout, that a missing or stale build is compiled again
 * before the command runs.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'build', 'cli');

/** The build's modules that `entry` imports, statically only or also through import(). */
function loads(entry: string, dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = fs.readFileSync(path.join(OUT, name), 'utf8');
    const statics = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*)"\.\/([^"]+\.mjs)"/g)].map((m) => m[1]);
    const lazy = dynamic ? [...code.matchAll(/\bimport\("\.\/([^"]+\.mjs)"\)/g)].map((m) => m[1]) : [];
    for (const next of [...statics, ...lazy]) visit(next);
  };
  visit(entry);
  return seen;
}

/** The sources bundled into these modules, by the path comments esbuild leaves before each one. */
function sources(modules: Set<string>): string[] {
  const out: string[] = [];
  for (const m of modules)
    out.push(...[...fs.readFileSync(path.join(OUT, m), 'utf8').matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)].map((x) => x[1]));
  return out;
}

/** The module of the build that holds `source`, among those `entry` can load. */
function moduleOf(entry: string, source: string): string {
  const found = [...loads(entry, true)].find((m) => sources(new Set([m])).includes(source));
  if (!found) throw new Error(`${source} is not in the build`);
  return found;
}

const has = (list: string[], prefix: string) => list.some((s) => s.startsWith(prefix));
/** The list importer: src/core/import, but for its text helpers (half-width folding), which the checks share. */
const IMPORTER = 'src/core/import/index.ts';

describe('what each command loads', () => {
  test('--help: commander and the command line’s own module, no part of the engine, the reader, the importer or ExcelJS', () => {
    const atStart = sources(loads('main.mjs', false));
    expect(has(atStart, 'node_modules/commander/')).toBe(true);
    expect(atStart).toContain('src/cli/main.ts');
    for (const absent of ['src/core/', 'src/xlsx/', 'node_modules/exceljs/', 'node_modules/saxes/', 'node_modules/fflate/']) {
      expect({ absent, loaded: has(atStart, absent) }).toEqual({ absent, loaded: false });
    }
  });

  test('check and merge: the reader and the checks, not ExcelJS and not the importer, until a merge writes or a list’s text is read', () => {
    const reports = sources(loads(moduleOf('main.mjs', 'src/cli/reports.ts'), false));
    expect(reports).toEqual(expect.arrayContaining(['src/xlsx/read.ts', 'src/core/checks.ts', 'src/cli/merge.ts']));
    expect(has(reports, 'node_modules/exceljs/')).toBe(false);
    expect(reports).not.toContain(IMPORTER);
    // Both come through import() only: the streaming writer when the 汇总 is written, the importer for a list's text.
    expect(
      has(
        sources(loads(moduleOf('main.mjs', 'src/xlsx/writeStream.ts'), false)),
        'node_modules/exceljs/lib/stream/xlsx/workbook-writer.js',
      ),
    ).toBe(true);
    expect(sources(loads('main.mjs', true))).toContain(IMPORTER);
  });

  test('the merge’s worker thread: the reader and the checks, no ExcelJS, no importer, no commander', () => {
    const worker = sources(loads('mergeWorker.mjs', false));
    expect(worker).toEqual(expect.arrayContaining(['src/cli/mergeWorker.ts', 'src/xlsx/read.ts', 'src/core/checks.ts']));
    for (const absent of ['node_modules/exceljs/', 'node_modules/commander/']) expect(has(worker, absent)).toBe(false);
    expect(worker).not.toContain(IMPORTER);
  });
});

describe('a checkout compiled, changed, and compiled again', () => {
  let copy: string;

  beforeAll(() => {
    // The parts of a checkout the command line is built from and runs with; its packages are this checkout's.
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-build-'));
    for (const part of ['bin', 'scripts/build-cli.cjs', 'src', 'package.json'])
      fs.cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  });

  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  const check = () => spawnSync(process.execPath, [path.join(copy, 'scripts', 'build-cli.cjs'), '--check'], { encoding: 'utf8' }).status;
  const jindu = (...args: string[]) => spawnSync(process.execPath, [path.join(copy, 'bin', 'jindu.cjs'), ...args], { encoding: 'utf8' });

  test('no build: the first command compiles it, then runs', () => {
    expect(check()).toBe(1);
    const r = jindu('--version');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8')).version);
    expect(check()).toBe(0);
    expect(fs.existsSync(path.join(copy, 'build', 'cli', 'main.mjs'))).toBe(true);
  }, 60000);

  test('a source edited since: the next command runs the edited code', () => {
    const main = path.join(copy, 'src', 'cli', 'main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("'显示帮助'", "'显示帮助（已改）'"));
    expect(check()).toBe(1);
    expect(jindu('--help').stdout).toContain('显示帮助（已改）');
    expect(check()).toBe(0);
  }, 60000);

  test('a source added and one removed count as changes too', () => {
    fs.writeFileSync(path.join(copy, 'src', 'cli', 'unused.ts'), 'export const x = 1;\n');
    // Not imported by any entry: not bundled, so the build stays fresh.
    expect(check()).toBe(0);
    fs.rmSync(path.join(copy, 'src', 'cli', 'report.ts'));
    expect(check()).toBe(1);
  });
});
