/**
 * Pasted or .txt text as a document: lines with tabs are table rows (a table converted from Word
 * or copied from Excel), runs of lines aligned in columns by spaces under a header are a table
 * copied out of a PDF (long cells wrapped onto the next lines are joined back into their cell),
 * every other line is a paragraph. The lines themselves are kept for the line-based layouts.
 */
import { cell, type Block, type DocCell, type DocRow, type ListDocument } from './document';
import { normalisePunctuation } from './normalise';
import { normaliseDocument } from './text';
import { roleOfHeader } from './vocabulary';

export function textDocument(raw: string): ListDocument {
  const originalLines = normaliseDocument(raw).split('\n');
  const lines = originalLines.map(normalisePunctuation);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].includes('\t')) {
      const rows: DocRow[] = [];
      for (; i < lines.length && lines[i].includes('\t'); i++) {
        const orig = originalLines[i].split('\t');
        rows.push({ cells: orig.map((o) => cell(o)), line: i + 1, where: `第${i + 1}行` });
      }
      blocks.push({ kind: 'table', rows, label: `第${rows[0].line}行起的表格`, from: 'tabs' });
      continue;
    }
    const aligned = alignedTable(lines, originalLines, i);
    if (aligned) {
      blocks.push(aligned.table);
      i = aligned.end;
      continue;
    }
    blocks.push({ kind: 'paragraph', text: lines[i], original: originalLines[i], line: i + 1 });
    i++;
  }
  return { source: 'text', blocks, lines, originalLines };
}

// ---------------------------------------------------------------------------------------------
// Tables aligned with spaces (copied from a PDF)

/** Display width as a monospaced copy lays it out: Chinese characters and full-width forms take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

interface Segment {
  text: string;
  original: string;
  start: number;
  end: number;
}

/** The pieces of a line between runs of two or more spaces, with their display columns. */
function segments(line: string, original: string): Segment[] {
  const out: Segment[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = width(line.slice(0, m.index));
    out.push({ text: m[0], original: original.slice(m.index, m.index + m[0].length), start, end: start + width(m[0]) });
  }
  return out;
}

const NUMBER = /^(\d{1,3}|[一二三四五六七八九十]{1,3}|[（(][一二三四五六七八九十\d]{1,3}[)）])[.．、]?$/;
/** A category of the table's rows, on a line of its own: 一、产业帮扶, （二）教育方面. */
const CATEGORY_LINE = /^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])\S/;

/** Whether the next non-blank line from `from` is a table row that starts with a number in the first column. */
function numberedRowNext(lines: string[], originalLines: string[], from: number, columnOf: (start: number) => number): boolean {
  for (let i = from; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const segs = segments(lines[i], originalLines[i]);
    return segs.length >= 2 && columnOf(segs[0].start) === 0 && NUMBER.test(segs[0].text);
  }
  return false;
}

/**
 * A table starting at line `from`: a header line of three or more pieces, two of which name a
 * column role (序号, 工作任务, 牵头单位, 完成时限…), and the lines under it that are split into pieces
 * or indented. A piece goes to the column whose span (halfway between two headers) holds its start.
 * A line with a piece in the first column starts a row (when the first column is 序号, only a
 * number or a short label does); any other line continues the cells of the row above.
 */
function alignedTable(lines: string[], originalLines: string[], from: number): { table: Block; end: number } | null {
  const head = segments(lines[from], originalLines[from]);
  if (head.length < 3) return null;
  const roles = head.map((h) => roleOfHeader(h.text)?.role);
  if (roles.filter(Boolean).length < 2 || !roles.some((r) => r === 'task' || r === 'measures' || r === 'title')) return null;
  // Column k spans from halfway after header k-1 to halfway before header k+1.
  const bounds = head.map((h, k) => (k === 0 ? -Infinity : (head[k - 1].end + h.start) / 2));
  const columnOf = (start: number): number => {
    let k = 0;
    while (k + 1 < bounds.length && start >= bounds[k + 1]) k++;
    return k;
  };
  const numbered = roles[0] === 'number';
  const rows: DocRow[] = [{ cells: head.map((h) => cell(h.original)), line: from + 1, where: `第${from + 1}行` }];
  let current: { texts: string[][]; line: number } | null = null;
  const flush = () => {
    if (!current) return;
    const cells: DocCell[] = current.texts.map((parts) => cell(parts.join('\n')));
    rows.push({ cells, line: current.line, where: `第${current.line}行` });
    current = null;
  };
  let end = from + 1;
  let blanks = 0;
  for (let i = from + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) {
      if (++blanks >= 2) break;
      continue;
    }
    const segs = segments(line, originalLines[i]);
    const indented = segs[0].start >= 2;
    if (line.includes('\t')) break;
    if (segs.length < 2 && !indented) {
      // A category line ("一、防止规模性返贫") between rows is a row of its own, when a numbered row follows.
      if (!(CATEGORY_LINE.test(segs[0].text) && numberedRowNext(lines, originalLines, i + 1, columnOf))) break;
      flush();
      rows.push({ cells: head.map((_, k) => cell(k === 0 ? segs[0].original : '')), line: i + 1, where: `第${i + 1}行` });
      blanks = 0;
      end = i + 1;
      continue;
    }
    blanks = 0;
    const first = columnOf(segs[0].start) === 0 ? segs[0] : null;
    const startsRow = first !== null && (!numbered || NUMBER.test(first.text) || (first.text.length <= 12 && segs.length === 1));
    if (startsRow || !current) {
      flush();
      current = { texts: head.map(() => []), line: i + 1 };
    }
    const row: { texts: string[][]; line: number } = current;
    for (const s of segs) row.texts[columnOf(s.start)].push(s.original);
    end = i + 1;
  }
  flush();
  if (rows.length < 2) return null;
  return { table: { kind: 'table', rows, label: `第${from + 1}行起的表格`, from: 'spaces' }, end };
}
