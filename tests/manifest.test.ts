import path from 'path';
import fs from 'fs';
import os from 'os';
import { ROOT } from './helpers/paths';

const { validateManifest } = require('../scripts/validate-manifest.cjs') as {
  validateManifest(file: string): Promise<{ valid: boolean; errors: Array<{ message: string }> }>;
};

test('manifest.xml validates against the shared XSDs', async () => {
  const r = await validateManifest(path.join(ROOT, 'manifest.xml'));
  expect(r.errors).toEqual([]);
  expect(r.valid).toBe(true);
});

test('the validator rejects a manifest with a bad permission (it can fail)', async () => {
  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-manifest-')), 'manifest.xml');
  fs.writeFileSync(bad, fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8').replace('ReadWriteDocument', 'Bogus'));
  const r = await validateManifest(bad);
  expect(r.valid).toBe(false);
});

test('manifest: zh-CN default with en-US override, Workbook host, ExcelApi requirement, home-tab button', () => {
  const xml = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  expect(xml).toMatch(/<DefaultLocale>zh-CN<\/DefaultLocale>/);
  expect(xml).toMatch(/<DisplayName DefaultValue="进度通">\s*<Override Locale="en-US"/);
  expect(xml).toMatch(/<Host Name="Workbook"\/>/);
  // Only ExcelApi 1.1 is required to load: an add-in whose <Requirements> are not met does not load at
  // all ("Specify Office applications and API requirements", learn.microsoft.com/office/dev/add-ins/
  // develop/specify-office-hosts-and-api-requirements), so the pane checks ExcelApi 1.8 at run time
  // (src/taskpane/host.ts) and shows Office 2016/2019 volume-licensed users the way to the web page.
  expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.1"\/>/);
  expect(xml).not.toMatch(/MinVersion="1\.[2-9]/);
  expect(xml).toMatch(/<Permissions>ReadWriteDocument<\/Permissions>/);
  expect(xml).toMatch(/<OfficeTab id="TabHome">/);
  expect(xml).toMatch(/<Action xsi:type="ShowTaskpane">/);
});
