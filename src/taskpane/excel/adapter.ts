/**
 * The pane's door to the open workbook: the Office.js adapter (src/office/excel.ts) by default, or
 * an in-memory stand-in for the preview page. Components take it from this context so that they
 * never touch Excel.* themselves.
 */
import { createContext, useContext } from 'react';
import * as office from '../../office/excel';

export interface ExcelAdapter {
  readUsedRanges: typeof office.readUsedRanges;
  readThenWrite: typeof office.readThenWrite;
  writeSheets: typeof office.writeSheets;
  selectCell: typeof office.selectCell;
  markCells: typeof office.markCells;
  clearMarks: typeof office.clearMarks;
  openInNewWorkbook: typeof office.openInNewWorkbook;
  missingFeatureNotes: typeof office.missingFeatureNotes;
  tagAutoOpen: typeof office.tagAutoOpen;
  readPaneState: typeof office.readPaneState;
  savePaneState: typeof office.savePaneState;
}

/** The real adapter; each call goes to the module at call time (tests replace the module). */
export const officeAdapter: ExcelAdapter = {
  readUsedRanges: (...a) => office.readUsedRanges(...a),
  readThenWrite: (...a) => office.readThenWrite(...a),
  writeSheets: (...a) => office.writeSheets(...a),
  selectCell: (...a) => office.selectCell(...a),
  markCells: (...a) => office.markCells(...a),
  clearMarks: (...a) => office.clearMarks(...a),
  openInNewWorkbook: (...a) => office.openInNewWorkbook(...a),
  missingFeatureNotes: (...a) => office.missingFeatureNotes(...a),
  tagAutoOpen: () => office.tagAutoOpen(),
  readPaneState: () => office.readPaneState(),
  savePaneState: (...a) => office.savePaneState(...a),
};

export const AdapterContext = createContext<ExcelAdapter>(officeAdapter);

export function useAdapter(): ExcelAdapter {
  return useContext(AdapterContext);
}
