/**
 * The shared strings of a workbook written by ExcelJS's streaming writer (see writeStream.ts):
 * every distinct text of the workbook once, numbered in order of first use, and written at the end
 * as xl/sharedStrings.xml. ExcelJS 4.4 keeps them in a plain object and a list, and joins the part
 * from millions of small strings at the end; a province's 汇总 has some 400,000 distinct texts (every
 * row's 来源 is one), which made them most of a merge's memory. Two tables take its place, numbering
 * and rendering the strings exactly as ExcelJS does (its own xforms render each one):
 *   MemorySharedStrings   in a Map (the texts once), for ordinary workbooks;
 *   SpooledSharedStrings  on disk, for a merge: the texts, and the part as it will be written, go
 *                         to two files as they come; in memory stay a table of hashes and the most
 *                         recent texts, some 30 bytes per distinct text.
 * Node only (the files).
 */
import { closeSync, openSync, readSync, writeSync } from 'fs';
import path from 'path';
import XmlStream from 'exceljs/lib/utils/xml-stream';
import SharedStringXform from 'exceljs/lib/xlsx/xform/strings/shared-string-xform';
import SharedStringsXform from 'exceljs/lib/xlsx/xform/strings/shared-strings-xform';

/** What ExcelJS's writer asks of its table, and the part it writes at the end. */
export interface SharedStringTable {
  readonly count: number;
  totalRefs: number;
  /** The number of `value`, numbered in order of first use. */
  add(value: string): number;
  /**
   * xl/sharedStrings.xml in pieces, in order, made as they are taken (the zip compresses them as a
   * stream: the same bytes as from one buffer, without the part ever whole in memory); the table
   * takes no string once this is called.
   */
  part(): Iterable<Buffer>;
}

const END = '</sst>';

/** The strings rendered as ExcelJS renders each one inside its shared-strings part. */
function renderStrings(values: string[]): string {
  const xml = new XmlStream();
  const si = new SharedStringXform();
  for (const v of values) si.render(xml, v);
  return xml.xml;
}

/**
 * The part's head exactly as ExcelJS opens it (declaration, <sst count uniqueCount>), found by
 * rendering a part of `count` strings that holds only the first and taking that string and the end off.
 */
function partHead(count: number, first: string): string {
  const whole = new SharedStringsXform().toXml({ count, values: { length: count, forEach: (f: (s: string) => void) => f(first) } });
  const tail = renderStrings([first]) + END;
  if (!whole.endsWith(tail)) throw new Error('SharedStringTable: ExcelJS renders the shared strings differently');
  return whole.slice(0, whole.length - tail.length);
}

/** Strings rendered into one piece of the part at a time. */
const PIECE = 2000;

export class MemorySharedStrings implements SharedStringTable {
  /** The strings in insertion order, which is their numbering. */
  private index: Map<string, number> | undefined = new Map();
  private written = 0;
  totalRefs = 0;

  /** Still the number of strings once the part is written: ExcelJS asks it for the part's relationship. */
  get count(): number {
    return this.index?.size ?? this.written;
  }

  add(value: string): number {
    if (!this.index) throw new Error('SharedStringTable: the part is already written');
    let i = this.index.get(value);
    if (i === undefined) this.index.set(value, (i = this.index.size));
    this.totalRefs++;
    return i;
  }

  part(): Iterable<Buffer> {
    const values = [...(this.index?.keys() ?? [])];
    this.written = values.length;
    this.index = undefined;
    return (function* () {
      yield Buffer.from(partHead(values.length, values[0]));
      for (let from = 0; from < values.length; from += PIECE) yield Buffer.from(renderStrings(values.slice(from, from + PIECE)));
      yield Buffer.from(END);
    })();
  }
}

/** FNV-1a over the UTF-16 code units: only where to look first; every match is checked against the text itself. */
export function textHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Recent texts found without the disk, in two generations of this many. */
const RECENT = 16_384;
/** Bytes gathered before a write to either file. */
const WRITE_BATCH = 1 << 20;
/** Bytes of the spooled part read back at a time as the zip takes it. */
const PART_CHUNK = 1 << 20;

/**
 * An append-only file with a write buffer, allocated once: a merge appends some 65 MB here at
 * 10,000 returns, and a buffer made for each batch left as much freed memory in the C heap, which
 * the process kept (peak RSS).
 */
class AppendFile {
  readonly fd: number;
  size = 0;
  private readonly batch = Buffer.allocUnsafe(WRITE_BATCH);
  private batched = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w+');
  }

  /** Appends `bytes`; returns where they start. */
  append(bytes: Buffer): number {
    const at = this.size;
    if (this.batched + bytes.length > WRITE_BATCH) this.flush();
    if (bytes.length >= WRITE_BATCH) this.writeAt(bytes, bytes.length, at);
    else this.batched += bytes.copy(this.batch, this.batched);
    this.size += bytes.length;
    return at;
  }

  /** Appends `text` in `encoding`, without a buffer of its own when it fits the batch; returns where it starts and its length in bytes. */
  appendText(text: string, encoding: 'utf8' | 'utf16le' = 'utf8'): { at: number; length: number } {
    const length = Buffer.byteLength(text, encoding);
    if (length >= WRITE_BATCH) return { at: this.append(Buffer.from(text, encoding)), length };
    if (this.batched + length > WRITE_BATCH) this.flush();
    const at = this.size;
    this.batched += this.batch.write(text, this.batched, encoding);
    this.size += length;
    return { at, length };
  }

  flush(): void {
    if (!this.batched) return;
    this.writeAt(this.batch, this.batched, this.size - this.batched);
    this.batched = 0;
  }

  private writeAt(bytes: Buffer, length: number, at: number): void {
    for (let done = 0; done < length;) done += writeSync(this.fd, bytes, done, length - done, at + done);
  }

  read(at: number, length: number, into = Buffer.allocUnsafe(length), offset = 0): Buffer {
    this.flush();
    for (let done = 0; done < length;) {
      const n = readSync(this.fd, into, offset + done, length - done, at + done);
      if (n === 0) throw new Error(`${path.basename(this.file)}: short read`);
      done += n;
    }
    return into;
  }

  close(): void {
    closeSync(this.fd);
  }
}

export class SpooledSharedStrings implements SharedStringTable {
  totalRefs = 0;
  private n = 0;
  private first: string | undefined;
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  /** Open addressing: each slot a hash and a number + 1 (0: empty). */
  private slotHash = new Int32Array(1 << 16);
  private slotId = new Int32Array(1 << 16);
  /** Each text's place in the texts' file (UTF-16LE, so that a text is compared exactly). */
  private textAt = new Float64Array(1 << 14);
  private textLength = new Uint32Array(1 << 14);
  private readonly texts: AppendFile;
  /** The part's body as it will be written: each text rendered, in order. */
  private readonly body: AppendFile;
  private pending: string[] = [];
  private closed = false;

  /**
   * @param dir a folder of the caller's, for the two files (removed by `close`, or with the folder)
   * @param hash where to look first (tests give one that collides)
   */
  constructor(
    dir: string,
    private readonly hash: (s: string) => number = textHash,
  ) {
    this.texts = new AppendFile(path.join(dir, 'shared-strings.utf16'));
    this.body = new AppendFile(path.join(dir, 'shared-strings.xml'));
  }

  get count(): number {
    return this.n;
  }

  add(value: string): number {
    if (this.closed) throw new Error('SharedStringTable: the part is already written');
    this.totalRefs++;
    let id = this.young.get(value);
    if (id !== undefined) return id;
    id = this.old.get(value);
    if (id === undefined) id = this.find(value);
    this.remember(value, id);
    return id;
  }

  private remember(value: string, id: number): void {
    this.young.set(value, id);
    if (this.young.size > RECENT) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** The number of `value`, found in the table (checked against its text) or given now. */
  private find(value: string): number {
    const h = this.hash(value);
    const mask = this.slotId.length - 1;
    let i = h & mask;
    for (; this.slotId[i] !== 0; i = (i + 1) & mask) {
      if (this.slotHash[i] === h && this.sameText(this.slotId[i] - 1, value)) return this.slotId[i] - 1;
    }
    const id = this.n++;
    this.slotHash[i] = h;
    this.slotId[i] = id + 1;
    if (id >= this.textAt.length) {
      this.textAt = grown(this.textAt, new Float64Array(this.textAt.length * 2));
      this.textLength = grown(this.textLength, new Uint32Array(this.textLength.length * 2));
    }
    const text = this.texts.appendText(value, 'utf16le');
    this.textAt[id] = text.at;
    this.textLength[id] = text.length;
    this.first ??= value;
    this.pending.push(value);
    if (this.pending.length >= PIECE) this.render();
    if (this.n * 2 > this.slotId.length) this.rehash();
    return id;
  }

  private sameText(id: number, value: string): boolean {
    if (this.textLength[id] !== value.length * 2) return false;
    return this.texts.read(this.textAt[id], this.textLength[id]).equals(Buffer.from(value, 'utf16le'));
  }

  private rehash(): void {
    const hashes = this.slotHash;
    const ids = this.slotId;
    this.slotHash = new Int32Array(ids.length * 2);
    this.slotId = new Int32Array(ids.length * 2);
    const mask = this.slotId.length - 1;
    for (let j = 0; j < ids.length; j++) {
      if (ids[j] === 0) continue;
      let i = hashes[j] & mask;
      while (this.slotId[i] !== 0) i = (i + 1) & mask;
      this.slotHash[i] = hashes[j];
      this.slotId[i] = ids[j];
    }
  }

  private render(): void {
    if (!this.pending.length) return;
    this.body.appendText(renderStrings(this.pending));
    this.pending = [];
  }

  part(): Iterable<Buffer> {
    this.render();
    this.closed = true;
    this.young.clear();
    this.old.clear();
    const { body, n, first } = this;
    return (function* () {
      yield Buffer.from(partHead(n, first ?? ''));
      for (let at = 0; at < body.size; at += PART_CHUNK) yield body.read(at, Math.min(PART_CHUNK, body.size - at));
      yield Buffer.from(END);
    })();
  }

  /** Closes the two files (the caller removes its folder). */
  close(): void {
    this.texts.close();
    this.body.close();
  }
}

function grown<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
