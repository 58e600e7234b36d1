/**
 * jindu ledger: the 台账 across periods from the 汇总 workbooks of one list; and reading a 汇总
 * back for the other commands' --previous.
 */
import { promises as fs, existsSync } from 'fs';
import path from 'path';
import type { ConsolidationRecord } from '../core/consolidationRecord';
import { buildLedger, type Ledger } from '../core/ledger';
import { ledgerWorkbook } from '../core/ledgerWorkbook';
import { readConsolidationBytes } from '../xlsx/read';
import { writeFileEnsuringDir } from './files';

/** A 汇总 workbook as its consolidation record; an Error in Chinese when it is not one. */
export async function loadConsolidation(file: string): Promise<ConsolidationRecord> {
  if (!existsSync(file)) throw new Error(`找不到文件：${file}`);
  return readConsolidationBytes(new Uint8Array(await fs.readFile(file)), path.basename(file));
}

export interface LedgerOptions {
  output: string;
  json?: string;
}

/** The ledger's findings for the terminal, in Chinese. */
export function formatLedger(ledger: Ledger): string {
  const ps = ledger.periods;
  const lines = [
    `台账：${ledger.catalogTitle ? `《${ledger.catalogTitle}》` : ''}${ps.map((p) => p.label).join('、')}（${ps.length} 期），单位任务 ${ledger.rows.length} 行`,
    `状态变化 ${ledger.transitions.length} 次（推进 ${ledger.transitions.filter((t) => t.direction === 'forward').length}，倒退 ${ledger.transitions.filter((t) => t.direction === 'back').length}）`,
    `停滞任务 ${ledger.stalls.length} 项${
      ledger.stalls.length
        ? `：${ledger.stalls
            .slice(0, 6)
            .map((s) => `${s.unit}“${s.title}”（${s.stall.to - s.stall.from + 1} 期）`)
            .join('、')}${ledger.stalls.length > 6 ? '等' : ''}`
        : ''
    }`,
    `两期以上逾期或未报的单位 ${ledger.lateUnits.length} 个${
      ledger.lateUnits.length
        ? `：${ledger.lateUnits
            .slice(0, 8)
            .map((u) => `${u.unit}（逾期 ${u.late}、未报 ${u.missing}）`)
            .join('、')}${ledger.lateUnits.length > 8 ? '等' : ''}`
        : ''
    }`,
    `完成情况：${ledger.completion.map((c, i) => `${ps[i].label} ${c.done}/${c.total}`).join('，')}`,
  ];
  if (ledger.changes.length) lines.push(`清单变动 ${ledger.changes.length} 处（见“清单变动”工作表）`);
  for (const n of ledger.notes) lines.push(`说明：${n}`);
  return lines.join('\n');
}

/** The ledger as JSON for scripts: periods, stalls, transitions, units late or missing, changes, completion. */
export function ledgerJson(ledger: Ledger): unknown {
  const code = (i: number) => ledger.periods[i].code;
  return {
    catalogTitle: ledger.catalogTitle,
    periods: ledger.periods.map((p) => ({
      period: p.code,
      label: p.label,
      catalogVersion: p.catalogVersion,
      file: p.file,
      source: p.source,
    })),
    rows: ledger.rows.length,
    transitions: ledger.transitions.map((t) => ({
      unit: t.unit,
      task: t.taskId,
      title: t.title,
      from: code(t.from),
      to: code(t.to),
      before: t.before,
      after: t.after,
      direction: t.direction,
    })),
    stalls: ledger.stalls.map((s) => ({
      unit: s.unit,
      task: s.taskId,
      title: s.title,
      status: s.stall.status,
      from: code(s.stall.from),
      to: code(s.stall.to),
      periods: s.stall.to - s.stall.from + 1,
    })),
    lateUnits: ledger.lateUnits.map((u) => ({ unit: u.unit, late: u.late, missing: u.missing, statuses: u.statuses })),
    changes: ledger.changes.map((c) => ({ task: c.taskId, kind: c.kind, period: code(c.at), before: c.before, after: c.after })),
    completion: ledger.completion,
    notes: ledger.notes,
  };
}

export async function runLedger(files: string[], opts: LedgerOptions): Promise<number> {
  const inputs = [];
  for (const f of files) inputs.push({ record: await loadConsolidation(f), file: path.basename(f) });
  const ledger = buildLedger(inputs);
  const { writeWorkbook } = await import('../xlsx');
  await writeFileEnsuringDir(opts.output, await writeWorkbook(ledgerWorkbook(ledger)));
  if (opts.json) await writeFileEnsuringDir(opts.json, `${JSON.stringify(ledgerJson(ledger), null, 2)}\n`);
  process.stdout.write(`${formatLedger(ledger)}\n台账：${opts.output}\n`);
  return 0;
}
