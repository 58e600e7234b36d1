/**
 * One production build per test run, shared by the suites that need it (the build's own checks,
 * the webview syntax checks, the web page in Chromium and `jindu deploy`): made by whichever suite
 * asks first, under a lock, in a folder named after everything the build reads, so that a second run
 * on unchanged sources reuses it.
 */
import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { ROOT } from './paths';

/** The deployment address the shared build is made for. */
export const BUILD_BASE_URL = 'https://fupin.example.gov.cn/jindu/';

const INPUTS = ['src', 'assets', 'manifest.xml', 'webpack.config.js', 'tsconfig.json', 'package.json', 'package-lock.json'];

function files(p: string): string[] {
  const full = path.join(ROOT, p);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [p];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => files(path.join(p, name)));
}

function inputsHash(): string {
  const h = crypto.createHash('sha256');
  for (const f of INPUTS.flatMap(files))
    h.update(f)
      .update('\0')
      .update(fs.readFileSync(path.join(ROOT, f)))
      .update('\0');
  return h.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The folder of the shared production build (built for BUILD_BASE_URL), made if missing. */
export function productionBuild(): string {
  if (process.env.JINDU_E2E_DIST) return path.resolve(process.env.JINDU_E2E_DIST);
  const root = path.join(ROOT, 'tests', '.tmp');
  const dir = path.join(root, `build-${inputsHash()}`);
  const done = path.join(dir, '.complete');
  const lock = `${dir}.lock`;
  fs.mkdirSync(root, { recursive: true });
  for (;;) {
    if (fs.existsSync(done)) return dir;
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another suite is building; a lock older than 15 minutes was left by a run that died.
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 15 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      sleep(1000);
      continue;
    }
    try {
      if (!fs.existsSync(done)) {
        for (const old of fs.readdirSync(root).filter((n) => n.startsWith('build-') && !n.endsWith('.lock'))) {
          fs.rmSync(path.join(root, old), { recursive: true, force: true });
        }
        execFileSync(
          process.execPath,
          [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'production', '--env', `baseUrl=${BUILD_BASE_URL}`, '--output-path', dir],
          { cwd: ROOT, stdio: 'pipe' },
        );
        fs.writeFileSync(done, new Date().toISOString());
      }
      return dir;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
