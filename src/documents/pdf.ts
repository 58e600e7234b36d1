/**
 * A PDF's text layer as text laid out the way it is printed: pdf.js (pdfjs-dist) gives each piece
 * of text with its position; pieces on one baseline make a line, and each piece is placed at the
 * column its x position gives (half the font size per column, a Chinese character taking two), so
 * that a table's columns line up and the text reader (textSource.ts) reads them as it reads a table
 * copied out of a PDF: by the header's columns, wrapped cells joined back.
 *
 * A PDF without text (a scan) or with an opening password gets a Chinese message saying what to
 * provide instead. pdf.js loads on first use (a large library), in the CLI and the page alike.
 */
import { ListFileError } from './errors';

/** Reads one of pdf.js's CMap files (cmaps/NAME.bcmap): CID fonts such as STSong-Light need them. */
export type CMapLoader = (name: string) => Promise<Uint8Array>;

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsModule: Promise<PdfJs> | undefined;

/**
 * pdf.js is the one part of the page that needs a newer engine than EdgeHTML 18 (its code uses
 * import() and Unicode property escapes built at run time). Where it cannot load, the list is
 * refused with what to do instead, and nothing else of the page depends on it.
 */
export const PDF_ENGINE_TOO_OLD =
  '此浏览器（或 Excel 版本）过旧，无法读取 PDF：请改用 Word 版或文字版清单，或在新版 Edge、Chrome 中打开本网页导入';

async function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= (async () => {
    // The "fake worker": pdf.js parses in this thread (the web page already runs imports in its worker).
    const worker = await import(/* webpackChunkName: "pdfjs-worker" */ 'pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as unknown as { pdfjsWorker: unknown }).pdfjsWorker = worker;
    return import(/* webpackChunkName: "pdfjs" */ 'pdfjs-dist/legacy/build/pdf.mjs');
  })().catch((e: unknown) => {
    pdfjsModule = undefined;
    // A chunk that does not parse on this engine (or does not load at all).
    if (e instanceof SyntaxError || (e instanceof Error && /chunk|load/i.test(e.name + e.message)))
      throw new ListFileError(PDF_ENGINE_TOO_OLD);
    throw e;
  });
  return pdfjsModule;
}

/** Lines of one page, top to bottom, each as text placed at its columns. */
function pageLines(items: TextItem[]): string[] {
  const pieces = items
    .filter((it) => it.str.trim())
    .map((it) => ({
      text: it.str,
      x: it.transform[4],
      y: it.transform[5],
      size: Math.abs(it.transform[3]) || it.height || 10,
      w: it.width,
    }));
  if (!pieces.length) return [];
  const unit = Math.max(1, Math.min(...pieces.map((p) => p.size)) / 2);
  const left = Math.min(...pieces.map((p) => p.x));
  pieces.sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Array<typeof pieces> = [];
  for (const p of pieces) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y - p.y) <= p.size * 0.4) row.push(p);
    else rows.push([p]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    let line = '';
    let col = 0;
    let prevEnd = -Infinity;
    for (const p of row) {
      const at = Math.round((p.x - left) / unit);
      const gap = p.x - prevEnd;
      if (line && gap < p.size * 0.6) {
        // The same run of text, split into pieces by the PDF writer.
        line += gap > p.size * 0.2 ? ' ' : '';
      } else {
        const pad = Math.max(line ? 2 : 0, at - col);
        line += ' '.repeat(pad);
      }
      line += p.text;
      col = width(line);
      prevEnd = p.x + p.w;
    }
    return line;
  });
}

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return w;
}

export async function readPdfText(bytes: Uint8Array, loadCMap: CMapLoader): Promise<string> {
  const pdfjs = await loadPdfJs();
  class CMapReaderFactory {
    async fetch({ name }: { name: string }): Promise<{ cMapData: Uint8Array; isCompressed: boolean }> {
      return { cMapData: await loadCMap(name), isCompressed: true };
    }
  }
  let pdf;
  try {
    pdf = await pdfjs.getDocument({
      data: bytes.slice(),
      CMapReaderFactory: CMapReaderFactory as never,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (name === 'PasswordException') throw new ListFileError('PDF 已加密（设有打开密码），请取消密码后再导入，或提供 Word 版');
    throw new ListFileError('PDF 文件已损坏，无法读取；请提供 Word 版或重新导出 PDF');
  }
  const lines: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    if (n > 1) lines.push('');
    lines.push(...pageLines(content.items as TextItem[]));
  }
  await pdf.destroy();
  if (!lines.some((l) => /[\u3400-\u9fffA-Za-z0-9]/.test(l))) {
    throw new ListFileError('这份 PDF 是扫描件或图片，没有可复制的文字，请提供 Word 版或文字版 PDF');
  }
  return lines.join('\n');
}
