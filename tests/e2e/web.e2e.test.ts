/**
 * The web page end to end, as WPS users get it: the production build served from a plain static
 * folder on 127.0.0.1, opened in the Debian chromium (/usr/bin/chromium, driven by playwright-core;
 * no downloaded browser) with every request that leaves localhost blocked and counted. The flows
 * (汇总 and its dashboard, 检查, 模板, 台账, 清单) run on the demo batch of `jindu demo`, and each download
 * is read back. The one build is served twice: as the demo build (the seed lists beside the page,
 * as `--env demo` emits them) and as an office's deployment (`jindu deploy --catalog` of a Word list).
 *
 * Set JINDU_E2E_DIST to a folder built with `npx webpack --mode production --output-path …` to
 * skip the build while working on the tests.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import { assignedTasks, reportingUnits } from '../../src/core/assignment';
import type { Catalog } from '../../src/core/catalog';
import type { MergeSummary } from '../../src/core/consolidation';
import { importList } from '../../src/core/import';
import { parsePeriod } from '../../src/core/period';
import { templateFileName } from '../../src/core/template';
import { readReturn } from '../../src/core/returnReader';
import { ADDIN_ID } from '../../src/core/addin';
import { readWebExtension } from '../../src/xlsx/webExtension';
import type { WorkbookData } from '../../src/core/workbook';
import { readWorkbook } from '../../src/xlsx';
import { productionBuild } from '../helpers/build';
import { ROOT, SEEDS, seedPath } from '../helpers/paths';
import { mergeToBytes } from '../helpers/mergeToBytes';
import { previousProgress } from '../../src/core/copiedProgress';
import { readConsolidationBytes } from '../../src/xlsx';
import { readCharts } from '../../src/xlsx/chart';
import { STORY_AS_OF, STORY_TASKS, storyCatalog, storyPeriod, writeStoryReturns } from '../helpers/periodStory';
import { BUILD_BASE_URL } from '../helpers/build';
import { demoListFiles } from '../../src/cli/bundledLists';
import { consolidate, type MergeInput } from '../../src/core/consolidation';
import { buildTemplate } from '../../src/core/template';
import { fillTemplate } from '../../src/cli/simulate';
import { writeWorkbook } from '../../src/xlsx';
import { UNIT_STATE_LABELS } from '../../src/core/dashboard';
import { asData } from '../helpers/specData';
import { writeZipsWithPython } from '../helpers/zips';

const CHROMIUM = '/usr/bin/chromium';
const RUN = fs.existsSync(CHROMIUM) || !!process.env.CI;
if (!RUN) {
  // In CI (CI set) the suite always runs, and fails if chromium is missing.
  console.warn(`跳过网页端到端测试：找不到 ${CHROMIUM}（apt-get install -y chromium fonts-wqy-microhei 后即可运行）`);
}
const describeE2E = RUN ? describe : describe.skip;

const PERIOD = '2019Q2';
const AS_OF = '2019-06-30';
const PRESET = `taskpane.html?catalog=000_45cf8959af68998b&period=${PERIOD}&asOf=${AS_OF}`;
const SHOTS_COPY = '/tmp/jindu-shots';

// ---------- a tiny static server ----------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css',
};

interface Served {
  origin: string;
  /** Every path requested, in order. */
  log: string[];
  close: () => Promise<void>;
}

function serve(dir: string): Promise<Served> {
  const log: string[] = [];
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    log.push(urlPath);
    const file = path.join(dir, path.normalize(urlPath === '/' ? '/taskpane.html' : urlPath));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ origin: `http://127.0.0.1:${port}`, log, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

// ---------- helpers ----------

function isLocal(url: string): boolean {
  if (/^(blob|data|about):/.test(url)) return true;
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost';
}

function noFormulas(book: WorkbookData): void {
  for (const s of book.sheets) expect({ sheet: s.name, formulaCells: s.formulaCells }).toEqual({ sheet: s.name, formulaCells: [] });
}

function sheet(book: WorkbookData, name: string) {
  const s = book.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`工作表“${name}”不存在：${book.sheets.map((x) => x.name).join('、')}`);
  return s;
}

async function numberIn(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).innerText());
}

/** What `get` gives once `ok` holds, or at the timeout (for the assertion to say what it was). */
async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeout = 30_000): Promise<T> {
  const end = Date.now() + timeout;
  let v = await get();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await get();
  }
  return v;
}

/** A script that deletes built-ins (`Owner.name`, `Owner.prototype.name` or a global's name) from where it runs. */
function without(builtIns: string[]): string {
  return `(() => {
    const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
    const typedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype);
    const owners = { Iterator: { prototype: iteratorPrototype }, TypedArray: { prototype: typedArrayPrototype } };
    for (const name of ${JSON.stringify(builtIns)}) {
      const parts = name.split('.');
      const key = parts.pop();
      let owner = self;
      for (const p of parts) owner = (p in owners && owner === self ? owners[p] : owner[p]);
      if (owner) delete owner[key];
    }
  })();`;
}

/** Built-ins of ES2023 and later that Chromium has: an engine with only ES2022's built-ins lacks them. */
const AFTER_ES2022 = [
  ...['findLast', 'findLastIndex', 'toSorted', 'toReversed', 'toSpliced', 'with'].map((k) => `Array.prototype.${k}`),
  ...['findLast', 'findLastIndex', 'toSorted', 'toReversed', 'with'].map((k) => `TypedArray.prototype.${k}`),
  'Array.fromAsync',
  'String.prototype.isWellFormed',
  'String.prototype.toWellFormed',
  'Object.groupBy',
  'Map.groupBy',
  'Promise.withResolvers',
  'Promise.try',
  'ArrayBuffer.prototype.transfer',
  'ArrayBuffer.prototype.transferToFixedLength',
  ...['union', 'intersection', 'difference', 'symmetricDifference', 'isSubsetOf', 'isSupersetOf', 'isDisjointFrom'].map(
    (k) => `Set.prototype.${k}`,
  ),
  ...['map', 'filter', 'take', 'drop', 'flatMap', 'reduce', 'toArray', 'forEach', 'some', 'every', 'find'].map(
    (k) => `Iterator.prototype.${k}`,
  ),
  'Iterator',
  'RegExp.escape',
  'Math.sumPrecise',
  'Error.isError',
  'Uint8Array.fromBase64',
  'Uint8Array.fromHex',
  'Uint8Array.prototype.toBase64',
  'Uint8Array.prototype.toHex',
  'Uint8Array.prototype.setFromBase64',
  'Uint8Array.prototype.setFromHex',
];

/**
 * What EdgeHTML 18 lacks and the bundle (or its dependencies) may call: the built-ins of ES2019 to
 * ES2022 (and later), and the web's that Edge 18 did not have. The polyfill script and the DOM
 * polyfills must stand in (TextDecoder: src/xlsx/text.ts's fallback decoders).
 */
const EDGE_18_LACKS = [
  ...['flat', 'flatMap', 'at'].map((k) => `Array.prototype.${k}`),
  ...['matchAll', 'replaceAll', 'trimStart', 'trimEnd', 'at'].map((k) => `String.prototype.${k}`),
  'Symbol.prototype.description',
  'Object.fromEntries',
  'Object.hasOwn',
  'Promise.allSettled',
  'Promise.any',
  'queueMicrotask',
  'structuredClone',
  'ResizeObserver',
  'TextDecoder',
  'TextEncoder',
  ...AFTER_ES2022,
];

/** core-js's shared store, on the global object of every realm where the polyfill script ran. */
const CORE_JS = '__core-js_shared__';

describeE2E('web page in Chromium (no Office host, offline)', () => {
  let tmp: string;
  let dist: string;
  let returnsDir: string;
  let cliSummary: MergeSummary;
  let catalog: Catalog;
  let served: Served;
  /** The same build deployed for an office with its own list (jindu deploy --catalog). */
  let deployed: Served;
  let deployedTitle: string;
  /** Last quarter's 汇总 in which every unit reported with its 填报人 and 联系电话 (the contacts for 催报). */
  let q1: string;
  let browser: Browser;
  const external: string[] = [];
  const pageErrors: string[] = [];
  const shots: string[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-e2e-'));
    dist = productionBuild();
    const demo = path.join(tmp, 'demo');
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'jindu.cjs'), 'demo', '-o', demo], { cwd: ROOT, stdio: 'pipe' });
    returnsDir = path.join(demo, '2-报回');
    cliSummary = JSON.parse(fs.readFileSync(path.join(demo, `3-汇总-${PERIOD}.json`), 'utf8')) as MergeSummary;
    catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
    // The demo build: the shared build with the seed lists beside the page, as `--env demo` emits them.
    const demoSite = path.join(tmp, 'demo-site');
    fs.cpSync(dist, demoSite, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
    for (const f of await demoListFiles()) {
      fs.mkdirSync(path.dirname(path.join(demoSite, f.path)), { recursive: true });
      fs.writeFileSync(path.join(demoSite, f.path), f.text);
    }
    served = await serve(demoSite);
    // An office's own deployment: its Word list the site's only one.
    const list = path.join(ROOT, 'tests', 'fixtures', 'lists', 'rectification-table.docx');
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'jindu.cjs'),
        'deploy',
        '--base-url',
        BUILD_BASE_URL,
        '--share',
        '\\\\fupin-server\\jindu',
        '-o',
        path.join(tmp, 'deploy'),
        '--catalog',
        list,
      ],
      { cwd: ROOT, stdio: 'pipe', env: { ...process.env, JINDU_DEPLOY_SITE: dist } },
    );
    deployedTitle = JSON.parse(fs.readFileSync(path.join(tmp, 'deploy', 'site', 'lists', 'index.json'), 'utf8')).lists[0].title;
    deployed = await serve(path.join(tmp, 'deploy', 'site'));
    q1 = path.join(tmp, '汇总-2019Q1.xlsx');
    fs.writeFileSync(q1, await q1Consolidation(catalog));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    fs.mkdirSync(SHOTS_COPY, { recursive: true });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await deployed?.close();
    if (shots.length) console.log(`截图：\n${shots.join('\n')}`);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A fresh context for each test, with every request outside localhost blocked and counted. */
  async function open(
    url = PRESET,
    viewport = { width: 1024, height: 900 },
    init?: string,
    site: Served = served,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ acceptDownloads: true, viewport, locale: 'zh-CN' });
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (isLocal(u)) return route.continue();
      external.push(u);
      return route.abort('blockedbyclient');
    });
    if (init) {
      // Before any script of the page, and at the head of the worker's first script (workerStart.ts), which loads the rest.
      await context.addInitScript(init);
      await context.route(/\/worker\.[0-9a-f]+\.js$/, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: `${init}\n${await response.text()}` });
      });
    }
    context.on('request', (req) => {
      if (!isLocal(req.url())) external.push(req.url());
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${site.origin}/${url}`);
    // The preset catalog is read when its summary shows.
    if (url.includes('catalog=')) await page.getByTestId('catalog-summary').waitFor({ timeout: 30_000 });
    return { context, page };
  }

  async function shot(page: Page, name: string): Promise<void> {
    const file = path.join(tmp, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    fs.copyFileSync(file, path.join(SHOTS_COPY, `${name}.png`));
    shots.push(path.join(SHOTS_COPY, `${name}.png`));
  }

  async function download(page: Page, button: string): Promise<{ d: Download; bytes: Uint8Array }> {
    const [d] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    const file = path.join(tmp, `dl-${Date.now()}-${d.suggestedFilename()}`);
    await d.saveAs(file);
    return { d, bytes: new Uint8Array(fs.readFileSync(file)) };
  }

  afterEach(() => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  /** Whether the polyfill script ran in the page and in its worker, and how often it was fetched since `from`. */
  async function polyfillsIn(page: Page, from: number): Promise<{ page: boolean; worker: boolean; fetched: number }> {
    // The worker starts with the first work for it: a page that has done none has no worker, and no polyfill there.
    const [worker] = page.workers();
    return {
      page: await page.evaluate((key) => key in self, CORE_JS),
      worker: worker ? await worker.evaluate((key) => key in self, CORE_JS) : false,
      fetched: served.log.slice(from).filter((p) => /^\/polyfills\.[0-9a-f]+\.js$/.test(p)).length,
    };
  }

  async function checksAReturn(page: Page): Promise<void> {
    const file = fs.readdirSync(returnsDir).find((n) => n.includes('区委组织部')) as string;
    await page.getByRole('tab', { name: '检查' }).click();
    await page.setInputFiles('#check-file', path.join(returnsDir, file));
    await page.getByTestId('check-findings').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('check-findings').innerText()).toContain('进展未填');
  }

  test("with only EdgeHTML 18's built-ins (newer ones removed in the page and its worker before any script runs) the polyfill script is loaded in both, and the page checks a return", async () => {
    const before = served.log.length;
    const { context, page } = await open(PRESET, undefined, without(EDGE_18_LACKS));
    expect(await page.evaluate(() => typeof (Object as { fromEntries?: unknown }).fromEntries)).toBe('function');
    await checksAReturn(page);
    // The worker read the return with the built-ins gone there too (the script was served with the deletions at its head).
    expect(await page.workers()[0].evaluate(() => typeof TextDecoder)).toBe('undefined');
    expect(await polyfillsIn(page, before)).toEqual({ page: true, worker: true, fetched: 2 });
    await shot(page, 'web-edge18-builtins');
    await context.close();
  }, 120_000);

  test("with only ES2022's built-ins (later ones removed in the page and its worker) no polyfill is loaded, and the page checks a return", async () => {
    const before = served.log.length;
    const { context, page } = await open(PRESET, undefined, without(AFTER_ES2022));
    expect(await page.evaluate(() => typeof (Array.prototype as { toSorted?: unknown }).toSorted)).toBe('undefined');
    await checksAReturn(page);
    expect(await page.workers()[0].evaluate(() => typeof (Object as { groupBy?: unknown }).groupBy)).toBe('undefined');
    expect(await polyfillsIn(page, before)).toEqual({ page: false, worker: false, fetched: 0 });
    await context.close();
  }, 120_000);

  test('a preset link opens with the catalog, period and date chosen; the first screen loads little JavaScript', async () => {
    const before = served.log.length;
    const { context, page } = await open();
    await page.waitForLoadState('networkidle');
    // Were Office.js loaded, it would open its telemetry frame 3 s after loading: give it the chance.
    await page.waitForTimeout(4000);
    const title = await page.getByTestId('catalog-line').innerText();
    expect(title).toBe(catalog.source.title);
    expect(title).toContain('关于打赢脱贫攻坚战三年行动方案');
    expect(await page.inputValue('#period-input')).toBe(PERIOD);
    expect(await page.inputValue('#asof-input')).toBe(AS_OF);
    await expect(page.getByTestId('catalog-summary').innerText()).resolves.toContain(`任务 ${catalog.tasks.length} 项`);
    await expect(page.getByText('2019年第二季度').first().isVisible()).resolves.toBe(true);

    // JavaScript requested before the first interaction (page, Office.js, the worker were it started; ExcelJS must wait).
    const js = [...new Set(served.log.slice(before).filter((p) => p.endsWith('.js')))];
    const sizes = js.map((p) => ({ p, gz: zlib.gzipSync(fs.readFileSync(path.join(dist, p))).length }));
    const total = sizes.reduce((n, s) => n + s.gz, 0);
    console.log(
      `首次交互前加载的 JS（gzip）：${(total / 1024).toFixed(1)} KB\n${sizes.map((s) => `  ${s.p} ${(s.gz / 1024).toFixed(1)} KB`).join('\n')}`,
    );
    expect(js.some((p) => /^\/xlsx\./.test(p.replace(/^.*\//, '/')))).toBe(false);
    // Opened on its own in a browser, the page has no Office host: no Office.js (nor the O15 table it would fetch to find so).
    expect(js.filter((p) => p.startsWith('/office-js/'))).toEqual([]);
    // A modern engine loads no polyfill, in the page or in the worker.
    expect(await polyfillsIn(page, before)).toEqual({ page: false, worker: false, fetched: 0 });
    expect(total).toBeLessThanOrEqual(350 * 1024);
    await context.close();
  }, 120_000);

  test('in a frame of another page (an intranet portal) the web page starts: no Office.js, which would replace a frame without a host by about:blank', async () => {
    const before = served.log.length;
    const context = await browser.newContext({ locale: 'zh-CN' });
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u === `${served.origin}/portal.html`) {
        return route.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><iframe src="${PRESET}" width="1000" height="800"></iframe>`,
        });
      }
      if (isLocal(u)) return route.continue();
      external.push(u);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${served.origin}/portal.html`);
    const frame = page.frameLocator('iframe');
    await frame.getByTestId('catalog-summary').waitFor({ timeout: 30_000 });
    await expect(frame.getByTestId('catalog-summary').innerText()).resolves.toContain(`任务 ${catalog.tasks.length} 项`);
    expect(served.log.slice(before).filter((p) => p.startsWith('/office-js/'))).toEqual([]);
    expect(page.frames().map((f) => f.url())).not.toContain('about:blank');
    await context.close();
  }, 120_000);

  test("with Office's host information in the address (as Excel opens the pane) Office.js is written in and loads the Excel host's script", async () => {
    const before = served.log.length;
    const { context, page } = await open('taskpane.html?_host_Info=Excel$Win32$16.01$zh-CN$$$$0');
    const office = () => served.log.slice(before).filter((p) => p.startsWith('/office-js/'));
    for (let i = 0; i < 100 && !office().includes('/office-js/excel-win32-16.01.js'); i++) await page.waitForTimeout(100);
    expect(await page.evaluate(() => typeof Office)).toBe('object');
    // No Excel answers here, so the pane goes no further; what matters is what Office.js fetched: the host's script, not the O15 table.
    expect(office()).toEqual(expect.arrayContaining(['/office-js/office.js', '/office-js/excel-win32-16.01.js']));
    expect(office()).not.toContain('/office-js/o15apptofilemappingtable.js');
    await context.close();
  }, 60_000);

  test('汇总: pick the demo returns, 开始汇总, 下载汇总表; the workbook holds every row, the findings and no formula', async () => {
    const { context, page } = await open();
    const names = fs.readdirSync(returnsDir).sort();
    await page.setInputFiles(
      '#merge-files',
      names.map((n) => path.join(returnsDir, n)),
    );
    const items = page.getByTestId('merge-file-list').locator('li');
    await items.nth(names.length - 1).waitFor();
    expect(await items.count()).toBe(names.length);

    const t0 = Date.now();
    await page.getByRole('button', { name: '开始汇总', exact: true }).click();
    await page.getByTestId('merge-summary').waitFor({ timeout: 120_000 });
    const ms = Date.now() - t0;
    console.log(`网页汇总演示批次（${names.length} 个文件）：点击“开始汇总”到显示汇总结果 ${ms} 毫秒`);
    await shot(page, 'web-merge');

    // The page's summary is the CLI's: the reconciliation as one quiet line, the units by status, the findings by kind in words.
    const reconciliation = await page.getByTestId('reconciliation').innerText();
    const [, rowsRead, rowsWritten] = /数据行读取 (\d+) 行、写入汇总表 (\d+) 行，一致/.exec(reconciliation)?.map(Number) ?? [];
    expect(rowsWritten).toBe(rowsRead);
    expect(rowsWritten).toBe(cliSummary.totals.rowsWritten);
    expect(reconciliation).toContain('无法读取');
    expect(await numberIn(page, 'units-on-time')).toBe(cliSummary.units.filter((u) => u.status === 'on-time').length);
    expect(await numberIn(page, 'units-late')).toBe(cliSummary.units.filter((u) => u.status === 'late').length);
    expect(await numberIn(page, 'units-missing')).toBe(cliSummary.units.filter((u) => u.status === 'missing').length);
    const kinds = await page.getByTestId('merge-findings').innerText();
    const findings = [...kinds.matchAll(/ (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(findings).toBe(cliSummary.totals.findings);
    expect(kinds).toContain('文件无法读取 1');
    // Codes are for exports: none in what a clerk reads.
    expect(await page.getByTestId('merge-summary').innerText()).not.toMatch(/[A-Z]{4,}_[A-Z]+/);
    await expect(page.getByTestId('merge-file-list').innerText()).resolves.toContain('无法读取');

    // The unit table: every reporting unit with its status in words, as the CLI's summary has it.
    const tableRows = () =>
      page.$$eval('[data-testid="unit-table"] [data-unit]', (rows) =>
        rows.map((r) => [r.getAttribute('data-unit'), r.querySelector('[data-state]')?.getAttribute('data-state')]),
      );
    const expectedStates = cliSummary.units.map((u) => [u.unit, u.status]);
    expect((await tableRows()).sort()).toEqual(expectedStates.sort());
    for (const u of cliSummary.units) expect(UNIT_STATE_LABELS[u.status]).toBeTruthy();
    // 未报: the units that sent nothing, and only them.
    await page.locator('[data-filter="missing"]').click();
    const missing = cliSummary.units.filter((u) => u.status === 'missing').map((u) => u.unit);
    const sorted = async () => (await tableRows()).map((r) => r[0]).sort();
    expect(await until(sorted, (v) => v.length === missing.length)).toEqual([...missing].sort());
    await shot(page, 'web-merge-missing-1280');
    await page.locator('[data-filter="all"]').click();
    // A unit's findings, with their cells: the unit whose phone is malformed.
    const bad = cliSummary.files.find((f) => f.findings.some((x) => x.code === 'BAD_PHONE'));
    expect(bad?.unit).toBeTruthy();
    await page.locator(`[data-testid="unit-table"] [data-unit="${bad?.unit}"]`).click();
    const details = page.getByTestId('unit-details');
    await details.waitFor();
    const badPhone = bad?.findings.find((x) => x.code === 'BAD_PHONE');
    await expect(details.innerText()).resolves.toContain('联系电话有误');
    await expect(details.innerText()).resolves.toContain(`${badPhone?.sheet}!${badPhone?.cell}`);
    // The completion picture, drawn by the chart library once the dashboard has loaded it.
    const chart = page.getByTestId('completion');
    await chart.waitFor();
    expect(
      await until(
        () => chart.locator('svg path, svg rect').count(),
        (n) => n > cliSummary.units.length,
      ),
    ).toBeGreaterThan(cliSummary.units.length);
    await expect(page.getByTestId('completion-words').innerText()).resolves.toMatch(/完成率 [\d.]+%/);
    // 催报: the missing units' contacts come from last quarter's 汇总, picked for them.
    await page.setInputFiles('#remind-contacts', q1);
    await page.getByTestId('remind-contacts-chosen').waitFor({ timeout: 30_000 });
    const units = reportingUnits(catalog);
    expect(
      await until(
        () => page.inputValue('#remind-all'),
        (v) => v.includes(`${missing[0]}（联络员`),
      ),
    ).toContain(`${missing[0]}（联络员`);
    const remind = await page.inputValue('#remind-all');
    for (const u of missing) expect(remind).toContain(`${u}（联络员${units.indexOf(u) + 1}，1380013${8000 + units.indexOf(u)}）：`);
    expect(remind).toContain('应于2019年6月25日前报送');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByTestId('remind-copy-all').click();
    expect(
      await until(
        () => page.evaluate(() => navigator.clipboard.readText()),
        (v) => v === remind,
      ),
    ).toBe(remind);
    await shot(page, 'web-merge-1280');

    const { d, bytes } = await download(page, '下载汇总表');
    expect(d.suggestedFilename()).toBe(`汇总-${PERIOD}.xlsx`);
    const book = await readWorkbook(bytes, d.suggestedFilename());
    expect(book.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['汇总', '报送情况', '问题清单']));
    // Each sheet: its title, the line naming list, period and dates, the header, then the rows.
    const merged = sheet(book, '汇总');
    expect(merged.rows[0][0]).toBe('2019年第二季度脱贫攻坚工作进度汇总表');
    const source = merged.rows[2].indexOf('来源');
    const dataRows = merged.rows.slice(3).filter((r) => String(r[source] ?? '').trim() !== '');
    expect(dataRows.length).toBe(rowsWritten);
    // Missing tasks and units that sent nothing are rows too, without a source.
    const gapRows = merged.rows.slice(3).filter((r) => String(r[source] ?? '').trim() === '');
    expect(gapRows.every((r) => r.includes('缺报任务') || r.includes('未报送'))).toBe(true);
    expect(sheet(book, '问题清单').rows.length - 3).toBe(findings);
    // The 完成情况 sheet with its chart, as in the CLI's and the pane's 汇总.
    expect(book.sheets.map((s) => s.name)).toContain('完成情况');
    expect(Object.keys(unzipSync(bytes))).toContain('xl/charts/chart1.xml');
    noFormulas(book);

    // 退回修改: one marked-up copy per unit with something to correct, as a zip; every file read back.
    const toCorrect = cliSummary.units
      .filter((u) => u.file && cliSummary.files.find((f) => f.file === u.file && f.status === 'ok'))
      .map((u) => ({
        unit: u.unit,
        count: (cliSummary.files.find((f) => f.file === u.file)?.findings ?? []).filter(
          (f) => f.severity !== 'info' && f.code !== 'LATE_SUBMISSION',
        ).length,
      }))
      .filter((u) => u.count > 0);
    expect(toCorrect.length).toBeGreaterThan(0);
    await expect(page.getByTestId('feedback-units').locator('li').count()).resolves.toBe(toCorrect.length);
    const zip = await download(page, '下载需更正的报表（zip）');
    expect(zip.d.suggestedFilename()).toBe(`${PERIOD}_需更正的报表.zip`);
    const entries = unzipSync(zip.bytes);
    expect(Object.keys(entries).sort()).toEqual(toCorrect.map((u) => `${PERIOD}_${u.unit}_进度情况表_需更正.xlsx`).sort());
    for (const u of toCorrect) {
      const name = `${PERIOD}_${u.unit}_进度情况表_需更正.xlsx`;
      const copy = await readWorkbook(entries[name], name);
      const read = readReturn(copy, name);
      expect(read.ok && read.report.meta.unit).toBe(u.unit);
      expect(sheet(copy, '需更正事项').rows.length - 3).toBe(u.count);
    }

    // At 320 px the page still fits: nothing scrolls sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    // Fluent's MessageBar reflows from a ResizeObserver callback, a frame or more after the resize: let it.
    const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    for (let i = 0; i < 30 && (await scrollWidth()) > 320; i++) await page.waitForTimeout(100);
    await shot(page, 'web-merge-320px');
    expect(await scrollWidth()).toBeLessThanOrEqual(320);
    await context.close();
  }, 180_000);

  test('检查: one return with problems lists its findings; 下载标注副本 marks the cells and adds 问题清单', async () => {
    const { context, page } = await open();
    await page.getByRole('tab', { name: '检查' }).click();
    const file = fs.readdirSync(returnsDir).find((n) => n.includes('区委组织部'));
    expect(file).toBeDefined();
    await page.setInputFiles('#check-file', path.join(returnsDir, file as string));
    const result = page.getByTestId('check-findings');
    await result.waitFor({ timeout: 60_000 });
    const text = await result.innerText();
    expect(text).toContain('进展未填');
    expect(text).toContain('联系电话有误');
    expect(text).not.toContain('EMPTY_PROGRESS');
    expect(text).toMatch(/!E\d+/); // sheet!cell of the empty progress
    const listed = await result.locator('li').count();
    await shot(page, 'web-check');

    const { d, bytes } = await download(page, '下载标注副本');
    expect(d.suggestedFilename()).toBe(file?.replace(/\.xlsx$/, '-已标注.xlsx'));
    const book = await readWorkbook(bytes, d.suggestedFilename());
    expect(sheet(book, '问题清单').rows.length - 1).toBe(listed);
    // The marked cells: light red with a note carrying the message.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const marked: string[] = [];
    wb.worksheets[0].eachRow((row) =>
      row.eachCell((cell) => {
        const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
        if (fill?.fgColor?.argb === 'FFFFC7CE' && cell.note) marked.push(cell.address);
      }),
    );
    expect(marked.length).toBeGreaterThanOrEqual(2);
    await context.close();
  }, 120_000);

  test('模板: one unit’s template has its tasks; 全部单位打包下载 zips one file per reporting unit', async () => {
    const { context, page } = await open();
    await page.getByRole('tab', { name: '模板' }).click();
    const unit = '区教育局';
    const combobox = page.locator('#fill-unit');
    await combobox.waitFor();
    await combobox.click();
    // Pinyin initials, as in the pane: jyj → 区教育局; a slip of the keyboard gets the nearest units.
    await combobox.fill('jyjj');
    await page.getByRole('option', { name: unit, exact: true }).waitFor();
    await combobox.fill('jyj');
    await page.getByRole('option', { name: unit, exact: true }).click();
    const tasks = assignedTasks(catalog, unit).length;
    await expect(page.getByTestId('fill-task-count').innerText()).resolves.toContain(`任务 ${tasks} 项`);
    await shot(page, 'web-template');

    const period = parsePeriod(PERIOD);
    if (!period) throw new Error('period');
    const one = await download(page, '下载模板');
    expect(one.d.suggestedFilename()).toBe(templateFileName(unit, period));
    const book = await readWorkbook(one.bytes, one.d.suggestedFilename());
    const report = book.sheets.find((s) => s.state === 'visible') ?? book.sheets[0];
    const header = report.rows.findIndex((r) => r[0] === '序号');
    expect(header).toBeGreaterThanOrEqual(0);
    const taskRows = report.rows.slice(header + 1).filter((r) => typeof r[0] === 'number');
    expect(taskRows.length).toBe(tasks);
    expect(JSON.stringify(report.rows)).toContain(unit);
    // The template opens the add-in with the file: centralized deployment unless the link names a share.
    expect(readWebExtension(one.bytes)?.reference).toMatchObject({ id: ADDIN_ID, storeType: 'EXCatalog' });

    const zip = await download(page, '全部单位打包下载');
    expect(zip.d.suggestedFilename()).toMatch(/\.zip$/);
    const entries = unzipSync(zip.bytes);
    const units = reportingUnits(catalog);
    expect(Object.keys(entries).sort()).toEqual(units.map((u) => templateFileName(u, period)).sort());
    for (const bytes of Object.values(entries)) expect(readWebExtension(bytes)?.autoShow).toBe(true);
    await context.close();
  }, 180_000);

  /** The period story's 2019Q3 returns and 汇总 and its 2019Q4 汇总, made by the CLI's merge road. */
  let storyMade: Promise<{ q3Returns: string[]; q3: string; q4: string; legacy: string }> | undefined;
  const story = () => (storyMade ??= makeStory());
  async function makeStory(): Promise<{ q3Returns: string[]; q3: string; q4: string; legacy: string }> {
    const storyCat = storyCatalog();
    const legacy = path.join(ROOT, 'tests', 'fixtures', 'legacy-consolidation-2019Q2.xlsx');
    let previous = await readConsolidationBytes(new Uint8Array(fs.readFileSync(legacy)), 'legacy.xlsx');
    const out: Record<string, string> = {};
    let q3Returns: string[] = [];
    for (const code of ['2019Q3', '2019Q4'] as const) {
      const period = storyPeriod(code);
      const files = await writeStoryReturns(storyCat, code, path.join(tmp, 'story', code));
      if (code === '2019Q3') q3Returns = files;
      const { bytes } = await mergeToBytes(files, {
        catalog: storyCat,
        period,
        asOf: STORY_AS_OF[code],
        previous: previousProgress(previous, period),
      });
      out[code] = path.join(tmp, 'story', `汇总-${code}.xlsx`);
      fs.writeFileSync(out[code], bytes);
      previous = await readConsolidationBytes(bytes, out[code]);
    }
    return { q3Returns, q3: out['2019Q3'], q4: out['2019Q4'], legacy };
  }

  test('汇总 with 上期汇总表: copied progress is counted, named in the downloaded 汇总, and its data sheet written', async () => {
    const { q3Returns, legacy } = await story();
    const { context, page } = await open(`taskpane.html?catalog=000_45cf8959af68998b&period=2019Q3&asOf=2019-09-30`);
    await page.setInputFiles('#merge-files', q3Returns);
    await page.setInputFiles('#merge-previous', legacy);
    await expect(page.getByTestId('merge-previous-chosen').innerText()).resolves.toContain('legacy-consolidation-2019Q2.xlsx');
    await page.getByText('（2019年第二季度，27 个单位）', { exact: false }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '开始汇总', exact: true }).click();
    await page.getByTestId('merge-summary').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('merge-findings').innerText()).resolves.toContain('进展与上期雷同 5');
    await shot(page, 'web-merge-previous');
    const { bytes } = await download(page, '下载汇总表');
    const merged = await readWorkbook(bytes, '汇总.xlsx');
    // The header row under the sheet's title lines.
    const head = sheet(merged, '汇总').rows.find((r) => r.includes('问题')) ?? [];
    const flagged = sheet(merged, '汇总')
      .rows.filter((r) => r[head.indexOf('问题')] === '进展与上期雷同')
      .map((r) => r[head.indexOf('任务编号')]);
    const T = STORY_TASKS;
    expect(flagged.sort()).toEqual([T.training, T.incentive, T.rules, T.ecommerce, T.market].sort());
    expect(sheet(merged, 'jindu_data').state).toBe('veryHidden');
    expect((await readConsolidationBytes(bytes, '汇总.xlsx')).period).toBe('2019Q3');
    await context.close();
  }, 180_000);

  test('汇总 of a zip (names in GBK, as Windows packs them) with loose returns: its returns are listed under their path in it, what else it holds is said, and they are merged', async () => {
    const names = fs.readdirSync(returnsDir).sort();
    const zip = path.join(tmp, '某镇报表.zip');
    writeZipsWithPython([
      {
        path: zip,
        members: [
          ...names.slice(0, 5).map((n) => ({ name: `某镇/${n}`, file: path.join(returnsDir, n), names: 'gbk' as const })),
          { name: '某镇/说明.docx', text: 'a note', names: 'gbk' },
        ],
      },
    ]);
    const { context, page } = await open();
    await page.setInputFiles('#merge-files', [zip, ...names.slice(5).map((n) => path.join(returnsDir, n))]);
    const items = page.getByTestId('merge-file-list').locator('li');
    await items.nth(names.length - 1).waitFor();
    expect(await items.count()).toBe(names.length);
    const listed = await page.getByTestId('merge-file-list').innerText();
    expect(listed).toContain(`某镇报表.zip/某镇/${names[0]}`);
    await expect(page.getByTestId('merge-bundle-skipped').innerText()).resolves.toContain(
      '某镇报表.zip/某镇/说明.docx：不是工作簿文件（.docx）',
    );
    await page.getByRole('button', { name: '开始汇总', exact: true }).click();
    await page.getByTestId('merge-summary').waitFor({ timeout: 120_000 });
    await shot(page, 'web-merge-zip');
    // The same returns as the demo's, so the same units reported.
    expect(await numberIn(page, 'units-missing')).toBe(cliSummary.units.filter((u) => u.status === 'missing').length);
    const reconciliation = await page.getByTestId('reconciliation').innerText();
    expect(reconciliation).toContain(`数据行读取 ${cliSummary.totals.rowsRead} 行`);
    await context.close();
  }, 180_000);

  test('台账: three periods’ 汇总 (the earlier version’s among them) give the ledger on the page and a 台账 workbook with its chart', async () => {
    const { q3, q4, legacy } = await story();
    const { context, page } = await open();
    await page.getByRole('tab', { name: '台账' }).click();
    await page.locator('#ledger-files').waitFor({ state: 'attached', timeout: 30_000 });
    await page.setInputFiles('#ledger-files', [q4, legacy, q3]);
    await page.getByRole('button', { name: '生成台账', exact: true }).click();
    const view = page.getByTestId('ledger-summary');
    await view.waitFor({ timeout: 120_000 });
    await expect(view.innerText()).resolves.toContain('2019年第二季度、2019年第三季度、2019年第四季度（共 3 期），单位任务 73 行');
    expect(await numberIn(page, 'ledger-transitions')).toBe(10);
    expect(await numberIn(page, 'ledger-stall-count')).toBe(7);
    expect(await numberIn(page, 'ledger-late-count')).toBe(24);
    await expect(page.getByTestId('ledger-stalls').innerText()).resolves.toContain(
      '区委组织部：加强对基层干部扶贫政策培训（2019年第二季度至2019年第四季度，3 期“推进中”）',
    );
    await expect(page.getByTestId('ledger-completion').innerText()).resolves.toMatch(/2019年第四季度\s+9\s+8\s+0\s+56\s+12\.3%/);
    await shot(page, 'web-ledger');
    const { d, bytes } = await download(page, '下载台账');
    expect(d.suggestedFilename()).toBe('台账-2019Q2至2019Q4.xlsx');
    const book = await readWorkbook(bytes, d.suggestedFilename());
    expect(book.sheets.map((s) => s.name)).toEqual(['台账', '状态变化', '停滞任务', '逾期未报', '完成情况', '清单变动']);
    expect(sheet(book, '台账').rows.length).toBe(4 + 73);
    noFormulas(book);
    const [chart] = readCharts(bytes);
    expect(chart).toMatchObject({ sheet: '完成情况', type: 'column', grouping: 'stacked' });
    expect(chart.series.map((x) => x.values)).toEqual([
      [2, 1, 9],
      [10, 10, 8],
      [3, 2, 0],
      [0, 0, 0],
      [58, 60, 56],
    ]);
    await page.setViewportSize({ width: 320, height: 800 });
    // Fluent's MessageBar reflows from a ResizeObserver callback, a frame or more after the resize: let it.
    for (let i = 0; i < 30 && (await page.evaluate(() => document.documentElement.scrollWidth)) > 320; i++) await page.waitForTimeout(100);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await context.close();
  }, 180_000);

  /** The 清单 tab, once the page has started on its list. */
  async function catalogTab(page: Page): Promise<void> {
    await page.getByTestId('catalog-summary').waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: '清单' }).click();
    await page.locator('#catalog-file').waitFor({ state: 'attached', timeout: 30_000 });
  }

  test('清单: a bad catalog file gets a Chinese message; pasted list text is previewed and used; the text box is emptied for the next list', async () => {
    const { context, page } = await open('taskpane.html');
    await catalogTab(page);
    await page.setInputFiles('#catalog-file', { name: '坏清单.json', mimeType: 'application/json', buffer: Buffer.from('这不是 JSON') });
    await expect(page.getByRole('alert').innerText()).resolves.toContain('不是有效的 JSON 文件');

    await page.fill('#catalog-text', fs.readFileSync(seedPath(SEEDS.s001), 'utf8'));
    await page.getByRole('button', { name: '读取粘贴的清单', exact: true }).click();
    const expected = importList(fs.readFileSync(seedPath(SEEDS.s001), 'utf8')).catalog;
    await expect(page.getByTestId('preview-counts').innerText()).resolves.toContain(`任务 ${expected.tasks.length} 项`);
    await page.getByRole('button', { name: '使用此清单', exact: true }).click();
    await expect(page.getByTestId('catalog-summary').innerText()).resolves.toContain(`导入清单：任务 ${expected.tasks.length} 项`);
    await expect(page.getByTestId('catalog-line').innerText()).resolves.toBe(expected.source.title);
    expect(await page.inputValue('#catalog-text')).toBe('');
    await shot(page, 'web-catalog-1280');
    await context.close();
  }, 120_000);

  test('清单 from a Word file whose table is not recognised: assign the columns, see the tasks, get the catalog; a PDF list reads in the browser too', async () => {
    const { context, page } = await open('taskpane.html');
    await catalogTab(page);
    const lists = path.join(ROOT, 'tests', 'fixtures', 'lists');
    await page.setInputFiles('#catalog-file', path.join(lists, 'unknown-columns.docx'));
    const mapper = page.getByTestId('column-mapper');
    await mapper.waitFor({ timeout: 60_000 });
    await expect(mapper.innerText()).resolves.toContain('找到 1 个表格，第1个有 4 行 5 列');
    await page.selectOption('#mapping-role-2', 'task');
    await page.selectOption('#mapping-role-3', 'lead');
    await page.selectOption('#mapping-role-4', 'partners');
    await page.selectOption('#mapping-role-5', 'deadline');
    await expect(page.getByTestId('mapping-count').innerText()).resolves.toBe('按此对应可读出任务 3 项');
    await expect(page.getByTestId('mapping-preview').innerText()).resolves.toContain('推进村级集体经济项目建设');
    await shot(page, 'web-column-mapping');
    await page.getByRole('button', { name: '按此对应导入', exact: true }).click();
    await page.getByRole('button', { name: '使用此清单', exact: true }).click();
    await expect(page.getByTestId('catalog-summary').innerText()).resolves.toContain('任务 3 项');
    // The catalog is the page's: its 模板 tab offers the mapped units.
    await page.getByRole('tab', { name: '模板' }).click();
    const combobox = page.locator('#fill-unit');
    await combobox.click();
    await page.getByRole('option', { name: '镇乡村振兴工作站', exact: true }).waitFor();
    await page.keyboard.press('Escape');

    // A PDF with a text layer (a CID font: pdf.js reads the CMaps served beside the page, no CDN).
    await page.getByRole('tab', { name: '清单' }).click();
    await page.setInputFiles('#catalog-file', path.join(lists, 'text-layer.pdf'));
    await expect(page.getByTestId('catalog-preview').innerText()).resolves.toContain('任务 3 项');
    await expect(page.getByTestId('catalog-preview').innerText()).resolves.toContain('表格');
    // A scanned PDF: what to provide instead.
    await page.setInputFiles('#catalog-file', path.join(lists, 'scanned.pdf'));
    await expect(page.getByRole('alert').innerText()).resolves.toContain('没有可复制的文字，请提供 Word 版或文字版 PDF');
    // A table pasted from Excel with headers nobody knows: the same mapping.
    await page.fill('#catalog-text', ['项\t事项\t主抓\t节点', '1\t完成农村户厕摸排。\t镇农业农村办\t2023年5月底前'].join('\n'));
    await page.getByRole('button', { name: '读取粘贴的清单', exact: true }).click();
    await page.getByTestId('column-mapper').waitFor();
    await page.selectOption('#mapping-role-2', 'task');
    await page.selectOption('#mapping-role-3', 'lead');
    await expect(page.getByTestId('mapping-count').innerText()).resolves.toBe('按此对应可读出任务 1 项');
    await context.close();
  }, 180_000);

  test('清单: groups without members are named with their waiting tasks; members added on the page become reporting units of 模板', async () => {
    const { context, page } = await open();
    await catalogTab(page);
    await expect(page.getByTestId('waiting-groups').innerText()).resolves.toContain('各街道党工委和办事处（7 项）');
    await page.fill('#group-members-1', '珠池街道、金霞街道');
    await page.getByRole('button', { name: '保存成员' }).first().click();
    await expect(page.getByTestId('waiting-groups').innerText()).resolves.not.toContain('各街道党工委和办事处');
    const saved = await download(page, '下载任务清单');
    const book = await readWorkbook(saved.bytes, saved.d.suggestedFilename());
    expect(sheet(book, '单位名录').rows.find((r) => r[0] === '各街道党工委和办事处')?.[3]).toBe('珠池街道、金霞街道');
    await page.getByRole('tab', { name: '模板' }).click();
    const combobox = page.locator('#fill-unit');
    await combobox.click();
    await combobox.fill('珠池');
    await page.getByRole('option', { name: '珠池街道', exact: true }).click();
    await expect(page.getByTestId('fill-task-count').innerText()).resolves.toContain('任务 7 项');
    await context.close();
  }, 120_000);

  test('the office’s list, period and 截至日期 are remembered: a reload keeps them, the list used before is one click away', async () => {
    const { context, page } = await open('taskpane.html');
    await catalogTab(page);
    // With nothing chosen yet the page starts on the site's first list, at the period its years and today give.
    await expect(page.getByTestId('catalog-line').innerText()).resolves.toBe(catalog.source.title);
    const s002 = importList(fs.readFileSync(seedPath(SEEDS.s002), 'utf8')).catalog;
    await page.selectOption('#catalog-select', '002_65c7f64bacf31445');
    expect(
      await until(
        () => page.getByTestId('catalog-line').innerText(),
        (t) => t === s002.source.title,
      ),
    ).toBe(s002.source.title);
    await page.fill('#period-input', '2019H1');
    await page.fill('#asof-input', '2019-07-25');
    await page.waitForTimeout(1000);
    await page.reload();
    await page.getByTestId('catalog-summary').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('catalog-line').innerText()).resolves.toBe(s002.source.title);
    expect(await page.inputValue('#period-input')).toBe('2019H1');
    expect(await page.inputValue('#asof-input')).toBe('2019-07-25');
    await page.getByRole('tab', { name: '清单' }).click();
    await page.getByTestId('catalog-recent').getByRole('button', { name: catalog.source.title }).click();
    expect(
      await until(
        () => page.getByTestId('catalog-line').innerText(),
        (t) => t === catalog.source.title,
      ),
    ).toBe(catalog.source.title);
    await context.close();
  }, 120_000);

  test('a deployed build with its own catalog offers only that list, and says so of a link to another', async () => {
    const { context, page } = await open('taskpane.html', undefined, undefined, deployed);
    await page.getByTestId('catalog-summary').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('catalog-line').innerText()).resolves.toBe(deployedTitle);
    await page.getByRole('tab', { name: '清单' }).click();
    await page.locator('#catalog-select').waitFor({ timeout: 30_000 });
    const options = await page.$$eval('#catalog-select option', (o) => o.map((x) => x.textContent ?? '').filter((t) => !t.endsWith('…')));
    expect(options).toEqual([deployedTitle]);
    await context.close();
    const other = await open('taskpane.html?catalog=000_45cf8959af68998b', undefined, undefined, deployed);
    await other.page.getByTestId('catalog-summary').waitFor({ timeout: 30_000 });
    await expect(other.page.getByText('不是本站内置的清单').isVisible()).resolves.toBe(true);
    await expect(other.page.getByTestId('catalog-line').innerText()).resolves.toBe(deployedTitle);
    await other.context.close();
  }, 120_000);

  test('every tab at 350 px and 1280 px, on the web page and in the pane preview: nothing scrolls sideways', async () => {
    for (const [mode, url, tabs] of [
      ['web', PRESET, ['汇总', '检查', '模板', '台账', '清单']],
      ['pane', `taskpane.html?mode=excel-preview&today=2019-06-30`, ['填报', '检查', '汇总', '台账', '清单']],
    ] as const) {
      for (const width of [350, 1280]) {
        const { context, page } = await open(url, { width, height: 900 });
        await page.getByTestId('catalog-summary').waitFor({ timeout: 30_000 });
        for (const [i, name] of tabs.entries()) {
          await page.getByRole('tab', { name, exact: true }).click();
          await page.waitForTimeout(400);
          const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
          for (let k = 0; k < 30 && (await scrollWidth()) > width; k++) await page.waitForTimeout(100);
          await shot(page, `${mode}-${i + 1}-${width}px`);
          if (name === '模板' || name === '填报') {
            // The unit list opens under its field, at every width.
            await page.locator('#fill-unit').click();
            const box = await page.locator('#fill-unit').boundingBox();
            const list = await page.getByRole('listbox').boundingBox();
            expect(Math.abs((list?.x ?? -1) - (box?.x ?? 0))).toBeLessThan(40);
            expect(list?.y ?? 0).toBeGreaterThan(box?.y ?? 0);
            await shot(page, `${mode}-${i + 1}-${width}px-units`);
            await page.keyboard.press('Escape');
          }
          expect({ mode, width, name, scrollWidth: await scrollWidth() }).toEqual({ mode, width, name, scrollWidth: width });
        }
        await context.close();
      }
    }
  }, 240_000);
});

/** A 汇总 of 2019Q1 in which every unit of the 000 list reported, with its own 填报人 and 联系电话. */
async function q1Consolidation(catalog: Catalog): Promise<Uint8Array> {
  const Q1 = parsePeriod('2019Q1');
  if (!Q1) throw new Error('period');
  const inputs: MergeInput[] = reportingUnits(catalog).map((unit, i) => {
    const spec = fillTemplate(buildTemplate(catalog, unit, Q1), 2, {
      filledDate: '2019-03-20',
      reporter: `联络员${i + 1}`,
      phone: `1380013${8000 + i}`,
    });
    return { file: `${unit}.xlsx`, outcome: readReturn(asData(spec), `${unit}.xlsx`), saved: '2019-03-20T02:00:00Z' };
  });
  return writeWorkbook(consolidate(inputs, { catalog, period: Q1, asOf: '2019-03-31' }).workbook);
}
