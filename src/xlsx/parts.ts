/**
 * What the xlsx module adds to ExcelJS's package after writing it (see zipPatch.ts):
 *
 * - rows that fit their text: ExcelJS writes every row height as the user's own
 *   (customHeight="1"), which Excel and WPS then never refit. A fitted row keeps its height as
 *   `ht` alone, the way Excel itself saves a row it sized (ECMA-376 Part 1, §18.3.1.73: customHeight
 *   is "1 if the row height has been manually set"), so Excel and WPS refit it on opening and as the
 *   text changes, and LibreOffice, which keeps a stated height when it loads a file, shows the
 *   height we estimated for the whole text;
 * - charts (chart.ts), with their drawing, relationships and content types.
 */
import type { SheetSpec, WorkbookSpec } from '../core/workbook';
import { CHART_CONTENT_TYPE, chartXml, drawingXml, DRAWING_CONTENT_TYPE, REL_CHART, REL_DRAWING, relationshipsXml } from './chart';
import { textEdit, type PackageEdits, type PartEdit } from './zipPatch';
import { escapeXml, unescapeXml } from './xml';
import { strFromU8, strToU8, unzipSync } from 'fflate';

/** Row numbers, 1-based: a Set, or anything that answers as one. */
export interface RowSet {
  has(row: number): boolean;
}

/** 1-based row numbers of the sheet's fitted rows. */
export function fittedRowNumbers(spec: SheetSpec): Set<number> {
  return new Set(Object.keys(spec.fitRows ?? {}).map((r) => Number(r) + 1));
}

const ROW_TAG = /<row\b[^>]*>/g;

/**
 * One row's XML, as ExcelJS's streaming writer hands it out (its tag first), with the height no
 * longer marked as the user's when the row is fitted. Only the tag is looked at: a 汇总 has
 * hundreds of thousands of rows.
 */
export function unfixRowXml(xml: string, rows: RowSet): string {
  const end = xml.indexOf('>');
  if (end < 0) return xml;
  const tag = xml.slice(0, end + 1);
  const at = tag.indexOf(' customHeight="1"');
  if (at < 0) return xml;
  const r = /\sr="(\d+)"/.exec(tag);
  if (!r || !rows.has(Number(r[1]))) return xml;
  return tag.slice(0, at) + tag.slice(at + ' customHeight="1"'.length) + xml.slice(end + 1);
}

/** A sheet's XML (or a piece of it holding whole row tags) with the fitted rows' heights no longer marked as the user's. */
export function unfixRowHeights(xml: string, rows: Set<number>): string {
  if (!rows.size || !xml.includes('customHeight="1"')) return xml;
  return xml.replace(ROW_TAG, (tag) => {
    const r = /\sr="(\d+)"/.exec(tag);
    return r && rows.has(Number(r[1])) ? tag.replace(/\s+customHeight="(?:1|true)"/, '') : tag;
  });
}

/**
 * The rows of each sheet of a package whose height is not the user's (ht without customHeight):
 * what ExcelJS would make fixed when it writes the workbook again (see keepFittedRows).
 */
export function fittedRowsByName(bytes: Uint8Array): Map<string, Set<number>> {
  const parts = unzipSync(bytes, {
    filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' || f.name.startsWith('xl/worksheets/'),
  });
  const out = new Map<string, Set<number>>();
  for (const [name, part] of sheetParts((n) => parts[n])) {
    const data = parts[part];
    if (!data) continue;
    const rows = new Set<number>();
    for (const tag of strFromU8(data).match(ROW_TAG) ?? []) {
      const r = /\sr="(\d+)"/.exec(tag);
      if (r && /\sht="/.test(tag) && !/\scustomHeight="(?:1|true)"/.test(tag)) rows.add(Number(r[1]));
    }
    if (rows.size) out.set(name, rows);
  }
  return out;
}

/** Edits that give the rows of `fitted` (by sheet name) their unfixed heights back in a package ExcelJS wrote again. */
export function keepFittedRows(fitted: Map<string, Set<number>>, read: (name: string) => Uint8Array | undefined): PackageEdits {
  const edit = new Map<string, PartEdit>();
  const parts = sheetParts(read);
  for (const [name, rows] of fitted) {
    const part = parts.get(name);
    if (part)
      edit.set(
        part,
        textEdit((xml) => unfixRowHeights(xml, rows)),
      );
  }
  return { edit };
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]) : undefined;
}

/** Worksheet part names by sheet name, from xl/workbook.xml and its relationships. */
export function sheetParts(read: (name: string) => Uint8Array | undefined): Map<string, string> {
  const book = read('xl/workbook.xml');
  const rels = read('xl/_rels/workbook.xml.rels');
  const out = new Map<string, string>();
  if (!book || !rels) return out;
  const targets = new Map<string, string>();
  for (const tag of strFromU8(rels).match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const tag of strFromU8(book).match(/<sheet\b[^>]*>/g) ?? []) {
    const name = attr(tag, 'name');
    const id = attr(tag, 'r:id');
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) out.set(name, part);
  }
  return out;
}

/** Worksheet children that come after <drawing> (CT_Worksheet's sequence); the drawing goes before the first present. */
const AFTER_DRAWING = [
  '<legacyDrawing',
  '<legacyDrawingHF',
  '<drawingHF',
  '<picture',
  '<oleObjects',
  '<controls',
  '<webPublishItems',
  '<tableParts',
  '<extLst',
  '</worksheet>',
];

/** Worksheet children that come before <drawing>: the search for its place starts after the last of them (some, such as conditionalFormatting, may hold an extLst of their own). */
const BEFORE_DRAWING = [
  '</sheetData>',
  '<sheetData/>',
  '</mergeCells>',
  '</conditionalFormatting>',
  '</dataValidations>',
  '</hyperlinks>',
  '<pageMargins',
  '<pageSetup',
  '</headerFooter>',
  '</rowBreaks>',
  '</colBreaks>',
  '</ignoredErrors>',
];

function insertDrawing(xml: string, relId: string): string {
  if (/<drawing\b/.test(xml)) throw new Error('工作表已含绘图部件，无法再添加图表');
  const from = Math.max(0, ...BEFORE_DRAWING.map((t) => xml.lastIndexOf(t)));
  const at = Math.min(...AFTER_DRAWING.map((t) => xml.indexOf(t, from)).filter((i) => i >= 0));
  if (!Number.isFinite(at)) throw new Error('xlsx 结构异常：工作表缺少结束标记');
  const root = /<worksheet\b[^>]*>/.exec(xml);
  // The r: prefix must be declared on the root (ExcelJS declares it; other writers may not).
  const withNs =
    root && !/xmlns:r=/.test(root[0])
      ? xml.replace(root[0], root[0].replace(/>$/, ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'))
      : xml;
  const shift = withNs.length - xml.length;
  return `${withNs.slice(0, at + shift)}<drawing r:id="${relId}"/>${withNs.slice(at + shift)}`;
}

/**
 * Manual page breaks between columns (print.columnBreaks), which ExcelJS does not write: a
 * <colBreaks> element where CT_Worksheet puts it (after rowBreaks, before the drawing).
 */
function insertColumnBreaks(xml: string, columns: number[]): string {
  const breaks = [...new Set(columns)].sort((a, b) => a - b);
  const element =
    `<colBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">` +
    breaks.map((c) => `<brk id="${c}" max="1048575" man="1"/>`).join('') +
    '</colBreaks>';
  const from = Math.max(
    0,
    ...['</headerFooter>', '<headerFooter/>', '</rowBreaks>', '<pageSetup', '<pageMargins'].map((t) => xml.lastIndexOf(t)),
  );
  let at = xml.lastIndexOf('</worksheet>');
  for (const tag of ['<customProperties', '<cellWatches', '<ignoredErrors', '<smartTags', '<drawing', ...AFTER_DRAWING]) {
    const i = xml.indexOf(tag, from);
    if (i >= 0 && i < at) at = i;
  }
  if (at < 0) throw new Error('xlsx 结构异常：工作表缺少结束标记');
  return xml.slice(0, at) + element + xml.slice(at);
}

function addBefore(xml: string, closing: string, fragment: string): string {
  const at = xml.lastIndexOf(closing);
  if (at < 0) throw new Error(`xlsx 结构异常：找不到 ${closing}`);
  return xml.slice(0, at) + fragment + xml.slice(at);
}

function compose(a: PartEdit | undefined, b: PartEdit): PartEdit {
  if (!a) return b;
  return (old) => {
    const mid = a(old) ?? old;
    return b(mid) ?? (mid === old ? null : mid);
  };
}

/**
 * The edits that finish ExcelJS's package for `spec`. `fitted` names the sheets whose fitted rows
 * the writer already wrote as such (the streaming writer does it as the rows go out).
 */
export function packageEdits(
  spec: WorkbookSpec,
  fitted: ReadonlySet<string>,
  read: (name: string) => Uint8Array | undefined,
): PackageEdits {
  const needsRows = spec.sheets.filter((s) => s.fitRows && Object.keys(s.fitRows).length && !fitted.has(s.name));
  const withCharts = spec.sheets.filter((s) => s.charts?.length);
  const withBreaks = spec.sheets.filter((s) => s.print?.columnBreaks?.length);
  const edit = new Map<string, PartEdit>();
  const add: Array<[string, Uint8Array]> = [];
  if (!needsRows.length && !withCharts.length && !withBreaks.length) return { edit, add };
  const parts = sheetParts(read);
  const partOf = (s: SheetSpec): string => {
    const p = parts.get(s.name);
    if (!p) throw new Error(`xlsx 结构异常：找不到工作表“${s.name}”`);
    return p;
  };

  for (const s of needsRows) {
    const rows = fittedRowNumbers(s);
    const part = partOf(s);
    edit.set(
      part,
      compose(
        edit.get(part),
        textEdit((xml) => unfixRowHeights(xml, rows)),
      ),
    );
  }

  for (const s of withBreaks) {
    const part = partOf(s);
    const columns = s.print?.columnBreaks ?? [];
    edit.set(
      part,
      compose(
        edit.get(part),
        textEdit((xml) => insertColumnBreaks(xml, columns)),
      ),
    );
  }

  const types: string[] = [];
  let chartNo = 0;
  withCharts.forEach((s, k) => {
    const part = partOf(s);
    const drawing = `xl/drawings/drawing${k + 1}.xml`;
    const relsPart = part.replace(/([^/]+)$/, '_rels/$1.rels');
    const relId = 'rIdJinduDrawing1';
    edit.set(
      part,
      compose(
        edit.get(part),
        textEdit((xml) => insertDrawing(xml, relId)),
      ),
    );
    const sheetRel = `<Relationship Id="${relId}" Type="${REL_DRAWING}" Target="../drawings/drawing${k + 1}.xml"/>`;
    if (read(relsPart))
      edit.set(
        relsPart,
        textEdit((xml) => addBefore(xml, '</Relationships>', sheetRel)),
      );
    else add.push([relsPart, strToU8(relationshipsXml([{ id: relId, type: REL_DRAWING, target: `../drawings/drawing${k + 1}.xml` }]))]);
    const charts = s.charts ?? [];
    add.push([drawing, strToU8(drawingXml(charts))]);
    const chartRels = charts.map((chart, i) => {
      chartNo++;
      add.push([`xl/charts/chart${chartNo}.xml`, strToU8(chartXml(s.name, chart, s.rows))]);
      types.push(`<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="${CHART_CONTENT_TYPE}"/>`);
      return { id: `rId${i + 1}`, type: REL_CHART, target: `../charts/chart${chartNo}.xml` };
    });
    add.push([`xl/drawings/_rels/drawing${k + 1}.xml.rels`, strToU8(relationshipsXml(chartRels))]);
    types.push(`<Override PartName="/${escapeXml(drawing)}" ContentType="${DRAWING_CONTENT_TYPE}"/>`);
  });
  if (types.length)
    edit.set(
      '[Content_Types].xml',
      textEdit((xml) => addBefore(xml, '</Types>', types.join(''))),
    );
  return { edit, add };
}
