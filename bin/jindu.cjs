#!/usr/bin/env node
// The jindu CLI runs its TypeScript sources directly through tsx, so `npx jindu` works right after
// `npm ci` with no build step.
require('tsx/cjs/api').register();
require('../src/cli/main.ts')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    // main() reports every failure itself; this is only reached if it could not even start.
    process.stderr.write(`错误：程序无法启动（${err && err.message ? err.message : String(err)}）\n`);
    process.exitCode = 5;
  });
