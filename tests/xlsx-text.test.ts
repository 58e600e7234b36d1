/**
 * The xlsx reader's text decoders without TextDecoder (EdgeHTML 18 has none): the same text as the
 * native decoder for UTF-8, UTF-16LE and one-byte text.
 */
import { textDecoder } from '../src/xlsx/text';

const samples = ['', '<c r="E4" t="s"><v>3</v></c>', '区教育局：完成危房改造 128 户（2019年6月30日前）', '😀 表情与 𠮷 字'];

test.each(samples)('UTF-8 and UTF-16LE decode as TextDecoder does: %s', (text) => {
  const utf8 = new TextEncoder().encode(text);
  expect(textDecoder('utf-8', false).decode(utf8)).toBe(new TextDecoder('utf-8').decode(utf8));
  const utf16 = new Uint8Array(Buffer.from(text, 'utf16le'));
  expect(textDecoder('utf-16le', false).decode(utf16)).toBe(text);
});

test('one-byte text, streamed in pieces, and a long part (no argument-list overflow)', () => {
  const bytes = new Uint8Array(Buffer.from('<sheetData><row r="1"/></sheetData>', 'latin1'));
  const d = textDecoder('latin1', false);
  expect(d.decode(bytes.subarray(0, 7), { stream: true }) + d.decode(bytes.subarray(7), { stream: true }) + d.decode()).toBe(
    '<sheetData><row r="1"/></sheetData>',
  );
  const long = new Uint8Array(300_000).fill(0x41);
  expect(textDecoder('latin1', false).decode(long)).toHaveLength(300_000);
});
