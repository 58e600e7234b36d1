/**
 * Text decoding for the xlsx reader. TextDecoder where the engine has it (Node, every current
 * browser); EdgeHTML 18, which still runs task panes and the web page in Office 2016/2019 retail
 * without the WebView2 runtime, has none, and gets these small decoders (UTF-8 through fflate).
 */
import { strFromU8 } from 'fflate';

export interface Decoder {
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

function fromCodes(codes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < codes.length; i += 0x2000) s += String.fromCharCode.apply(null, Array.prototype.slice.call(codes, i, i + 0x2000));
  return s;
}

const FALLBACK: Record<'utf-8' | 'utf-16le' | 'latin1', Decoder> = {
  'utf-8': { decode: (b) => (b && b.length ? strFromU8(b) : '') },
  // One byte, one character: the decoder keeps no state between streamed chunks.
  latin1: { decode: (b) => (b ? fromCodes(b) : '') },
  'utf-16le': {
    decode(b) {
      if (!b) return '';
      const codes = new Uint16Array(b.length >> 1);
      for (let i = 0; i < codes.length; i++) codes[i] = b[2 * i] | (b[2 * i + 1] << 8);
      return fromCodes(codes);
    },
  },
};

export function textDecoder(label: 'utf-8' | 'utf-16le' | 'latin1', hasNative = typeof TextDecoder === 'function'): Decoder {
  return hasNative ? new TextDecoder(label) : FALLBACK[label];
}
