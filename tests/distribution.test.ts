/**
 * Distribution: templates that open the add-in by themselves (web-extension parts naming the
 * manifest's Id, version and store), STALE_CATALOG in a merge, and `jindu deploy`.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { unzipSync, strFromU8 } from 'fflate';
import { ADDIN_ID, ADDIN_VERSION, addinReference } from '../src/core/addin';
import { catalogFromWorkbook, catalogToWorkbook } from '../src/core/catalogFile';
import { consolidate } from '../src/core/consolidation';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate } from '../src/core/template';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { readWebExtension } from '../src/xlsx/webExtension';
import { fillTemplate } from '../src/cli/simulate';
import { normaliseBaseUrl, normaliseShare, trustedCatalogReg } from '../src/cli/deploy';
import { BUILD_BASE_URL, productionBuild } from './helpers/build';
import { ROOT, SEEDS, seedPath } from './helpers/paths';

const catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-dist-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function jindu(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jindu.cjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the add-in identity in templates is the manifest’s Id and version; the manifest auto-shows that pane', () => {
  const manifest = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  expect(manifest).toContain(`<Id>${ADDIN_ID}</Id>`);
  expect(manifest).toContain(`<Version>${ADDIN_VERSION}</Version>`);
  expect(manifest).toMatch(/<TaskpaneId>Office\.AutoShowTaskpaneWithDocument<\/TaskpaneId>/);
});

test('a template carries webextension and taskpanes parts, related and typed, and still reads as a workbook', async () => {
  const bytes = await writeWorkbook(buildTemplate(catalog, '区教育局', Q2, { addin: addinReference('\\\\fupin-srv\\jindu') }));
  const files = unzipSync(bytes);
  expect(strFromU8(files['[Content_Types].xml'])).toContain(
    'PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"',
  );
  expect(strFromU8(files['[Content_Types].xml'])).toContain(
    'PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"',
  );
  expect(strFromU8(files['_rels/.rels'])).toContain(
    'Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"',
  );
  expect(strFromU8(files['xl/webextensions/_rels/taskpanes.xml.rels'])).toContain('Target="webextension1.xml"');
  expect(readWebExtension(bytes)).toEqual({
    reference: { id: ADDIN_ID, version: ADDIN_VERSION, store: '\\\\fupin-srv\\jindu', storeType: 'FileSystem' },
    autoShow: true,
    visibility: '1',
  });
  const book = await readWorkbook(bytes, 'x.xlsx');
  const read = readReturn(book, 'x.xlsx');
  expect(read.ok && read.report.meta.unit).toBe('区教育局');
  // Without a share the reference names Microsoft 365 centralized deployment.
  const central = await writeWorkbook(buildTemplate(catalog, '区教育局', Q2, { addin: addinReference() }));
  expect(readWebExtension(central)?.reference).toMatchObject({ storeType: 'EXCatalog', store: 'EXCatalog' });
  // And a plain template has none.
  expect(readWebExtension(await writeWorkbook(buildTemplate(catalog, '区教育局', Q2)))).toBeNull();
});

test('jindu template --all: every file of every reporting unit opens the add-in by design', () => {
  const dir = path.join(tmp, 'all');
  expect(
    jindu(['template', '--catalog', '000_45cf8959af68998b', '--period', '2019Q2', '--all', '--share', '\\\\fupin-srv\\jindu', '-o', dir])
      .code,
  ).toBe(0);
  const names = fs.readdirSync(dir);
  expect(names).toHaveLength(27);
  for (const n of names) {
    const ext = readWebExtension(new Uint8Array(fs.readFileSync(path.join(dir, n))));
    expect(ext?.reference.id).toBe(ADDIN_ID);
    expect(ext?.autoShow).toBe(true);
  }
  const plain = path.join(tmp, 'plain.xlsx');
  expect(
    jindu(['template', '--catalog', '000_45cf8959af68998b', '--period', '2019Q2', '--unit', '区教育局', '--no-addin', '-o', plain]).code,
  ).toBe(0);
  expect(readWebExtension(new Uint8Array(fs.readFileSync(plain)))).toBeNull();
});

test('merge: a return made from an older catalog is flagged STALE_CATALOG and 报送情况 shows the version each unit used', async () => {
  // The administrator edits the catalog after the templates went out.
  const spec = catalogToWorkbook(catalog);
  spec.sheets[0].rows.push(['TADDED', '新增督查任务', '开展专项督查。', '区教育局', '', '', '2019年9月底前', '', '']);
  const newer = catalogFromWorkbook(await readWorkbook(await writeWorkbook(spec)));
  expect(newer.version).not.toBe(catalog.version);
  const oldReturn = await writeWorkbook(
    fillTemplate(buildTemplate(catalog, '区教育局', Q2), 0, { filledDate: '2019-06-20', reporter: '张三', phone: '13902771234' }),
  );
  const newReturn = await writeWorkbook(
    fillTemplate(buildTemplate(newer, '区财政局', Q2), 0, { filledDate: '2019-06-20', reporter: '李四', phone: '13902771235' }),
  );
  const inputs = [];
  for (const [file, bytes] of [
    ['old.xlsx', oldReturn],
    ['new.xlsx', newReturn],
  ] as const) {
    const book = await readWorkbook(bytes, file);
    inputs.push({ file, outcome: readReturn(book, file), saved: book.modified });
  }
  const result = consolidate(inputs, { catalog: newer, period: Q2, asOf: '2019-06-30' });
  const old = result.summary.files.find((f) => f.file === 'old.xlsx');
  expect(old?.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['STALE_CATALOG', 'MISSING_TASK']));
  expect(result.summary.files.find((f) => f.file === 'new.xlsx')?.findings.map((f) => f.code)).not.toContain('STALE_CATALOG');
  const sheet = result.workbook.sheets.find((s) => s.name === '报送情况');
  const header = sheet?.rows[2] ?? [];
  const col = header.indexOf('清单版本');
  expect(col).toBeGreaterThan(0);
  expect(sheet?.rows.find((r) => r[1] === '区教育局')?.[col]).toBe(catalog.version);
  expect(sheet?.rows.find((r) => r[1] === '区财政局')?.[col]).toBe(newer.version);
});

describe('jindu deploy', () => {
  test('the .reg file is a well-formed version 5.00 registry file in UTF-16LE with the share escaped', () => {
    const bytes = trustedCatalogReg('\\\\fupin-srv\\进度通');
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const text = Buffer.from(bytes.subarray(2)).toString('utf16le');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Windows Registry Editor Version 5.00');
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^\[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16\.0\\WEF\\TrustedCatalogs\\\{[0-9A-F-]{36}\}\]$/);
    const id = /\{[0-9A-F-]{36}\}/.exec(lines[2])?.[0];
    expect(lines).toContain(`"Id"="${id}"`);
    expect(lines).toContain('"Url"="\\\\\\\\fupin-srv\\\\进度通"');
    expect(lines).toContain('"Flags"=dword:00000001');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  test('bad arguments get Chinese messages', () => {
    expect(() => normaliseBaseUrl('http://intranet/jindu/')).toThrow(/https/);
    expect(() => normaliseBaseUrl('not a url')).toThrow(/不是有效的网址/);
    expect(() => normaliseShare('D:\\jindu')).toThrow(/网络共享路径/);
    expect(normaliseShare('//srv/jindu/')).toBe('\\\\srv\\jindu');
  });

  test('writes the site, a validated manifest for the share, the .reg file and the IT README', async () => {
    const out = path.join(tmp, 'deploy');
    // The run's one production build (made for this address) stands in for deploy's own webpack run.
    expect(BUILD_BASE_URL).toBe('https://fupin.example.gov.cn/jindu/');
    const site = productionBuild();
    const r = jindu(['deploy', '--base-url', 'https://fupin.example.gov.cn/jindu', '--share', '\\\\fupin-srv\\jindu', '-o', out], {
      JINDU_DEPLOY_SITE: site,
    });
    expect(r.stderr + r.stdout).toMatch(/已通过架构校验/);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'site', 'taskpane.html'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'site', 'office-js', 'office.js'))).toBe(true);
    const manifest = fs.readFileSync(path.join(out, 'manifest', 'manifest.xml'), 'utf8');
    expect(manifest).toContain('https://fupin.example.gov.cn/jindu/taskpane.html');
    const { validateManifest } = require('../scripts/validate-manifest.cjs');
    expect((await validateManifest(path.join(out, 'manifest', 'manifest.xml'))).valid).toBe(true);
    expect(fs.readFileSync(path.join(out, 'trusted-catalog.reg')).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    const readme = fs.readFileSync(path.join(out, 'README-部署说明.txt'), 'utf8');
    expect(readme).toContain('https://fupin.example.gov.cn/jindu/taskpane.html');
    expect(readme).toContain('\\\\fupin-srv\\jindu');
    expect(readme).toMatch(/受信任的加载项目录/);
    // Which Excel runs the pane, and the web page for the others.
    expect(readme).toMatch(/Microsoft 365/);
    expect(readme).toMatch(/Office 2016、Office 2019 批量许可版/);
    expect(readme).toMatch(/网页版/);
    // A prebuilt site for another address is refused.
    const wrong = jindu(['deploy', '--base-url', 'https://other.example.gov.cn/jindu', '--share', '\\\\fupin-srv\\jindu', '-o', out], {
      JINDU_DEPLOY_SITE: site,
    });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/不是为 https:\/\/other\.example\.gov\.cn\/jindu\/ 构建的/);
  }, 900_000);
});
