/**
 * Returns are untrusted input. Every hostile or broken file here is built in the test (no committed
 * binaries): readWorkbook refuses it with UnreadableFileError, the right reason and a Chinese
 * message, quickly and without ever holding a bomb's contents in memory; where refusing would lose a
 * legitimate file (a whole-column dropdown, a huge print-area name) the file is read with bounded work.
 */
import { deflateSync, strFromU8, strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { useRawInflater, type UnreadableReason } from '../src/xlsx/guard';
import { DEFAULT_LIMITS, readWorkbook, type ReadLimits, UnreadableFileError, writeWorkbook } from '../src/xlsx';
import { zlibInflate } from '../src/cli/inflate';

const MB = 1024 * 1024;
/** Seconds a refusal may take on a slow CI machine; on a laptop each one takes well under one. */
const QUICK_MS = 5000;

let real: Uint8Array;

beforeAll(async () => {
  real = await writeWorkbook({
    sheets: [
      {
        name: 'Sheet1',
        rows: [['2019年脱贫攻坚工作进度情况表'], ['序号', '项目名称', '工作进展及存在问题'], [1, '控辍保学', '已完成']],
      },
    ],
  });
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function refusal(bytes: Uint8Array, name: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<UnreadableFileError> {
  try {
    await readWorkbook(bytes, name, limits);
  } catch (e) {
    if (e instanceof UnreadableFileError) return e;
    throw e;
  }
  throw new Error(`${name} was read although it should have been refused`);
}

/** Refused with `reason` and a Chinese message matching `message`, within QUICK_MS. */
async function expectRefused(
  bytes: Uint8Array,
  name: string,
  reason: UnreadableReason,
  message: RegExp,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<UnreadableFileError> {
  const started = Date.now();
  const err = await refusal(bytes, name, limits);
  expect({ reason: err.reason, message: err.message }).toEqual({ reason, message: expect.stringMatching(message) });
  expect(err.message).toMatch(/[\u4e00-\u9fff]{4}/);
  expect(Date.now() - started).toBeLessThan(QUICK_MS);
  return err;
}

/**
 * Runs `fn` and reports how far memory grew: the resident size after it, and the process's peak
 * resident size when `fn` raised it (a new peak can only have been reached while `fn` ran).
 */
async function memoryGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; growthMB: number }> {
  const rss0 = process.memoryUsage().rss;
  const peak0 = process.resourceUsage().maxRSS * 1024;
  const result = await fn();
  const rss1 = process.memoryUsage().rss;
  const peak1 = process.resourceUsage().maxRSS * 1024;
  const growth = Math.max(rss1 - rss0, peak1 > peak0 ? peak1 - rss0 : 0);
  return { result, growthMB: growth / MB };
}

/** The real workbook with one part edited as text. */
function editPart(xlsx: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(xlsx);
  expect(files[part]).toBeDefined();
  files[part] = strToU8(edit(strFromU8(files[part])));
  return zipSync(files);
}

function editSheet(edit: (xml: string) => string): Uint8Array {
  return editPart(real, 'xl/worksheets/sheet1.xml', edit);
}

function u32(b: Uint8Array, i: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(i, true);
}

/**
 * Patches the central directory entry of `name` (and its local header): any of flags, compression
 * method and declared uncompressed size. Returns a patched copy.
 */
function patchEntry(zip: Uint8Array, name: string, patch: { flags?: number; method?: number; size?: number }): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  let eocd = out.length - 22;
  while (eocd >= 0 && u32(out, eocd) !== 0x06054b50) eocd--;
  let p = u32(out, eocd + 16);
  let found = false;
  while (u32(out, p) === 0x02014b50) {
    const nameLength = view.getUint16(p + 28, true);
    const entry = strFromU8(out.subarray(p + 46, p + 46 + nameLength));
    if (entry === name) {
      found = true;
      const local = u32(out, p + 42);
      if (patch.flags !== undefined) {
        view.setUint16(p + 8, view.getUint16(p + 8, true) | patch.flags, true);
        view.setUint16(local + 6, view.getUint16(local + 6, true) | patch.flags, true);
      }
      if (patch.method !== undefined) {
        view.setUint16(p + 10, patch.method, true);
        view.setUint16(local + 8, patch.method, true);
      }
      if (patch.size !== undefined) {
        view.setUint32(p + 24, patch.size, true);
        // Streamed entries (data descriptor) leave the local sizes at 0; a lying local header needs none.
        if (u32(out, local + 22) !== 0) view.setUint32(local + 22, patch.size, true);
      }
    }
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  expect(found).toBe(true);
  return out;
}

interface RawEntry {
  name: string;
  /** The stored bytes: already deflated when method is 8. */
  data: Uint8Array;
  method: number;
  /** Declared uncompressed size (a bomb may lie here). */
  size: number;
}

/**
 * A zip written byte by byte, so that sizes, methods and contents can be anything. CRCs are left at
 * 0: no reader gets that far with these files, and a bomb's author would not bother either.
 */
function rawZip(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint16(12, 0x21, true); // 1980-01-01
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...parts, ...central, end]);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The real workbook's parts as raw entries (deflated, honest sizes). */
function realEntries(): RawEntry[] {
  return Object.entries(unzipSync(real)).map(([name, data]) => ({ name, data: deflateSync(data), method: 8, size: data.length }));
}

/**
 * Raw DEFLATE of 1 + 258·k zero bytes, written directly: one block with the fixed Huffman code, a
 * literal 0, then k copies of 258 bytes at distance 1 (13 bits each). 320 MB take 2 MB and a few
 * milliseconds, where deflating the zeros would take seconds.
 */
function deflatedZeros(k: number): { data: Uint8Array; size: number } {
  const out = new Uint8Array(Math.ceil((3 + 8 + 13 * k + 7) / 8));
  let bit = 0;
  const bits = (value: number, count: number, msbFirst: boolean) => {
    for (let i = 0; i < count; i++) {
      const b = msbFirst ? (value >> (count - 1 - i)) & 1 : (value >> i) & 1;
      if (b) out[bit >> 3] |= 1 << (bit & 7);
      bit++;
    }
  };
  bits(1, 1, false); // last block
  bits(1, 2, false); // fixed Huffman codes
  bits(0x30, 8, true); // literal 0
  for (let i = 0; i < k; i++) {
    bits(0xc5, 8, true); // length code 285: 258 bytes
    bits(0, 5, true); // distance code 0: distance 1
  }
  bits(0, 7, true); // end of block
  return { data: out, size: 1 + 258 * k };
}

/** A .xlsx whose parts are real plus one entry of zeros, deflated by fflate's streaming Zip (never all in memory). */
function streamedBomb(zeros: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(unzipSync(real))) {
    const part = new ZipDeflate(name, { level: 6 });
    zip.add(part);
    part.push(data, true);
  }
  const bomb = new ZipDeflate('xl/media/image1.png', { level: 9 });
  zip.add(bomb);
  const block = new Uint8Array(MB);
  for (let left = zeros; left > 0; left -= MB) bomb.push(left > MB ? block : block.subarray(0, left), left <= MB);
  zip.end();
  return concat(chunks);
}

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A minimal OLE compound file: the signature, a header-sized block, and the given UTF-16LE stream names. */
function oleContainer(streamNames: string[]): Uint8Array {
  const out = noise(4096, 42);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  out.fill(0, 8, 512);
  let at = 1024;
  for (const name of streamNames) {
    for (const ch of name) {
      out[at++] = ch.charCodeAt(0);
      out[at++] = 0;
    }
    at = (Math.floor(at / 128) + 1) * 128; // one 128-byte directory entry per stream
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('refused before any parser sees the file', () => {
  test('the real workbook used below reads fine (control)', async () => {
    const book = await readWorkbook(real, 'real.xlsx');
    expect(book.sheets[0].rows[2]).toEqual([1, '控辍保学', '已完成']);
  });

  test('a truncated zip (the first half of a real .xlsx) → corrupt', async () => {
    await expectRefused(real.subarray(0, Math.floor(real.length / 2)), '区教育局.xlsx', 'corrupt', /^文件已损坏/);
  });

  test('random bytes named .xlsx → not-xlsx', async () => {
    const bytes = noise(64 * 1024);
    bytes[0] = 0x42; // neither "PK" nor the OLE signature, whatever the seed
    await expectRefused(bytes, '区教育局.xlsx', 'not-xlsx', /不是 Excel 工作簿/);
  });

  test('an OLE container holding an "EncryptionInfo" stream (a password-protected workbook) → encrypted', async () => {
    const bytes = oleContainer(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']);
    await expectRefused(bytes, '区教育局.xlsx', 'encrypted', /^文件已加密.*另存为 \.xlsx/);
  });

  test.each([
    [
      'an OLE container without EncryptionInfo (.xls saved under .xlsx)',
      () => oleContainer(['Root Entry', 'Workbook', 'SummaryInformation']),
      '区教育局.xlsx',
    ],
    ['a WPS .et file (OLE)', () => oleContainer(['Root Entry', 'Workbook']), '区教育局.et'],
    ['random bytes named .XLS', () => noise(2048), '区教育局.XLS'],
  ])('%s → legacy-format, 请另存为 .xlsx', async (_label, make, name) => {
    await expectRefused(make(), name, 'legacy-format', /请另存为 \.xlsx/);
  });

  test('the content decides, not the name: a real .xlsx named .xls or .et is read', async () => {
    for (const name of ['区教育局.xls', '区教育局.et']) {
      const book = await readWorkbook(real, name);
      expect(book.sheets.length).toBeGreaterThan(0);
    }
  });

  test('an HTML table saved as .xls (web systems export these) → legacy-format that says what it is', async () => {
    const html = new TextEncoder().encode('<html><body><table><tr><td>序号</td></tr></table></body></html>');
    await expectRefused(html, '导出.xls', 'legacy-format', /网页（HTML）或 XML 格式.*另存为 \.xlsx/);
  });

  test('an empty file → not-xlsx, saying it is empty', async () => {
    await expectRefused(new Uint8Array(0), '区教育局.xlsx', 'not-xlsx', /文件是空的/);
  });

  test('a valid file larger than maxFileBytes → too-large, before anything is read', async () => {
    await expectRefused(real, '区教育局.xlsx', 'too-large', /^文件过大.*上限/, { ...DEFAULT_LIMITS, maxFileBytes: real.length - 1 });
    const padded = new Uint8Array(DEFAULT_LIMITS.maxFileBytes + 1);
    padded.set(real);
    await expectRefused(padded, '区教育局.xlsx', 'too-large', /^文件过大（20\.1 MB，上限 20\.0 MB）/);
  });

  test('an entry compressed with a method the parser lacks (12, bzip2) → corrupt with a Chinese message, not a crash', async () => {
    const err = await expectRefused(patchEntry(real, 'xl/styles.xml', { method: 12 }), '区教育局.xlsx', 'corrupt', /不支持的压缩方式 12/);
    expect(err.message).toMatch(/另存为 \.xlsx/);
    // Same with a hand-written zip whose workbook part is "bzip2" data.
    const entries = realEntries().map((e) => (e.name === 'xl/workbook.xml' ? { ...e, method: 12, data: noise(300) } : e));
    await expectRefused(rawZip(entries), '区教育局.xlsx', 'corrupt', /不支持的压缩方式 12/);
  });

  test('an entry with the zip encryption flag → encrypted', async () => {
    await expectRefused(patchEntry(real, 'xl/worksheets/sheet1.xml', { flags: 1 }), '区教育局.xlsx', 'encrypted', /^文件已加密/);
  });

  test('deflate data that is garbage → corrupt', async () => {
    const entries = realEntries().map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, data: noise(e.data.length, 7) } : e));
    await expectRefused(rawZip(entries), '区教育局.xlsx', 'corrupt', /^文件已损坏/);
  });

  test('a zip that is not a workbook (no xl/workbook.xml) → not-xlsx', async () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    await expectRefused(docx, '区教育局.xlsx', 'not-xlsx', /缺少 xl\/workbook\.xml/);
  });

  test('more parts than maxEntries → zip-bomb, counted from the directory', async () => {
    const files = unzipSync(real);
    for (let i = 0; i < DEFAULT_LIMITS.maxEntries; i++) files[`xl/media/image${i}.png`] = new Uint8Array(1);
    await expectRefused(zipSync(files, { level: 0 }), '区教育局.xlsx', 'zip-bomb', /超过 2000 个部件/);
  });
});

describe('zip bombs: refused without expanding', () => {
  /** 1 + 258 × 1,300,000 bytes ≈ 320 MB of zeros in 2 MB. */
  const zeros = deflatedZeros(1_300_000);

  function bombWorkbook(declaredSize: number): Uint8Array {
    return rawZip([...realEntries(), { name: 'xl/media/image1.png', data: zeros.data, method: 8, size: declaredSize }]);
  }

  test('320 MB of zeros, declared honestly → zip-bomb from the directory alone', async () => {
    const bytes = bombWorkbook(zeros.size);
    expect(bytes.length).toBeLessThan(3 * MB);
    const { growthMB } = await memoryGrowth(() =>
      expectRefused(bytes, '区教育局.xlsx', 'zip-bomb', /^文件解压后过大（320 MB，上限 200 MB），疑似压缩炸弹/),
    );
    expect(growthMB).toBeLessThan(200);
  });

  test('the same bomb with a directory that lies (1 KB declared) → zip-bomb at the first inflated step', async () => {
    const { growthMB } = await memoryGrowth(() =>
      expectRefused(bombWorkbook(1000), '区教育局.xlsx', 'zip-bomb', /压缩目录与内容不符.*疑似压缩炸弹/),
    );
    expect(growthMB).toBeLessThan(200);
  });

  test('a small part whose directory lies (the sheet declared as 100 bytes) → zip-bomb, caught by the one-step inflate', async () => {
    // Parts under 64 KB compressed are inflated in one step into a buffer of the declared size plus one byte.
    const lying = patchEntry(zipSync(unzipSync(real)), 'xl/worksheets/sheet1.xml', { size: 100 });
    await expectRefused(lying, '区教育局.xlsx', 'zip-bomb', /压缩目录与内容不符/);
  });

  test('a lie just under the cap (150 MB declared, 320 MB inside) → zip-bomb from the capped streaming inflate, memory stays low', async () => {
    const started = Date.now();
    const { growthMB } = await memoryGrowth(() => expectRefused(bombWorkbook(150 * MB), '区教育局.xlsx', 'zip-bomb', /疑似压缩炸弹/));
    expect(growthMB).toBeLessThan(200);
    expect(Date.now() - started).toBeLessThan(QUICK_MS);
  });

  test('a bomb made by fflate’s streaming Zip, with maxInflatedBytes 5 MB: honest and lying directories', async () => {
    const limits = { ...DEFAULT_LIMITS, maxInflatedBytes: 5_000_000 };
    const bomb = streamedBomb(24 * MB);
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expectRefused(bomb, '区教育局.xlsx', 'zip-bomb', /^文件解压后过大（24\.1 MB，上限 4\.7 MB）/, limits);
    const lying = patchEntry(bomb, 'xl/media/image1.png', { size: 2000 });
    const { growthMB } = await memoryGrowth(() => expectRefused(lying, '区教育局.xlsx', 'zip-bomb', /压缩目录与内容不符/, limits));
    expect(growthMB).toBeLessThan(200);
    // A lie under the cap (4 MB declared, 24 MB inside) is caught while streaming, at 4 MB.
    await expectRefused(patchEntry(bomb, 'xl/media/image1.png', { size: 4 * MB }), '区教育局.xlsx', 'zip-bomb', /疑似压缩炸弹/, limits);
  });
});

describe('sheets the parser would expand cell by cell', () => {
  const farCell = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>远处的一格</t></is></c></row></sheetData>';

  test('<dimension ref="A1:XFD1048576"/> and a value at row 1,048,576 → too-large, without a million-row array', async () => {
    const bytes = editSheet((xml) =>
      xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>').replace('</sheetData>', farCell),
    );
    const { result: err, growthMB } = await memoryGrowth(() =>
      expectRefused(bytes, '区教育局.xlsx', 'too-large', /第 1048576 行有内容，超过 20000 行的上限/),
    );
    expect(err.message).toContain('Sheet1');
    expect(growthMB).toBeLessThan(200);
  });

  test('the huge dimension alone is only a claim: the sheet reads with its three real rows', async () => {
    const book = await readWorkbook(
      editSheet((xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')),
      'x.xlsx',
    );
    expect(book.sheets[0].rows).toHaveLength(3);
    expect(book.sheets[0].rows[0]).toHaveLength(3);
  });

  test('a value past maxRows, with maxRows raised, is read into a bounded array', async () => {
    const bytes = editSheet((xml) => xml.replace('</sheetData>', farCell.replace(/1048576/g, '30000')));
    const book = await readWorkbook(bytes, 'x.xlsx', { ...DEFAULT_LIMITS, maxRows: 30000 });
    expect(book.sheets[0].rows).toHaveLength(30000);
    expect(book.sheets[0].rows[29999][0]).toBe('远处的一格');
  });

  test('one merge over the whole sheet → too-large (the parser would make 17 billion cells)', async () => {
    const bytes = editSheet((xml) =>
      xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="D1:XFD1048576"/></mergeCells>'),
    );
    await expectRefused(bytes, 'x.xlsx', 'too-large', /合并单元格/);
  });

  test('the same merge hidden behind character references → still too-large', async () => {
    const bytes = editSheet((xml) =>
      xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="&#68;1:&#x58;FD1048576"/></mergeCells>'),
    );
    await expectRefused(bytes, 'x.xlsx', 'too-large', /合并单元格/);
  });

  test('6,000 small merges → too-large (the parser checks each against all earlier ones)', async () => {
    const merges = Array.from({ length: 6000 }, (_, i) => `<mergeCell ref="E${i + 1}:F${i + 1}"/>`).join('');
    const bytes = editSheet((xml) => xml.replace('</sheetData>', `</sheetData><mergeCells count="6000">${merges}</mergeCells>`));
    await expectRefused(bytes, 'x.xlsx', 'too-large', /6000 处合并单元格/);
  });

  test('<col max="100000000"> (past Excel’s 16,384 columns) → corrupt', async () => {
    const bytes = editSheet((xml) => xml.replace('<sheetData>', '<cols><col min="1" max="100000000" width="9"/></cols><sheetData>'));
    await expectRefused(bytes, 'x.xlsx', 'corrupt', /列定义超出 Excel 的 16384 列上限/);
  });

  test('more cells than maxCells → too-large, counted before parsing', async () => {
    const cells = Array.from({ length: 300 }, (_, i) => `<row r="${i + 10}"><c r="A${i + 10}"><v>${i}</v></c></row>`).join('');
    const bytes = editSheet((xml) => xml.replace('</sheetData>', `${cells}</sheetData>`));
    await expectRefused(bytes, 'x.xlsx', 'too-large', /单元格和行共 610 个，上限 100 个/, { ...DEFAULT_LIMITS, maxCells: 100 });
    expect((await readWorkbook(bytes, 'x.xlsx')).sheets[0].rows).toHaveLength(309);
  });

  test('a whole-column dropdown (I1:I1048576, as Excel writes it) is read, cut to maxRows', async () => {
    const list =
      '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="I1:I1048576"><formula1>"已完成,推进中,未启动"</formula1></dataValidation></dataValidations>';
    const started = Date.now();
    const book = await readWorkbook(
      editSheet((xml) => xml.replace('</sheetData>', `</sheetData>${list}`)),
      'x.xlsx',
    );
    expect(Date.now() - started).toBeLessThan(QUICK_MS);
    expect(book.sheets[0].validations).toEqual([{ range: 'I1:I20000', values: ['已完成', '推进中', '未启动'] }]);
    expect(book.sheets[0].rows[2]).toEqual([1, '控辍保学', '已完成']);
  });

  test('a dropdown over the whole sheet is dropped, the values are still read', async () => {
    const list =
      '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"是,否"</formula1></dataValidation></dataValidations>';
    const { result: book, growthMB } = await memoryGrowth(() =>
      readWorkbook(
        editSheet((xml) => xml.replace('</sheetData>', `</sheetData>${list}`)),
        'x.xlsx',
      ),
    );
    expect(book.sheets[0].validations).toEqual([]);
    expect(book.sheets[0].rows[2]).toEqual([1, '控辍保学', '已完成']);
    expect(growthMB).toBeLessThan(200);
  });

  test('a defined name over the whole sheet is dropped, the values are still read', async () => {
    const bytes = editPart(real, 'xl/workbook.xml', (xml) =>
      xml.replace('</sheets>', '</sheets><definedNames><definedName name="全表">Sheet1!$A$1:$XFD$1048576</definedName></definedNames>'),
    );
    expect(strFromU8(unzipSync(bytes)['xl/workbook.xml'])).toContain('$XFD$1048576');
    const started = Date.now();
    const book = await readWorkbook(bytes, 'x.xlsx');
    expect(Date.now() - started).toBeLessThan(QUICK_MS);
    expect(book.sheets[0].rows[2]).toEqual([1, '控辍保学', '已完成']);
  });
});

describe('what the reader itself must bound (the guard counts cells, not what they span)', () => {
  test('a cell address of 300 letters → corrupt at once, not a column name the size of memory', async () => {
    const bytes = editSheet((xml) => xml.replace('</sheetData>', `<row r="9"><c r="${'A'.repeat(300)}9"><v>1</v></c></row></sheetData>`));
    await expectRefused(bytes, 'x.xlsx', 'corrupt', /超出 Excel 的 16384 列/);
  });

  test('two cells at A1 and GR20000 span four million cells → too-large, before any row array is made', async () => {
    const far = '<row r="20000"><c r="GR20000"><v>1</v></c></row></sheetData>';
    const { growthMB } = await memoryGrowth(() =>
      expectRefused(
        editSheet((xml) => xml.replace('</sheetData>', far)),
        'x.xlsx',
        'too-large',
        /内容范围过大（20000 行 × 200 列）/,
      ),
    );
    expect(growthMB).toBeLessThan(200);
  });

  test('forty <sheet> entries naming one part: the part is read once', async () => {
    const bytes = editPart(real, 'xl/workbook.xml', (xml) => {
      const id = /<sheet [^>]*r:id="([^"]+)"/.exec(xml)?.[1];
      expect(id).toBeDefined();
      const sheets = Array.from({ length: 40 }, (_, i) => `<sheet name="S${i}" sheetId="${i + 2}" r:id="${id}"/>`).join('');
      return xml.replace('</sheets>', `${sheets}</sheets>`);
    });
    const book = await readWorkbook(bytes, 'x.xlsx');
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });

  test('a sheet whose relationship points outside xl/worksheets (which the guard does not look inside) is not read', async () => {
    const files = unzipSync(real);
    files['xl/evil.xml'] = files['xl/worksheets/sheet1.xml'];
    files['xl/_rels/workbook.xml.rels'] = strToU8(
      strFromU8(files['xl/_rels/workbook.xml.rels']).replace(/Target="(?:\/xl\/)?worksheets\/sheet1\.xml"/, 'Target="evil.xml"'),
    );
    expect(strFromU8(files['xl/_rels/workbook.xml.rels'])).toContain('evil.xml');
    const book = await readWorkbook(zipSync(files), 'x.xlsx');
    expect(book.sheets).toEqual([]);
  });
});

describe('formulas and formula-looking text', () => {
  test('cached results are read, formula cells listed, "=…" text stays text', async () => {
    const withStrings = editPart(real, 'xl/sharedStrings.xml', (xml) =>
      xml.replace(/<sst\b[^>]*>[\s\S]*<\/sst>/, (m) => `${m.slice(0, m.indexOf('>') + 1)}<si><t>=cmd|' /C calc'!A0</t></si></sst>`),
    );
    const bytes = editPart(withStrings, 'xl/worksheets/sheet1.xml', (xml) =>
      xml.replace(
        /<sheetData>[\s\S]*<\/sheetData>/,
        '<sheetData>' +
          '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="str"><f>"="&amp;"1+1"</f><v>=1+1</v></c><c r="C1" t="s"><v>0</v></c></row>' +
          '<row r="2"><c r="A2"><v>2</v></c><c r="C2" t="inlineStr"><is><t>=SUM(A1)</t></is></c></row>' +
          '<row r="3"><c r="A3"><f>SUM(A1:A2)</f><v>3</v></c><c r="B3"><f>A1*10</f></c><c r="C3" t="str"><v>=HYPERLINK("http://x","y")</v></c></row>' +
          '</sheetData>',
      ),
    );
    const sheet = (await readWorkbook(bytes, 'x.xlsx')).sheets[0];
    expect(sheet.rows).toEqual([
      [1, '=1+1', "=cmd|' /C calc'!A0"],
      [2, null, '=SUM(A1)'],
      [3, null, '=HYPERLINK("http://x","y")'],
    ]);
    expect([...sheet.formulaCells].sort()).toEqual(['A3', 'B1', 'B3']);
  });
});

describe('the command line’s zlib inflater (src/cli/inflate.ts) reads and refuses as fflate’s does', () => {
  beforeAll(() => useRawInflater(zlibInflate));
  afterAll(() => useRawInflater());

  test('the real workbook reads the same', async () => {
    const book = await readWorkbook(real, 'real.xlsx');
    expect(book.sheets[0].rows[2]).toEqual([1, '控辍保学', '已完成']);
  });

  test('garbage deflate data → corrupt; a truncated zip → corrupt', async () => {
    const entries = realEntries().map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, data: noise(e.data.length, 7) } : e));
    await expectRefused(rawZip(entries), '区教育局.xlsx', 'corrupt', /^文件已损坏/);
    await expectRefused(real.subarray(0, Math.floor(real.length / 2)), '区教育局.xlsx', 'corrupt', /^文件已损坏/);
  });

  test('a small part whose directory lies (100 bytes declared) → zip-bomb: zlib stops at the limit', async () => {
    const lying = patchEntry(zipSync(unzipSync(real)), 'xl/worksheets/sheet1.xml', { size: 100 });
    await expectRefused(lying, '区教育局.xlsx', 'zip-bomb', /压缩目录与内容不符/);
  });
});
