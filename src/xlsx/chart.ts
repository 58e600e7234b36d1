/**
 * The one chart the 汇总 needs, as DrawingML (ECMA-376 Part 1, §21.2 charts and §20.5 spreadsheet
 * drawing), since ExcelJS writes no charts: a clustered horizontal bar chart of one series over a
 * block of the sheet (categories in its first column, values in its second, the series name on
 * its first row), anchored over a range of cells. The chart refers to the cells and also carries
 * their values (the caches), which is what readers that do not recalculate (and LibreOffice's PDF
 * export) draw.
 */
import type { CellValue, ChartSpec } from '../core/workbook';
import { cellText, parseAddress } from '../core/workbook';

export const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
export const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
export const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

export function escapeXml(s: string): string {
  return (
    s
      // Characters XML 1.0 does not allow are dropped.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

function columnLetters(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** 'Sheet'!$A$4:$A$30 */
function ref(sheet: string, c: number, r0: number, r1: number): string {
  const col = columnLetters(c);
  const quoted = `'${sheet.replace(/'/g, "''")}'`;
  return r0 === r1 ? `${quoted}!$${col}$${r0 + 1}` : `${quoted}!$${col}$${r0 + 1}:$${col}$${r1 + 1}`;
}

interface Block {
  c0: number;
  r0: number;
  r1: number;
}

function blockOf(chart: ChartSpec): Block {
  const [a, b = a] = chart.range.split(':');
  const tl = parseAddress(a);
  const br = parseAddress(b);
  if (!tl || !br || br.row <= tl.row) throw new Error(`图表数据区域无效：${chart.range}`);
  return { c0: tl.column, r0: tl.row, r1: br.row };
}

function number(v: CellValue | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const n = Number(cellText(v));
  return cellText(v) !== '' && Number.isFinite(n) ? n : null;
}

/** The chart part (xl/charts/chartN.xml) for `chart` over the rows of the sheet named `sheet`. */
export function chartXml(sheet: string, chart: ChartSpec, rows: CellValue[][]): string {
  const { c0, r0, r1 } = blockOf(chart);
  const n = r1 - r0;
  const name = cellText(rows[r0]?.[c0 + 1]);
  const cats: string[] = [];
  const vals: string[] = [];
  for (let r = r0 + 1; r <= r1; r++) {
    const i = r - r0 - 1;
    cats.push(`<c:pt idx="${i}"><c:v>${escapeXml(cellText(rows[r]?.[c0]))}</c:v></c:pt>`);
    const v = number(rows[r]?.[c0 + 1]);
    if (v !== null) vals.push(`<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`);
  }
  const fmt = escapeXml(chart.valueFormat ?? 'General');
  const font = '<a:latin typeface="Arial"/><a:ea typeface="宋体"/>';
  const text = (size: number, bold = false) =>
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}">${font}</a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`;
  const scaling = `<c:scaling><c:orientation val="minMax"/>${chart.max !== undefined ? `<c:max val="${chart.max}"/>` : ''}<c:min val="0"/></c:scaling>`;
  return (
    XML_HEAD +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    '<c:lang val="zh-CN"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1">${font}</a:defRPr></a:pPr>` +
    `<a:r><a:rPr lang="zh-CN" sz="1200" b="1">${font}</a:rPr><a:t>${escapeXml(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    '<c:overlay val="0"/></c:title>' +
    '<c:autoTitleDeleted val="0"/>' +
    '<c:plotArea><c:layout/>' +
    '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    '<c:ser><c:idx val="0"/><c:order val="0"/>' +
    `<c:tx><c:strRef><c:f>${escapeXml(ref(sheet, c0 + 1, r0, r0))}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${escapeXml(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
    '<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr>' +
    '<c:invertIfNegative val="0"/>' +
    `<c:dLbls><c:numFmt formatCode="${fmt}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${text(800)}` +
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>' +
    `<c:cat><c:strRef><c:f>${escapeXml(ref(sheet, c0, r0 + 1, r1))}</c:f><c:strCache><c:ptCount val="${n}"/>${cats.join('')}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${escapeXml(ref(sheet, c0 + 1, r0 + 1, r1))}</c:f><c:numCache><c:formatCode>${fmt}</c:formatCode><c:ptCount val="${n}"/>${vals.join('')}</c:numCache></c:numRef></c:val>` +
    '</c:ser>' +
    '<c:gapWidth val="50"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>' +
    // Categories from the top in table order (a bar chart draws the first one at the bottom), the value axis below them.
    '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>' +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${text(900)}` +
    '<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:tickLblSkip val="1"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="50010002"/>${scaling}<c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/>` +
    `<c:numFmt formatCode="${fmt}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${text(900)}` +
    '<c:crossAx val="50010001"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea>' +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '</c:chartSpace>'
  );
}

/** The drawing part (xl/drawings/drawingN.xml): each chart anchored over its cells, chart k by relationship rId{k}. */
export function drawingXml(charts: ChartSpec[]): string {
  const anchors = charts.map((chart, i) => {
    const from = parseAddress(chart.position[0]);
    const to = parseAddress(chart.position[1]);
    if (!from || !to) throw new Error(`图表位置无效：${chart.position.join(':')}`);
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
