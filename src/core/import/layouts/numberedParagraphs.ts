/**
 * Division-of-work plans (分工方案): numbered paragraphs, each closed by the responsible units in
 * parentheses, the first named leading (列在分工项目首位的为牵头单位).
 *
 *   12. 实施教育扶贫工程。……制定推进教育精准扶贫精准脱贫三年攻坚实施方案。（市教育局、市民宗局、市财政局）
 *
 * or by a last sentence that says who does it, without a bracket:
 *
 *   2. 稳定脱贫人口就业。由县人社局负责，长期坚持。
 *   （一）加强组织领导。责任单位：县委组织部。完成时限：长期。
 *
 * Page breaks of the converted document split paragraphs and even unit names ("市民政\n\n局"):
 * a paragraph continues until the next numbered one or a heading.
 */
import type { Layout, LayoutResult, RawTask } from '../types';
import { oneLine, stripMarkdown, titleFromText } from '../text';
import { parseUnitClause, type UnitClause } from '../unitClause';

const NUMBERED = /^\s*(\d{1,3})\s*[.．、]\s*(?!\d)(.*)$/;
const CN_NUMBERED = /^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*(.*)$/;
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

/** Words that say a bracket assigns roles or a deadline ("县乡村振兴局牵头，县民政局配合；2021年6月底前完成"). */
const ROLE_WORDS = /牵头|配合|负责|单位[：:]|时限|协办|参与|落实/;

/** A deadline stated after the closing bracket: "（…）完成时限：2022年12月底前". */
const TRAILING_DEADLINE = /[（(]?(?:完成时限|时限|完成时间|时间节点)[：:]\s*([^。；（）]*?)[)）]?[。.]?\s*$/;

interface Closing {
  body: string;
  /** The bracket's units as one raw list (the first named leads), or the roles it names. */
  list?: string;
  clause?: UnitClause;
  deadline?: string;
}

/** A sentence that opens by saying who does the task. */
const STATES_UNITS =
  /^(?:(?:牵头|配合|责任|主责|实施|承办|协办)(?:单位|部门|主体)\s*[：:])|^由?[^，,；;。]{2,40}?(?:牵头|负责)(?:[，,；;]|$)/;

/** A labelled deadline standing as a sentence of its own: "完成时限：长期". */
const DEADLINE_SENTENCE = /^(?:完成时限|时限要求|时限|完成时间|时间节点)[：:]/;

/**
 * Units stated without a bracket, in the paragraph's last sentence (由县人社局负责，长期坚持。) or in
 * its last two when the last is a labelled deadline (责任单位：县委组织部。完成时限：长期。).
 */
function closingSentences(flat: string): Closing | null {
  const sentences = flat
    .replace(/[。.]\s*$/, '')
    .split('。')
    .map((s) => s.trim());
  if (sentences.length < 2) return null;
  const take = DEADLINE_SENTENCE.test(sentences[sentences.length - 1]) && sentences.length >= 3 ? 2 : 1;
  const clause = parseUnitClause(sentences.slice(-take).join('；'));
  // Only a sentence that states who does it (责任单位：…, 由…牵头, …负责) names units; a sentence of
  // the task's text that happens to name a unit (各帮扶单位要认真落实好帮扶责任…) does not.
  if (!clause?.lead.length || !STATES_UNITS.test(sentences[sentences.length - take])) return null;
  return { body: `${sentences.slice(0, -take).join('。')}。`, clause, deadline: clause.deadline };
}

/** The units that close a paragraph, in any of the phrasings of unitClause.ts, bracketed or not. */
function closing(flat: string): Closing | null {
  return closingBracket(flat) ?? closingSentences(flat);
}

function closingBracket(flat: string): Closing | null {
  let text = flat;
  let deadline: string | undefined;
  const d = TRAILING_DEADLINE.exec(text);
  if (d && d.index > 0) {
    const rest = text.slice(0, d.index).trim();
    if (CLOSING_UNITS.test(rest)) {
      deadline = d[1].trim();
      text = rest;
    }
  }
  const m = CLOSING_UNITS.exec(text);
  if (!m) return null;
  // 责任单位：县乡村振兴局（牵头），各镇（街道）: the bracket ends a name in a sentence stating the units (closingSentences reads it).
  if (STATES_UNITS.test(text.slice(text.lastIndexOf('。', m.index) + 1, m.index).trim())) return null;
  const body = text.slice(0, m.index).trim();
  if (!ROLE_WORDS.test(m[1]) && looksLikeUnitList(m[1])) return { body, list: m[1], deadline };
  const clause = parseUnitClause(m[1]);
  if (clause) return { body, clause, deadline: clause.deadline ?? deadline };
  return looksLikeUnitList(m[1]) ? { body, list: m[1], deadline } : null;
}

function collect(lines: string[]): Array<{ n: number; line: number; text: string; section: string }> {
  const paras: Array<{ n: number; line: number; text: string; section: string }> = [];
  let section = '';
  let current: { n: number; line: number; text: string; section: string } | null = null;
  lines.forEach((raw, idx) => {
    const line = stripMarkdown(raw).trim();
    if (!line || /^-{3,}$/.test(line)) return;
    // "（一）…（县乡村振兴局牵头，县民政局配合）": a paragraph numbered in Chinese that closes with its
    // units is a task, not a section heading.
    const cn = CN_NUMBERED.exec(line);
    if (cn && closing(oneLine(cn[2]))) {
      current = { n: paras.length + 1, line: idx + 1, text: cn[2], section };
      paras.push(current);
      return;
    }
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
    // A paragraph that already closed with its units is whole: a sentence after it (the notice's
    // 请各牵头单位…报送 under the last task) is not part of that task.
    if (current && closing(oneLine(current.text))) {
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
    const withUnits = paras.filter((p) => closing(oneLine(p.text)) !== null).length;
    // A short list (an office's excerpt of two tasks) is still a list when its tasks name their units.
    return withUnits >= 2 && withUnits >= paras.length / 2 ? withUnits : 0;
  },
  read({ lines }): LayoutResult {
    const tasks: RawTask[] = [];
    const warnings: LayoutResult['warnings'] = [];
    for (const p of collect(lines)) {
      const flat = oneLine(p.text);
      const c = closing(flat);
      const body = c ? c.body : flat;
      if (!c) warnings.push({ line: p.line, message: `第${p.line}行：第${p.n}项没有括注责任单位` });
      const task: RawTask = {
        title: titleFromText(body),
        text: body,
        lead: c?.list ? [c.list] : (c?.clause?.lead ?? []),
        partners: c?.clause?.partners ?? [],
        leaders: c?.clause?.leaders ?? [],
        plans: {},
        section: p.section,
        line: p.line,
        firstUnitLeads: !c?.clause?.explicit,
      };
      if (c?.clause?.explicit) task.leadExplicit = true;
      if (c?.deadline) task.deadlineRaw = c.deadline;
      tasks.push(task);
    }
    return { tasks, warnings };
  },
};
