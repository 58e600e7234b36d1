/**
 * npm run compare-merge -- --before REV [--files N] [--hostile] [--keep]
 *
 * Whether a change of the merge changed its results: the CLI of commit REV (exported with `git
 * archive`, run with this checkout's node_modules) and the CLI of this checkout merge the same
 * batches, and their 汇总 workbooks and summary JSON files are compared byte for byte. Batches: the
 * demo's returns (26 files, the 000 list), a province batch of N returns made from the seed lists
 * (default 500: templates, hand-made, broken and legacy files), and with --hostile the batch of
 * oversized and hostile returns. Prints one line per batch and exits 1 when any output differs.
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parsePeriod, type Period } from '../src/core/period';
import { seedsDir } from '../src/cli/files';
import { benchCatalog, generateReturns, hostileBatch, mergeArgs } from './batches';

const ROOT = path.resolve(__dirname, '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The checkout of `rev` in `dir`, ready to run: this checkout's packages, its CLI compiled when it has a build step. */
function exportRevision(rev: string, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', rev], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  if (fs.existsSync(path.join(dir, 'scripts', 'build-cli.cjs')))
    execFileSync(process.execPath, [path.join(dir, 'scripts', 'build-cli.cjs')], { stdio: 'ignore' });
}

interface Batch {
  name: string;
  catalog: string;
  returns: string;
}

function merge(checkout: string, batch: Batch, out: string): { xlsx: Buffer; json: Buffer; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, mergeArgs(path.join(checkout, 'bin', 'jindu.cjs'), batch, out), {
    encoding: 'utf8',
    env: { ...process.env, JINDU_SEEDS_DIR: seedsDir() },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${checkout}: jindu merge ${batch.name} exited ${r.status}: ${r.stderr}`);
  return { xlsx: fs.readFileSync(`${out}.xlsx`), json: fs.readFileSync(`${out}.json`), ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const rev = arg('--before');
  if (!rev) {
    process.stderr.write('usage: npm run compare-merge -- --before REV [--files N] [--hostile] [--keep]\n');
    process.exitCode = 2;
    return;
  }
  const files = Number(arg('--files') ?? 500);
  const period = parsePeriod('2019Q2') as Period;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-compare-'));
  try {
    const before = path.join(work, 'before');
    exportRevision(rev, before);
    const batches: Batch[] = [];
    // The demo's returns, made by this checkout's demo.
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'jindu.cjs'), 'demo', '-o', path.join(work, 'demo')], { stdio: 'ignore' });
    batches.push({
      name: 'demo (000 list)',
      catalog: path.join(seedsDir(), '000_45cf8959af68998b.txt'),
      returns: path.join(work, 'demo', '2-报回'),
    });
    const catalog = await benchCatalog(Math.max(files, 24));
    fs.writeFileSync(path.join(work, 'catalog.json'), JSON.stringify(catalog));
    await generateReturns(path.join(work, 'province'), catalog, period, files);
    batches.push({ name: `province (${files} returns)`, catalog: path.join(work, 'catalog.json'), returns: path.join(work, 'province') });
    if (process.argv.includes('--hostile')) {
      await hostileBatch(path.join(work, 'hostile'), catalog, period);
      batches.push({ name: 'oversized and hostile', catalog: path.join(work, 'catalog.json'), returns: path.join(work, 'hostile') });
    }
    let differ = 0;
    for (const [i, b] of batches.entries()) {
      const old = merge(before, b, path.join(work, `before-${i}`));
      const now = merge(ROOT, b, path.join(work, `after-${i}`));
      const same = old.xlsx.equals(now.xlsx) && old.json.equals(now.json);
      if (!same) differ++;
      process.stdout.write(
        `${same ? 'same' : 'DIFFERENT'}  ${b.name}: 汇总 ${old.xlsx.length} / ${now.xlsx.length} bytes, JSON ${old.json.length} / ${now.json.length} bytes; ` +
          `${Math.round(old.ms)} ms before, ${Math.round(now.ms)} ms now\n`,
      );
    }
    process.stdout.write(differ ? `${differ} batch(es) differ from ${rev}\n` : `every output is byte-identical to ${rev}'s\n`);
    process.exitCode = differ ? 1 : 0;
  } finally {
    if (process.argv.includes('--keep')) process.stdout.write(`kept: ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
