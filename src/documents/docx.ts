/**
 * A Word document (.docx) as the document model: its paragraphs and tables in body order, with
 * the numbering Word generates ("1." "（一）" "一、", from numbering.xml) written in front of the
 * paragraph as a reader sees it, and merged cells resolved (w:gridSpan across, w:vMerge down).
 *
 * Read with the zip and XML parsers the xlsx reader already uses (fflate, saxes) rather than
 * mammoth: mammoth renders HTML and drops what vMerge says about which cells were merged, which
 * is what tells a problem's further measures from new tasks.
 */
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { cell, documentFromBlocks, type DocCell, type ListDocument, type ParagraphInput, type TableInput } from '../core/import/document';
import { ListFileError } from './errors';

/** Inflated size of one part the reader takes, at most: a list is a few hundred kilobytes of XML. */
const MAX_PART = 64 * 1024 * 1024;

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function attr(node: SaxesTagPlain, name: string): string | undefined {
  for (const [k, v] of Object.entries(node.attributes)) if (local(k) === name) return v as string;
  return undefined;
}

function parse(
  xml: string,
  part: string,
  open: (n: string, node: SaxesTagPlain) => void,
  text?: (t: string) => void,
  close?: (n: string) => void,
) {
  const p = new SaxesParser();
  p.on('opentag', (node: SaxesTagPlain) => open(local(node.name), node));
  if (text) p.on('text', text);
  if (close) p.on('closetag', (node: SaxesTagPlain) => close(local(node.name)));
  try {
    p.write(xml).close();
  } catch {
    throw new ListFileError(`Word 文件已损坏（${part} 不是有效的 XML），请用 Word 或 WPS 打开后另存为 .docx 再导入`);
  }
}

// ---------------------------------------------------------------------------------------------
// Numbering

interface Level {
  format: string;
  text: string;
  start: number;
}

interface Numbering {
  /** numId → abstract levels. */
  levels: Map<string, Map<number, Level>>;
  /** styleId → its numbering (paragraph styles such as 标题 1 carry numbering). */
  styles: Map<string, { numId: string; ilvl: number }>;
}

function readNumbering(xml: string | undefined, stylesXml: string | undefined): Numbering {
  const abstract = new Map<string, Map<number, Level>>();
  const nums = new Map<string, string>();
  if (xml) {
    let currentAbs: Map<number, Level> | null = null;
    let lvl: Level | null = null;
    let lvlIndex = 0;
    let numId = '';
    parse(
      xml,
      'numbering.xml',
      (n, node) => {
        if (n === 'abstractNum') {
          currentAbs = new Map();
          abstract.set(attr(node, 'abstractNumId') ?? '', currentAbs);
        } else if (n === 'lvl' && currentAbs) {
          lvlIndex = Number(attr(node, 'ilvl') ?? 0);
          lvl = { format: 'decimal', text: `%${lvlIndex + 1}.`, start: 1 };
          currentAbs.set(lvlIndex, lvl);
        } else if (lvl && n === 'numFmt') lvl.format = attr(node, 'val') ?? 'decimal';
        else if (lvl && n === 'lvlText') lvl.text = attr(node, 'val') ?? '';
        else if (lvl && n === 'start') lvl.start = Number(attr(node, 'val') ?? 1);
        else if (n === 'num') numId = attr(node, 'numId') ?? '';
        else if (n === 'abstractNumId' && numId) nums.set(numId, attr(node, 'val') ?? '');
      },
      undefined,
      (n) => {
        if (n === 'lvl') lvl = null;
        if (n === 'abstractNum') currentAbs = null;
        if (n === 'num') numId = '';
      },
    );
  }
  const levels = new Map<string, Map<number, Level>>();
  for (const [id, abs] of nums) levels.set(id, abstract.get(abs) ?? new Map());
  const styles = new Map<string, { numId: string; ilvl: number }>();
  if (stylesXml) {
    let style = '';
    let numId = '';
    let ilvl = 0;
    parse(
      stylesXml,
      'styles.xml',
      (n, node) => {
        if (n === 'style') {
          style = attr(node, 'styleId') ?? '';
          numId = '';
          ilvl = 0;
        } else if (style && n === 'numId') numId = attr(node, 'val') ?? '';
        else if (style && n === 'ilvl') ilvl = Number(attr(node, 'val') ?? 0);
      },
      undefined,
      (n) => {
        if (n === 'style' && style && numId) styles.set(style, { numId, ilvl });
        if (n === 'style') style = '';
      },
    );
  }
  return { levels, styles };
}

const CN = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function chinese(n: number): string {
  if (n < 10) return CN[n];
  if (n < 20) return `十${n % 10 ? CN[n % 10] : ''}`;
  if (n < 100) return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
  return String(n);
}

function formatNumber(n: number, format: string): string {
  if (/^chinese|^ideograph|^japaneseCounting|^taiwaneseCounting/.test(format)) return chinese(n);
  if (format === 'upperLetter') return String.fromCharCode(64 + (((n - 1) % 26) + 1));
  if (format === 'lowerLetter') return String.fromCharCode(96 + (((n - 1) % 26) + 1));
  if (format === 'upperRoman' || format === 'lowerRoman') {
    const r = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][n] ?? String(n);
    return format === 'lowerRoman' ? r.toLowerCase() : r;
  }
  if (format === 'decimalEnclosedCircle' || format === 'decimalEnclosedCircleChinese')
    return n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
  if (format === 'bullet' || format === 'none') return '';
  return String(n);
}

class Counter {
  private readonly counts = new Map<string, number[]>();
  constructor(private readonly numbering: Numbering) {}

  label(numId: string, ilvl: number): string {
    const levels = this.numbering.levels.get(numId);
    const lvl = levels?.get(ilvl);
    if (!levels || !lvl || numId === '0') return '';
    const counts = this.counts.get(numId) ?? [];
    counts[ilvl] = counts[ilvl] === undefined ? lvl.start : counts[ilvl] + 1;
    counts.length = ilvl + 1; // deeper levels start again
    this.counts.set(numId, counts);
    if (lvl.format === 'bullet') return '';
    return lvl.text.replace(/%(\d)/g, (_, d: string) => {
      const k = Number(d) - 1;
      const level = levels.get(k);
      return formatNumber(counts[k] ?? level?.start ?? 1, level?.format ?? 'decimal');
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Body

interface RawCell {
  paragraphs: string[];
  span: number;
  vMerge: 'restart' | 'continue' | null;
}

export function readDocx(bytes: Uint8Array): ListDocument {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => /^word\/(document|numbering|styles)\.xml$/.test(f.name) && f.originalSize <= MAX_PART,
    });
  } catch {
    throw new ListFileError('Word 文件已损坏或不完整，请用 Word 或 WPS 打开后另存为 .docx 再导入');
  }
  const main = files['word/document.xml'];
  if (!main) throw new ListFileError('不是 Word 文档（缺少正文 word/document.xml），或文件已损坏');
  const numbering = readNumbering(
    files['word/numbering.xml'] && strFromU8(files['word/numbering.xml']),
    files['word/styles.xml'] && strFromU8(files['word/styles.xml']),
  );
  const counter = new Counter(numbering);

  const blocks: Array<ParagraphInput | TableInput> = [];
  let tables = 0;
  // Nesting: tables inside table cells are read as text of their cell.
  const tableStack: Array<{ rows: RawCell[][]; row: RawCell[] | null; cell: RawCell | null }> = [];
  let para: { text: string; numId?: string; ilvl: number; style?: string } | null = null;
  let inText = false;
  let cellProps: { span: number; vMerge: RawCell['vMerge'] } | null = null;

  const endParagraph = () => {
    if (!para) return;
    const num = para.numId ?? (para.style ? numbering.styles.get(para.style)?.numId : undefined);
    const ilvl = para.numId ? para.ilvl : para.style ? (numbering.styles.get(para.style)?.ilvl ?? 0) : 0;
    const label = num ? counter.label(num, ilvl) : '';
    const text = `${label}${para.text}`;
    const top = tableStack[tableStack.length - 1];
    if (top?.cell) top.cell.paragraphs.push(text);
    else blocks.push({ kind: 'paragraph', text: text.replace(/\n/g, ' ') });
    para = null;
  };

  parse(
    strFromU8(main),
    'document.xml',
    (n, node) => {
      switch (n) {
        case 'tbl':
          tableStack.push({ rows: [], row: null, cell: null });
          break;
        case 'tr': {
          const top = tableStack[tableStack.length - 1];
          if (top) top.row = [];
          break;
        }
        case 'gridBefore': {
          const top = tableStack[tableStack.length - 1];
          const k = Number(attr(node, 'val') ?? 0);
          if (top?.row && !top.cell) for (let i = 0; i < k; i++) top.row.push({ paragraphs: [], span: 1, vMerge: null });
          break;
        }
        case 'tc': {
          const top = tableStack[tableStack.length - 1];
          if (top) top.cell = { paragraphs: [], span: 1, vMerge: null };
          cellProps = { span: 1, vMerge: null };
          break;
        }
        case 'gridSpan':
          if (cellProps) cellProps.span = Math.max(1, Number(attr(node, 'val') ?? 1));
          break;
        case 'vMerge':
          if (cellProps) cellProps.vMerge = attr(node, 'val') === 'restart' ? 'restart' : 'continue';
          break;
        case 'p':
          para = { text: '', ilvl: 0 };
          break;
        case 'pStyle':
          if (para) para.style = attr(node, 'val');
          break;
        case 'numId':
          if (para) para.numId = attr(node, 'val');
          break;
        case 'ilvl':
          if (para) para.ilvl = Number(attr(node, 'val') ?? 0);
          break;
        case 't':
          inText = true;
          break;
        case 'tab':
          if (para) para.text += ' ';
          break;
        case 'br':
        case 'cr':
          if (para) para.text += '\n';
          break;
      }
    },
    (t) => {
      if (inText && para) para.text += t;
    },
    (n) => {
      switch (n) {
        case 't':
          inText = false;
          break;
        case 'p':
          endParagraph();
          break;
        case 'tcPr': {
          const top = tableStack[tableStack.length - 1];
          if (top?.cell && cellProps) {
            top.cell.span = cellProps.span;
            top.cell.vMerge = cellProps.vMerge;
          }
          break;
        }
        case 'tc': {
          const top = tableStack[tableStack.length - 1];
          if (top?.cell && top.row) top.row.push(top.cell);
          if (top) top.cell = null;
          break;
        }
        case 'tr': {
          const top = tableStack[tableStack.length - 1];
          if (top?.row) top.rows.push(top.row);
          if (top) top.row = null;
          break;
        }
        case 'tbl': {
          const done = tableStack.pop();
          if (!done) break;
          const outer = tableStack[tableStack.length - 1];
          if (outer?.cell) {
            // A table inside a cell: its rows become lines of the cell.
            for (const r of done.rows) outer.cell.paragraphs.push(r.map((c) => c.paragraphs.join(' ')).join(' '));
          } else {
            tables++;
            blocks.push({ kind: 'table', label: `第${tables}个表格`, rows: grid(done.rows) });
          }
          break;
        }
      }
    },
  );
  return documentFromBlocks('docx', blocks);
}

/** Rows of raw cells to the grid: spans repeat across (covered right), continued vertical merges down. */
function grid(rows: RawCell[][]): DocCell[][] {
  const out: DocCell[][] = [];
  for (const r of rows) {
    const line: DocCell[] = [];
    for (const c of r) {
      const col = line.length;
      const text = c.paragraphs.join('\n');
      let first: DocCell;
      if (c.vMerge === 'continue') {
        const above = out[out.length - 1]?.[col];
        first = cell(above?.original ?? '', 'down');
      } else first = cell(text);
      line.push(first);
      for (let k = 1; k < c.span; k++) line.push(cell(first.original, first.covered ?? 'right'));
    }
    out.push(line);
  }
  return out;
}
