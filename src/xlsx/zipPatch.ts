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

interface Entry {
  name: Uint8Array;
  method: number;
  flags: number;
  crc: number;
  compressed: Uint8Array;
  size: number;
}

/** The entries of a zip as stored, read from its central directory. */
function readEntries(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('xlsx 结构异常：找不到 zip 目录');
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (view.getUint32(p, true) !== CENTRAL) throw new Error('xlsx 结构异常：zip 目录损坏');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const csize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    if (csize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new Error('xlsx 结构异常：不支持 zip64');
    const name = bytes.subarray(p + 46, p + 46 + nameLen);
    if (view.getUint32(local, true) !== LOCAL) throw new Error('xlsx 结构异常：zip 条目损坏');
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({ name, method, flags, crc, compressed: bytes.subarray(start, start + csize), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function inflated(e: Entry): Uint8Array {
  if (e.method === 0) return e.compressed;
  if (e.method === 8) return inflateSync(e.compressed, { out: new Uint8Array(e.size) });
  throw new Error(`xlsx 结构异常：不支持的压缩方式 ${e.method}`);
}

function packed(name: Uint8Array, data: Uint8Array): Entry {
  return { name, method: 8, flags: 0x0800, crc: crc32(data), compressed: deflateSync(data, { level: 6 }), size: data.length };
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

/**
 * The package with its edits applied and every entry stamped with `when`. The edits may be worked
 * out from the package's own parts (which sheet is which part, say) through the reader given.
 */
export function patchPackage(bytes: Uint8Array, plan: PackageEdits | ((read: PartReader) => PackageEdits), when: Date): Uint8Array {
  const entries = readEntries(bytes);
  const byName = new Map(entries.map((e) => [strFromU8(e.name), e]));
  const edits =
    typeof plan === 'function'
      ? plan((name) => {
          const e = byName.get(name);
          return e ? inflated(e) : undefined;
        })
      : plan;
  const out: Entry[] = entries.map((e) => {
    const edit = edits.edit?.get(strFromU8(e.name));
    if (!edit) return e;
    const changed = edit(inflated(e));
    return changed ? packed(e.name, changed) : e;
  });
  for (const [name, data] of edits.add ?? []) out.push(packed(strToU8(name), data));

  const { time, date } = dosTime(when);
  let total = 22;
  for (const e of out) total += 30 + 46 + 2 * e.name.length + e.compressed.length;
  const zip = new Uint8Array(total);
  const view = new DataView(zip.buffer);
  let p = 0;
  const offsets: number[] = [];
  for (const e of out) {
    offsets.push(p);
    view.setUint32(p, LOCAL, true);
    view.setUint16(p + 4, 20, true);
    // Sizes are in the header, so no data descriptor follows (bit 3 off); UTF-8 names (bit 11) stay.
    view.setUint16(p + 6, e.flags & 0x0800, true);
    view.setUint16(p + 8, e.method, true);
    view.setUint16(p + 10, time, true);
    view.setUint16(p + 12, date, true);
    view.setUint32(p + 14, e.crc, true);
    view.setUint32(p + 18, e.compressed.length, true);
    view.setUint32(p + 22, e.size, true);
    view.setUint16(p + 26, e.name.length, true);
    view.setUint16(p + 28, 0, true);
    zip.set(e.name, p + 30);
    zip.set(e.compressed, p + 30 + e.name.length);
    p += 30 + e.name.length + e.compressed.length;
  }
  const central = p;
  out.forEach((e, i) => {
    view.setUint32(p, CENTRAL, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 20, true);
    view.setUint16(p + 8, e.flags & 0x0800, true);
    view.setUint16(p + 10, e.method, true);
    view.setUint16(p + 12, time, true);
    view.setUint16(p + 14, date, true);
    view.setUint32(p + 16, e.crc, true);
    view.setUint32(p + 20, e.compressed.length, true);
    view.setUint32(p + 24, e.size, true);
    view.setUint16(p + 28, e.name.length, true);
    view.setUint32(p + 42, offsets[i], true);
    zip.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  view.setUint32(p, END, true);
  view.setUint16(p + 8, out.length, true);
  view.setUint16(p + 10, out.length, true);
  view.setUint32(p + 12, p - central, true);
  view.setUint32(p + 16, central, true);
  return zip.subarray(0, p + 22);
}

/** Text parts are XML in UTF-8. */
export function textEdit(change: (xml: string) => string | null): PartEdit {
  return (old) => {
    const xml = strFromU8(old);
    const next = change(xml);
    return next === null || next === xml ? null : strToU8(next);
  };
}
