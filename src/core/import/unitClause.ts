/**
 * The phrasings in which a list names who does a task, in a closing bracket or a line of its own:
 *
 *   （牵头单位：县乡村振兴局；配合单位：县民政局）        labelled roles
 *   （县乡村振兴局牵头，县民政局、各乡镇配合；2021年6月底前完成）   roles after the names, a deadline inside
 *   （县人社局负责）  （县教育局、县财政局按职责分工负责）          one list, the first named leads
 *   （责任单位：县教育局（牵头）、县财政局）                  the lead marked inside a list
 *   （牵头单位：县水利局；完成时限：长期坚持）                a labelled deadline
 *   由县乡村振兴局牵头，县民政局配合，2022年6月底前完成       the same as a sentence (no bracket)
 *
 * Text is normalised (normalise.ts): Chinese brackets, colons and semicolons. Each phrasing is one
 * rule below; adding one means adding a rule and a test row.
 */
import { findDeadlineInText, parseDeadline } from '../deadline';
import { UNIT_DUTY } from '../units';

export interface UnitClause {
  /** Unit lists as written (split later by splitUnitList). */
  lead: string[];
  partners: string[];
  leaders: string[];
  deadline?: string;
  /** The lead was named as such (牵头单位, 牵头, （牵头）); otherwise the first unit named leads. */
  explicit: boolean;
}

const LEAD_LABEL = /^(?:牵头单位|牵头部门|主责单位|主办单位|牵头)$/;
const PARTNER_LABEL = /^(?:配合单位|配合部门|协办单位|参与单位|参加单位|协助单位|配合)$/;
const UNITS_LABEL = /^(?:责任单位|责任部门|责任主体|实施单位|承办单位)$/;
const DEADLINE_LABEL = /^(?:完成时限|整改时限|完成时间|时间节点|时限要求|时限|完成期限)$/;
const LEADER_LABEL = /^(?:责任领导|牵头领导|分管领导|联系领导|责任人)$/;
const LABEL =
  /(牵头单位|牵头部门|主责单位|主办单位|配合单位|配合部门|协办单位|参与单位|参加单位|协助单位|责任单位|责任部门|责任主体|实施单位|承办单位|完成时限|整改时限|完成时间|时间节点|时限要求|完成期限|时限|责任领导|牵头领导|分管领导|联系领导|责任人|牵头|配合)\s*[：:]/g;

/** Whether a unit cell of a table states roles itself ("牵头：县人社局；配合：各乡镇", "县教育局（牵头）、县财政局"). */
export function statesRoles(cell: string): boolean {
  return /(?:牵头|配合|协办|参与)(?:单位|部门)?\s*[：:]|（牵头(?:单位)?）|牵头[，；]|配合$/.test(cell);
}

/** Unit names end like this (局, 办, 委, 政府, 各乡镇…): a part that does not is no unit list. */
const UNIT_END =
  /(局|办|委|部|会|联|社|行|处|台|司|院|室|队|所|站|中心|政府|单位|分局|支行|分行|公司|镇|乡|街道|村|区|县|市|团|组|厅)(?:（[^（）]*）)?(?:等)?$/;

function clean(s: string): string {
  return s.replace(/^[\s，、；：。]+|[\s，、；：。]+$/g, '').trim();
}

/** A list of units: every item ends like a unit name. */
export function isUnitList(s: string): boolean {
  const items = listItems(clean(s)).map((x) => x.replace(/（[^（）]*牵头[^（）]*）/g, '').replace(/等$/, ''));
  return items.length > 0 && items.every((x) => x.length <= 30 && UNIT_END.test(x));
}

/** A piece that is a deadline: 2021年6月底前完成, 长期坚持, 每季度末. */
function isDeadline(s: string): boolean {
  const t = clean(s);
  if (!t || t.length > 40) return false;
  return (
    findDeadlineInText(t, { year: 2000 }) !== undefined ||
    parseDeadline(t.replace(/(?:完成|落实|办结|整改到位)$/, ''), { year: 2000 }).kind !== 'unknown'
  );
}

function addList(target: string[], s: string): void {
  const v = clean(s);
  if (v) target.push(v);
}

/** The items of a list, split at 、 and ， outside brackets (各县（市、区） stays one). */
function listItems(s: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '（') depth++;
    else if (s[i] === '）') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (s[i] === '、' || s[i] === '，')) {
      items.push(s.slice(from, i));
      from = i + 1;
    }
  }
  items.push(s.slice(from));
  return items.map(clean).filter(Boolean);
}

/** 责任单位：A（牵头）、B → lead A, partners B; without a mark the list stays whole (first named leads). */
function unitsList(s: string, out: UnitClause): void {
  const v = clean(s);
  const items = listItems(v);
  const marked = items.findIndex((x) => /（牵头）$|（牵头单位）$/.test(x));
  if (marked >= 0) {
    out.lead.push(items[marked].replace(/（牵头(?:单位)?）$/, ''));
    const rest = items.filter((_, i) => i !== marked).join('、');
    if (rest) out.partners.push(rest);
    out.explicit = true;
  } else addList(out.lead, v);
}

/** "A牵头，B、C配合" / "A负责" / "A为牵头单位" as roles; false when the piece is none of these. */
function phrased(piece: string, out: UnitClause): boolean {
  // "由县乡村振兴局牵头": the sentence form of the same roles.
  const t = clean(piece).replace(/^由/, '');
  let m = /^(.+?)(?:牵头|为牵头单位)(?:负责|抓总)?$/.exec(t);
  if (m && isUnitList(m[1])) {
    addList(out.lead, m[1]);
    out.explicit = true;
    return true;
  }
  m = /^(.+?)(?:配合|协助|参与|协办)(?:落实|实施)?$/.exec(t);
  if (m && isUnitList(m[1])) {
    addList(out.partners, m[1]);
    return true;
  }
  const named = t.replace(UNIT_DUTY, '');
  if (named !== t && isUnitList(named)) {
    unitsList(named, out);
    return true;
  }
  return false;
}

/**
 * The units (and deadline, leaders) a clause names, or null when it names no unit (an aside such
 * as "（含政策性保障兜底）").
 */
export function parseUnitClause(text: string): UnitClause | null {
  const out: UnitClause = { lead: [], partners: [], leaders: [], explicit: false };
  const labels = [...text.matchAll(new RegExp(LABEL.source, 'g'))];
  const before = labels.length ? text.slice(0, labels[0].index) : text;
  labels.forEach((m, i) => {
    const end = i + 1 < labels.length ? (labels[i + 1].index ?? text.length) : text.length;
    const value = text.slice((m.index ?? 0) + m[0].length, end);
    const label = m[1];
    if (LEAD_LABEL.test(label)) {
      addList(out.lead, value);
      out.explicit = true;
    } else if (PARTNER_LABEL.test(label)) addList(out.partners, value);
    else if (UNITS_LABEL.test(label)) {
      if (out.lead.length) addList(out.partners, value);
      else {
        // 责任单位：A、B分别负责，C配合 states roles after the label; a plain list stays whole.
        readPieces(value, out, true);
        if (!out.lead.length && !out.partners.length) unitsList(value, out);
      }
    } else if (DEADLINE_LABEL.test(label)) out.deadline = clean(value);
    else if (LEADER_LABEL.test(label))
      out.leaders.push(
        ...clean(value)
          .split(/[\s、，]+/)
          .filter(Boolean),
      );
  });
  // Unlabelled pieces before the first label (or the whole clause).
  readPieces(before, out, !labels.length);
  if (!out.lead.length && !out.partners.length) return null;
  return out;
}

/**
 * Pieces without a label: roles after the names (A牵头，B配合), a deadline, and, where `lists`, unit
 * lists (县乡村振兴局（牵头），县民政局，各乡镇: the first marked or named leads, the rest work with it).
 */
function readPieces(text: string, out: UnitClause, lists: boolean): void {
  for (const piece of text.split(/[；;，,。]/)) {
    const p = clean(piece);
    if (!p) continue;
    if (phrased(p, out)) continue;
    if (!out.deadline && isDeadline(p)) {
      out.deadline = p;
      continue;
    }
    if (lists && isUnitList(p)) {
      if (out.lead.length) addList(out.partners, p);
      else unitsList(p, out);
    }
  }
}
