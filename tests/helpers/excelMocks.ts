/**
 * Module factories for the Excel pane's component tests (used in jest.mock, so this file imports
 * nothing of the pane itself): the Office.js adapter module as jest functions, an empty workbook by
 * default, and the site's bundled lists as the demo build has them (the seeds of ../shared/seeds).
 */
import fs from 'fs';
import path from 'path';
import type { WorkbookData } from '../../src/core/workbook';
import type * as Office from '../../src/office/excel';
import { SEEDS_DIR } from './paths';

/**
 * The module that replaces src/taskpane/bundled.ts (which fetches lists/ beside the page): the seed
 * lists, as the demo build bundles them (the same ids, titles and catalogs; jsdom has no server).
 */
export function bundledModule() {
  const { importList } = require('../../src/core/import') as typeof import('../../src/core/import');
  const ids = fs
    .readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => f.replace(/\.txt$/, ''));
  const catalogs = new Map<string, ReturnType<typeof importList>['catalog']>();
  const catalogOf = (id: string) => {
    let c = catalogs.get(id);
    if (!c) {
      c = importList(fs.readFileSync(path.join(SEEDS_DIR, `${id}.txt`), 'utf8')).catalog;
      catalogs.set(id, c);
    }
    return c;
  };
  const lists = () =>
    ids.map((id) => {
      const c = catalogOf(id);
      return { id, title: c.source.title || id, file: `${c.version}.json`, tasks: c.tasks.length, units: c.units.length };
    });
  return {
    fetchBundledLists: jest.fn(async () => lists()),
    fetchBundledList: jest.fn(async (l: { id: string }) => ({ catalog: catalogOf(l.id), warnings: [] })),
  };
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
    readPaneState: jest.fn(async () => null),
    savePaneState: jest.fn(async () => undefined),
  };
}
