/**
 * Division-of-work plans (分工方案): numbered paragraphs, each closed by the responsible units in
 * parentheses, the first named leading (列在分工项目首位的为牵头单位).
 *
 *   12. 实施教育扶贫工程。……制定推进教育精准扶贫精准脱贫三年攻坚实施方案。（市教育局、市民宗局、市财政局）
 *
 * Page breaks of the converted document split paragraphs and even unit names ("市民政\n\n局"):
 * a paragraph continues until the next numbered one or a heading.
 */
import type { Layout, LayoutResult, RawTask } from '../types';
import { oneLine, stripMarkdown, titleFromText } from '../text';

const NUMBERED = /^\s*(\d{1,3})\s*[.．、]\s*(?!\d)(.*)$/;
const HEADING = /^\s*(?:#+\s*)?(?:[一二三四五六七八九十]{1,3}、|附件|[（(][一二三四五六七八九十]{1,3}[)）])/;
/** The closing unit list: the last parenthesised group, at the very end (a full stop may follow). */
const CLOSING_UNITS = /[（(]([^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*)[)）]\s*[。.]?\s*$/;
const UNIT_END = /(局|办|委|部|会|联|社|行|处|台|司|院|室|队|所|站|中心|政府|单位|分局|支行|分行|公司)$/;

/** A parenthesised tail that names units, not an aside such as "（含政策性保障兜底）". */
function looksLikeUnitList(s: string): boolean {
  const parts = s
    .replace(/\s+/g, '')
    .split(/[、，,；;]/)
    .filter(Boolean);
  return parts.length > 0 && parts.filter((p) => UNIT_END.test(p.replace(/等$/, ''))).length >= Math.ceil(parts.length / 2);
}

function collect(lines: string[]): Array<{ n: number; line: number; text: string; section: string }> {
  const paras: Array<{ n: number; line: number; text: string; section: string }> = [];
  let section = '';
  let current: { n: number; line: number; text: string; section: string } | null = null;
  lines.forEach((raw, idx) => {
    const line = stripMarkdown(raw).trim();
    if (!line || /^-{3,}$/.test(line)) return;
    const m = NUMBERED.exec(line);
    if (m && (!current || Number(m[1]) === current.n + 1 || paras.length === 0)) {
      current = { n: Number(m[1]), line: idx + 1, text: m[2], section };
      paras.push(current);
      return;
    }
    if (HEADING.test(raw)) {
      section = oneLine(line);
      current = null;
      return;
    }
    // A continuation: joined with a marker so that the text keeps a break only between sentences.
    if (current) current.text += `\n${line}`;
  });
  return paras;
}

export const numberedParagraphs: Layout = {
  name: 'numbered-paragraphs',
  label: '编号段落＋括注单位',
  firstUnitLeads: true,
  detect({ lines }) {
    const paras = collect(lines);
    const withUnits = paras.filter((p) => {
      const m = CLOSING_UNITS.exec(oneLine(p.text));
      return m && looksLikeUnitList(m[1]);
    }).length;
    return withUnits >= 3 && withUnits >= paras.length / 2 ? withUnits : 0;
  },
  read({ lines }): LayoutResult {
    const tasks: RawTask[] = [];
    const warnings: LayoutResult['warnings'] = [];
    for (const p of collect(lines)) {
      const flat = oneLine(p.text);
      const m = CLOSING_UNITS.exec(flat);
      const units = m && looksLikeUnitList(m[1]) ? m[1] : '';
      const body = units && m ? flat.slice(0, m.index).trim() : flat;
      if (!units) warnings.push({ line: p.line, message: `第${p.line}行：第${p.n}项没有括注责任单位` });
      tasks.push({
        title: titleFromText(body),
        text: body,
        lead: units ? [units] : [],
        partners: [],
        leaders: [],
        plans: {},
        section: p.section,
        line: p.line,
        firstUnitLeads: true,
      });
    }
    return { tasks, warnings };
  },
};
