/**
 * npm run bench -- [--files N] [--office] [--bundle]
 *
 * Consolidation at province scale. Generates N returns (default 1000) from the seed lists in a temp
 * folder: about 40 rows each, Chinese text, a mix of our templates, hand-made layouts and a few bad
 * files. Then measures
 *   raw    the xlsx library alone loading every file and touching every cell (the baseline);
 *   merge  the whole merge as `jindu merge` runs it: guard, read (on worker threads), match, check,
 *          consolidate and write the 汇总 to disk;
 * each in a fresh process of its own, so that each peak RSS is that step's; and prints a table and,
 * as its last line, one JSON object with the figures and ratios.
 *   --office  the same consolidation written through the Office.js adapter against office-addin-mock
 *             (300 units): context.sync calls and the largest single request payload;
 *   --bundle  the gzipped size of the JavaScript taskpane.html loads before the first interaction in
 *             Excel (Office.js included) and in a browser, and of the polyfill script added where the
 *             engine lacks built-ins (needs a production build in dist/, made if missing).
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import ExcelJS from 'exceljs';
import type { Catalog, Task } from '../src/core/catalog';
import { withVersion } from '../src/core/catalog';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { buildTemplate } from '../src/core/template';
import type { CellValue, WorkbookSpec } from '../src/core/workbook';
import { writeWorkbook } from '../src/xlsx';
import { fillTemplate } from '../src/cli/simulate';
import { seedFiles } from '../src/cli/files';
import { mergeFiles } from '../src/cli/reports';

const ROOT = path.resolve(__dirname, '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const FILES = Number(arg('--files') ?? 1000);
const ROWS = 40;
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

function handMade(catalog: Catalog, unit: string, period: Period): WorkbookSpec {
  const rows: CellValue[][] = [
    [],
    [`${period.year}年脱贫攻坚工作进度情况表`],
    ['填报单位：', unit],
    [],
    ['序号', '分管领导', '项目名称', `${period.year}年工作计划`, '工作进展及存在问题', '备注'],
    ...catalog.tasks.map((t, i) => [
      i + 1,
      '村支书',
      `${i + 1}、${t.title}`,
      t.plans[String(period.year)] ?? t.text,
      '按计划推进，已完成阶段性任务。',
      '',
    ]),
    ['填报人：', '王五', '联系电话：', '13902771234'],
  ];
  return { sheets: [{ name: 'Sheet1', rows }], properties: { modified: '2019-06-21T08:00:00Z' } };
}

export async function generate(dir: string, catalog: Catalog, period: Period): Promise<number> {
  const members = catalog.units[0].members ?? [];
  // Every file is written in full for its unit: three in four from our template, filled (progress
  // texts vary with the file's number), one in five by hand in the official layout, one in twenty bad.
  let rows = 0;
  for (let i = 0; i < FILES; i++) {
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
      const spec = fillTemplate(buildTemplate(catalog, unit, period), i, {
        filledDate: '2019-06-20',
        reporter: `填报人${i}`,
        phone: '0754-88123456',
      });
      fs.writeFileSync(file, await writeWorkbook(spec));
      rows += ROWS;
    }
  }
  return rows;
}

/** The baseline: the xlsx library alone loading each file and touching every cell, one file after another. */
async function rawBaseline(files: string[]): Promise<{ ms: number; cells: number }> {
  const t0 = performance.now();
  let cells = 0;
  for (const f of files) {
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fs.readFileSync(f) as unknown as ArrayBuffer);
      wb.eachSheet((ws) =>
        ws.eachRow({ includeEmpty: false }, (row) =>
          row.eachCell({ includeEmpty: false }, (cell) => {
            if (cell.value !== undefined) cells++;
          }),
        ),
      );
    } catch {
      // bad files fail here too; the baseline pays for trying them
    }
  }
  return { ms: performance.now() - t0, cells };
}

/** The merge exactly as `jindu merge` runs it (threads, streaming 汇总), written to disk as the CLI does. */
async function mergeRun(files: string[], catalog: Catalog, period: Period, out: string): Promise<Record<string, number>> {
  const t0 = performance.now();
  const merged = await mergeFiles(files, { catalog, period, asOf: '2019-06-30' });
  fs.writeFileSync(out, merged.bytes);
  return {
    ms: performance.now() - t0,
    readMs: merged.ms.read,
    consolidateMs: merged.ms.consolidate,
    writeMs: merged.ms.write,
    rowsRead: merged.result.summary.totals.rowsRead,
    rowsWritten: merged.result.summary.totals.rowsWritten,
    outBytes: merged.bytes.length,
  };
}

/**
 * One measured step in a fresh process, so that its peak resident size is its own (not the
 * generator's or the other step's); prints one JSON line.
 */
async function phase(name: string, dir: string): Promise<void> {
  const files = listFiles(path.join(dir, 'returns'));
  let result: Record<string, number>;
  if (name === 'raw') {
    const raw = await rawBaseline(files);
    result = { ms: raw.ms, cells: raw.cells };
  } else {
    const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as Catalog;
    result = await mergeRun(files, catalog, parsePeriod('2019Q2') as Period, path.join(dir, '汇总.xlsx'));
  }
  console.log(JSON.stringify({ ...result, peakRssMb: peakRssMb() }));
}

function runPhase(name: string, dir: string): Record<string, number> {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'run-ts.cjs'), __filename, '--phase', name, '--dir', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => path.join(dir, f));
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
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

async function main(): Promise<void> {
  const phaseName = arg('--phase');
  if (phaseName) return phase(phaseName, arg('--dir') as string);
  const period = parsePeriod('2019Q2') as Period;
  const catalog = await benchCatalog(Math.max(1, Math.min(FILES, 12000)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-bench-'));
  try {
    const returns = path.join(dir, 'returns');
    fs.mkdirSync(returns);
    fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(catalog));
    const g0 = performance.now();
    const generatedRows = await generate(returns, catalog, period);
    const genMs = performance.now() - g0;
    const files = listFiles(returns);

    const raw = runPhase('raw', dir);
    const merge = runPhase('merge', dir);
    const r = (n: number) => Math.round(n);
    const out: Record<string, number | string> = {
      files: files.length,
      rows: merge.rowsRead,
      mergeMs: r(merge.ms),
      rawMs: r(raw.ms),
      ratio: Math.round((merge.ms / raw.ms) * 100) / 100,
      peakRssMb: merge.peakRssMb,
      readMs: r(merge.readMs),
      consolidateMs: r(merge.consolidateMs),
      writeMs: r(merge.writeMs),
      rawPeakRssMb: raw.peakRssMb,
    };
    const table = [
      ['measure', 'value'],
      [
        'machine',
        `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      ],
      ['files (incl. bad)', String(files.length)],
      ['rows generated / read / written', `${generatedRows} / ${merge.rowsRead} / ${merge.rowsWritten}`],
      ['generation (not measured)', `${r(genMs)} ms`],
      ['raw: ExcelJS load + touch every cell', `${r(raw.ms)} ms (${raw.cells} cells, peak RSS ${raw.peakRssMb} MB)`],
      [
        'merge: read, check, consolidate, write',
        `${r(merge.ms)} ms (${(merge.ms / files.length).toFixed(2)} ms/file, 汇总 ${Math.round(merge.outBytes / 1024)} KB)`,
      ],
      ['  read (threads) / consolidate / write', `${r(merge.readMs)} / ${r(merge.consolidateMs)} / ${r(merge.writeMs)} ms`],
      ['ratio merge/raw', String(out.ratio)],
      ['merge peak RSS', `${merge.peakRssMb} MB`],
    ];
    if (process.argv.includes('--bundle')) {
      const b = bundleSize();
      out.bundleGzipKb = b.paneGzipKb;
      out.webPageGzipKb = b.gzipKb;
      out.polyfillsGzipKb = b.polyfillsGzipKb;
      table.push(
        ['first-interaction JS in Excel (gzip)', `${b.paneGzipKb} KB (${[b.officeJs, ...b.files].join(', ')})`],
        ['  in a browser (no Office.js)', `${b.gzipKb} KB (${b.files.join(', ')})`],
        ['  + where built-ins are missing', `${b.polyfillsGzipKb} KB (${b.polyfills})`],
      );
    }
    if (process.argv.includes('--office')) {
      const { officeMergeBench } = require('./bench-office') as typeof import('./bench-office');
      const o = await officeMergeBench(300);
      out.officeSyncs = o.syncs;
      out.officeMaxPayloadKb = Math.round(o.maxPayloadBytes / 1024);
      table.push(
        ['office: syncs for a 300-unit merge', String(o.syncs)],
        ['office: largest request payload', `${Math.round(o.maxPayloadBytes / 1024)} KB`],
      );
    }
    const w = Math.max(...table.map((row) => row[0].length));
    for (const [k, v] of table) console.log(`${k.padEnd(w)}  ${v}`);
    console.log(JSON.stringify(out));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench.ts')) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
