#!/usr/bin/env node
/**
 * Validates manifest.xml (and dist/manifest.xml when a build exists, or the files given as
 * arguments) against the Office add-in manifest XSDs in ../shared/schemas/office-addin-manifest,
 * offline, with libxml2 compiled to WebAssembly (xmllint-wasm): no network and no system package.
 */
const fs = require('fs');
const path = require('path');
const { validateXML } = require('xmllint-wasm');

const root = path.join(__dirname, '..');
const schemaDir = process.env.JINDU_SCHEMA_DIR || path.join(root, '..', 'shared', 'schemas', 'office-addin-manifest');
const MAIN = 'OfficeAppManifestV1_1.xsd';

async function validateManifest(file) {
  const xsds = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.xsd'));
  const read = (f) => ({ fileName: f, contents: fs.readFileSync(path.join(schemaDir, f), 'utf8') });
  const result = await validateXML({
    xml: [{ fileName: path.basename(file), contents: fs.readFileSync(file, 'utf8') }],
    schema: [read(MAIN)],
    preload: xsds.filter((f) => f !== MAIN).map(read),
  });
  return result;
}

async function main() {
  if (!fs.existsSync(path.join(schemaDir, MAIN))) {
    console.error(`找不到清单架构目录：${schemaDir}（可用环境变量 JINDU_SCHEMA_DIR 指定）`);
    process.exit(2);
  }
  const args = process.argv.slice(2);
  const files = args.length ? args : [path.join(root, 'manifest.xml'), path.join(root, 'dist', 'manifest.xml')].filter((f) => fs.existsSync(f));
  let failed = false;
  for (const file of files) {
    const r = await validateManifest(file);
    if (r.valid) console.log(`valid: ${path.relative(process.cwd(), file)}`);
    else {
      failed = true;
      console.error(`INVALID: ${path.relative(process.cwd(), file)}`);
      for (const e of r.errors) console.error(`  ${e.rawMessage || e.message}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

module.exports = { validateManifest };
if (require.main === module) main();
