/**
 * npm run bench -- [--sizes 30,500] [--province] [--threads] [--runs K] [--no-pandas] [--office] [--bundle]
 *
 * How fast jindu starts and merges, against baselines measured in the same run, every command in a
 * fresh process of its own (so that its time includes starting, and its peak RSS is its own):
 *   start-up     `node -e 0`, then `jindu --help` run by node directly (node bin/jindu.cjs), through
 *                `npx jindu` (what PRODUCT.md promises), and as a linked install (`npm link`'s way,
 *                into a temporary prefix): best and median of 7;
 *   merges       `jindu merge` of the demo's 26 returns (the 000 list) and of generated province
 *                batches (--sizes, default 30 and 500 returns: three in four from our template,
 *                one in five typed by hand in the official layout, one in twenty broken or a legacy
 *                .xls; 40 rows each), with its peak RSS, against
 *                  ExcelJS  ExcelJS alone loading every file and touching every cell
 *                           (scripts/bench-exceljs.cjs), and
 *                  pandas   a read_excel + concat + to_excel script (scripts/bench_pandas.py), when
 *                           python3 has pandas and openpyxl (Debian: python3-pandas); --no-pandas
 *                           leaves it out;
 *                best of 5 (3 from 500 returns, 1 from 2,000);
 *   hostile      a merge of 20 normal returns with a return padded with 190 MB of spaces in its sheet
 *                XML, one of 500 rows of 40,000–80,000-character cells and a sparse 1.5 GB file:
 *                its time, peak RSS and what became of each;
 *   --province   also 1,000 and 10,000 returns: minutes (generating 10,000 returns alone takes
 *                about 4, the baselines 3 more);
 *   --threads    the thread break-even: merges of 100 to 2,000 returns on one thread and on two
 *                (about 3 minutes);
 *   --runs K     every timed command K times (best taken);
 *   --office     the 300-unit consolidation written through the Office.js adapter against
 *                office-addin-mock: context.sync calls and the largest request;
 *   --bundle     the gzipped JavaScript taskpane.html loads before the first interaction in Excel
 *                (Office.js included) and in a browser, and the polyfill script added where the
 *                engine lacks built-ins (builds
 *                dist/ if missing).
 * Prints tables, then, as its last line, one JSON object with every figure.
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { parsePeriod, type Period } from '../src/core/period';
import { seedsDir } from '../src/cli/files';
import { benchCatalog, generateReturns, HOSTILE, hostileBatch, mergeArgs } from './batches';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'jindu.cjs');
const USAGE_PRELOAD = path.join(ROOT, 'scripts', 'bench-usage.cjs');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const has = (name: string) => process.argv.includes(name);
const RUNS = arg('--runs') ? Number(arg('--runs')) : undefined;
const runsFor = (files: number) => RUNS ?? (files <= 100 ? 5 : files < 2000 ? 3 : 1);

interface Timed {
  bestMs: number;
  medianMs: number;
  /** Peak RSS over the runs, MB (node processes, through scripts/bench-usage.cjs; pandas reports its own). */
  peakRssMb?: number;
  /** The last run's standard output. */
  stdout: string;
}

/** Runs a command `runs` times, each in a fresh process; a node command gets the usage preload. */
function timed(command: string, args: string[], runs: number, opts: { cwd?: string; node?: boolean } = {}): Timed {
  const times: number[] = [];
  let peak = 0;
  let stdout = '';
  const usage = path.join(os.tmpdir(), `jindu-bench-usage-${process.pid}.json`);
  for (let i = 0; i < runs; i++) {
    const argv = opts.node ? ['-r', USAGE_PRELOAD, ...args] : args;
    const t0 = performance.now();
    const r = spawnSync(command, argv, {
      cwd: opts.cwd ?? ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, JINDU_BENCH_USAGE: usage, JINDU_SEEDS_DIR: seedsDir() },
    });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${(r.stderr || r.stdout).slice(-2000)}`);
    stdout = r.stdout;
    if (opts.node && fs.existsSync(usage)) {
      peak = Math.max(peak, (JSON.parse(fs.readFileSync(usage, 'utf8')) as { maxRssKb: number }).maxRssKb / 1024);
      fs.rmSync(usage);
    }
  }
  times.sort((a, b) => a - b);
  return {
    bestMs: Math.round(times[0]),
    medianMs: Math.round(times[Math.floor(times.length / 2)]),
    peakRssMb: peak ? Math.round(peak) : undefined,
    stdout,
  };
}

/** python3 with pandas and openpyxl, if there is one. */
function pandasPython(): string | undefined {
  if (has('--no-pandas')) return undefined;
  for (const py of [process.env.JINDU_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p)) {
    if (spawnSync(py, ['-c', 'import pandas, openpyxl'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

interface Startup {
  name: string;
  bestMs: number;
  medianMs: number;
}

function startup(work: string): Startup[] {
  const out: Startup[] = [];
  const add = (name: string, t: Timed) => out.push({ name, bestMs: t.bestMs, medianMs: t.medianMs });
  const runs = RUNS ?? 7;
  add('node -e 0', timed(process.execPath, ['-e', '0'], runs));
  add('node bin/jindu.cjs --help', timed(process.execPath, [BIN, '--help'], runs));
  add('npx jindu --help', timed('npx', ['jindu', '--help'], runs));
  // npm link's way (a symlink to this checkout under a prefix's bin), without touching the real global prefix.
  const prefix = path.join(work, 'prefix');
  const linked = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', ROOT], { cwd: work, encoding: 'utf8' });
  const bin = path.join(prefix, 'bin', 'jindu');
  if (linked.status === 0 && fs.existsSync(bin)) add('jindu --help (linked: npm link)', timed(bin, ['--help'], runs));
  else process.stderr.write(`(linked install not measured: npm install -g --prefix failed)\n`);
  return out;
}

interface Batch {
  name: string;
  catalog: string;
  returns: string;
  files: number;
}

interface MergeFigures {
  batch: string;
  files: number;
  rowsRead: number;
  mergeMs: number;
  mergeMedianMs: number;
  peakRssMb?: number;
  exceljsMs?: number;
  pandasMs?: number;
  pandasPeakRssMb?: number;
}

function rowsRead(jsonFile: string): number {
  return (JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { totals: { rowsRead: number } }).totals.rowsRead;
}

function measureMerge(b: Batch, work: string, python: string | undefined, baselines = true): MergeFigures {
  const runs = runsFor(b.files);
  const out = path.join(work, `merged-${b.files}-${b.name.replace(/\W+/g, '')}`);
  process.stderr.write(`… ${b.name}: jindu merge ×${runs}\n`);
  const merge = timed(process.execPath, mergeArgs(BIN, b, out), runs, { node: true });
  const figures: MergeFigures = {
    batch: b.name,
    files: b.files,
    rowsRead: rowsRead(`${out}.json`),
    mergeMs: merge.bestMs,
    mergeMedianMs: merge.medianMs,
    peakRssMb: merge.peakRssMb,
  };
  if (!baselines) return figures;
  process.stderr.write(`… ${b.name}: ExcelJS baseline ×${runs}\n`);
  figures.exceljsMs = timed(process.execPath, [path.join(ROOT, 'scripts', 'bench-exceljs.cjs'), b.returns], runs, { node: true }).bestMs;
  if (python) {
    process.stderr.write(`… ${b.name}: pandas script ×${runs}\n`);
    const p = timed(python, [path.join(ROOT, 'scripts', 'bench_pandas.py'), b.returns, path.join(work, 'pandas.xlsx')], runs);
    figures.pandasMs = p.bestMs;
    figures.pandasPeakRssMb = (JSON.parse(p.stdout.trim().split('\n').pop() as string) as { peakRssMb: number }).peakRssMb;
  }
  return figures;
}

/**
 * The thread break-even: the first N files of one batch merged on one thread and on two, each N
 * against a catalog of N units (as the province batches are), one run of each in turn.
 */
async function threadBreakEven(work: string, period: Period): Promise<Array<{ files: number; oneThreadMs: number; twoThreadsMs: number }>> {
  const sizes = [100, 250, 500, 1000, 2000];
  const all = path.join(work, 'threads');
  await generateReturns(all, await benchCatalog(sizes[sizes.length - 1]), period, sizes[sizes.length - 1]);
  const names = fs.readdirSync(all).sort();
  const out: Array<{ files: number; oneThreadMs: number; twoThreadsMs: number }> = [];
  for (const n of sizes) {
    const dir = path.join(work, `first-${n}`);
    fs.mkdirSync(dir);
    for (const f of names.slice(0, n)) fs.linkSync(path.join(all, f), path.join(dir, f));
    const catalog = path.join(work, `catalog-threads-${n}.json`);
    fs.writeFileSync(catalog, JSON.stringify(await benchCatalog(n)));
    const part: Batch = { name: `first ${n}`, catalog, returns: dir, files: n };
    const one: number[] = [];
    const two: number[] = [];
    // Alternated, so that the machine's other load falls on both alike.
    for (let i = 0; i < (RUNS ?? 3); i++) {
      one.push(timed(process.execPath, mergeArgs(BIN, part, path.join(work, `t1-${n}`), ['--threads', '0']), 1, { node: true }).bestMs);
      two.push(timed(process.execPath, mergeArgs(BIN, part, path.join(work, `t2-${n}`), ['--threads', '2']), 1, { node: true }).bestMs);
    }
    out.push({ files: n, oneThreadMs: Math.min(...one), twoThreadsMs: Math.min(...two) });
  }
  return out;
}

/**
 * Gzipped bytes of the scripts taskpane.html names, which it loads before any interaction (lazy
 * chunks excluded): its own tags, plus Office.js in Excel (written in where an Office host is),
 * plus the polyfill script where the engine lacks built-ins (EdgeHTML 18).
 */
function bundleSize(): {
  files: string[];
  gzipKb: number;
  officeJs: string;
  paneGzipKb: number;
  polyfills: string;
  polyfillsGzipKb: number;
} {
  const dist = path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'taskpane.html'))) {
    execFileSync(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'production'], { cwd: ROOT, stdio: 'inherit' });
  }
  const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
  const gzipKb = (files: string[]) =>
    Math.round(files.reduce((n, s) => n + zlib.gzipSync(fs.readFileSync(path.join(dist, s)), { level: 9 }).length, 0) / 102.4) / 10;
  // Minified HTML may leave attribute values unquoted.
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]+)/g)].map((m) => m[1]).filter((s) => !s.startsWith('http'));
  const named = (variable: string) => new RegExp(`${variable}\\s*=\\s*["']([^"']+)["']`).exec(html)?.[1];
  // Built with --env officeCdn, Office.js is a plain tag to the CDN (not counted: not served from here).
  const officeJs = named('jinduOfficeJs') ?? 'Office.js from the CDN';
  const polyfills = named('jinduPolyfills');
  if (!polyfills) throw new Error('dist/taskpane.html names no polyfill script: rebuild dist (npm run build)');
  const local = named('jinduOfficeJs') ? [officeJs] : [];
  return {
    files: scripts,
    gzipKb: gzipKb(scripts),
    officeJs,
    paneGzipKb: gzipKb([...local, ...scripts]),
    polyfills,
    polyfillsGzipKb: gzipKb([polyfills]),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

const times = (base: number | undefined, ms: number) => (base === undefined ? '–' : `${base} (${(base / ms).toFixed(1)}×)`);

const USAGE = `npm run bench -- [--sizes 30,500] [--province] [--threads] [--runs K] [--no-pandas] [--office] [--bundle]

  (default)    start-up (node -e 0, node bin/jindu.cjs --help, npx jindu --help, a linked install);
               jindu merge of the demo's 26 returns and of 30 and 500 generated returns against the
               ExcelJS baseline and a pandas script (when python3 has pandas); a hostile batch.
               About 2 minutes.
  --sizes L    the generated batches' sizes, e.g. 30,500,2000 (2,000 adds about 2 minutes)
  --province   also 1,000 and 10,000 returns: about 10 minutes (generating 10,000 takes about 3,
               the pandas script at 10,000 more than 2)
  --threads    the thread break-even, 100 to 2,000 returns on one thread and on two (about 3 minutes)
  --runs K     every timed command K times (best taken)
  --no-pandas  leave the pandas script out
  --office     Office.js syncs and largest request of a 300-unit merge (office-addin-mock)
  --bundle     the pane's gzipped JavaScript before the first interaction (builds dist/ if missing)
`;

async function main(): Promise<void> {
  if (has('--help')) {
    process.stdout.write(USAGE);
    return;
  }
  const period = parsePeriod('2019Q2') as Period;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-bench-'));
  const result: Record<string, unknown> = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  };
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.cjs')], { stdio: 'ignore' });
    const python = pandasPython();
    result.pandas = python
      ? 'measured'
      : has('--no-pandas')
        ? 'left out (--no-pandas)'
        : 'not available (python3 without pandas/openpyxl): the ExcelJS baseline stands in';

    process.stderr.write('… start-up\n');
    const starts = startup(work);
    result.startup = starts;

    // Batches: the demo's returns, the province sizes, the hostile batch.
    execFileSync(process.execPath, [BIN, 'demo', '-o', path.join(work, 'demo')], { stdio: 'ignore' });
    const demo: Batch = {
      name: 'demo (000 list)',
      catalog: path.join(seedsDir(), '000_45cf8959af68998b.txt'),
      returns: path.join(work, 'demo', '2-报回'),
      files: fs.readdirSync(path.join(work, 'demo', '2-报回')).length,
    };
    const sizes = (arg('--sizes') ?? '30,500')
      .split(',')
      .map(Number)
      .filter((n) => n > 0);
    if (has('--province')) sizes.push(1000, 10000);
    const batches: Batch[] = [demo];
    for (const n of [...new Set(sizes)].sort((a, b) => a - b)) {
      process.stderr.write(`… generating ${n} returns\n`);
      const dir = path.join(work, `province-${n}`);
      const catalog = await benchCatalog(Math.max(n, 24));
      fs.writeFileSync(path.join(work, `catalog-${n}.json`), JSON.stringify(catalog));
      await generateReturns(path.join(dir, 'returns'), catalog, period, n);
      batches.push({
        name: `province, ${n} returns`,
        catalog: path.join(work, `catalog-${n}.json`),
        returns: path.join(dir, 'returns'),
        files: n,
      });
    }
    const merges = batches.map((b) => measureMerge(b, work, python));
    result.merges = merges;

    process.stderr.write('… generating the hostile batch\n');
    const hostileCatalog = await benchCatalog(24);
    fs.writeFileSync(path.join(work, 'catalog-hostile.json'), JSON.stringify(hostileCatalog));
    await hostileBatch(path.join(work, 'hostile'), hostileCatalog, period);
    const hostile: Batch = {
      name: 'oversized and hostile',
      catalog: path.join(work, 'catalog-hostile.json'),
      returns: path.join(work, 'hostile'),
      files: fs.readdirSync(path.join(work, 'hostile')).length,
    };
    const h = measureMerge(hostile, work, undefined, false);
    const hostileJson = JSON.parse(
      fs.readFileSync(path.join(work, `merged-${hostile.files}-${hostile.name.replace(/\W+/g, '')}.json`), 'utf8'),
    ) as {
      files: Array<{ file: string; status: string; rows: number; findings: Array<{ message: string }> }>;
    };
    const fates = hostileJson.files
      .filter((f) => f.file in HOSTILE)
      .map((f) => ({
        file: f.file,
        what: HOSTILE[f.file as keyof typeof HOSTILE],
        status: f.status,
        rows: f.rows,
        first: f.findings[0]?.message ?? '',
      }));
    result.hostile = { ...h, fates };

    let breakEven: Awaited<ReturnType<typeof threadBreakEven>> | undefined;
    if (has('--threads')) {
      process.stderr.write('… thread break-even (generating 2,000 returns)\n');
      breakEven = await threadBreakEven(work, period);
      result.threads = breakEven;
    }
    if (has('--bundle')) result.bundle = bundleSize();
    if (has('--office')) {
      const { officeMergeBench } = require('./bench-office') as typeof import('./bench-office');
      const o = await officeMergeBench(300);
      result.office = { syncs: o.syncs, maxPayloadKb: Math.round(o.maxPayloadBytes / 1024) };
    }

    // ---- the report
    const node = starts[0].bestMs;
    console.log(`machine: ${result.machine}`);
    console.log(`\nstart-up (fresh processes, best and median of ${RUNS ?? 7}; × node -e 0 by best)`);
    console.log(
      table([
        ['command', 'best ms', 'median ms', '× node -e 0'],
        ...starts.map((s) => [s.name, String(s.bestMs), String(s.medianMs), (s.bestMs / node).toFixed(2)]),
      ]),
    );
    console.log(
      '\nmerges (fresh processes, best of 5, 3 from 500 returns, 1 from 2,000; the baselines’ × is how many times jindu is faster)',
    );
    console.log(
      table([
        ['batch', 'files', 'rows', 'jindu ms', 'peak RSS MB', 'ExcelJS ms (×)', 'pandas ms (×)', 'pandas RSS MB'],
        ...merges.map((m) => [
          m.batch,
          String(m.files),
          String(m.rowsRead),
          String(m.mergeMs),
          String(m.peakRssMb ?? '–'),
          times(m.exceljsMs, m.mergeMs),
          times(m.pandasMs, m.mergeMs),
          String(m.pandasPeakRssMb ?? '–'),
        ]),
      ]),
    );
    if (!python) console.log(`pandas: ${result.pandas}`);
    console.log(`\noversized and hostile: ${h.files} files, jindu merge ${h.mergeMs} ms, peak RSS ${h.peakRssMb} MB`);
    for (const f of fates)
      console.log(`  ${f.file} (${f.what}): ${f.status}, ${f.rows} rows${f.first ? ` — ${f.first.slice(0, 80)}` : ''}`);
    if (breakEven) {
      console.log(`\nthread break-even (jindu merge --threads 0 against --threads 2, alternated, best of ${RUNS ?? 3})`);
      console.log(
        table([
          ['files', 'one thread ms', 'two threads ms', 'two / one'],
          ...breakEven.map((t) => [
            String(t.files),
            String(t.oneThreadMs),
            String(t.twoThreadsMs),
            (t.twoThreadsMs / t.oneThreadMs).toFixed(2),
          ]),
        ]),
      );
    }
    if (result.bundle) {
      const b = result.bundle as ReturnType<typeof bundleSize>;
      console.log(`\nfirst-interaction JS in Excel (gzip): ${b.paneGzipKb} KB (${[b.officeJs, ...b.files].join(', ')})`);
      console.log(`  in a browser (no Office.js): ${b.gzipKb} KB; + where built-ins are missing: ${b.polyfillsGzipKb} KB (${b.polyfills})`);
    }
    if (result.office) console.log(`\noffice: ${JSON.stringify(result.office)}`);
    console.log(JSON.stringify(result));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
