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

  test('the core-js polyfills the code needs are in the build, and taken from the preset (no hand-written list)', () => {
    const all = scripts(dist)
      .filter((f) => !f.includes(`${path.sep}office-js${path.sep}`))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    // Object.fromEntries and Array.prototype.flat arrived after EdgeHTML 18; the code uses both.
    expect(all).toMatch(/fromEntries/);
    expect(all).toMatch(/flatMap|\.flat\(/);
    expect(all).toMatch(/core-js/);
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

/**
 * Runs the bootstrap in a sandbox with a minimal DOM. `engine` says what the JavaScript engine has:
 * the ECMAScript version its parser accepts (the Function constructor parses with acorn at that
 * version) and the globals it provides.
 */
function runBootstrap(engine: { ecmaVersion: acorn.ecmaVersion; globals: string[]; cssVariables: boolean }) {
  const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
  const code = inlineScripts(html).join('\n');
  const elements = new Map<string, FakeElement>(
    ['container', 'too-old', 'too-old-link'].map((id) => [id, { id, style: {} } as FakeElement]),
  );
  function FakeFunction(...args: string[]) {
    const body = args[args.length - 1];
    const error = syntaxError(`(function(${args.slice(0, -1).join(',')}) {\n${body}\n})`, engine.ecmaVersion);
    if (error) throw new SyntaxError(error);
    return () => undefined;
  }
  const window: Record<string, unknown> = {
    location: {
      protocol: 'https:',
      host: 'fupin.example.gov.cn',
      pathname: '/jindu/taskpane.html',
      search: '?_host_Info=Excel$Win32$16.01$zh-CN',
    },
    CSS: engine.cssVariables ? { supports: (p: string) => p.startsWith('--') } : undefined,
  };
  for (const g of engine.globals) window[g] = function () {};
  const document = { getElementById: (id: string) => elements.get(id) ?? null };
  const sandbox: Record<string, unknown> = { window, document, Function: FakeFunction };
  for (const g of engine.globals) sandbox[g] = window[g];
  vm.runInNewContext(code, sandbox, { timeout: 1000 });
  return { window, elements, code };
}

const ES2017_GLOBALS = ['Promise', 'Symbol', 'Map', 'WeakMap'];

describe('the ES5 bootstrap in taskpane.html', () => {
  test('is ES5, and runs before the bundle', () => {
    const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    const code = inlineScripts(html).join('\n');
    expect(code).toMatch(/jinduTooOld/);
    expect(syntaxError(code, 5)).toBeNull();
    // Office.js first (synchronous), then the bootstrap; the bundle is deferred, so it runs after both.
    expect(html.indexOf('office-js/office.js')).toBeLessThan(html.indexOf('jinduTooOld'));
    for (const m of html.matchAll(/<script\b[^>]*src=["']?([^"'\s>]+)[^>]*>/g)) {
      if (!m[1].includes('office-js')) expect(m[0]).toMatch(/\bdefer\b/);
    }
  });

  test('Trident (IE11: ES5 parser, no Symbol, Map but no CSS variables): the message, with the address of this page for a browser', () => {
    const { window, elements } = runBootstrap({ ecmaVersion: 5, globals: ['Map', 'WeakMap'], cssVariables: false });
    expect(window.jinduTooOld).toBe(true);
    expect(elements.get('too-old')?.style.display).toBe('block');
    expect(elements.get('container')?.style.display).toBe('none');
    // The same deployment's page, without the query Office adds: opened in a browser it is the web page.
    expect(elements.get('too-old-link')?.href).toBe('https://fupin.example.gov.cn/jindu/taskpane.html');
    expect(elements.get('too-old-link')?.innerText).toBe('https://fupin.example.gov.cn/jindu/taskpane.html');
  });

  test('an engine with the built-ins but an ES5 parser still gets the message (syntax is tested, not guessed from the user agent)', () => {
    const { window } = runBootstrap({ ecmaVersion: 5, globals: ES2017_GLOBALS, cssVariables: true });
    expect(window.jinduTooOld).toBe(true);
  });

  test('EdgeHTML 18 (ES2017, CSS variables): the pane starts, nothing is shown', () => {
    const { window, elements } = runBootstrap({ ecmaVersion: 2017, globals: ES2017_GLOBALS, cssVariables: true });
    expect(window.jinduTooOld).toBeUndefined();
    expect(elements.get('too-old')?.style.display).toBeUndefined();
    expect(elements.get('container')?.style.display).toBeUndefined();
  });

  test('the message is in Chinese and names the web page and the Excel versions that run the pane', () => {
    const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    const box = /<div id="?too-old"?[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(box).toMatch(/Excel 过旧/);
    expect(box).toMatch(/网页版/);
    expect(box).toMatch(/Microsoft 365、Office 2021/);
  });
});
