/**
 * Back to each unit (退回修改): after a merge, one marked-up copy per unit whose return has
 * something to correct, none for the others. What is tried: five returns (one clean, one with an
 * empty progress cell and a phone without area code, one only sent late, one with a row of work
 * beyond the list, one without a reporter); `jindu merge --feedback DIR` writes the folder, and
 * every file in it is read back: the unit's own form, its problem cells marked and noted (and no
 * other cell), the 需更正事项 sheet listing exactly that unit's corrections, opening on it; a re-run
 * replaces the folder, a folder holding anything else is refused before anything is written.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { consolidate, type MergeInput } from '../src/core/consolidation';
import { FEEDBACK_SHEET, feedbackCopies, isFeedbackFileName } from '../src/core/feedback';
import { FINDING_LABELS } from '../src/core/finding';
import { importList } from '../src/core/import';
import { parsePeriod, type Period } from '../src/core/period';
import { readReturn } from '../src/core/returnReader';
import { buildTemplate } from '../src/core/template';
import type { WorkbookSpec } from '../src/core/workbook';
import { fillTemplate } from '../src/cli/simulate';
import { readWorkbook, writeWorkbook } from '../src/xlsx';
import { ANNOTATION_FILL, annotateWorkbook } from '../src/xlsx/annotate';
import { feedbackWorkbook } from '../src/xlsx/feedback';
import { ROOT, SEEDS, seedPath } from './helpers/paths';

const catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const Q2 = parsePeriod('2019Q2') as Period;
const AS_OF = '2019-06-30';
const GOOD = { filledDate: '2019-06-20', reporter: '张三', phone: '0754-88123456' };

const RETURNS: Array<[string, WorkbookSpec]> = [
  ['教育局.xlsx', fillTemplate(buildTemplate(catalog, '区教育局', Q2), 0, GOOD)],
  ['商务局.xlsx', fillTemplate(buildTemplate(catalog, '区商务局', Q2), 0, { ...GOOD, emptyProgressRow: 0, phone: '8812345' })],
  ['财政局.xlsx', fillTemplate(buildTemplate(catalog, '区财政局', Q2), 0, { ...GOOD, filledDate: '2019-06-28' })],
  [
    '卫健局.xlsx',
    fillTemplate(buildTemplate(catalog, '区卫生健康局', Q2), 0, {
      ...GOOD,
      addedWork: { title: '组织开展健康扶贫义诊活动', progress: '开展义诊3场，服务群众400余人次。' },
    }),
  ],
  ['扶贫办.xlsx', fillTemplate(buildTemplate(catalog, '区扶贫办', Q2), 0, { ...GOOD, reporter: '' })],
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-feedback-'));
const returns = path.join(tmp, 'returns');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  fs.mkdirSync(returns);
  for (const [name, spec] of RETURNS) fs.writeFileSync(path.join(returns, name), await writeWorkbook(spec));
});

async function inputs(): Promise<MergeInput[]> {
  const out: MergeInput[] = [];
  for (const [name] of RETURNS) {
    const book = await readWorkbook(new Uint8Array(fs.readFileSync(path.join(returns, name))), name);
    out.push({ file: name, outcome: readReturn(book, name), saved: book.modified });
  }
  return out;
}

function jindu(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jindu.cjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('copies only for the units with something to correct: not a clean, a late-only or an added-work-only return', async () => {
  const result = consolidate(await inputs(), { catalog, period: Q2, asOf: AS_OF });
  const copies = feedbackCopies(result, { catalog, period: Q2, asOf: AS_OF });
  expect(copies.map((c) => [c.unit, c.file, c.findings.map((f) => f.code).sort()])).toEqual([
    ['区扶贫办', '扶贫办.xlsx', ['MISSING_REPORTER']],
    ['区商务局', '商务局.xlsx', ['BAD_PHONE', 'EMPTY_PROGRESS']],
  ]);
  // The added work is in the merge as such, with a finding of its own that asks nothing.
  const health = result.summary.files.find((f) => f.file === '卫健局.xlsx');
  expect(health?.findings.map((f) => [f.code, f.severity])).toEqual([['ADDED_WORK', 'info']]);
  expect(result.summary.files.find((f) => f.file === '财政局.xlsx')?.findings.map((f) => f.code)).toEqual(['LATE_SUBMISSION']);
  expect(copies.map((c) => c.fileName).sort()).toEqual(
    ['2019Q2_区扶贫办_进度情况表_需更正.xlsx', '2019Q2_区商务局_进度情况表_需更正.xlsx'].sort(),
  );
  expect(copies.every((c) => isFeedbackFileName(c.fileName))).toBe(true);
});

test('a copy is the unit’s own form with its problem cells marked and noted, no other cell, and opens on 需更正事项', async () => {
  const result = consolidate(await inputs(), { catalog, period: Q2, asOf: AS_OF });
  const copy = feedbackCopies(result, { catalog, period: Q2, asOf: AS_OF }).find((c) => c.unit === '区商务局');
  if (!copy) throw new Error('no copy');
  const original = new Uint8Array(fs.readFileSync(path.join(returns, copy.file)));
  const bytes = await feedbackWorkbook(original, copy.file, copy);

  const before = await readWorkbook(original, copy.file);
  const after = await readWorkbook(bytes, copy.fileName);
  expect(after.sheets.map((s) => s.name)).toEqual([...before.sheets.map((s) => s.name), FEEDBACK_SHEET]);
  expect(after.sheets[0].rows).toEqual(before.sheets[0].rows);
  const read = readReturn(after, copy.fileName);
  expect(read.ok && read.report.meta.unit).toBe('区商务局');

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const marked: string[] = [];
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if ((cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === ANNOTATION_FILL) marked.push(cell.address);
    }),
  );
  expect(marked.sort()).toEqual(copy.findings.map((f) => f.cell).sort());
  for (const f of copy.findings) expect(JSON.stringify(ws.getCell(f.cell as string).note)).toContain(FINDING_LABELS[f.code]);
  const note = wb.getWorksheet(FEEDBACK_SHEET) as ExcelJS.Worksheet;
  expect(wb.views[0].activeTab).toBe(wb.worksheets.indexOf(note));
  expect(String(note.getCell('A1').value)).toBe('区商务局2019年第二季度进度情况表需更正事项');
  const listed = (after.sheets.find((s) => s.name === FEEDBACK_SHEET)?.rows ?? []).slice(3).map((r) => [r[2], r[4]]);
  expect(listed).toEqual(copy.findings.map((f) => [FINDING_LABELS[f.code], f.message]));

  // What ExcelJS would lose is put back: the print area with absolute rows, rows that fit their text.
  const parts = unzipSync(bytes);
  expect(strFromU8(parts['xl/workbook.xml'])).toMatch(/_xlnm\.Print_Area" localSheetId="0">&apos;2019年第二季度&apos;!\$A\$1:\$F\$\d+</);
  expect(strFromU8(parts['xl/worksheets/sheet1.xml'])).toMatch(/<row r="4" ht="[\d.]+" spans/);
});

test('the web page’s 标注副本 (annotateWorkbook): only the cells of findings are marked; 问题清单 in words, the code last', async () => {
  const result = consolidate(await inputs(), { catalog, period: Q2, asOf: AS_OF });
  const findings = result.findings.filter((f) => f.file === '商务局.xlsx');
  const bytes = await annotateWorkbook(new Uint8Array(fs.readFileSync(path.join(returns, '商务局.xlsx'))), findings, '商务局.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const marked: string[] = [];
  wb.worksheets[0].eachRow((row) =>
    row.eachCell((cell) => {
      if ((cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === ANNOTATION_FILL) marked.push(cell.address);
    }),
  );
  expect(marked.sort()).toEqual(findings.map((f) => f.cell).sort());
  const list = wb.getWorksheet('问题清单') as ExcelJS.Worksheet;
  expect((list.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '级别', '问题', '工作表', '单元格', '说明', '代码']);
  expect(list.getRow(2).getCell(3).value).toBe(FINDING_LABELS[findings[0].code]);
});

test('jindu merge --feedback DIR: the folder read back file by file; a re-run replaces it; a folder with other files is refused', () => {
  const dir = path.join(tmp, '反馈');
  const args = ['merge', '--catalog', seedPath(SEEDS.s000), '--period', '2019Q2', '--as-of', AS_OF, '--feedback', dir];
  const r = jindu([...args, '-o', path.join(tmp, '汇总.xlsx'), returns]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`反馈表：2 个单位的报表需更正，已标注后存入 ${dir}`);
  const names = fs.readdirSync(dir).sort();
  expect(names).toEqual(['2019Q2_区商务局_进度情况表_需更正.xlsx', '2019Q2_区扶贫办_进度情况表_需更正.xlsx'].sort());
  const expected: Record<string, string[]> = { 区扶贫办: ['未填填报人'], 区商务局: ['进展未填', '联系电话有误'] };
  return Promise.all(
    names.map(async (name) => {
      const book = await readWorkbook(new Uint8Array(fs.readFileSync(path.join(dir, name))), name);
      const read = readReturn(book, name);
      if (!read.ok) throw new Error(read.finding.message);
      const unit = read.report.meta.unit as string;
      expect(name).toContain(unit);
      const listed = (book.sheets.find((s) => s.name === FEEDBACK_SHEET)?.rows ?? []).slice(3).map((row) => row[2]);
      expect(listed.sort()).toEqual(expected[unit].sort());
    }),
  ).then(() => {
    // Nothing else beside the folder: no temporary folders left.
    expect(fs.readdirSync(tmp).filter((n) => n.includes('反馈'))).toEqual(['反馈']);
    // Again: the folder is replaced whole.
    fs.writeFileSync(path.join(dir, '2019Q2_区教育局_进度情况表_需更正.xlsx'), 'stale');
    expect(jindu([...args, '-o', path.join(tmp, '汇总.xlsx'), returns]).code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(names);
    // A file of the user's in it: refused before anything is written, nothing deleted.
    fs.writeFileSync(path.join(dir, '我的笔记.txt'), '别删');
    const refused = jindu([...args, '-o', path.join(tmp, '汇总2.xlsx'), returns]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/不是本程序生成的内容（我的笔记\.txt）/);
    expect(fs.existsSync(path.join(tmp, '汇总2.xlsx'))).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual([...names, '我的笔记.txt'].sort());
  });
});
