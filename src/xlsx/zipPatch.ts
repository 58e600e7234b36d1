/**
 * Edits of a written .xlsx package (a zip) without unpacking it: parts ExcelJS cannot write (a
 * chart, row heights that are not the user's choice) are changed or added, and every other entry
 * is copied as it was compressed. A province's 汇总 is tens of megabytes; only the few small parts
 * that change are inflated and deflated again. Every entry gets the same time, so that the same
 * workbook gives the same bytes.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

/** A change to one part: its new content from the old, or null to leave it as it is. */
export type PartEdit = (old: Uint8Array) => Uint8Array | null;

export interface PackageEdits {
  /** Existing parts to change, by name (xl/worksheets/sheet1.xml). */
  edit?: Map<string, PartEdit>;
  /** New parts, in order, after the existing ones. */
  add?: Array<[string, Uint8Array]>;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

let crcTable: Uint32Array | undefined;

export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Where a zip's bytes are: in memory, or in a file (Node: see writeStream.ts), read a range at a time. */
export interface ZipSource {
  size: number;
  read(at: number, length: number): Uint8Array;
}

/** A zip in memory as a ZipSource. */
export function bytesSource(bytes: Uint8Array): ZipSource {
  return { size: bytes.length, read: (at, length) => bytes.subarray(at, at + length) };
}

interface Entry {
  name: Uint8Array;
  method: number;
  flags: number;
  crc: number;
  size: number;
  /** The compressed data's length and, for an entry of the source, where it starts in it. */
  csize: number;
  at: number;
  /** The compressed data of an entry made here. */
  compressed?: Uint8Array;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The entries of a zip as stored, read from its central directory. */
function readEntries(src: ZipSource): Entry[] {
  const tailLength = Math.min(src.size, 22 + 0xffff);
  const tail = src.read(src.size - tailLength, tailLength);
  const t = view(tail);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (t.getUint32(i, true) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('xlsx 结构异常：找不到 zip 目录');
  const count = t.getUint16(end + 10, true);
  const dirSize = t.getUint32(end + 12, true);
  const dirAt = t.getUint32(end + 16, true);
  if (dirAt + dirSize > src.size) throw new Error('xlsx 结构异常：zip 目录损坏');
  const dir = src.read(dirAt, dirSize);
  const d = view(dir);
  let p = 0;
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || d.getUint32(p, true) !== CENTRAL) throw new Error('xlsx 结构异常：zip 目录损坏');
    const flags = d.getUint16(p + 8, true);
    const method = d.getUint16(p + 10, true);
    const crc = d.getUint32(p + 16, true);
    const csize = d.getUint32(p + 20, true);
    const size = d.getUint32(p + 24, true);
    const nameLen = d.getUint16(p + 28, true);
    const extraLen = d.getUint16(p + 30, true);
    const commentLen = d.getUint16(p + 32, true);
    const local = d.getUint32(p + 42, true);
    if (csize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new Error('xlsx 结构异常：不支持 zip64');
    const name = dir.slice(p + 46, p + 46 + nameLen);
    const head = view(src.read(local, 30));
    if (head.byteLength < 30 || head.getUint32(0, true) !== LOCAL) throw new Error('xlsx 结构异常：zip 条目损坏');
    const at = local + 30 + head.getUint16(26, true) + head.getUint16(28, true);
    entries.push({ name, method, flags, crc, size, csize, at });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function compressedOf(e: Entry, src: ZipSource): Uint8Array {
  return e.compressed ?? src.read(e.at, e.csize);
}

function inflated(e: Entry, src: ZipSource): Uint8Array {
  if (e.method === 0) return compressedOf(e, src);
  if (e.method === 8) return inflateSync(compressedOf(e, src), { out: new Uint8Array(e.size) });
  throw new Error(`xlsx 结构异常：不支持的压缩方式 ${e.method}`);
}

function packed(name: Uint8Array, data: Uint8Array): Entry {
  const compressed = deflateSync(data, { level: 6 });
  return { name, method: 8, flags: 0x0800, crc: crc32(data), size: data.length, csize: compressed.length, at: -1, compressed };
}

function dosTime(when: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, when.getUTCFullYear()));
  return {
    date: ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate(),
    time: (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2),
  };
}

/** Reads a part of the package, inflated; undefined when there is none. */
export type PartReader = (name: string) => Uint8Array | undefined;

/** The package's entries with the edits applied: unchanged entries still point into the source. */
function editedEntries(src: ZipSource, plan: PackageEdits | ((read: PartReader) => PackageEdits)): Entry[] {
  const entries = readEntries(src);
  const byName = new Map(entries.map((e) => [strFromU8(e.name), e]));
  const edits =
    typeof plan === 'function'
      ? plan((name) => {
          const e = byName.get(name);
          return e ? inflated(e, src) : undefined;
        })
      : plan;
  const out: Entry[] = entries.map((e) => {
    const edit = edits.edit?.get(strFromU8(e.name));
    if (!edit) return e;
    const changed = edit(inflated(e, src));
    return changed ? packed(e.name, changed) : e;
  });
  for (const [name, data] of edits.add ?? []) out.push(packed(strToU8(name), data));
  return out;
}

/** An entry's local header: sizes in it, so no data descriptor follows (bit 3 off); UTF-8 names (bit 11) stay. */
function localHeader(e: Entry, time: number, date: number): Uint8Array {
  const h = new Uint8Array(30 + e.name.length);
  const v = view(h);
  v.setUint32(0, LOCAL, true);
  v.setUint16(4, 20, true);
  v.setUint16(6, e.flags & 0x0800, true);
  v.setUint16(8, e.method, true);
  v.setUint16(10, time, true);
  v.setUint16(12, date, true);
  v.setUint32(14, e.crc, true);
  v.setUint32(18, e.csize, true);
  v.setUint32(22, e.size, true);
  v.setUint16(26, e.name.length, true);
  v.setUint16(28, 0, true);
  h.set(e.name, 30);
  return h;
}

/** The central directory of entries written at `offsets`, and the end record after it. */
function directory(out: Entry[], offsets: number[], at: number, time: number, date: number): Uint8Array {
  let size = 22;
  for (const e of out) size += 46 + e.name.length;
  const dir = new Uint8Array(size);
  const v = view(dir);
  let p = 0;
  out.forEach((e, i) => {
    v.setUint32(p, CENTRAL, true);
    v.setUint16(p + 4, 20, true);
    v.setUint16(p + 6, 20, true);
    v.setUint16(p + 8, e.flags & 0x0800, true);
    v.setUint16(p + 10, e.method, true);
    v.setUint16(p + 12, time, true);
    v.setUint16(p + 14, date, true);
    v.setUint32(p + 16, e.crc, true);
    v.setUint32(p + 20, e.csize, true);
    v.setUint32(p + 24, e.size, true);
    v.setUint16(p + 28, e.name.length, true);
    v.setUint32(p + 42, offsets[i], true);
    dir.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  v.setUint32(p, END, true);
  v.setUint16(p + 8, out.length, true);
  v.setUint16(p + 10, out.length, true);
  v.setUint32(p + 12, p, true);
  v.setUint32(p + 16, at, true);
  return dir;
}

/** Where the package is written to: pieces in order; `copy` takes a range of the source's bytes. */
export interface ZipSink {
  write(bytes: Uint8Array): void;
  copy(src: ZipSource, at: number, length: number): void;
}

/**
 * Writes the package with its edits applied and every entry stamped with `when` into `sink`, piece
 * by piece: the entries that do not change are copied as they were compressed.
 */
export function writePatchedPackage(
  src: ZipSource,
  plan: PackageEdits | ((read: PartReader) => PackageEdits),
  when: Date,
  sink: ZipSink,
): number {
  const out = editedEntries(src, plan);
  const { time, date } = dosTime(when);
  const offsets: number[] = [];
  let p = 0;
  for (const e of out) {
    offsets.push(p);
    const head = localHeader(e, time, date);
    sink.write(head);
    if (e.compressed) sink.write(e.compressed);
    else sink.copy(src, e.at, e.csize);
    p += head.length + e.csize;
  }
  const dir = directory(out, offsets, p, time, date);
  sink.write(dir);
  return p + dir.length;
}

/**
 * The package with its edits applied and every entry stamped with `when`. The edits may be worked
 * out from the package's own parts (which sheet is which part, say) through the reader given.
 */
export function patchPackage(bytes: Uint8Array, plan: PackageEdits | ((read: PartReader) => PackageEdits), when: Date): Uint8Array {
  const pieces: Uint8Array[] = [];
  let total = 0;
  const sink: ZipSink = {
    write: (b) => {
      pieces.push(b);
      total += b.length;
    },
    copy: (src, at, length) => sink.write(src.read(at, length)),
  };
  writePatchedPackage(bytesSource(bytes), plan, when, sink);
  const zip = new Uint8Array(total);
  let p = 0;
  for (const b of pieces) {
    zip.set(b, p);
    p += b.length;
  }
  return zip;
}

/** Text parts are XML in UTF-8. */
export function textEdit(change: (xml: string) => string | null): PartEdit {
  return (old) => {
    const xml = strFromU8(old);
    const next = change(xml);
    return next === null || next === xml ? null : strToU8(next);
  };
}
