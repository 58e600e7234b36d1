/**
 * Charts as DrawingML (ECMA-376 Part 1, §21.2 charts and §20.5 spreadsheet drawing), since ExcelJS
 * writes none: the 汇总's 完成情况 and the 台账's completion across periods. One general kind: a bar
 * or column chart (clustered or stacked) of series over ranges of its own sheet, anchored over a
 * block of cells. The chart refers to the cells and also carries their values (the caches), which
 * is what readers that do not recalculate (and LibreOffice's PDF export) draw. parts.ts adds the
 * parts to ExcelJS's package; readCharts reads them back (for tests and checks).
 */
import { strFromU8, unzipSync } from 'fflate';
import type { BarChartSpec, CellValue } from '../core/workbook';
import { cellText, parseAddress } from '../core/workbook';
import { sheetParts } from './parts';
import { escapeXml, unescapeXml } from './xml';

export const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
export const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
export const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

/** Office's default series colours, in order, for series without one. */
const PALETTE = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];

/** A range as a chart formula: '完成情况'!$A$4:$A$6. */
function formula(sheet: string, range: string): string {
  const abs = range
    .split(':')
    .map((a) => a.replace(/^\$?([A-Z]+)\$?(\d+)$/, '$$$1$$$2'))
    .join(':');
  return `'${sheet.replace(/'/g, "''")}'!${abs}`;
}

/** The cells of a one-row or one-column range, in order. */
function cellsOf(rows: CellValue[][], range: string): CellValue[] {
  const [a, b = a] = range.split(':');
  const tl = parseAddress(a);
  const br = parseAddress(b);
  if (!tl || !br) throw new Error(`图表数据区域“${range}”无效`);
  const out: CellValue[] = [];
  for (let r = tl.row; r <= br.row; r++) for (let c = tl.column; c <= br.column; c++) out.push(rows[r]?.[c] ?? null);
  return out;
}

function number(v: CellValue): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const n = Number(cellText(v));
  return cellText(v) !== '' && Number.isFinite(n) ? n : null;
}

function strCache(values: CellValue[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(cellText(v))}</c:v></c:pt>`).join('');
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: CellValue[], format: string): string {
  const pts = values
    .map((v, i) => {
      const n = number(v);
      return n === null ? '' : `<c:pt idx="${i}"><c:v>${n}</c:v></c:pt>`;
    })
    .join('');
  return `<c:numCache><c:formatCode>${escapeXml(format)}</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

const FONT = '<a:latin typeface="Arial"/><a:ea typeface="宋体"/>';

function textProps(size: number, bold = false): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}">${FONT}</a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`;
}

function richText(text: string, size: number, bold: boolean): string {
  return (
    `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}">${FONT}</a:defRPr></a:pPr>` +
    `<a:r><a:rPr lang="zh-CN" altLang="en-US" sz="${size}" b="${bold ? 1 : 0}">${FONT}</a:rPr><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

/** The chart part (xl/charts/chartN.xml) of one spec on the sheet named `sheet`, its values cached from the sheet's rows. */
export function chartXml(sheet: string, chart: BarChartSpec, rows: CellValue[][]): string {
  const categories = cellsOf(rows, chart.categories);
  const format = chart.valueFormat ?? (chart.grouping === 'percentStacked' ? '0%' : 'General');
  const series = chart.series
    .map((s, i) => {
      const values = cellsOf(rows, s.values);
      if (values.length !== categories.length) throw new Error(`图表系列“${s.name}”的数据个数与分类个数不同`);
      const colour = (s.colour ?? PALETTE[i % PALETTE.length]).replace(/^#/, '').toUpperCase();
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
        `<c:cat><c:strRef><c:f>${escapeXml(formula(sheet, chart.categories))}</c:f>${strCache(categories)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeXml(formula(sheet, s.values))}</c:f>${numCache(values, format)}</c:numRef></c:val>` +
        '</c:ser>'
      );
    })
    .join('');
  const stacked = chart.grouping !== 'clustered';
  // Zero values of a stacked chart get no label (format …;;): a bar of nothing would show a 0 over its neighbour.
  const labelFormat = stacked ? `${format === 'General' ? '0' : format};-${format === 'General' ? '0' : format};;` : format;
  const labels = chart.dataLabels
    ? `<c:dLbls><c:numFmt formatCode="${escapeXml(labelFormat)}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProps(800)}` +
      '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
    : '';
  const horizontal = chart.type === 'bar';
  const valueTitle = chart.valueAxisTitle ? `<c:title>${richText(chart.valueAxisTitle, 1000, false)}<c:overlay val="0"/></c:title>` : '';
  const scaling = `<c:scaling><c:orientation val="minMax"/>${chart.max !== undefined ? `<c:max val="${chart.max}"/>` : ''}<c:min val="0"/></c:scaling>`;
  // A legend only where there is more than one series to tell apart.
  const legend = chart.series.length > 1 ? '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' : '';
  return (
    XML_HEAD +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    '<c:lang val="zh-CN"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title>${richText(chart.title, 1200, true)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    '<c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="${chart.grouping}"/><c:varyColors val="0"/>` +
    series +
    labels +
    `<c:gapWidth val="${horizontal ? 50 : 80}"/>${stacked ? '<c:overlap val="100"/>' : ''}<c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>` +
    // Horizontal bars list their categories from the top in table order (a bar chart draws the first at the bottom).
    `<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/>${textProps(900)}<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    '<c:lblOffset val="100"/><c:tickLblSkip val="1"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="50010002"/>${scaling}<c:delete val="0"/><c:axPos val="${horizontal ? 'b' : 'l'}"/><c:majorGridlines/>${valueTitle}` +
    `<c:numFmt formatCode="${escapeXml(format)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${textProps(900)}` +
    `<c:crossAx val="50010001"/><c:crosses val="${horizontal ? 'max' : 'autoZero'}"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea>' +
    legend +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '</c:chartSpace>'
  );
}

/** The drawing part (xl/drawings/drawingN.xml): each chart anchored over its cells, chart k by relationship rId{k}. */
export function drawingXml(charts: BarChartSpec[]): string {
  const anchors = charts.map((chart, i) => {
    const from = parseAddress(chart.anchor.from);
    const to = parseAddress(chart.anchor.to);
    if (!from || !to) throw new Error(`图表位置无效：${chart.anchor.from}:${chart.anchor.to}`);
    const cell = (tag: string, a: { row: number; column: number }) =>
      `<xdr:${tag}><xdr:col>${a.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
    return (
      '<xdr:twoCellAnchor editAs="oneCell">' +
      cell('from', from) +
      cell('to', to) +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="图表 ${i + 1}" descr="${escapeXml(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="rId${i + 1}"/></a:graphicData></a:graphic>` +
      '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
    );
  });
  return XML_HEAD + `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${anchors.join('')}</xdr:wsDr>`;
}

export function relationshipsXml(rels: Array<{ id: string; type: string; target: string }>): string {
  return (
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"/>`).join('') +
    '</Relationships>'
  );
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
  for (const [sheet, part] of sheetParts((name) => files[name])) {
    const xml = files[part] ? strFromU8(files[part]) : '';
    const rId = /<drawing r:id="([^"]*)"/.exec(xml)?.[1];
    if (!rId) continue;
    const slash = part.lastIndexOf('/');
    const rels = strFromU8(files[`${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`]);
    const target = new RegExp(`Id="${rId}"[^>]*Target="([^"]*)"`).exec(rels)?.[1] ?? '';
    const drawing = `xl/${target.replace(/^\.\.\//, '')}`;
    const drawingPart = strFromU8(files[drawing]);
    const drawingRels = strFromU8(files[drawing.replace(/([^/]+)$/, '_rels/$1.rels')]);
    for (const anchor of drawingPart.matchAll(/<xdr:twoCellAnchor\b[\s\S]*?<\/xdr:twoCellAnchor>/g)) {
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
