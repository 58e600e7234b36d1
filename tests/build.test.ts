/**
 * The production build, as a deployment would make it: base URL taken into the manifest, Office.js
 * served from the add-in's own origin, and no page loading anything from elsewhere.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { BUILD_BASE_URL, productionBuild } from './helpers/build';
import { ROOT, SEEDS_DIR } from './helpers/paths';

const { validateManifest } = require('../scripts/validate-manifest.cjs') as {
  validateManifest(file: string): Promise<{ valid: boolean; errors: Array<{ message: string }> }>;
};

const BASE = BUILD_BASE_URL;
let out: string;

beforeAll(() => {
  out = productionBuild();
}, 900_000);

/** Every src/href a page loads, from script, link and img tags. */
function resources(html: string): string[] {
  return [...html.matchAll(/<(?:script|link|img)\b[^>]*?\b(?:src|href)=["']?([^"'\s>]+)/gi)].map((m) => m[1]);
}

test('taskpane.html and commands.html exist and load only same-origin resources', () => {
  for (const page of ['taskpane.html', 'commands.html']) {
    const html = fs.readFileSync(path.join(out, page), 'utf8');
    const urls = resources(html);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) {
      expect(u).not.toMatch(/^(https?:)?\/\//i); // relative only: the add-in's own origin
      expect(fs.existsSync(path.join(out, u.split('?')[0]))).toBe(true);
    }
  }
  // commands.html runs only in Office: a plain tag. taskpane.html writes the tag in wherever an Office
  // host may be (tests/webview.test.ts), not in a browser with none: the same address, relative too.
  expect(resources(fs.readFileSync(path.join(out, 'commands.html'), 'utf8'))).toContain('office-js/office.js');
  const officeJs = /jinduOfficeJs\s*=\s*["']([^"']+)["']/.exec(fs.readFileSync(path.join(out, 'taskpane.html'), 'utf8'))?.[1];
  expect(officeJs).toBe('office-js/office.js');
});

test('with --env officeCdn taskpane.html loads Office.js from the CDN with a plain tag, not written in by a script', () => {
  // Chrome may refuse a cross-site script written in by document.write on a slow connection.
  const template = require('lodash/template') as (source: string, options: object) => (data: Record<string, string>) => string;
  const CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
  const render = (officeJs: string) =>
    // html-webpack-plugin's settings: only <%= %> interpolates (the bootstrap has ${…} in a template literal).
    template(fs.readFileSync(path.join(ROOT, 'src/taskpane/taskpane.html'), 'utf8'), { interpolate: /<%=([\s\S]+?)%>/g })({
      officeJs,
      polyfills: 'polyfills.0.js',
    });
  expect(resources(render(CDN))).toContain(CDN);
  expect(render(CDN)).not.toContain('jinduOfficeJs');
  expect(resources(render('office-js/office.js'))).not.toContain('office-js/office.js');
});

test('Office.js is served with the add-in, with the Excel host scripts and locale strings', () => {
  expect(fs.existsSync(path.join(out, 'office-js', 'office.js'))).toBe(true);
  expect(fs.readdirSync(path.join(out, 'office-js')).some((f) => /^excel-win32-.*\.js$/.test(f))).toBe(true);
  expect(fs.existsSync(path.join(out, 'office-js', 'zh-cn', 'office_strings.js'))).toBe(true);
  expect(fs.readdirSync(path.join(out, 'office-js')).some((f) => f.endsWith('.debug.js'))).toBe(false);
});

test('Office.js files are served exactly as Microsoft ships them (not minified again by the build)', () => {
  const npm = path.dirname(require.resolve('@microsoft/office-js/dist/office.js'));
  const served = fs.readdirSync(path.join(out, 'office-js')).filter((f) => f.endsWith('.js'));
  expect(served.length).toBeGreaterThan(3);
  for (const f of [...served, 'zh-cn/office_strings.js']) {
    expect({ f, same: fs.readFileSync(path.join(out, 'office-js', f)).equals(fs.readFileSync(path.join(npm, f))) }).toEqual({
      f,
      same: true,
    });
  }
});

test('--env officeJsDir takes the Office.js files from a folder (a copy of the CDN) instead of the npm package', () => {
  const { officeJsPatterns } = require('../webpack.config.js') as {
    officeJsPatterns(dir?: string): Array<{ from: string; to: string; info: { minimized: boolean } }>;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-officejs-'));
  try {
    for (const f of ['office.js', 'office.debug.js', 'o15apptofilemappingtable.js', 'excel-win32-16.01.js', 'word-win32-16.01.js']) {
      fs.writeFileSync(path.join(dir, f), '/* x */');
    }
    fs.mkdirSync(path.join(dir, 'zh-cn'));
    fs.writeFileSync(path.join(dir, 'zh-cn', 'office_strings.js'), '/* x */');
    const patterns = officeJsPatterns(dir);
    expect(patterns.map((p) => p.to).sort()).toEqual([
      'office-js/excel-win32-16.01.js',
      'office-js/o15apptofilemappingtable.js',
      'office-js/office.js',
      'office-js/zh-cn/office_strings.js',
    ]);
    expect(patterns.every((p) => p.info.minimized && p.from.startsWith(dir))).toBe(true);
    expect(() => officeJsPatterns(path.join(dir, 'zh-cn'))).toThrow(/office\.js/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('built manifest points at the base URL and validates against the XSDs', async () => {
  const manifest = fs.readFileSync(path.join(out, 'manifest.xml'), 'utf8');
  expect(manifest).not.toContain('localhost');
  expect(manifest).toContain(`${BASE}taskpane.html`);
  expect(manifest).toContain(`${BASE}commands.html`);
  expect(manifest).toContain(`${BASE}assets/icon-80.png`);
  expect(manifest).toContain(`<AppDomain>${new URL(BASE).origin}</AppDomain>`);
  const result = await validateManifest(path.join(out, 'manifest.xml'));
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
});

test('icons referenced by the manifest are real PNGs of the stated sizes', () => {
  for (const size of [16, 32, 64, 80, 128]) {
    const png = fs.readFileSync(path.join(out, 'assets', `icon-${size}.png`));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(size);
    expect(png.readUInt32BE(20)).toBe(size);
  }
});

test('a malformed or plain-http base URL is refused', () => {
  const run = (url: string) =>
    execFileSync(
      process.execPath,
      [
        require.resolve('webpack-cli/bin/cli.js'),
        '--mode',
        'production',
        '--env',
        `baseUrl=${url}`,
        '--output-path',
        path.join(out, 'bad'),
      ],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
  expect(() => run('http://intranet.example/jindu/')).toThrow(/https/);
});

test('a plain build bundles no responsibility list: no lists/ beside the page, no seed text in any script, nothing read from ../shared', () => {
  expect(fs.existsSync(path.join(out, 'lists'))).toBe(false);
  const seedLines = fs
    .readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    // A distinctive line of each seed (its longest), which a bundled text or catalog would carry.
    .map((f) =>
      fs
        .readFileSync(path.join(SEEDS_DIR, f), 'utf8')
        .split('\n')
        .sort((a, b) => b.length - a.length)[0]
        .trim()
        .slice(0, 40),
    );
  const scripts = fs.readdirSync(out).filter((f) => f.endsWith('.js'));
  for (const f of scripts) {
    const code = fs.readFileSync(path.join(out, f), 'utf8');
    for (const line of seedLines) expect({ f, seed: code.includes(line) }).toEqual({ f, seed: false });
  }
  // What webpack compiles comes from src (and node_modules) only: the shared seed folder is read by the demo build's data step alone.
  const grep = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return grep(p);
      return /\.(ts|tsx)$/.test(e.name) && /from '(\.\.\/)+shared\//.test(fs.readFileSync(p, 'utf8')) ? [p] : [];
    });
  expect(grep(path.join(ROOT, 'src', 'taskpane'))).toEqual([]);
});
