/**
 * Checks on a workbook file from outside before any xlsx parser touches it: size, container type
 * (encrypted workbooks and .xls/.et are OLE containers, not zips), and the zip directory (entry
 * count and declared sizes, then a capped inflate that catches directories that lie).
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

export type UnreadableReason = 'too-large' | 'encrypted' | 'legacy-format' | 'corrupt' | 'zip-bomb' | 'timeout' | 'not-xlsx';

export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly reason: UnreadableReason,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

export interface ReadLimits {
  /** Bytes of the file itself. */
  maxFileBytes: number;
  /** Total bytes once inflated. */
  maxInflatedBytes: number;
  maxEntries: number;
  maxRows: number;
  maxColumns: number;
  timeoutMs: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxInflatedBytes: 200 * 1024 * 1024,
  maxEntries: 2000,
  maxRows: 20000,
  maxColumns: 200,
  timeoutMs: 30000,
};

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** "EncryptionInfo" as UTF-16LE: the stream an encrypted OOXML package carries inside its OLE container. */
function hasUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern: number[] = [];
  for (const ch of text) pattern.push(ch.charCodeAt(0), 0);
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

export function checkWorkbookBytes(bytes: Uint8Array, fileName: string, limits: ReadLimits): void {
  const lower = fileName.toLowerCase();
  if (bytes.length > limits.maxFileBytes) {
    throw new UnreadableFileError(
      `文件过大（${(bytes.length / 1048576).toFixed(1)} MB，上限 ${Math.round(limits.maxFileBytes / 1048576)} MB）`,
      'too-large',
    );
  }
  if (startsWith(bytes, OLE)) {
    if (hasUtf16(bytes, 'EncryptionInfo')) throw new UnreadableFileError('文件已加密，请取消密码后另存为 .xlsx 再提交', 'encrypted');
    throw new UnreadableFileError('这是旧版 Excel（.xls）或 WPS（.et）格式，请另存为 .xlsx 后再提交', 'legacy-format');
  }
  if (lower.endsWith('.xls') || lower.endsWith('.et')) {
    throw new UnreadableFileError('这是旧版 Excel（.xls）或 WPS（.et）文件，请另存为 .xlsx 后再提交', 'legacy-format');
  }
  if (!startsWith(bytes, ZIP)) {
    throw new UnreadableFileError('不是 Excel 工作簿（.xlsx）文件，或文件已损坏', 'not-xlsx');
  }
  // The central directory, read without inflating anything.
  const entries: Array<{ name: string; originalSize: number }> = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, originalSize: f.originalSize });
        return false;
      },
    });
  } catch {
    throw new UnreadableFileError('文件已损坏（压缩包不完整），无法读取', 'corrupt');
  }
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
    throw new UnreadableFileError('不是 Excel 工作簿（缺少 xl/workbook.xml），或文件已损坏', 'not-xlsx');
  }
  if (entries.length > limits.maxEntries) {
    throw new UnreadableFileError(`文件结构异常（包含 ${entries.length} 个部件）`, 'zip-bomb');
  }
  const declared = entries.reduce((s, e) => s + e.originalSize, 0);
  if (declared > limits.maxInflatedBytes) {
    throw new UnreadableFileError(`文件解压后过大（${(declared / 1048576).toFixed(0)} MB），疑似压缩炸弹，已跳过`, 'zip-bomb');
  }
  // The directory may lie about sizes: inflate every part with a running cap and stop at the first excess.
  const inflated = inflatedSize(bytes, limits.maxInflatedBytes);
  if (inflated > limits.maxInflatedBytes) {
    throw new UnreadableFileError('文件解压后过大，疑似压缩炸弹，已跳过', 'zip-bomb');
  }
}

/**
 * Total inflated bytes of all parts, counted while streaming; stops (returning a value over the cap)
 * as soon as the cap is passed, so a zip bomb never expands in memory.
 */
export function inflatedSize(bytes: Uint8Array, cap: number): number {
  let total = 0;
  let failed = false;
  const unzip = new Unzip((file) => {
    file.ondata = (err, chunk) => {
      if (err) {
        failed = true;
        return;
      }
      total += chunk.length;
      if (total > cap) file.terminate();
    };
    if (total <= cap) file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // Feed in slices so that a terminated stream stops the work early.
    const step = 1 << 16;
    for (let i = 0; i < bytes.length && total <= cap; i += step) unzip.push(bytes.subarray(i, i + step), i + step >= bytes.length);
  } catch {
    failed = true;
  }
  if (failed) throw new UnreadableFileError('文件已损坏（压缩数据错误），无法读取', 'corrupt');
  return total;
}
