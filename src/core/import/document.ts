/**
 * The document model every source becomes before a layout reads it: paragraphs and tables, in
 * document order. A table is rows × cells with merged cells resolved (a cell covered by a merge
 * repeats the text of the merge's first cell and says so). Text is normalised (normalise.ts) so
 * that every layout sees one form of punctuation, digits and spaces; each paragraph and cell keeps
 * its original text for display.
 *
 * Line-based layouts (lists whose structure is in their lines: numbered paragraphs, marker lines)
 * read `lines`: for a text source exactly its normalised lines, for Word, Excel and PDF one line per
 * paragraph and one tab-separated line per table row.
 */
import { normalisePunctuation } from './normalise';

export interface DocCell {
  /** Normalised text; paragraphs inside the cell are separated by "\n". */
  text: string;
  /** The text as written. */
  original: string;
  /** The cell lies under a merge whose first cell is elsewhere: its text repeats that cell's. */
  covered?: 'down' | 'right';
}

export interface DocRow {
  cells: DocCell[];
  /** 1-based line of `lines` this row is rendered on. */
  line: number;
  /** Where a person finds the row: 第2个表格第5行, 工作表“清单”第7行, 第3页. */
  where: string;
}

export interface TableBlock {
  kind: 'table';
  rows: DocRow[];
  /** Chinese name of the table for messages: 第1个表格, 工作表“Sheet1”. */
  label: string;
  /** How the cells of a row were told apart (tabs, runs of spaces, the file's own table). */
  from: 'tabs' | 'spaces' | 'file';
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  original: string;
  line: number;
}

export type Block = TableBlock | ParagraphBlock;

export type SourceKind = 'text' | 'docx' | 'xlsx' | 'pdf';

export interface ListDocument {
  source: SourceKind;
  blocks: Block[];
  /** The normalised lines line-based layouts read (see the module comment). */
  lines: string[];
  /** The original lines, aligned with `lines`. */
  originalLines: string[];
}

export function cell(original: string, covered?: DocCell['covered']): DocCell {
  const c: DocCell = { text: normalisePunctuation(original), original };
  if (covered) c.covered = covered;
  return c;
}

/** Only the tables of a document, in order. */
export function tablesOf(doc: ListDocument): TableBlock[] {
  return doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
}

/**
 * A document from blocks made by a file reader (Word, Excel, PDF): its lines are rendered here,
 * one per paragraph and one per table row (cells joined by tabs, breaks inside a cell as spaces),
 * and every block gets its line.
 */
export function documentFromBlocks(source: SourceKind, blocks: Array<ParagraphInput | TableInput>): ListDocument {
  const lines: string[] = [];
  const originalLines: string[] = [];
  const out: Block[] = [];
  const flat = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  for (const b of blocks) {
    if (b.kind === 'paragraph') {
      for (const part of b.text.split('\n')) {
        originalLines.push(part);
        lines.push(normalisePunctuation(part));
        out.push({ kind: 'paragraph', text: lines[lines.length - 1], original: part, line: lines.length });
      }
      continue;
    }
    const rows: DocRow[] = b.rows.map((r, i) => {
      originalLines.push(r.map((c) => flat(c.original)).join('\t'));
      lines.push(r.map((c) => flat(c.text)).join('\t'));
      return { cells: r, line: lines.length, where: `${b.label}第${i + 1 + (b.rowOffset ?? 0)}行` };
    });
    if (rows.length) out.push({ kind: 'table', rows, label: b.label, from: 'file' });
  }
  return { source, blocks: out, lines, originalLines };
}

export interface ParagraphInput {
  kind: 'paragraph';
  text: string;
}

export interface TableInput {
  kind: 'table';
  label: string;
  rows: DocCell[][];
  /** Rows of the sheet above the table's first row (its row numbers count from the sheet's top). */
  rowOffset?: number;
}

/**
 * Resolves merged cells of a grid given as master cells with spans: each covered position gets
 * the master's text, marked covered. `grid[r][c]` is null where a merge covers the position.
 */
export function resolveMerges(
  masters: Array<{ row: number; column: number; rows: number; columns: number; text: string }>,
  height: number,
  width: number,
): DocCell[][] {
  const grid: DocCell[][] = Array.from({ length: height }, () => Array.from({ length: width }, () => cell('')));
  for (const m of masters) {
    for (let r = m.row; r < Math.min(height, m.row + m.rows); r++) {
      for (let c = m.column; c < Math.min(width, m.column + m.columns); c++) {
        grid[r][c] = r === m.row && c === m.column ? cell(m.text) : cell(m.text, r === m.row ? 'right' : 'down');
      }
    }
  }
  return grid;
}
