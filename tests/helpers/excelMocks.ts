/**
 * Module factories for the Excel pane's component tests (used in jest.mock, so this file imports
 * nothing of the pane itself): the Office.js adapter module as jest functions, an empty workbook by
 * default, and the bundled seeds read from ../shared/seeds (webpack bundles them as text; jest
 * does not load .txt files).
 */
import fs from 'fs';
import path from 'path';
import type { WorkbookData } from '../../src/core/workbook';
import type * as Office from '../../src/office/excel';
import { SEEDS_DIR } from './paths';

/** The module that replaces src/taskpane/seeds.ts. */
export function seedsModule(): { SEEDS: Array<{ id: string; text: string }> } {
  const ids = fs
    .readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => f.replace(/\.txt$/, ''));
  return { SEEDS: ids.map((id) => ({ id, text: fs.readFileSync(path.join(SEEDS_DIR, `${id}.txt`), 'utf8') })) };
}

type OfficeModule = typeof Office;

/** The module that replaces src/office/excel.ts: every function a jest.fn, an empty workbook by default. */
export function officeModule(): Partial<OfficeModule> {
  const empty: WorkbookData = { sheets: [{ name: 'Sheet1', state: 'visible', rows: [], merges: [], formulaCells: [], validations: [] }] };
  return {
    readUsedRanges: jest.fn(async () => empty),
    readThenWrite: jest.fn(async () => null),
    writeSheets: jest.fn(async (specs) => ({ sheets: specs.map((s) => s.name), syncs: 3, notes: [] })),
    selectCell: jest.fn(async () => undefined),
    markCells: jest.fn(async (cells) => ({ marked: cells.length, locked: [], notes: [] })),
    clearMarks: jest.fn(async () => ({ marked: 0, locked: [], notes: [] })),
    openInNewWorkbook: jest.fn(async () => 'opened' as const),
    missingFeatureNotes: jest.fn(() => []),
    tagAutoOpen: jest.fn(async () => true),
  };
}
