#!/usr/bin/env node
/**
 * The command line's compiled JavaScript, made by esbuild from src/ into build/cli/ (gitignored):
 * two entry points, the CLI (src/cli/main.ts) and the merge's worker thread
 * (src/cli/mergeWorker.ts), bundled with their npm dependencies as ES modules split into chunks.
 * A chunk loads when a command first imports it (`--help` loads commander and nothing of the
 * engine; only writing loads ExcelJS; only a list's text loads the importer), and one bundled
 * chunk loads far faster than the hundreds of files it replaces (ExcelJS alone is ~300).
 *
 *   node scripts/build-cli.cjs          build (npm's `prepare` runs this during `npm ci`)
 *   node scripts/build-cli.cjs --check  exit 1 when build/ is missing or older than the sources
 *
 * build/cli/.sources.json lists every source file bundled (and the installed dependencies' lock)
 * with its size and modification time; the bin compares them (a few dozen stat calls, ~1 ms) and
 * rebuilds when one changed, so a development checkout never runs yesterday's code. Output files
 * are written beside their place and renamed, so two processes rebuilding at once (test workers)
 * never see half a file; chunk names carry their content's hash, so old and new never mix.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** Same depth below the root as src/cli, so that paths relative to a module's folder (../../package.json, the seeds) hold in both. */
const OUT = path.join(ROOT, 'build', 'cli');
const LIST = path.join(OUT, '.sources.json');
const ENTRIES = ['src/cli/main.ts', 'src/cli/mergeWorker.ts'];
/** Installed dependencies (npm rewrites this file whenever it changes node_modules) and the package's own file (its version). */
const DEPENDENCIES = ['node_modules/.package-lock.json', 'package.json'];
/**
 * Packages loaded from node_modules at run time rather than bundled: pdf.js (read only for a PDF
 * list) is ES modules of its own that load each other, its worker and its CMaps by their paths.
 */
const EXTERNAL = ['pdfjs-dist', '@napi-rs/canvas'];
/** Bumped when the options below change, so that an older build counts as stale. */
const FORMAT = 4;

/**
 * ES modules have no require, __filename or __dirname; bundled CommonJS packages (ExcelJS,
 * commander) and our own code use them, so every chunk defines them for its own file.
 */
const BANNER = [
  "import { createRequire as __jinduCreateRequire } from 'module';",
  "import { fileURLToPath as __jinduFileURLToPath } from 'url';",
  "import { dirname as __jinduDirname } from 'path';",
  'const require = __jinduCreateRequire(import.meta.url);',
  'const __filename = __jinduFileURLToPath(import.meta.url);',
  'const __dirname = __jinduDirname(__filename);',
].join(' ');

function stamp(file) {
  const st = fs.statSync(file);
  return [st.size, Math.round(st.mtimeMs)];
}

/** True when build/cli holds the compiled form of the sources and dependencies as they are now. */
function isFresh() {
  let list;
  try {
    list = JSON.parse(fs.readFileSync(LIST, 'utf8'));
  } catch {
    return false;
  }
  if (list.format !== FORMAT || !list.sources || !list.outputs) return false;
  try {
    for (const [rel, [size, mtime]] of Object.entries(list.sources)) {
      const [s, m] = stamp(path.join(ROOT, rel));
      if (s !== size || m !== mtime) return false;
    }
    for (const out of list.outputs) fs.statSync(path.join(OUT, out));
  } catch {
    return false; // a source was removed, or an output
  }
  return true;
}

function writeAtomic(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}

/** Compiles the CLI into build/cli; returns the files written. */
function build() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: OUT,
    outbase: 'src/cli',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    banner: { js: BANNER },
    external: EXTERNAL,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  // Inputs as esbuild saw them, stamped as they were read (a source saved during the build makes the next run rebuild).
  const sources = {};
  for (const rel of [...Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/')), ...DEPENDENCIES].sort()) {
    if (fs.existsSync(path.join(ROOT, rel))) sources[rel] = stamp(path.join(ROOT, rel));
  }
  const outputs = [];
  for (const f of result.outputFiles) {
    writeAtomic(f.path, f.contents);
    outputs.push(path.relative(OUT, f.path));
  }
  writeAtomic(LIST, `${JSON.stringify({ format: FORMAT, esbuild: esbuild.version, sources, outputs }, null, 1)}\n`);
  // Chunks of earlier builds that nothing imports any more, once no process started before could still load them.
  const keep = new Set(outputs);
  const hourAgo = Date.now() - 3600_000;
  for (const name of fs.readdirSync(OUT)) {
    const file = path.join(OUT, name);
    if (!keep.has(name) && /^chunk-.*\.mjs$/.test(name) && fs.statSync(file).mtimeMs < hourAgo) fs.rmSync(file, { force: true });
  }
  return outputs;
}

/**
 * The compiled module `rel` (a path under build/cli, e.g. main.mjs), rebuilt first when the
 * sources changed; undefined when it cannot be built here (no esbuild, a read-only checkout), so
 * that the caller can run the sources instead.
 */
function compiled(rel) {
  const file = path.join(OUT, rel);
  if (isFresh()) return file;
  try {
    build();
    return file;
  } catch {
    return undefined;
  }
}

module.exports = { build, isFresh, compiled, OUT, ROOT };

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const fresh = isFresh();
    process.stdout.write(fresh ? 'build/cli is up to date\n' : 'build/cli is missing or older than the sources\n');
    process.exitCode = fresh ? 0 : 1;
  } else {
    const t0 = Date.now();
    const outputs = build();
    process.stdout.write(`jindu: compiled the command line into build/cli (${outputs.length} files) in ${Date.now() - t0} ms\n`);
  }
}
