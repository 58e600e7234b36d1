/**
 * A small, dependency-free content hash (two independent 32-bit FNV-1a lanes over UTF-16 code
 * units). Used for stable task ids and catalog versions, where we need determinism across Node and
 * browsers, not cryptographic strength.
 */
export function contentHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 ^= h2 >>> 15;
  }
  return h1.toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** Base-36 short id from a hash, upper case, for ids a clerk may read aloud. */
export function shortId(text: string, length = 6): string {
  const hex = contentHash(text);
  const n = parseInt(hex.slice(0, 12), 16);
  return n.toString(36).toUpperCase().padStart(length, '0').slice(-length);
}
