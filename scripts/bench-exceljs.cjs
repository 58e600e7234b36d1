// The benchmark's baseline, as a fresh process: ExcelJS alone loading every file of a folder and
// touching every cell, one file after another (bad files fail here too: the baseline pays for
// trying them). Prints {files, cells} as JSON.
'use strict';
const fs = require('fs');
const path = require('path');
const ExcelJS = require('exceljs');

async function main() {
  const dir = process.argv[2];
  let cells = 0;
  let files = 0;
  for (const name of fs.readdirSync(dir).sort()) {
    files++;
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fs.readFileSync(path.join(dir, name)));
      wb.eachSheet((ws) =>
        ws.eachRow({ includeEmpty: false }, (row) =>
          row.eachCell({ includeEmpty: false }, (cell) => {
            if (cell.value !== undefined) cells++;
          }),
        ),
      );
    } catch {
      // a broken or legacy file
    }
  }
  process.stdout.write(`${JSON.stringify({ files, cells })}\n`);
}

main();
