/**
 * A bundle of returns: the zip (压缩包) a 扶贫办 receives when a 乡镇 or a clerk packs several
 * returns together. Its workbooks are read as if they had come one by one, keyed by their path in
 * the bundle (村报表.zip/第1村.xlsx); everything else in it is listed with why it was not read.
 * Names are read as the packer wrote them: UTF-8 when flagged or valid as such (macOS and 7-Zip),
 * else GBK, as Windows' own “发送到压缩文件夹” and most Chinese packers write them.
 * Both doors use it: the command line writes each member to a temporary file as it comes, the web
 * page keeps them as files in memory.
 */
import { DEFAULT_LIMITS, UnreadableFileError, zipMembers, type ZipMember } from './guard';

/** A file name that is a bundle of returns. */
export const BUNDLE_NAME = /\.zip$/i;
/** A file name that is a workbook to read as a return (legacy and WPS files are refused by content, with a message). */
export const RETURN_NAME = /\.(xlsx|xlsm|xls|et)$/i;

export interface BundleLimits {
  /** Bytes of the bundle itself. */
  maxBundleBytes: number;
  /** Members of the bundle, folders included. */
  maxMembers: number;
  /** Bytes of each workbook once unpacked: a return's own limit. */
  maxMemberBytes: number;
}

export const BUNDLE_LIMITS: BundleLimits = {
  maxBundleBytes: 1024 * 1024 * 1024,
  maxMembers: 20_000,
  maxMemberBytes: DEFAULT_LIMITS.maxFileBytes,
};

/** A workbook of the bundle: its path inside it ('/'-separated) and its bytes. */
export interface BundledReturn {
  path: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** A member not read, and why. */
export interface BundleSkip {
  path: string;
  reason: string;
}

export type BundleItem = ({ kind: 'return' } & BundledReturn) | ({ kind: 'skipped' } & BundleSkip);

const UTF8 = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { fatal: true }) : undefined;
/** GBK where the engine knows it (every current browser, Node with ICU); EdgeHTML 18 has no TextDecoder at all. */
const GBK = (() => {
  try {
    return new TextDecoder('gbk');
  } catch {
    return undefined;
  }
})();

/** A member's name: UTF-8 when flagged or valid as UTF-8, else GBK. */
export function memberName(bytes: Uint8Array, utf8: boolean): string {
  const lenient = () => new TextDecoder('utf-8').decode(bytes);
  if (typeof TextDecoder !== 'function') return String.fromCharCode(...bytes);
  if (utf8) return lenient();
  try {
    return (UTF8 as TextDecoder).decode(bytes);
  } catch {
    return GBK ? GBK.decode(bytes) : lenient();
  }
}

/** Why a member is not read as a return, or null when it is one. */
function notAReturn(path: string): string | null {
  const parts = path.split('/');
  const base = parts[parts.length - 1];
  if (parts.some((p) => p === '__MACOSX') || base.startsWith('._')) return '苹果电脑压缩时附带的系统文件';
  if (base.startsWith('~$')) return 'Excel/WPS 打开文件时的临时文件';
  if (BUNDLE_NAME.test(base)) return '压缩包中的压缩包，请解压后再汇总';
  if (!RETURN_NAME.test(base)) return `不是工作簿文件（${/\.[^.]+$/.exec(base)?.[0] ?? '无扩展名'}）`;
  return null;
}

/**
 * The members of a bundle in its order, each workbook with its bytes or with why it was not read.
 * Throws UnreadableFileError (with a Chinese message) when the bundle itself cannot be read.
 */
export function* unpackBundle(bytes: Uint8Array, limits: BundleLimits = BUNDLE_LIMITS): Generator<BundleItem> {
  if (bytes.length > limits.maxBundleBytes) {
    throw new UnreadableFileError(`压缩包过大（上限 ${Math.floor(limits.maxBundleBytes / 1048576)} MB），请解压后再汇总`, 'too-large');
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new UnreadableFileError('不是 zip 压缩包（.rar、.7z 等请先解压），或文件已损坏', 'not-xlsx');
  }
  let members: ZipMember[];
  try {
    members = zipMembers(bytes, limits.maxMembers);
  } catch (e) {
    if (e instanceof UnreadableFileError && e.reason === 'zip-bomb') {
      throw new UnreadableFileError(`压缩包中的文件超过 ${limits.maxMembers} 个，请分批解压后再汇总`, 'zip-bomb');
    }
    throw e;
  }
  for (const m of members) {
    const path = memberName(m.nameBytes, m.utf8).replace(/\\/g, '/').replace(/^\/+/, '');
    if (!path || path.endsWith('/')) continue; // a folder
    const why = notAReturn(path);
    if (why) {
      yield { kind: 'skipped', path, reason: why };
      continue;
    }
    try {
      yield { kind: 'return', path, bytes: m.bytes(limits.maxMemberBytes) };
    } catch (e) {
      if (!(e instanceof UnreadableFileError)) throw e;
      yield { kind: 'skipped', path, reason: e.reason === 'encrypted' ? '压缩包设有密码，请解压后再汇总' : e.message };
    }
  }
}
