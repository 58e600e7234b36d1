/** Text clean-up shared by the layout readers: what converted documents (Word → text) leave behind. */

/** Line endings, BOM, non-breaking and ideographic spaces. Keeps line structure intact. */
export function normaliseDocument(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2002\u2003\u2009\u3000]/g, ' ');
}

/** Removes markdown emphasis and heading marks that survived conversion. */
export function stripMarkdown(s: string): string {
  return s.replace(/\*\*/g, '').replace(/^#+\s*/, '');
}

/** Collapses whitespace between CJK characters (a page or line break inside a word) and trims. */
export function joinBrokenText(s: string): string {
  return s
    .replace(/\s*\n\s*/g, '\n')
    .replace(/([\u3400-\u9fff，、：；（）《》“”])\n+(?=[\u3400-\u9fff，、：；（）《》“”])/g, '$1')
    .replace(/\n+/g, '\n')
    .trim();
}

/** Full-width ASCII to half-width; used before matching numbers and punctuation. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** One-line form of a cell or paragraph: breaks and runs of spaces collapsed. */
export function oneLine(s: string): string {
  return joinBrokenText(s)
    .replace(/\s*\n\s*/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

const ITEM_NUMBER = /^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.．、]\s*(?!\d)/;

/** Leading item number such as "1." "2、" "十、" removed. */
export function stripItemNumber(s: string): string {
  return s.replace(ITEM_NUMBER, '').replace(/^\s*[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]\s*/, '');
}

/**
 * A short 项目名称 from a duty's text: the first clause, without numbering, cut at a sensible
 * length. "会同区财政局调整生活费补助发放方式，督促…" → "会同区财政局调整生活费补助发放方式".
 */
export function titleFromText(text: string, max = 30): string {
  const s = oneLine(stripItemNumber(stripMarkdown(text)));
  const sentence = s.split(/[。；;！!？?]/)[0] || s;
  if (sentence.length <= max) return sentence.replace(/[，,：:]$/, '');
  const clause = sentence.split(/[，,：:]/)[0];
  if (clause.length >= 6 && clause.length <= max) return clause;
  return `${sentence.slice(0, max - 1)}…`;
}
