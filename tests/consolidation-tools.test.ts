/**
 * The 汇总's data sheet outside the product: a 汇总 opened and saved again in LibreOffice Calc (as an
 * office does after looking at it or adding a note) keeps its record; a Python script with openpyxl
 * reads the sheet as docs/consolidation-data.md describes it (keys, then the table by column name).
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import { DATA_SHEET } from '../src/core/consolidationRecord';
import { readReturn } from '../src/core/returnReader';
import { readConsolidationBytes, writeWorkbook } from '../src/xlsx';
import { asData } from './helpers/excelPane';
import { STORY, STORY_AS_OF, storyCatalog, storyPeriod, storyReturnSpec } from './helpers/periodStory';

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const SOFFICE = has('sh', ['-c', 'command -v soffice']);
// Debian's python3 with python3-openpyxl (not whatever python3 comes first on the PATH).
const PYTHON = '/usr/bin/python3';
const OPENPYXL = has(PYTHON, ['-c', 'import openpyxl']);
const RUN = (SOFFICE && OPENPYXL) || !!process.env.CI;
if (!RUN) console.warn('跳过：需要 soffice（libreoffice-calc-nogui）和 python3-openpyxl');
const describeTools = RUN ? describe : describe.skip;

describeTools('the data sheet read by other programs', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-data-tools-'));
  const catalog = storyCatalog();
  const period = storyPeriod('2019Q4');
  let file: string;
  let expected: ReturnType<typeof consolidate>['record'];

  beforeAll(async () => {
    const inputs: MergeInput[] = Object.entries(STORY['2019Q4']).flatMap(([unit, ret]) =>
      ret ? [{ file: `${unit}.xlsx`, outcome: readReturn(asData(storyReturnSpec(catalog, unit, period, ret)), `${unit}.xlsx`) }] : [],
    );
    const c = consolidate(inputs, { catalog, period, asOf: STORY_AS_OF['2019Q4'] });
    expected = c.record;
    file = path.join(tmp, '汇总-2019Q4.xlsx');
    fs.writeFileSync(file, await writeWorkbook(c.workbook));
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('saved again by LibreOffice Calc, the 汇总 gives the same record', async () => {
    const out = path.join(tmp, 'lo');
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(tmp, 'profile')}`,
        '--headless',
        '--convert-to',
        'xlsx:Calc MS Excel 2007 XML',
        '--outdir',
        out,
        file,
      ],
      { stdio: 'pipe', timeout: 180_000 },
    );
    const resaved = new Uint8Array(fs.readFileSync(path.join(out, '汇总-2019Q4.xlsx')));
    expect(await readConsolidationBytes(resaved, '汇总-2019Q4.xlsx')).toEqual(expected);
  }, 200_000);

  test('openpyxl reads the keys and, by column name, the rows', () => {
    const script = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['${DATA_SHEET}']
rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
keys, i = {}, 0
while rows[i][0] != 'unit':
    if rows[i][0]: keys[rows[i][0]] = rows[i][1]
    i += 1
head = rows[i]
table = [dict(zip(head, r)) for r in rows[i + 1:] if r[0]]
print(json.dumps({'state': ws.sheet_state, 'keys': keys, 'rows': [{k: t[k] for k in ('unit', 'taskId', 'status', 'progress', 'kind', 'unitStatus', 'submittedAt')} for t in table]}, ensure_ascii=False))
`;
    const got = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' }));
    expect(got.state).toBe('veryHidden');
    expect(got.keys).toMatchObject({ schema: 'jindu-consolidation', version: 1, period: '2019Q4', catalogVersion: catalog.version });
    const unitOf = new Map(expected.units.map((u) => [u.unit, u]));
    expect(got.rows).toEqual(
      expected.rows.map((r) => ({
        unit: r.unit,
        taskId: r.taskId || null,
        status: r.status || null,
        progress: r.progress || null,
        kind: r.kind,
        unitStatus: unitOf.get(r.unit)?.status,
        submittedAt: unitOf.get(r.unit)?.submittedAt ?? null,
      })),
    );
  });
});
