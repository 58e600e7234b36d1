/** A workbook spec as a reader gets it back from the file (values only): for tests that skip writing the file. */
import type { WorkbookData, WorkbookSpec } from '../../src/core/workbook';

export function asData(spec: WorkbookSpec): WorkbookData {
  return {
    sheets: spec.sheets.map((s) => ({
      name: s.name,
      state: s.state ?? 'visible',
      rows: s.rows.map((r) => r.map((v) => (v === '' ? null : v))),
      merges: s.merges ?? [],
      formulaCells: [],
      validations: [],
    })),
  };
}
