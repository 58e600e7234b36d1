/**
 * Where pdf.js cannot load (EdgeHTML 18 cannot parse its chunks: import() and \p{…} in patterns
 * built at run time), a PDF list is refused with what to do instead. Here the module's evaluation
 * throws the SyntaxError such an engine would.
 */
import { readListFile } from '../src/documents';
import { PDF_ENGINE_TOO_OLD } from '../src/documents/pdf';

jest.mock('pdfjs-dist/legacy/build/pdf.worker.mjs', () => {
  throw new SyntaxError('Unexpected token (as on an engine without import())');
});

test('a PDF list on an engine that cannot load pdf.js: a Chinese message that says what to use instead', async () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  await expect(readListFile(pdf, '清单.pdf', { loadCMap: async () => new Uint8Array() })).rejects.toThrow(PDF_ENGINE_TOO_OLD);
});
