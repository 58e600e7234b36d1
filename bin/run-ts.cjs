#!/usr/bin/env node
// Runs a TypeScript script (benchmarks and maintenance scripts) through tsx: node bin/run-ts.cjs scripts/x.ts …
require('tsx/cjs/api').register();
const path = require('path');
const script = process.argv[2];
if (!script) {
  process.stderr.write('usage: node bin/run-ts.cjs SCRIPT.ts [args…]\n');
  process.exit(2);
}
process.argv.splice(1, 1);
require(path.resolve(script));
