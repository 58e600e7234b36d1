/**
 * One form of punctuation, digits and spaces for every layout to read. Lists are typed on Chinese
 * and Western keyboards, pasted from web pages and converted from PDF, so the same list arrives with
 * (牵头单位:县乡村振兴局;配合单位:县民政局) or （牵头单位：县乡村振兴局；配合单位：县民政局）, １２月 or 12月.
 *
 * The form read: Chinese brackets, colon, semicolon and comma (（）：；，), a full stop after Chinese
 * text (。), document-number brackets 〔〕, ASCII digits and letters, plain spaces. A colon or comma between two digits (10:30, 1,000)
 * and a colon before // (a web address) are left alone.
 *
 * Every change is one character for one character, so a normalised text has the original's length
 * and any position in it is the same position in the original: the original is kept for display by
 * reading it at the same offsets (see restoreOriginal).
 */

const SPACES = /[\u00A0\u2002\u2003\u2009\u3000]/g;
/** A full stop typed half-width after Chinese text ends a sentence: "早帮扶." → "早帮扶。". */
const CJK_BEFORE = /[\u3400-\u9fff）》”]/;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Normalises punctuation, digits, letters and spaces; the result has the same length as `s`. */
export function normalisePunctuation(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = c.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xfee0);
    else if ((code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a)) out += String.fromCharCode(code - 0xfee0);
    else if (c === '(') out += '（';
    else if (c === ')') out += '）';
    else if (c === ';') out += '；';
    else if (c === ':') out += (isDigit(prevDigit(s, i)) && isDigit(nextDigit(s, i))) || s.startsWith('//', i + 1) ? ':' : '：';
    else if (c === ',') out += isDigit(prevDigit(s, i)) && isDigit(nextDigit(s, i)) ? ',' : '，';
    else if (c === '.' && i > 0 && CJK_BEFORE.test(s[i - 1]) && !/[0-9A-Za-z]/.test(s[i + 1] ?? '')) out += '。';
    else if ((c === '[' || c === '［' || c === '﹝') && /^\d{4}[\]］﹞]/.test(toAsciiDigits(s.slice(i + 1, i + 6)))) out += '〔';
    else if ((c === ']' || c === '］' || c === '﹞') && /\d{4}$/.test(toAsciiDigits(s.slice(Math.max(0, i - 4), i)))) out += '〕';
    else if (SPACES.test(c)) {
      SPACES.lastIndex = 0;
      out += ' ';
    } else out += c;
  }
  return out;
}

function toAsciiDigits(s: string): string {
  return s.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

function prevDigit(s: string, i: number): string | undefined {
  return i > 0 ? toAsciiDigits(s[i - 1]) : undefined;
}

function nextDigit(s: string, i: number): string | undefined {
  return i + 1 < s.length ? toAsciiDigits(s[i + 1]) : undefined;
}

/**
 * The original spelling of a text that a layout built from normalised text. Layouts drop spaces,
 * markup and numbering and join lines, so the text is found in the document with whitespace
 * removed on both sides, piece by piece (the longest piece that occurs, then the rest); pieces not
 * found (text a layout composed, such as "存在问题：…") stay normalised.
 */
const MIN_PIECE = 3;

export class OriginalText {
  private readonly normal: string;
  private readonly original: string;

  constructor(normalLines: string[], originalLines: string[]) {
    let n = '';
    let o = '';
    normalLines.forEach((line, i) => {
      const orig = originalLines[i] ?? line;
      if (orig.length !== line.length) return; // a line changed by more than punctuation: not used
      for (let k = 0; k < line.length; k++) {
        if (/\s/.test(line[k])) continue;
        n += line[k];
        o += orig[k];
      }
    });
    this.normal = n;
    this.original = o;
  }

  /** Whether the document has anything the normalisation changed. */
  get changed(): boolean {
    return this.normal !== this.original;
  }

  restore(text: string): string {
    if (!this.changed) return text;
    const chars = [...text];
    const positions: number[] = [];
    let dense = '';
    chars.forEach((ch, i) => {
      if (!/\s/.test(ch)) {
        positions.push(i);
        dense += ch;
      }
    });
    let i = 0;
    while (i < dense.length) {
      // The longest piece from i that occurs in the document (binary search on its length).
      let lo = 0;
      let hi = dense.length - i;
      let at = -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        const found = this.normal.indexOf(dense.slice(i, i + mid));
        if (found >= 0) {
          lo = mid;
          at = found;
        } else hi = mid - 1;
      }
      // A piece of one or two characters could be anywhere: it keeps its normalised form.
      if (lo < MIN_PIECE) {
        i++;
        continue;
      }
      if (at < 0) at = this.normal.indexOf(dense.slice(i, i + lo));
      for (let k = 0; k < lo; k++) chars[positions[i + k]] = this.original[at + k];
      i += lo;
    }
    return chars.join('');
  }
}
