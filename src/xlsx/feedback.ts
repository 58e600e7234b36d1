/**
 * A unit's return marked up to go back to it (see core/feedback.ts): its own workbook, each cell a
 * finding points at filled and noted (annotate.ts), and the 需更正事项 sheet, which the copy opens
 * on. Everything else of the unit's workbook is kept as ExcelJS reads and writes it: values,
 * styles, dropdowns, protection, print setup; the print area's rows are made absolute again and
 * rows that fit their text stay so (ExcelJS would fix both). The add-in's web-extension parts are
 * not carried over.
 */
import type ExcelJS from 'exceljs';
import type { FeedbackCopy } from '../core/feedback';
import { freeSheetName, loadChecked, markFindings } from './annotate';
import { sheetSteps } from './sheets';
import { fittedRowsByName, keepFittedRows, packageEdits } from './parts';
import { patchPackage, type PackageEdits } from './zipPatch';

/** ExcelJS reads a print area as A1:F30 and writes it back as $A1:$F30, which LibreOffice ignores. */
function absolutePrintAreas(wb: ExcelJS.Workbook): void {
  for (const ws of wb.worksheets) {
    const area = ws.pageSetup?.printArea;
    if (!area) continue;
    ws.pageSetup.printArea = area
      .split('&&')
      .map((a) => a.replace(/\$/g, '').replace(/^([A-Z]+)(\d+):([A-Z]+)(\d+)$/, (_, c1, r1, c2, r2) => `${c1}$${r1}:${c2}$${r2}`))
      .join('&&');
  }
}

function merged(a: PackageEdits, b: PackageEdits): PackageEdits {
  return { edit: new Map([...(a.edit ?? []), ...(b.edit ?? [])]), add: [...(a.add ?? []), ...(b.add ?? [])] };
}

/** The marked-up copy of a return (`original`, as the unit sent it) for `copy`. */
export async function feedbackWorkbook(
  original: Uint8Array,
  fileName: string,
  copy: Pick<FeedbackCopy, 'findings' | 'note'>,
): Promise<Uint8Array> {
  const fitted = fittedRowsByName(original);
  const wb = await loadChecked(original, fileName);
  markFindings(wb, copy.findings);
  absolutePrintAreas(wb);
  const note = { ...copy.note, name: freeSheetName(wb, copy.note.name) };
  const steps = sheetSteps(wb, note, false);
  while (!steps.next().done);
  // The copy opens on what to correct.
  const index = wb.worksheets.findIndex((w) => w.name === note.name);
  wb.views = [{ x: 0, y: 0, width: 16000, height: 9000, firstSheet: 0, activeTab: index, visibility: 'visible' }];
  for (const ws of wb.worksheets) ws.views = (ws.views ?? []).map((v) => ({ ...v, tabSelected: ws.name === note.name }));
  const written = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const when = wb.modified instanceof Date && !Number.isNaN(wb.modified.getTime()) ? wb.modified : new Date(Date.UTC(2000, 0, 1));
  return patchPackage(written, (read) => merged(keepFittedRows(fitted, read), packageEdits({ sheets: [note] }, new Set(), read)), when);
}
