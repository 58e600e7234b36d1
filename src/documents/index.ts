/**
 * The door for issued lists: a file's bytes as the document model (or, for a catalog workbook or
 * catalog JSON, as the catalog itself). What a file is comes from its content, not its name: a
 * .docx renamed .txt is still read as Word. Bad input gets a Chinese message saying what the file
 * is and what to provide instead. Pure of Node and DOM: the CLI, the pane and the page's worker
 * give the bytes (and, for PDF, a way to read pdf.js's CMaps).
 */
import type { Catalog } from '../core/catalog';
import { catalogFromJson, catalogFromWorkbook, isCatalogWorkbook } from '../core/catalogFile';
import type { ListDocument } from '../core/import/document';
import { textDocument } from '../core/import/textSource';
import { readWorkbook } from '../xlsx/read';
import { UnreadableFileError } from '../xlsx/guard';
import { readDocx } from './docx';
import { ListFileError } from './errors';
import { readPdfText, type CMapLoader } from './pdf';
import { workbookDocument } from './sheets';
import { decodeText, looksBinary } from './text';

export { ListFileError } from './errors';
export type { CMapLoader } from './pdf';

export type ListFile = { kind: 'catalog'; catalog: Catalog } | { kind: 'document'; doc: ListDocument; format: string; text?: string };

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function starts(bytes: Uint8Array, sig: number[] | string): boolean {
  const s = typeof sig === 'string' ? [...sig].map((c) => c.charCodeAt(0)) : sig;
  return s.every((b, i) => bytes[i] === b);
}

function hasUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern: number[] = [];
  for (const ch of text) pattern.push(ch.charCodeAt(0), 0);
  const n = Math.min(bytes.length, 4 * 1024 * 1024);
  outer: for (let i = 0; i + pattern.length <= n; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

/** Names of the zip's entries, from its central directory (enough to tell Word from Excel). */
function zipNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  const dec = new TextDecoder();
  for (let i = 0; i + 46 < bytes.length; i++) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 1 && bytes[i + 3] === 2) {
      const len = bytes[i + 28] | (bytes[i + 29] << 8);
      names.push(dec.decode(bytes.subarray(i + 46, i + 46 + len)));
      i += 45 + len;
    }
  }
  return names;
}

const MAX_BYTES = 30 * 1024 * 1024;

export interface ReadListOptions {
  /** pdf.js's CMaps, for PDF (the CLI reads them from node_modules, the page from its own folder). */
  loadCMap?: CMapLoader;
}

/** A list file to the document model (or a catalog). Throws ListFileError with a Chinese message. */
export async function readListFile(bytes: Uint8Array, name: string, options: ReadListOptions = {}): Promise<ListFile> {
  const label = name ? `“${name}”` : '文件';
  if (bytes.length === 0 || (bytes.length < 4096 && !new TextDecoder().decode(bytes).trim())) {
    throw new ListFileError(`${label}是空的：请提供责任清单的 Word、Excel、PDF 或文本文件`);
  }
  if (bytes.length > MAX_BYTES) throw new ListFileError(`${label}过大（超过 30 MB），不像责任清单`);
  if (starts(bytes, OLE)) {
    if (hasUtf16(bytes, 'EncryptionInfo'))
      throw new ListFileError(`${label}已加密（设有打开密码），请在 Word 或 Excel 中取消密码后另存，再导入`);
    if (hasUtf16(bytes, 'WordDocument'))
      throw new ListFileError(`${label}是旧版 Word（.doc）或 WPS 文档，请用 Word 或 WPS 另存为 .docx 后再导入`);
    throw new ListFileError(`${label}是旧版 Excel（.xls）或 WPS 表格，请另存为 .xlsx 后再导入`);
  }
  if (starts(bytes, '%PDF')) {
    if (!options.loadCMap) throw new ListFileError('此处不能读取 PDF，请提供 Word 版');
    const text = await readPdfText(bytes, options.loadCMap);
    return { kind: 'document', doc: textDocument(text), format: 'PDF', text };
  }
  if (starts(bytes, [0x50, 0x4b, 3, 4])) {
    const names = zipNames(bytes);
    if (names.includes('word/document.xml')) return { kind: 'document', doc: readDocx(bytes), format: 'Word' };
    if (names.includes('xl/workbook.xml')) {
      let book;
      try {
        book = await readWorkbook(bytes, name);
      } catch (e) {
        if (e instanceof UnreadableFileError) throw new ListFileError(`${label}：${e.message.replace(/再提交/g, '再导入')}`);
        throw e;
      }
      if (isCatalogWorkbook(book)) return { kind: 'catalog', catalog: catalogFromWorkbook(book) };
      return { kind: 'document', doc: workbookDocument(book), format: 'Excel' };
    }
    throw new ListFileError(`${label}是压缩包，不是 Word 或 Excel 文件：请解压后导入其中的清单文件`);
  }
  if (starts(bytes, '{\\rtf')) throw new ListFileError(`${label}是 RTF 文档，请用 Word 或 WPS 另存为 .docx 后再导入`);
  const { text, encoding } = decodeText(bytes);
  if (looksBinary(text)) {
    throw new ListFileError(
      `${label}不是文本、Word、Excel 或 PDF 文件（内容无法识别），请提供责任清单的 Word 版、Excel 版、文字版 PDF 或文本`,
    );
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && /\.json$/i.test(name)) return { kind: 'catalog', catalog: catalogFromJson(text) };
  if (trimmed.startsWith('{') && /"tasks"\s*:/.test(trimmed.slice(0, 200000))) return { kind: 'catalog', catalog: catalogFromJson(text) };
  if (/\.json$/i.test(name)) return { kind: 'catalog', catalog: catalogFromJson(text) };
  return { kind: 'document', doc: textDocument(text), format: `文本（${encoding}）`, text };
}
