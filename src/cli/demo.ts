/**
 * jindu demo: the whole flow on the bundled seed lists. Every seed is imported; then, on the 000
 * list (which carries the official template and a quarterly calendar), templates are written for
 * every reporting unit, returns are simulated with the mistakes clerks make, the returns are
 * consolidated, and the units with something to correct get their forms back marked up.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { addinReference } from '../core/addin';
import { groupsWithoutMembers, reportingUnits, assignedTasks } from '../core/assignment';
import { periodLabel, type Period } from '../core/period';
import type { Catalog } from '../core/catalog';
import { prepareOutputFolder } from './output';
import { buildTemplate, templateFileName } from '../core/template';
import type { WorkbookSpec } from '../core/workbook';
import { writeWorkbook } from '../xlsx';
import { loadCatalog, seedFiles, writeFileEnsuringDir } from './files';
import { formatSummary } from './report';
import { formatMergeSummary, mergeFiles, periodArg, writeFeedback } from './reports';
import { fillTemplate, handMadeReturn } from './simulate';
import { demoNextQuarter } from './demoPeriods';

const DEMO_SEED = '000_45cf8959af68998b.txt';
const DEMO_PERIOD = '2019Q2';
const DEMO_AS_OF = '2019-06-30';

export async function runDemo(opts: { output?: string }): Promise<number> {
  const files = await seedFiles();
  const out = path.resolve(opts.output ?? 'demo-output');
  process.stdout.write(`一、导入 ${files.length} 份责任清单样本\n\n`);
  for (const file of files) {
    const { catalog, imported } = await loadCatalog(file);
    process.stdout.write(`${path.basename(file)}\n${formatSummary(catalog, imported?.layout.label)}\n`);
    const warnings = imported?.warnings ?? [];
    if (warnings.length) {
      process.stdout.write(`  导入提示 ${warnings.length} 条，例如：\n`);
      for (const w of warnings.slice(0, 3)) process.stdout.write(`    第${w.line}行：${w.message}\n`);
    }
    process.stdout.write('\n');
  }

  const seedFile = files.find((f) => path.basename(f) === DEMO_SEED);
  if (!seedFile) throw new Error(`找不到演示用清单 ${DEMO_SEED}`);
  const { catalog } = await loadCatalog(seedFile);
  const period = periodArg(DEMO_PERIOD);
  const units = reportingUnits(catalog);
  // Built beside the folder and moved in whole; a folder of someone else's files is refused, not emptied.
  const folder = await prepareOutputFolder(out, 'jindu demo', isDemoLayout);
  try {
    await writeDemo(folder.dir, out, catalog, period, units);
    await folder.commit();
  } catch (e) {
    await folder.abandon();
    throw e;
  }
  return 0;
}

/** What an earlier `jindu demo` left in its folder, before folders carried their own list of files. */
function isDemoLayout(names: string[]): boolean {
  return names.every((n) => /^[1-9]-/.test(n));
}

async function writeDemo(dir: string, out: string, catalog: Catalog, period: Period, units: string[]): Promise<void> {
  // Written in `dir`, shown as where it will be once moved into place.
  const shown = (p: string) => path.join(out, path.relative(dir, p));

  process.stdout.write(`二、按《${catalog.source.title}》生成${periodLabel(period)}填报表\n`);
  const templates = path.join(dir, '1-模板');
  for (const unit of units) {
    await writeFileEnsuringDir(
      path.join(templates, templateFileName(unit, period)),
      await writeWorkbook(buildTemplate(catalog, unit, period, { addin: addinReference() })),
    );
  }
  process.stdout.write(`  ${units.length} 个单位各一份：${shown(templates)}\n`);
  for (const g of groupsWithoutMembers(catalog)) {
    process.stdout.write(`  提示：分组“${g}”尚未在单位名录中填写成员，其任务暂无单位报送\n`);
  }

  process.stdout.write('\n三、模拟各单位报回的报表（含常见错误）\n');
  const returns = path.join(dir, '2-报回');
  const notes: string[] = [];
  const write = async (name: string, spec: WorkbookSpec) => writeFileEnsuringDir(path.join(returns, name), await writeWorkbook(spec));
  // The last three units send nothing.
  const senders = units.slice(0, Math.max(0, units.length - 3));
  for (const [i, unit] of senders.entries()) {
    const spec = buildTemplate(catalog, unit, period);
    const base = { filledDate: '2019-06-20', reporter: `填报人${i + 1}`, phone: `0754-8812${String(3400 + i)}` };
    if (unit === '区教育局') {
      await write(`${unit}-手工表.xlsx`, handMadeReturn(catalog, unit, '教育局', period));
      notes.push(`${unit}：手工制作的表，表头下移、无扩展列、单位写成“教育局”`);
    } else if (i === 1) {
      await write(templateFileName(unit, period), fillTemplate(spec, i, { ...base, dropRow: 0 }));
      notes.push(`${unit}：删掉了一行任务`);
    } else if (i === 2) {
      await write(templateFileName(unit, period), fillTemplate(spec, i, { ...base, emptyProgressRow: 0, phone: '8812345' }));
      notes.push(`${unit}：一行未填进展，电话缺区号`);
    } else if (i === 3) {
      await write(`${unit}-初稿.xlsx`, fillTemplate(spec, i, { ...base, filledDate: '2019-06-18', emptyProgressRow: 1 }));
      await write(`${unit}-修改稿.xlsx`, fillTemplate(spec, i, { ...base, filledDate: '2019-06-22' }));
      notes.push(`${unit}：报了两次，以较新的修改稿为准`);
    } else if (i === 4) {
      await write(templateFileName(unit, period), fillTemplate(spec, i, { ...base, filledDate: '2019-06-28' }));
      notes.push(`${unit}：6月28日才报送（逾期）`);
    } else if (i === 5) {
      await write(templateFileName(unit, period), fillTemplate(spec, i, { ...base, reporter: '' }));
      notes.push(`${unit}：未填填报人`);
    } else if (i === 6) {
      const addedWork = { title: '组织开展扶贫日走访慰问活动', progress: '走访慰问困难群众120户，发放慰问金3.6万元。' };
      await write(templateFileName(unit, period), fillTemplate(spec, i, { ...base, addedWork }));
      notes.push(`${unit}：在表末空行填报了一项清单外的新增工作`);
    } else {
      await write(templateFileName(unit, period), fillTemplate(spec, i, base));
    }
  }
  await fs.writeFile(path.join(returns, '某单位-损坏文件.xlsx'), Buffer.from('PK\u0003\u0004 这不是完整的工作簿'));
  notes.push('一个损坏的文件');
  for (const n of notes) process.stdout.write(`  ${n}\n`);
  process.stdout.write(`  未报送：${units.slice(senders.length).join('、')}\n`);

  process.stdout.write(`\n四、一键汇总（截至 ${DEMO_AS_OF}）\n`);
  const started = Date.now();
  const names = (await fs.readdir(returns)).sort();
  // The same road as `jindu merge`.
  const merged = path.join(dir, `3-汇总-${period.code}.xlsx`);
  const mergedFiles = await mergeFiles(
    names.map((n) => path.join(returns, n)),
    { catalog, period, asOf: DEMO_AS_OF },
    { output: merged, json: path.join(dir, `3-汇总-${period.code}.json`) },
  );
  const ms = Date.now() - started;
  process.stdout.write(`${formatMergeSummary(mergedFiles.summary, mergedFiles.findings)}\n`);
  process.stdout.write(`汇总表：${shown(merged)}（${names.length} 个文件，用时 ${ms} 毫秒）\n`);
  const tasksTotal = units.reduce((n, u) => n + assignedTasks(catalog, u).length, 0);
  process.stdout.write(`应报任务行 ${tasksTotal} 行。\n`);

  process.stdout.write('\n五、退回修改：为需更正的单位各生成一份标注了问题的原表\n');
  const feedback = path.join(dir, '4-退回修改');
  const n = await writeFeedback(mergedFiles, { catalog, period, asOf: DEMO_AS_OF }, feedback);
  process.stdout.write(`  ${n} 个单位：${shown(feedback)}\n`);
  await demoNextQuarter(catalog, senders, dir, merged, shown);
}
