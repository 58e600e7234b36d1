/**
 * The text of a .txt list in whatever encoding it was saved: UTF-8 (with or without BOM), UTF-16
 * with its BOM (Windows "Unicode"), or GBK/GB18030 (Windows "ANSI" on a Chinese system). Decoded
 * with the platform's TextDecoder (Node and every browser know gb18030), no library needed.
 */
function decoder(label: string, fatal = false): TextDecoder {
  return new TextDecoder(label, { fatal });
}

/** UTF-16 without a BOM: every other byte zero in ASCII-heavy text. */
function looksUtf16(bytes: Uint8Array, odd: boolean): boolean {
  const n = Math.min(bytes.length, 4000);
  let zeros = 0;
  for (let i = odd ? 1 : 0; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return n >= 4 && zeros > n / 4;
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: decoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (looksUtf16(bytes, true)) return { text: decoder('utf-16le').decode(bytes), encoding: 'UTF-16' };
  if (looksUtf16(bytes, false)) return { text: decoder('utf-16be').decode(bytes), encoding: 'UTF-16' };
  try {
    return { text: decoder('utf-8', true).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not UTF-8: a Chinese Windows "ANSI" file. GB18030 is a superset of GBK and GB2312.
    try {
      return { text: decoder('gb18030', true).decode(bytes), encoding: 'GBK' };
    } catch {
      return { text: decoder('gb18030').decode(bytes), encoding: 'GBK' };
    }
  }
}

/** Text that is not text: control characters that no list contains. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8000);
  if (!sample) return false;
  let bad = 0;
  for (const ch of sample) {
    const c = ch.charCodeAt(0);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad > sample.length / 50;
}
