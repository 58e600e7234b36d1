/**
 * The 台账 printed: LibreOffice Calc (soffice --headless --convert-to pdf) renders the story's
 * three-quarter ledger; pdftotext finds the title, the periods, the repeated header and the page
 * numbers on its pages, and the 完成情况 page, rendered to PNG by pdftoppm, carries the chart
 * (its legend and category labels drawn from the chart part). The PNGs are copied to
 * /tmp/jindu-shots to be looked at.
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { mergeToBytes } from './helpers/mergeToBytes';
import { previousProgress } from '../src/core/copiedProgress';
import { buildLedger } from '../src/core/ledger';
import { ledgerWorkbook } from '../src/core/ledgerWorkbook';
import { readConsolidationBytes, writeWorkbook } from '../src/xlsx';
import { STORY_AS_OF, storyCatalog, storyPeriod, writeStoryReturns, type StoryPeriodCode } from './helpers/periodStory';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const RUN = (has('soffice') && has('pdftotext') && has('pdftoppm')) || !!process.env.CI;
if (!RUN) console.warn('跳过台账打印测试：需要 soffice（libreoffice-calc-nogui）和 poppler-utils');
const describePrint = RUN ? describe : describe.skip;
const SHOTS = '/tmp/jindu-shots';

describePrint('the 台账 printed by LibreOffice', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-ledger-print-'));
  let pages: string[];

  beforeAll(async () => {
    const catalog = storyCatalog();
    let previous = await readConsolidationBytes(
      new Uint8Array(fs.readFileSync(path.join(__dirname, 'fixtures', 'legacy-consolidation-2019Q2.xlsx'))),
      'legacy-consolidation-2019Q2.xlsx',
    );
    const inputs = [{ record: previous, file: 'legacy-consolidation-2019Q2.xlsx' }];
    for (const code of ['2019Q3', '2019Q4'] as StoryPeriodCode[]) {
      const period = storyPeriod(code);
      const files = await writeStoryReturns(catalog, code, path.join(tmp, code));
      const { bytes } = await mergeToBytes(files, {
        catalog,
        period,
        asOf: STORY_AS_OF[code],
        previous: previousProgress(previous, period),
      });
      previous = await readConsolidationBytes(bytes, `汇总-${code}.xlsx`);
      inputs.push({ record: previous, file: `汇总-${code}.xlsx` });
    }
    const xlsx = path.join(tmp, 'ledger.xlsx');
    fs.writeFileSync(xlsx, await writeWorkbook(ledgerWorkbook(buildLedger(inputs))));
    // A profile of its own, so that other soffice runs (other test files) do not collide with this one.
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${path.join(tmp, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', tmp, xlsx],
      { stdio: 'pipe', timeout: 240_000 },
    );
    const text = execFileSync('pdftotext', ['-layout', path.join(tmp, 'ledger.pdf'), '-'], { encoding: 'utf8' });
    pages = text.split('\f').filter((p) => p.trim());
  }, 300_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('every page has the list’s title in its header, its page number in the footer, and the header rows', () => {
    expect(pages.length).toBeGreaterThanOrEqual(8);
    pages.forEach((p, i) => {
      expect(p).toContain('责任清单》台账');
      expect(p).toContain(`第 ${i + 1} 页，共 ${pages.length} 页`);
    });
    // The 台账 sheet's pages: the repeated title, periods and header rows; two periods a page.
    const ledgerPages = pages.filter((p) => p.includes('落实情况台账'));
    expect(ledgerPages.length).toBeGreaterThanOrEqual(4);
    for (const p of ledgerPages) {
      expect(p).toContain('报告期：2019年第二季度至2019年第四季度（共 3 期）');
      expect(p).toMatch(/序号\s+填报单位\s+任务编号\s+项目名称/);
    }
    const withQ4 = ledgerPages.filter((p) => p.includes('2019年第四季度') && /状态变化/.test(p));
    expect(withQ4.length).toBeGreaterThan(0);
    for (const p of withQ4) expect(p).not.toMatch(/2019年第二季度\s+2019年第三季度\s+2019年第四季度/);
  });

  test('the stalls, the late units and the completion chart are on their pages; the chart renders', () => {
    const stalls = pages.find((p) => p.includes('停滞任务') && p.includes('共 7 项'));
    expect(stalls).toContain('加强对基层干部扶贫政策培训');
    const late = pages.find((p) => p.includes('逾期及未报单位'));
    expect(late).toMatch(/区财政局\s+逾期（2019-06-28）\s+按时\s+逾期（2019-12-28）\s+2\s+0\s+2/);
    const at = pages.findIndex((p) => p.includes('各期完成情况'));
    expect(at).toBeGreaterThanOrEqual(0);
    // The chart's title, legend and categories are drawn text on the page.
    expect(pages[at]).toContain('各期任务完成情况（单位任务行数）');
    expect(pages[at]).toMatch(/已完成\s+推进中\s+未启动\s+未标明状态\s+未报/);
    const png = path.join(tmp, 'completion');
    execFileSync('pdftoppm', [
      '-r',
      '80',
      '-png',
      '-f',
      String(at + 1),
      '-l',
      String(at + 1),
      '-singlefile',
      path.join(tmp, 'ledger.pdf'),
      png,
    ]);
    const size = fs.statSync(`${png}.png`).size;
    expect(size).toBeGreaterThan(20_000);
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.copyFileSync(`${png}.png`, path.join(SHOTS, 'ledger-completion.png'));
    execFileSync('pdftoppm', [
      '-r',
      '80',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      path.join(tmp, 'ledger.pdf'),
      path.join(SHOTS, 'ledger-page1'),
    ]);
    console.log(`台账打印截图：${SHOTS}/ledger-completion.png、${SHOTS}/ledger-page1.png`);
  });
});
