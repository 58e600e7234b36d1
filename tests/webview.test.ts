/**
 * What the webviews that run task panes can parse and run, checked on the production build.
 *
 * Microsoft's "Browsers and webview controls used by Office Add-ins" (learn.microsoft.com/office/dev/
 * add-ins/concepts/browsers-used-by-office-web-add-ins) lists EdgeHTML (Microsoft Edge Legacy, the
 * engine of Edge 18) for Office 2016/2019 retail and Microsoft 365 builds without the WebView2
 * runtime, and Trident+ (Internet Explorer 11, ES5 only) for volume-licensed Office 2016/2019 and
 * older Windows. EdgeHTML 18 parses ECMAScript 2017 and nothing newer (no object spread, optional
 * catch binding, ?. or ??, and no lookbehind, named groups, s flag or \p{…} in regular expressions),
 * so every emitted script must parse as ES2017; the bootstrap in taskpane.html must parse and run as
 * ES5, and show Trident's users the way to the web page ("Support older Microsoft webviews and Office
 * versions", learn.microsoft.com/office/dev/add-ins/develop/support-ie-11).
 */
import fs from 'fs';
import path from 'path';
import vm from 'vm';
import * as acorn from 'acorn';
import { productionBuild } from './helpers/build';
import { ROOT } from './helpers/paths';

const TARGET = 2017;
let dist: string;

beforeAll(() => {
  dist = productionBuild();
}, 900_000);

function scripts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? scripts(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

/** The scripts the build makes (Office.js, copied as Microsoft ships it, left out). */
function ourScripts(): string[] {
  return scripts(dist).filter((f) => !f.includes(`${path.sep}office-js${path.sep}`));
}

/** ExcelJS's prebuilt browser bundle (package.json "browser"), which carries its own Babel helpers and core-js. */
function isExcelJsBundle(code: string): boolean {
  return code.includes('exceljs/exceljs/blob/master/UPGRADE-4');
}

function syntaxError(code: string, ecmaVersion: acorn.ecmaVersion): string | null {
  try {
    acorn.parse(code, { ecmaVersion, sourceType: 'script' });
    return null;
  } catch (e) {
    const pos = (e as { pos?: number }).pos ?? 0;
    return `${(e as Error).message} near ${JSON.stringify(code.slice(Math.max(0, pos - 60), pos + 30))}`;
  }
}

type Node = { type: string; [k: string]: unknown };

function* nodes(n: unknown): Generator<Node> {
  if (!n || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const c of n) yield* nodes(c);
    return;
  }
  const node = n as Node;
  if (typeof node.type === 'string') yield node;
  for (const [k, v] of Object.entries(node)) if (k !== 'loc' && v && typeof v === 'object') yield* nodes(v);
}

/** Patterns given to RegExp(…) as text, with their flags (template parts joined by a plain character). */
function regExpConstructions(code: string): Array<{ pattern: string; flags: string }> {
  const out: Array<{ pattern: string; flags: string }> = [];
  const text = (a: Node | undefined): string | null => {
    if (!a) return '';
    if (a.type === 'Literal' && typeof a.value === 'string') return a.value;
    if (a.type === 'TemplateLiteral') return (a.quasis as Array<{ value: { cooked: string } }>).map((q) => q.value.cooked).join('x');
    return null;
  };
  for (const n of nodes(acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script' }))) {
    if ((n.type !== 'NewExpression' && n.type !== 'CallExpression') || (n.callee as Node).type !== 'Identifier') continue;
    if ((n.callee as { name: string }).name !== 'RegExp') continue;
    const [p, f] = n.arguments as Node[];
    const pattern = text(p);
    const flags = text(f);
    if (pattern !== null && flags !== null) out.push({ pattern, flags });
  }
  return out;
}

describe('every emitted script parses as ECMAScript 2017 (EdgeHTML 18)', () => {
  test('the check can fail: ES2018+ syntax is refused at the target version', () => {
    for (const code of ['a?.b', 'a ?? b', 'x = {...a}', 'try {} catch {}', '/(?<=a)b/', '/(?<y>a)/', '/a/s', 'async function* g() {}']) {
      expect(syntaxError(code, TARGET)).not.toBeNull();
    }
    expect(syntaxError('const f = async (a, ...b) => `${a}`; class C {}', TARGET)).toBeNull();
  });

  /**
   * pdf.js (read only when a PDF list is imported, loaded on that click) needs a newer engine:
   * import() and \p{…} escapes in patterns built at run time. Where it does not load the page says
   * so (PDF_ENGINE_TOO_OLD) and everything else works; these two chunks are the only exception.
   */
  const PDF_CHUNKS = /^pdfjs(?:-worker)?\.[0-9a-f]+\.js$/;

  test('the PDF reader’s chunks are the only ones left out, and none of them loads before the first interaction', () => {
    const left = scripts(dist).filter((f) => PDF_CHUNKS.test(path.basename(f)));
    expect(left.map((f) => path.basename(f).replace(/\.[0-9a-f]+\.js$/, '')).sort()).toEqual(['pdfjs', 'pdfjs-worker']);
    const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    expect(html).not.toMatch(/pdfjs/);
  });

  test('every .js file of the build, dependencies and Office.js included', () => {
    const files = scripts(dist).filter((f) => !PDF_CHUNKS.test(path.basename(f)));
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.includes(`${path.sep}office-js${path.sep}`))).toBe(true);
    const bad = files
      .map((f) => ({ file: path.relative(dist, f), error: syntaxError(fs.readFileSync(f, 'utf8'), TARGET) }))
      .filter((x) => x.error);
    expect(bad).toEqual([]);
  });

  test('regular expressions built at run time from text use only ES2017 features too', () => {
    const bad: string[] = [];
    let seen = 0;
    for (const f of scripts(dist).filter((x) => !x.includes(`${path.sep}office-js${path.sep}`) && !PDF_CHUNKS.test(path.basename(x)))) {
      for (const { pattern, flags } of regExpConstructions(fs.readFileSync(f, 'utf8'))) {
        seen++;
        const literal = `/${pattern.replace(/\//g, '\\/').replace(/\n/g, '\\n')}/${flags}`;
        const error = syntaxError(literal, TARGET);
        if (error) bad.push(`${path.relative(dist, f)}: ${literal.slice(0, 120)}: ${error}`);
      }
    }
    // The deadline grammar builds its patterns this way.
    expect(seen).toBeGreaterThan(5);
    expect(bad).toEqual([]);
  });

  test('Babel helpers come from @babel/runtime: one copy per bundle, not one in every module that needs them', () => {
    // _toPrimitive's message is in every copy of that helper (Babel would inline it into every module that spreads an object).
    const HELPER = '@@toPrimitive must return a primitive value';
    const copies = ourScripts()
      .map((f) => ({ file: path.relative(dist, f), code: fs.readFileSync(f, 'utf8') }))
      .map(({ file, code }) => ({ file, n: code.split(HELPER).length - 1, prebuilt: isExcelJsBundle(code) }));
    expect(copies.filter((x) => x.n > 1 && !x.prebuilt)).toEqual([]);
    expect(copies.some((x) => x.n === 1)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The polyfill script

function read(file: string): string {
  return fs.readFileSync(path.join(dist, file), 'utf8');
}

/** The polyfill script's file, as taskpane.html's bootstrap names it. */
function polyfillFile(): string {
  const m = /jinduPolyfills\s*=\s*["']([^"']+)["']/.exec(read('taskpane.html'));
  if (!m) throw new Error('taskpane.html does not name the polyfill script');
  return m[1];
}

/** core-js's shared store: in every script that holds core-js (its global key). */
const CORE_JS = '__core-js_shared__';

describe('the polyfill script', () => {
  test('holds core-js for the browserslist engines, chosen by the preset (no hand-written list)', () => {
    const code = read(polyfillFile());
    // Object.fromEntries and Array.prototype.flatMap arrived after EdgeHTML 18.
    expect(['fromEntries', 'flatMap', CORE_JS].filter((s) => !code.includes(s))).toEqual([]);
    expect(fs.readFileSync(path.join(ROOT, 'src/taskpane/polyfills.ts'), 'utf8')).toMatch(/^import 'core-js\/stable';$/m);
  });

  test('no other script of the page or the worker carries polyfills', () => {
    const withCoreJs = ourScripts()
      .filter((f) => path.basename(f) !== polyfillFile())
      // pdf.js's legacy build carries its own too (in the chunks read only for a PDF list).
      .filter((f) => !/^pdfjs(?:-worker)?\.[0-9a-f]+\.js$/.test(path.basename(f)))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .filter((code) => code.includes(CORE_JS));
    // ExcelJS's prebuilt bundle brings its own (in the lazy chunk that writes workbooks): none of ours.
    expect(withCoreJs.filter((code) => !isExcelJsBundle(code))).toEqual([]);
    // The bootstrap writes the tag from a variable: no literal address for build.test's resource check to follow.
    expect(inlineScripts(read('taskpane.html')).join('\n')).not.toMatch(/<script\b[^>]*\bsrc=["']?\w/);
  });
});

// ---------------------------------------------------------------------------------------------
// The bootstrap

interface FakeElement {
  id: string;
  style: { display?: string };
  href?: string;
  innerText?: string;
}

/** taskpane.html's inline scripts (those without src). */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\bsrc=/.test(m[1])).map((m) => m[2]);
}

/** An engine as the bootstrap sees it. */
interface Engine {
  /** The ECMAScript version its parser accepts (the Function constructor parses with acorn at that version). */
  ecmaVersion: acorn.ecmaVersion;
  cssVariables: boolean;
  /** Built-ins it lacks (globals or dotted paths), deleted from the sandbox's own before anything runs. */
  lacks: string[];
}

/** The built-ins of ES2019 and later (and the web's queueMicrotask) that EdgeHTML 18 lacks. */
const AFTER_ES2017 = [
  'Array.prototype.flat',
  'Array.prototype.flatMap',
  'Object.fromEntries',
  'String.prototype.trimStart',
  'String.prototype.trimEnd',
  'Symbol.prototype.description',
  'String.prototype.matchAll',
  'Promise.allSettled',
  'globalThis',
  'String.prototype.replaceAll',
  'Promise.any',
  'Array.prototype.at',
  'String.prototype.at',
  'Object.hasOwn',
  'Array.prototype.findLast',
  'Array.prototype.toSorted',
  'queueMicrotask',
];

/** Where the page runs: the address and what the host puts on the window. */
interface Place {
  search?: string;
  hash?: string;
  /** Inside a frame (window.parent is another window). */
  framed?: boolean;
  /** Everything else the host puts on the window (name, external, chrome, webkit, sessionStorage, agaveHost). */
  window?: Record<string, unknown>;
}

/** Excel on Windows: the pane's address carries the host. */
const EXCEL_WIN32: Place = { search: '?_host_Info=Excel$Win32$16.01$zh-CN$$$$0' };
/** A browser, the page opened by its address (a preset link's query). */
const BROWSER: Place = { search: '?catalog=000_45cf8959af68998b&period=2019Q2' };

/**
 * Runs taskpane.html's inline scripts (after `before`, e.g. the polyfill script) in a sandbox with a
 * minimal DOM and the engine's built-ins: the sandbox's own intrinsics, less those the engine lacks.
 * `written` holds what they document.write.
 */
function runBootstrap(engine: Engine, before: string[] = [], place: Place = EXCEL_WIN32) {
  const code = inlineScripts(read('taskpane.html')).join('\n');
  const elements = new Map<string, FakeElement>(
    ['container', 'too-old', 'too-old-link'].map((id) => [id, { id, style: {} } as FakeElement]),
  );
  function FakeFunction(...args: string[]) {
    const body = args[args.length - 1];
    const error = syntaxError(`(function(${args.slice(0, -1).join(',')}) {\n${body}\n})`, engine.ecmaVersion);
    if (error) throw new SyntaxError(error);
    return () => undefined;
  }
  const written: string[] = [];
  const document = { getElementById: (id: string) => elements.get(id) ?? null, write: (html: string) => void written.push(html) };
  const sandbox: Record<string, unknown> = {
    document,
    queueMicrotask,
    location: {
      protocol: 'https:',
      host: 'fupin.example.gov.cn',
      pathname: '/jindu/taskpane.html',
      search: place.search ?? '',
      hash: place.hash ?? '',
    },
    name: '',
    CSS: engine.cssVariables ? { supports: (p: string) => p.startsWith('--') } : undefined,
  };
  // Getters stay getters (a host may throw on reading sessionStorage).
  Object.defineProperties(sandbox, Object.getOwnPropertyDescriptors(place.window ?? {}));
  const context = vm.createContext(sandbox);
  vm.runInContext('var window = globalThis;', context);
  sandbox.parent = place.framed ? {} : vm.runInContext('window', context);
  // Properties first, then the globals they hang on (Symbol.prototype.description before Symbol).
  const lacks = [...engine.lacks].sort((a, b) => Number(!a.includes('.')) - Number(!b.includes('.')));
  for (const name of lacks) vm.runInContext(name.includes('.') ? `delete ${name};` : `delete window.${name};`, context);
  for (const script of before) vm.runInContext(script, context, { timeout: 10_000 });
  // The bootstrap's syntax test goes through the Function constructor (set only now: the scripts before need the real one).
  sandbox.Function = FakeFunction;
  vm.runInContext(code, context, { timeout: 1000 });
  const office = written.filter((html) => html.includes('office-js/office.js'));
  return { window: sandbox, elements, written: written.filter((html) => !office.includes(html)), office, context };
}

const EDGE_18: Engine = { ecmaVersion: 2017, cssVariables: true, lacks: AFTER_ES2017 };
const ES2022_ENGINE: Engine = { ecmaVersion: 2022, cssVariables: true, lacks: [] };

describe('the ES5 bootstrap in taskpane.html', () => {
  test('is ES5, and runs before the bundle', () => {
    const html = read('taskpane.html');
    const code = inlineScripts(html).join('\n');
    expect(code).toMatch(/jinduTooOld/);
    expect(syntaxError(code, 5)).toBeNull();
    // Office.js first (written in synchronously where a host may be), then the bootstrap; the bundle is deferred, so it runs after both.
    expect(html.indexOf('office-js/office.js')).toBeLessThan(html.indexOf('jinduTooOld'));
    expect(html.indexOf('office-js/office.js')).toBeLessThan(html.search(/<script\b[^>]*\bsrc=/));
    for (const m of html.matchAll(/<script\b[^>]*src=["']?([^"'\s>]+)[^>]*>/g)) {
      if (!m[1].includes('office-js')) expect(m[0]).toMatch(/\bdefer\b/);
    }
  });

  test('Trident (IE11: ES5 parser, no Symbol, Map but no CSS variables): the message, with the address of this page for a browser', () => {
    const { window, elements, written } = runBootstrap({
      ecmaVersion: 5,
      lacks: ['Promise', 'Symbol', ...AFTER_ES2017],
      cssVariables: false,
    });
    expect(window.jinduTooOld).toBe(true);
    expect(elements.get('too-old')?.style.display).toBe('block');
    expect(elements.get('container')?.style.display).toBe('none');
    // The same deployment's page, without the query Office adds: opened in a browser it is the web page.
    expect(elements.get('too-old-link')?.href).toBe('https://fupin.example.gov.cn/jindu/taskpane.html');
    expect(elements.get('too-old-link')?.innerText).toBe('https://fupin.example.gov.cn/jindu/taskpane.html');
    expect(written).toEqual([]); // no polyfill script for an engine that cannot run the pane anyway
  });

  test('an engine with the built-ins but an ES5 parser still gets the message (syntax is tested, not guessed from the user agent)', () => {
    const { window } = runBootstrap({ ecmaVersion: 5, lacks: [], cssVariables: true });
    expect(window.jinduTooOld).toBe(true);
  });

  test('EdgeHTML 18 (ES2017, CSS variables, none of the later built-ins): the pane starts with the polyfill script written in first', () => {
    const { window, elements, written } = runBootstrap(EDGE_18);
    expect(window.jinduTooOld).toBeUndefined();
    expect(elements.get('too-old')?.style.display).toBeUndefined();
    expect(elements.get('container')?.style.display).toBeUndefined();
    expect(window.jinduPolyfills).toBe(polyfillFile());
    expect(written).toEqual([`<script src="${polyfillFile()}"></script>`]);
    expect(fs.existsSync(path.join(dist, polyfillFile()))).toBe(true);
    // Parser-inserted by document.write, the script runs before the bundle, which is deferred.
    expect(read('taskpane.html')).toMatch(
      /<script\b[^>]*\bdefer\b[^>]*src=["']?taskpane\.[0-9a-f]+\.js|<script\b[^>]*src=["']?taskpane\.[0-9a-f]+\.js[^>]*\bdefer\b/,
    );
  });

  test('an engine with the built-ins of ES2022 loads no polyfill', () => {
    const { window, written } = runBootstrap(ES2022_ENGINE);
    expect(window.jinduTooOld).toBeUndefined();
    expect(window.jinduPolyfills).toBeUndefined();
    expect(written).toEqual([]);
  });

  test.each(AFTER_ES2017.filter((b) => !/findLast|toSorted/.test(b)))('an engine lacking only %s gets the polyfill script', (builtIn) => {
    const { written } = runBootstrap({ ...ES2022_ENGINE, lacks: [builtIn] });
    expect(written).toEqual([`<script src="${polyfillFile()}"></script>`]);
  });

  const OFFICE_TAG = '<script type="text/javascript" src="office-js/office.js"></script>';
  const sessionStorage = (items: Record<string, string>) => ({ getItem: (k: string) => items[k] ?? null });

  test.each<[string, Place]>([
    ['Excel on Windows (the host in the address)', EXCEL_WIN32],
    ['Excel on the Mac', { search: '?_host_Info=Excel$Mac$16.01$zh-CN$$$$0' }],
    [
      'Excel on the web (in a frame, the host in window.name)',
      { framed: true, window: { name: JSON.stringify({ hostInfo: 'Excel|Web|16.00|zh-CN|x|', xdmInfo: 'x' }) } },
    ],
    ['a Trident or EdgeHTML webview (window.external)', { ...BROWSER, window: { external: { GetHostInfo: () => 'Excel|Win32|16.01' } } }],
    ['an older host (window.external.GetContext)', { window: { external: { GetContext: () => ({}) } } }],
    [
      'the pane reloaded without its query (sessionStorage)',
      { window: { sessionStorage: sessionStorage({ hostInfoValue: 'Excel$Win32$16.01' }) } },
    ],
    ['WebView2', { window: { chrome: { webview: {} } } }],
    ['WKWebView', { window: { webkit: { messageHandlers: {} } } }],
    ['the host information in the hash', { hash: '#_xdm_Info=a$b' }],
    [
      'an engine that refuses sessionStorage',
      {
        window: {
          get sessionStorage(): never {
            throw new Error('SecurityError');
          },
        },
      },
    ],
  ])('Office.js is written in, before anything else, for %s', (_, place) => {
    const { office } = runBootstrap(ES2022_ENGINE, [], place);
    expect(office).toEqual([OFFICE_TAG]);
  });

  test('a page opened on its own in a browser, or framed by another page, loads no Office.js (it would find no host there, and blank the frame)', () => {
    expect(runBootstrap(ES2022_ENGINE, [], { ...BROWSER, framed: true }).office).toEqual([]);
    const { office, written, window } = runBootstrap(ES2022_ENGINE, [], {
      ...BROWSER,
      window: { external: {}, sessionStorage: sessionStorage({}), chrome: {} },
    });
    expect(office).toEqual([]);
    expect(written).toEqual([]);
    expect(window.jinduTooOld).toBeUndefined();
    // The web page's polyfills do not depend on it.
    expect(runBootstrap(EDGE_18, [], BROWSER).written).toEqual([`<script src="${polyfillFile()}"></script>`]);
  });

  test('the polyfill script supplies every built-in the bootstrap checks for', () => {
    const { written, context } = runBootstrap(EDGE_18, [read(polyfillFile())]);
    expect(written).toEqual([]);
    expect(vm.runInContext('typeof Object.fromEntries + typeof [].flat + typeof "".replaceAll + typeof Object.hasOwn', context)).toBe(
      'functionfunctionfunctionfunction',
    );
  });

  test("the checks follow the library the code is type-checked against (tsconfig's lib: ES2022)", () => {
    // A newer "lib" lets the code call newer built-ins: the bootstrap must then check for them too.
    const lib = (JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { lib: string[] } })
      .compilerOptions.lib;
    const es = lib.filter((l) => /^es\d+$/i.test(l)).map((l) => Number(l.slice(2)));
    expect(Math.max(...es)).toBe(2022);
    expect(lib.some((l) => /^esnext/i.test(l))).toBe(false);
  });

  test('the message is in Chinese and names the web page and the Excel versions that run the pane', () => {
    const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    const box = /<div id="?too-old"?[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(box).toMatch(/Excel 过旧/);
    expect(box).toMatch(/网页版/);
    expect(box).toMatch(/Microsoft 365、Office 2021/);
  });
});
