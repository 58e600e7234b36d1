/**
 * A workbook of any layout as the document model: each visible sheet is one table (hidden sheets
 * are not what a person reads), with merged cells resolved. Rows above the table holding a single
 * text (the list's title, 填报说明) are paragraphs, so that the title is found as in a document.
 */
import { cell, documentFromBlocks, type DocCell, type ListDocument, type ParagraphInput, type TableInput } from '../core/import/document';
import { cellText, parseAddress, type WorkbookData } from '../core/workbook';

export function workbookDocument(book: WorkbookData): ListDocument {
  const blocks: Array<ParagraphInput | TableInput> = [];
  for (const sheet of book.sheets) {
    if (sheet.state !== 'visible') continue;
    const covered = new Map<string, 'down' | 'right'>();
    for (const range of sheet.merges) {
      const [a, b] = range.split(':');
      const from = parseAddress(a);
      const to = parseAddress(b ?? a);
      if (!from || !to) continue;
      for (let r = from.row; r <= to.row; r++) {
        for (let c = from.column; c <= to.column; c++) {
          if (r === from.row && c === from.column) continue;
          covered.set(`${r},${c}`, r === from.row ? 'right' : 'down');
        }
      }
    }
    const rows: DocCell[][] = sheet.rows.map((row, r) => row.map((v, c) => cell(cellText(v), covered.get(`${r},${c}`))));
    // Drop empty rows at the end and columns nobody wrote in.
    while (rows.length && rows[rows.length - 1].every((c) => !c.text.trim())) rows.pop();
    let start = 0;
    while (start < rows.length) {
      const texts = new Set(rows[start].map((c) => c.text.trim()).filter(Boolean));
      if (texts.size > 1) break;
      if (texts.size === 1) blocks.push({ kind: 'paragraph', text: rows[start].find((c) => c.text.trim())?.original.trim() ?? '' });
      start++;
    }
    const body = rows.slice(start);
    if (body.length) blocks.push({ kind: 'table', label: `工作表“${sheet.name}”`, rows: body, rowOffset: start });
  }
  return documentFromBlocks('xlsx', blocks);
}
