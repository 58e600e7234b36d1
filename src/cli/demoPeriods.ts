/**
 * The demo's second quarter: 2019Q3 returns of the same units, half of them with last quarter's
 * progress sent again (照搬照抄) and 区扶贫办 late once more, merged against the 2019Q2 汇总
 * (merge --previous), then the 台账 of the two quarters (jindu ledger).
 */
import { promises as fs } from 'fs';
import path from 'path';
import type { Catalog } from '../core/catalog';
import { previousProgress } from '../core/copiedProgress';
import { buildLedger } from '../core/ledger';
import { ledgerFileName, ledgerWorkbook } from '../core/ledgerWorkbook';
import { buildTemplate, templateFileName } from '../core/template';
import { readConsolidationBytes, writeWorkbook } from '../xlsx';
import { writeFileEnsuringDir } from './files';
import { formatLedger } from './ledger';
import { formatMergeSummary, mergeFiles, periodArg } from './reports';
import { fillTemplate } from './simulate';

/** `shown` maps a path in the folder being built to where it will be once moved into place. */
export async function demoNextQuarter(
  catalog: Catalog,
  senders: string[],
  out: string,
  q2File: string,
  shown: (p: string) => string = (p) => p,
): Promise<void> {
  const period = periodArg('2019Q3');
  const returns = path.join(out, '5-报回-2019Q3');
  process.stdout.write(`\n六、下一季度（${period.code}）：一半单位照搬上季度的进展，区扶贫办再次逾期\n`);
  const files: string[] = [];
  for (const [i, unit] of senders.entries()) {
    const spec = buildTemplate(catalog, unit, period);
    // The same seed as in 2019Q2 gives the same progress texts: sent again unchanged.
    const copied = i % 2 === 0;
    const late = unit === '区扶贫办';
    const file = path.join(returns, templateFileName(unit, period));
    const filled = fillTemplate(spec, copied ? i : i + 2, {
      filledDate: late ? '2019-09-28' : '2019-09-20',
      reporter: `填报人${i + 1}`,
      phone: `0754-8812${String(3400 + i)}`,
    });
    await writeFileEnsuringDir(file, await writeWorkbook(filled));
    files.push(file);
  }
  const q2 = await readConsolidationBytes(new Uint8Array(await fs.readFile(q2File)), path.basename(q2File));
  const q3File = path.join(out, `5-汇总-${period.code}.xlsx`);
  const { summary, findings } = await mergeFiles(
    files,
    { catalog, period, asOf: '2019-09-30', previous: previousProgress(q2, period) },
    { output: q3File },
  );
  process.stdout.write(`${formatMergeSummary(summary, findings)}\n汇总表：${shown(q3File)}\n`);

  const ledger = buildLedger([
    { record: q2, file: path.basename(q2File) },
    { record: await readConsolidationBytes(new Uint8Array(await fs.readFile(q3File)), path.basename(q3File)), file: path.basename(q3File) },
  ]);
  const ledgerFile = path.join(out, `6-${ledgerFileName(ledger)}`);
  await writeFileEnsuringDir(ledgerFile, await writeWorkbook(ledgerWorkbook(ledger)));
  process.stdout.write(`\n七、两个季度的台账\n${formatLedger(ledger)}\n台账：${shown(ledgerFile)}\n`);
}
