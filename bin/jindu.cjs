#!/usr/bin/env node
// The jindu CLI runs the JavaScript compiled from src/ into build/cli/: `npm ci` compiles it (the
// `prepare` script), and when a source changed since, it is compiled again first (a few dozen stat
// calls tell). Where it cannot be compiled (no esbuild, a read-only folder) the sources run through tsx.
const { pathToFileURL } = require('url');
const { compiled } = require('../scripts/build-cli.cjs');

// Node's deprecation warnings are for developers of the packages bundled into build/cli (Node
// shows them for bundled code as it would not for the same code under node_modules), not for the
// clerk reading this command's output.
process.noDeprecation = true;

// A reader that stops early (`jindu … | head`) closes the pipe: not a failure of the command.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

function load() {
  const built = compiled('main.mjs');
  if (built) return import(pathToFileURL(built).href);
  try {
    require('tsx/cjs/api').register();
  } catch {
    process.stderr.write('错误：进度通尚未编译，且无法编译：请在进度通所在目录运行 npm ci\n');
    process.exit(5);
  }
  return Promise.resolve(require('../src/cli/main.ts'));
}

load()
  .then((cli) => cli.main(process.argv))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    // main() reports every failure itself; this is only reached if it could not even start.
    process.stderr.write(`错误：程序无法启动（${err && err.message ? err.message : String(err)}）\n`);
    process.exitCode = 5;
  });
