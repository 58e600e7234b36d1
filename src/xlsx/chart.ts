/**
 * Charts in an .xlsx package. ExcelJS writes no charts, so each BarChartSpec of a WorkbookSpec is
 * added to its output as DrawingML parts (ECMA-376 Part 1, §21.2 charts and §20.5 spreadsheet
 * drawings):
 *
 *   xl/charts/chartN.xml                 the chart: a c:barChart over the sheet's ranges, with the
 *                                        values cached so that a viewer need not recalculate
 *   xl/drawings/drawingN.xml (+ _rels)   one drawing per sheet, a twoCellAnchor per chart
 *   xl/worksheets/_rels/sheetK.xml.rels  the sheet's relationship to its drawing, and <drawing r:id>
 *                                        in the sheet, where the schema puts it
 *
 * plus their content types. General on purpose: bar or column, clustered or stacked, categories and
 * series from ranges of one sheet. readCharts reads them back (for tests and checks).
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped, type Zippable } from 'fflate';
import type { BarChartSpec, CellValue, SheetSpec, WorkbookSpec } from '../core/workbook';
import { parseAddress } from '../core/workbook';
import { escapeXml } from './webExtension';

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const NS_PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

/** Office's default series colours, in order, for series without one. */
const PALETTE = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A range as a chart formula: '完成情况'!$A$4:$A$6. */
function formula(sheet: string, range: string): string {
  const abs = range
    .split(':')
    .map((a) => a.replace(/^\$?([A-Z]+)\$?(\d+)$/, '$$$1$$$2'))
    .join(':');
  return `'${sheet.replace(/'/g, "''")}'!${abs}`;
}

/** The cells of a one-row or one-column range, in order. */
function cellsOf(sheet: SheetSpec, range: string): CellValue[] {
  const [a, b = a] = range.split(':');
  const tl = parseAddress(a);
  const br = parseAddress(b);
  if (!tl || !br) throw new Error(`图表数据区域“${range}”无效`);
  const out: CellValue[] = [];
  for (let r = tl.row; r <= br.row; r++) for (let c = tl.column; c <= br.column; c++) out.push(sheet.rows[r]?.[c] ?? null);
  return out;
}

function strCache(values: CellValue[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v === null ? '' : String(v))}</c:v></c:pt>`).join('');
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: CellValue[]): string {
  const pts = values.map((v, i) => (typeof v === 'number' && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : '')).join('');
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function richText(text: string, size: number, bold: boolean): string {
  return (
    `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr>` +
    `<a:r><a:rPr lang="zh-CN" altLang="en-US" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

/** The chart part of one spec, its values cached from the sheet's cells. */
export function chartXml(chart: BarChartSpec, sheet: SheetSpec): string {
  const categories = cellsOf(sheet, chart.categories);
  const series = chart.series
    .map((s, i) => {
      const values = cellsOf(sheet, s.values);
      if (values.length !== categories.length) throw new Error(`图表系列“${s.name}”的数据个数与分类个数不同`);
      const colour = (s.colour ?? PALETTE[i % PALETTE.length]).replace(/^#/, '').toUpperCase();
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
        `<c:cat><c:strRef><c:f>${escapeXml(formula(chart.sheet, chart.categories))}</c:f>${strCache(categories)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeXml(formula(chart.sheet, s.values))}</c:f>${numCache(values)}</c:numRef></c:val>` +
        '</c:ser>'
      );
    })
    .join('');
  const stacked = chart.grouping !== 'clustered';
  const labels = chart.dataLabels
    ? // Zero values get no label (format 0;-0;;): a stacked bar of nothing would show a 0 over its neighbour.
      '<c:dLbls><c:numFmt formatCode="0;-0;;" sourceLinked="0"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
    : '';
  const horizontal = chart.type === 'bar';
  const valueTitle = chart.valueAxisTitle ? `<c:title>${richText(chart.valueAxisTitle, 1000, false)}<c:overlay val="0"/></c:title>` : '';
  return (
    XML_HEAD +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    '<c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title>${richText(chart.title, 1400, true)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    '<c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="${chart.grouping}"/><c:varyColors val="0"/>` +
    series +
    labels +
    `<c:gapWidth val="80"/>${stacked ? '<c:overlap val="100"/>' : ''}<c:axId val="50010"/><c:axId val="50020"/></c:barChart>` +
    `<c:catAx><c:axId val="50010"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    '<c:tickLblPos val="nextTo"/><c:crossAx val="50020"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="50020"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${horizontal ? 'b' : 'l'}"/>` +
    `<c:majorGridlines/>${valueTitle}<c:numFmt formatCode="${chart.grouping === 'percentStacked' ? '0%' : 'General'}" sourceLinked="0"/>` +
    '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea>' +
    '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '</c:chartSpace>'
  );
}

function anchorXml(chart: BarChartSpec, index: number, rId: string): string {
  const from = parseAddress(chart.anchor.from);
  const to = parseAddress(chart.anchor.to);
  if (!from || !to) throw new Error(`图表位置“${chart.anchor.from}:${chart.anchor.to}”无效`);
  const marker = (tag: string, p: { row: number; column: number }) =>
    `<xdr:${tag}><xdr:col>${p.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    '<xdr:twoCellAnchor editAs="oneCell">' +
    marker('from', from) +
    marker('to', to) +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${index + 2}" name="图表 ${index + 1}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="${rId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

function relsXml(rels: Array<{ id: string; type: string; target: string }>): string {
  return (
    XML_HEAD +
    `<Relationships xmlns="${NS_PKG_RELS}">` +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"/>`).join('') +
    '</Relationships>'
  );
}

/** Sheet name → its worksheet part (xl/worksheets/sheet1.xml), from the workbook and its relationships. */
export function sheetParts(files: Unzipped): Map<string, string> {
  const workbook = strFromU8(files['xl/workbook.xml']);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[1])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[1])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[1])?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) out.set(unescapeXml(name), part);
  }
  return out;
}

/** Elements a worksheet may have after <drawing> (ECMA-376 CT_Worksheet order): <drawing> goes before the first present. */
const AFTER_DRAWING = [
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

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

function insertDrawing(sheetXml: string, rId: string): string {
  if (/<drawing\b/.test(sheetXml)) throw new Error('工作表已含绘图部件，无法再添加图表');
  const element = `<drawing r:id="${rId}"/>`;
  // Past the elements that come before <drawing> (some, such as conditionalFormatting, may hold an extLst of their own).
  const from = Math.max(0, ...BEFORE_DRAWING.map((t) => sheetXml.lastIndexOf(t)));
  let at = sheetXml.lastIndexOf('</worksheet>');
  for (const name of AFTER_DRAWING) {
    const i = sheetXml.indexOf(`<${name}`, from);
    if (i >= 0 && i < at) at = i;
  }
  if (at < 0) throw new Error('xlsx 结构异常：找不到 </worksheet>');
  const root = /<worksheet\b[^>]*>/.exec(sheetXml);
  const withNs = root && !/xmlns:r=/.test(root[0]) ? sheetXml.replace(root[0], root[0].replace(/>$/, ` xmlns:r="${NS_R}">`)) : sheetXml;
  const shift = withNs.length - sheetXml.length;
  return withNs.slice(0, at + shift) + element + withNs.slice(at + shift);
}

/** The package with the spec's charts added; entries keep their order and get the workbook's modified time. */
export function addCharts(bytes: Uint8Array, spec: WorkbookSpec, modified: Date): Uint8Array {
  const charts = spec.charts ?? [];
  if (!charts.length) return bytes;
  const files = unzipSync(bytes);
  const parts = sheetParts(files);
  const bySheet = new Map<string, BarChartSpec[]>();
  for (const c of charts) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);
  let types = strFromU8(files['[Content_Types].xml']);
  let chartNo = Object.keys(files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).length;
  let drawingNo = Object.keys(files).filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f)).length;
  const overrides: string[] = [];
  for (const [sheetName, list] of bySheet) {
    const part = parts.get(sheetName);
    const sheet = spec.sheets.find((s) => s.name === sheetName);
    if (!part || !sheet || !files[part]) throw new Error(`图表所在的工作表“${sheetName}”不存在`);
    drawingNo++;
    const drawing = `xl/drawings/drawing${drawingNo}.xml`;
    const anchors: string[] = [];
    const drawingRels: Array<{ id: string; type: string; target: string }> = [];
    list.forEach((c, i) => {
      chartNo++;
      const chartPart = `xl/charts/chart${chartNo}.xml`;
      files[chartPart] = strToU8(chartXml(c, sheet));
      overrides.push(`<Override PartName="/${chartPart}" ContentType="${CT_CHART}"/>`);
      drawingRels.push({ id: `rId${i + 1}`, type: REL_CHART, target: `../charts/chart${chartNo}.xml` });
      anchors.push(anchorXml(c, i, `rId${i + 1}`));
    });
    files[drawing] = strToU8(`${XML_HEAD}<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${anchors.join('')}</xdr:wsDr>`);
    files[`xl/drawings/_rels/drawing${drawingNo}.xml.rels`] = strToU8(relsXml(drawingRels));
    overrides.push(`<Override PartName="/${drawing}" ContentType="${CT_DRAWING}"/>`);
    // The sheet's relationships: ExcelJS writes them only when the sheet has some (hyperlinks, notes).
    const slash = part.lastIndexOf('/');
    const relsPart = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
    const rId = 'rIdJinduDrawing';
    const target = `../drawings/drawing${drawingNo}.xml`;
    const existing = files[relsPart] ? strFromU8(files[relsPart]) : '';
    files[relsPart] = strToU8(
      existing
        ? existing.replace('</Relationships>', `<Relationship Id="${rId}" Type="${REL_DRAWING}" Target="${target}"/></Relationships>`)
        : relsXml([{ id: rId, type: REL_DRAWING, target }]),
    );
    files[part] = strToU8(insertDrawing(strFromU8(files[part]), rId));
  }
  types = types.replace('</Types>', `${overrides.join('')}</Types>`);
  files['[Content_Types].xml'] = strToU8(types);
  return rezip(files, modified);
}

/**
 * Manual page breaks between columns (print.columnBreaks), which ExcelJS does not write: a
 * <colBreaks> element where the schema puts it (after rowBreaks, before the drawing).
 */
export function addColumnBreaks(bytes: Uint8Array, spec: WorkbookSpec, modified: Date): Uint8Array {
  const wanted = spec.sheets.filter((s) => s.print?.columnBreaks?.length);
  if (!wanted.length) return bytes;
  const files = unzipSync(bytes);
  const parts = sheetParts(files);
  for (const sheet of wanted) {
    const part = parts.get(sheet.name);
    if (!part || !files[part]) continue;
    const breaks = [...new Set(sheet.print?.columnBreaks ?? [])].sort((a, b) => a - b);
    const element =
      `<colBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">` +
      breaks.map((c) => `<brk id="${c}" max="1048575" man="1"/>`).join('') +
      '</colBreaks>';
    const xml = strFromU8(files[part]);
    const from = Math.max(
      0,
      ...['</headerFooter>', '<headerFooter/>', '</rowBreaks>', '<pageSetup', '<pageMargins'].map((t) => xml.lastIndexOf(t)),
    );
    let at = xml.lastIndexOf('</worksheet>');
    for (const name of ['customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing', ...AFTER_DRAWING]) {
      const i = xml.indexOf(`<${name}`, from);
      if (i >= 0 && i < at) at = i;
    }
    files[part] = strToU8(xml.slice(0, at) + element + xml.slice(at));
  }
  return rezip(files, modified);
}

/** The parts zipped again in their order, each with the workbook's modified time, so the same spec gives the same bytes. */
function rezip(files: Unzipped, modified: Date): Uint8Array {
  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) out[name] = [data, { mtime: modified, level: 6 }];
  return zipSync(out);
}

// ---------------------------------------------------------------------------------------------
// Reading back

export interface ChartRead {
  sheet: string;
  part: string;
  type: 'column' | 'bar';
  grouping: string;
  title: string;
  categories: { ref: string; values: string[] };
  series: Array<{ name: string; ref: string; values: Array<number | null>; colour: string }>;
  anchor: { from: { row: number; column: number }; to: { row: number; column: number } };
}

function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => unescapeXml(m[1]));
}

function cachePoints(cache: string): Array<string | null> {
  const count = Number(/<c:ptCount val="(\d+)"/.exec(cache)?.[1] ?? 0);
  const out = new Array<string | null>(count).fill(null);
  for (const m of cache.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/g)) out[Number(m[1])] = unescapeXml(m[2]);
  return out;
}

/** The charts of a package, sheet by sheet, as this module writes them. */
export function readCharts(bytes: Uint8Array): ChartRead[] {
  const files = unzipSync(bytes);
  const out: ChartRead[] = [];
  for (const [sheet, part] of sheetParts(files)) {
    const xml = files[part] ? strFromU8(files[part]) : '';
    const rId = /<drawing r:id="([^"]*)"/.exec(xml)?.[1];
    if (!rId) continue;
    const slash = part.lastIndexOf('/');
    const rels = strFromU8(files[`${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`]);
    const target = new RegExp(`Id="${rId}"[^>]*Target="([^"]*)"`).exec(rels)?.[1] ?? '';
    const drawing = `xl/${target.replace(/^\.\.\//, '')}`;
    const drawingXml = strFromU8(files[drawing]);
    const drawingRels = strFromU8(files[drawing.replace(/([^/]+)$/, '_rels/$1.rels')]);
    for (const anchor of drawingXml.matchAll(/<xdr:twoCellAnchor\b[\s\S]*?<\/xdr:twoCellAnchor>/g)) {
      const a = anchor[0];
      const pos = (tag: string) => {
        const m = new RegExp(`<xdr:${tag}><xdr:col>(\\d+)</xdr:col><xdr:colOff>\\d+</xdr:colOff><xdr:row>(\\d+)</xdr:row>`).exec(a);
        return { row: Number(m?.[2] ?? -1), column: Number(m?.[1] ?? -1) };
      };
      const chartRid = /<c:chart [^>]*r:id="([^"]*)"/.exec(a)?.[1] ?? '';
      const chartTarget = new RegExp(`Id="${chartRid}"[^>]*Target="([^"]*)"`).exec(drawingRels)?.[1] ?? '';
      const chartPart = `xl/${chartTarget.replace(/^\.\.\//, '')}`;
      const c = strFromU8(files[chartPart]);
      const sers = [...c.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => m[1]);
      const cat = sers[0] ? (/<c:cat>([\s\S]*?)<\/c:cat>/.exec(sers[0])?.[1] ?? '') : '';
      out.push({
        sheet,
        part: chartPart,
        type: /<c:barDir val="bar"/.test(c) ? 'bar' : 'column',
        grouping: /<c:grouping val="([^"]*)"/.exec(c)?.[1] ?? '',
        title: texts(/<c:title>([\s\S]*?)<\/c:title>/.exec(c)?.[1] ?? '', 'a:t').join(''),
        categories: { ref: texts(cat, 'c:f')[0] ?? '', values: cachePoints(cat).map((v) => v ?? '') },
        series: sers.map((s) => {
          const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(s)?.[1] ?? '';
          return {
            name: texts(/<c:tx>([\s\S]*?)<\/c:tx>/.exec(s)?.[1] ?? '', 'c:v')[0] ?? '',
            ref: texts(val, 'c:f')[0] ?? '',
            values: cachePoints(val).map((v) => (v === null ? null : Number(v))),
            colour: /<a:srgbClr val="([0-9A-F]{6})"/.exec(s)?.[1] ?? '',
          };
        }),
        anchor: { from: pos('from'), to: pos('to') },
      });
    }
  }
  return out;
}
