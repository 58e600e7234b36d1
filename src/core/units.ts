/**
 * The unit directory (单位名录): canonical unit names, aliases and groups.
 *
 * Unit lists in the issued documents are typed by hand and converted from Word/PDF, so they are
 * sloppy: labels and markdown inside them (**牵头单位：**), names cut by page breaks (市民政\n\n局),
 * prefixes written once for a whole list (市民政局、人社局、财政局), shared suffixes
 * (大致坡镇、灵山镇党委政府), trailing 等…部门, notes (列在首位的为牵头单位（下同）). This module turns
 * such a list into clean names, decides which names are groups, merges abbreviations inside one
 * document, and resolves names typed later in returns. Pure TypeScript: no Node, DOM or Office.
 */
export type UnitKind = 'unit' | 'group';

export interface Unit {
  name: string;
  kind: UnitKind;
  aliases: string[];
  /** For groups: the member units, filled in by the administrator. */
  members?: string[];
}

export interface UnitDirectory {
  /** One entry per canonical unit or group, in the document order of first mention. */
  units: Unit[];
  /** The canonical name for a name or alias of this document; other names come back normalised. */
  canonical(name: string): string;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Small sets of word endings, not lists of seed names.

/** First character of an administrative prefix (市民政局, 区扶贫办, 县…, 镇…). */
const ADMIN_CHARS = '省市区县镇乡';
/** Level words: standing alone they denote every body of that level (镇 → 各镇). */
const LEVEL = '(?:镇街|乡镇|街道|社区|行政村|贫困村|[区县镇乡村])';
/** Same, including the singular upper levels, for 市、区（县）、镇各级政府. */
const ANY_LEVEL = `(?:[省市]|${LEVEL})`;
/** Governing-body suffixes a list may share (大致坡镇、灵山镇党委政府). Longest first. */
const GOV = '(?:党委和人民政府|党委人民政府|党委政府|人民政府|党工委和办事处|党工委|办事处|政府|党委)';
const PAREN = '(?:（[^（）]*）)';

const BARE_LEVEL = new RegExp(`^${LEVEL}${PAREN}?$`);
const BARE_LEVEL_GOV = new RegExp(`^${LEVEL}${PAREN}?${GOV}$`);
const BARE_ANY_LEVEL = new RegExp(`^${ANY_LEVEL}${PAREN}?$`);
const EACH_LEVEL = new RegExp(`^(${ANY_LEVEL}${PAREN}?)各级(.+)$`);
const PLACE_GOV = new RegExp(`^(.+?)(${GOV})$`);
/** A place: ends with a level character, optionally followed by a parenthetical (各区（县）). */
const PLACE = new RegExp(`(?:街道|[镇乡区县市村])${PAREN}?$`);
/** Characters that make a name an organ rather than a place. */
const ORGAN_CHARS = /[委办局部府位厅组]/;

/** Last characters of a complete unit or group name; anything else was cut by a line break. */
const UNIT_END = /[局委办部府处组位社联会行支司台院心协构业所站室厅队团镇乡村区县市大）]$/;
/** A fragment after a line break that starts like a new name rather than the rest of a cut one. */
const NAME_START = new RegExp(`^(?:[各${ADMIN_CHARS}团]|中共|相关|有关)`);
/** Endings of a department name that may have lost its prefix (人社局, 妇联, 供销社, 科协). */
const DEPT_END = /[局委办部联社会协]$/;
/** Branches carry their own location (环保分局, 人行汕头中支): they never inherit a prefix. */
const BRANCH = /(?:分局|分行|支行|中支|分公司|分会|分社)$/;
/** Trailing 等 and its generic tail (区国资委等, 区民政局等相关业务主管部门). */
const ETC = /等(?:相关|有关)?(?:业务主管|职能)?(?:部门|单位)?$/;
/** Role labels inside a list (**牵头单位：**, 责任单位：, 配合单位：). */
const LABEL = /(?:牵头|责任|配合|参加|参与|协办|主办)?(?:单位|主体|部门)[:：]/g;
/** Editorial notes inside a unit line (列在首位的为牵头单位（下同）). */
const NOTE = /的|下同|为牵头/;
const CJK = /[\u3400-\u9fff]/;

// ---------------------------------------------------------------------------------------------
// Normalisation

/**
 * NFKC (full-width letters, digits, spaces), no markdown, no whitespace, full-width parentheses:
 * the form every name is compared in. Chinese unit names never contain meaningful spaces.
 */
export function normalizeUnitName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\*\*/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/\s+/g, '')
    .replace(/^[。.:：]+|[。.:：]+$/g, '');
}

/** The administrative prefix character of a department name (市委组织部 → 市), or ''. */
function adminPrefix(name: string): string {
  if (name.length < 3 || name[1] === '（' || !ADMIN_CHARS.includes(name[0])) return '';
  return name[0];
}

/** Drops unmatched parentheses so that one stray bracket cannot swallow the rest of a list. */
function balanceParens(s: string): string {
  const drop = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '（') open.push(i);
    else if (s[i] === '）' && open.pop() === undefined) drop.add(i);
  }
  open.forEach((i) => drop.add(i));
  return [...s].filter((_, i) => !drop.has(i)).join('');
}

/** Removes one pair of parentheses around the whole text: （市发改局、市扶贫办）. */
function unwrap(s: string): string {
  let t = s.trim();
  while (t.startsWith('（') && t.endsWith('）')) {
    let depth = 0;
    let closesAtEnd = false;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '（') depth++;
      else if (t[i] === '）' && --depth === 0) {
        closesAtEnd = i === t.length - 1;
        break;
      }
    }
    if (!closesAtEnd) break;
    t = t.slice(1, -1).trim();
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Splitting

/**
 * Splits a raw list into tokens, grouped in clauses. Separators are 、 , ; and whitespace, never
 * inside parentheses. Clauses end at ; and at whitespace between names (table cells, labels): the
 * prefix and 各 rules below only look within one clause.
 *
 * A whitespace run is an artefact inside a name (and is dropped) when the text before it is not a
 * complete name (市民政\n\n局, 区  工商联), or when it holds a line break and the text after it does
 * not start like a new name (市委\n\n组织部).
 */
function tokenize(text: string): string[][] {
  const clauses: string[][] = [];
  let clause: string[] = [];
  let cur = '';
  let depth = 0;
  const endToken = (): void => {
    if (cur) clause.push(cur);
    cur = '';
  };
  const endClause = (): void => {
    endToken();
    if (clause.length) clauses.push(clause);
    clause = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      let j = i;
      while (j < text.length && /\s/.test(text[j])) j++;
      const run = text.slice(i, j);
      i = j - 1;
      if (depth > 0 || !cur) continue;
      const right = /^[^\s、,;]*/.exec(text.slice(j))?.[0] ?? '';
      if (!right) continue; // a separator or the end follows anyway
      const cut = !(cur.length >= 2 && UNIT_END.test(cur)) || (run.includes('\n') && !NAME_START.test(right));
      if (!cut) endClause();
      continue;
    }
    if (ch === '（') depth++;
    if (ch === '）') depth--;
    if (depth === 0 && '、,'.includes(ch)) endToken();
    else if (depth === 0 && ';'.includes(ch)) endClause();
    else cur += ch;
  }
  endClause();
  return clauses;
}

/** 市、区（县）、镇各级政府 → 市政府, 各区（县）政府, 各镇政府: the first (highest) level named is
 * the issuer's own, a single body; the lower levels are plural. */
function expandLevels(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const m = EACH_LEVEL.exec(t);
    if (!m) {
      out.push(t);
      continue;
    }
    let k = out.length;
    while (k > 0 && BARE_ANY_LEVEL.test(out[k - 1])) k--;
    const levels = [...out.splice(k), m[1]];
    levels.forEach((level, idx) => out.push((idx === 0 ? '' : '各') + level + m[2]));
  }
  return out;
}

/** A bare level word means every body of that level (镇 → 各镇, 贫困村（各帮扶单位） → 各贫困村（…）);
 * a level with a governing suffix only takes 各 from the item before it (各区（县）、镇党委政府), because
 * 区政府 on its own is one body. */
function distributeEach(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1] ?? '';
    if (BARE_LEVEL.test(t) || (BARE_LEVEL_GOV.test(t) && prev.startsWith('各'))) out.push('各' + t);
    else out.push(t);
  }
  return out;
}

/** A department name without its own prefix, place or owner: 人社局, 海洋与渔业局, 妇联 — but not
 * 团市委 (own place), 工委组织部 (own owner), 环保分局 (a branch) or 相关金融机构. */
function isBareDepartment(t: string): boolean {
  return (
    !adminPrefix(t) &&
    !/^各|相关|有关/.test(t) &&
    !/[省市区县（]/.test(t) &&
    !BRANCH.test(t) &&
    DEPT_END.test(t) &&
    !/[委办局部厅]/.test(t.slice(0, -1))
  );
}

/**
 * 市民政局、人社局、财政局 → 市人社局, 市财政局. A writer who drops a repeated prefix drops it early
 * and for good: a run of bare names inherits only if it does not follow three or more names that
 * spell the prefix out, and is not followed by one (…、市民宗局、深圳对口帮扶办 and
 * 市经信局、深圳对口帮扶办、市扶贫办 keep 深圳对口帮扶办 as written).
 */
function inheritPrefix(tokens: string[]): string[] {
  const out = [...tokens];
  let carried = '';
  let spelled = 0; // names in a row, right before, that spell the carried prefix out
  for (let i = 0; i < out.length; i++) {
    const own = adminPrefix(out[i]);
    if (own) {
      spelled = own === carried ? spelled + 1 : 1;
      carried = own;
      continue;
    }
    if (!carried || !isBareDepartment(out[i])) {
      spelled = 0;
      continue;
    }
    let j = i;
    while (j < out.length && isBareDepartment(out[j])) j++;
    const resumed = j < out.length && adminPrefix(out[j]) === carried;
    if (spelled < 3 && !resumed) {
      for (let k = i; k < j; k++) out[k] = carried + out[k];
    }
    spelled = 0;
    i = j - 1;
  }
  return out;
}

function isBarePlace(t: string): boolean {
  return t.length >= 2 && PLACE.test(t) && !ORGAN_CHARS.test(t);
}

/** 大致坡镇、灵山镇党委政府 → both get 党委政府: bare places right before a place + governing suffix. */
function spreadGovSuffix(tokens: string[]): string[] {
  const out = [...tokens];
  for (let i = 1; i < out.length; i++) {
    const m = PLACE_GOV.exec(out[i]);
    if (!m || !isBarePlace(m[1])) continue;
    for (let k = i - 1; k >= 0 && isBarePlace(out[k]); k--) out[k] += m[2];
  }
  return out;
}

/**
 * Duties written after the last name of a list (县住建局、县农业农村局按职责分工负责, 县教育局、县卫健局
 * 分别负责): not part of a name. The unit clauses read such a list as its units (unitClause.ts).
 */
export const UNIT_DUTY = /(?:按照?职责分工|按职责|根据职责|各司其职)?(?:分别|共同)?(?:组织实施|负责|落实|实施)$/;

function cleanToken(t: string): string {
  return normalizeUnitName(t).replace(ETC, '').replace(UNIT_DUTY, '');
}

/**
 * Splits a unit list as written in a document into unit names, in order, without duplicates.
 * See the rules on the helpers above; a name is never split inside parentheses
 * (区农工办（区农发局） is one unit).
 */
export function splitUnitList(raw: string): string[] {
  let text = raw
    .normalize('NFKC') // full-width , ; : and ideographic spaces become ASCII
    .replace(/<[^>]*>/g, ' ') // HTML fragments (<p>) left by the conversion
    .replace(/\*\*/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
  text = balanceParens(text)
    .split('。')
    .map(unwrap)
    .filter((sentence) => sentence && !NOTE.test(sentence))
    .join(';');
  text = text
    // labels become clause breaks: 牵头单位：…；责任单位：… (any other colon too: names have none)
    .replace(LABEL, ';')
    .replace(/[:：]/g, ';')
    // "X由Y负责": Y is the unit, X the subject matter (定点帮扶贫困村、贫困户由各镇负责)
    .replace(/[^;\s]*由([^、,;\s]+?)负责/g, '$1');

  const result: string[] = [];
  for (const clause of tokenize(text)) {
    const tokens = clause.map(cleanToken).filter((t) => CJK.test(t));
    for (const name of spreadGovSuffix(inheritPrefix(distributeEach(expandLevels(tokens))))) {
      if (!result.includes(name)) result.push(name);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Groups

/**
 * A group stands for several bodies whose members the administrator fills in: 各… (each, 各级,
 * also inside: 区各挂钩帮扶单位), 相关…/有关…, …成员单位, …派出单位, …帮扶单位, or a bare level word
 * (镇, 贫困村). A named body is not a group even if it is collective or plural in practice:
 * 区委区政府 (one leadership), 区扶贫开发领导小组 (one body, unlike its 成员单位), 驻街道帮扶工作组
 * (named as one team; an administrator may still give it members), 区政府 or 镇党委政府 without 各.
 */
export function isGroupName(name: string): boolean {
  const n = normalizeUnitName(name);
  const core = n.replace(/（[^（）]*）/g, '');
  return /各|相关|有关/.test(core) || /(?:成员|派出|帮扶)(?:责任)?单位$/.test(core) || BARE_LEVEL.test(n);
}

// ---------------------------------------------------------------------------------------------
// Directory

interface NameParts {
  prefix: string;
  body: string;
  suffix: string;
}

/** 区人力资源和社会保障局 → 区 / 人力资源社会保障 / 局 (和 dropped: it is often left out). */
function parts(name: string): NameParts {
  const prefix = adminPrefix(name);
  return { prefix, body: name.slice(prefix.length, -1).replace(/和/g, ''), suffix: name.slice(-1) };
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/**
 * The short forms of a unit name, as rules (no list of names): `short` stands for `long` when both
 * have the same prefix (区, 县…; a short form typed without one matches any) and final character
 * (局, 委…), and the short body is either
 * - its initials: the same first character, the others in order but not as one contiguous piece
 *   (人社 / 人力资源社会保障, 卫健 / 卫生健康, 发改 / 发展改革, 住建 / 住房城乡建设, 医保 / 医疗保障); or
 * - its beginning, the long body adding at most EXTENSION characters (农业 / 农业农村, 教育 / 教育体育):
 *   the name a body had before it took on a further remit.
 * A short body that is a piece from the middle (区工信局 / 区科工信局) is never a short form: those may
 * be different bodies. Callers merge only when one unit fits.
 */
const EXTENSION = 2;

export function shortFormOf(short: string, long: string): boolean {
  const s = parts(short);
  const l = parts(long);
  const prefixOk = s.prefix === l.prefix || (!s.prefix && !!l.prefix && !adminPrefix(short));
  if (!prefixOk || s.suffix !== l.suffix || s.body.length < 2 || s.body.length >= l.body.length || s.body[0] !== l.body[0]) return false;
  if (l.body.startsWith(s.body)) return l.body.length - s.body.length <= EXTENSION;
  return isSubsequence(s.body, l.body) && !l.body.includes(s.body);
}

/**
 * Builds the directory of one document from all its unit mentions, in order. Within the document:
 * - 区农工办（区农发局） also answers to 区农工办 and 区农发局 (区工信局（科技局） to 区工信局, 区科技局);
 * - names equal without 和 are one unit (区人力资源社会保障局 = 区人力资源和社会保障局);
 * - a short form is merged into the one unit it stands for (see `shortFormOf`); if it fits
 *   two different units it stays on its own;
 * - a name without prefix (财政局) joins the one prefixed unit that differs only by the prefix;
 * - groups equal without 各 are one group (区扶贫开发领导小组成员单位 = …各成员单位).
 * The canonical name is the spelling the document uses most (every mention counts, so a unit named
 * in many tasks outweighs a spelling used once; forms equal but for 和 or 各 count as one spelling,
 * written in full), then the longest, then the first; the others become aliases.
 */
export function buildUnitDirectory(names: string[]): UnitDirectory {
  const mentioned: string[] = [];
  const uses = new Map<string, number>();
  for (const raw of names) {
    const n = normalizeUnitName(raw);
    if (!n) continue;
    if (!mentioned.includes(n)) mentioned.push(n);
    uses.set(n, (uses.get(n) ?? 0) + 1);
  }
  const forms = [...mentioned]; // mentioned names plus derived alias forms
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  const union = (a: string, b: string): void => {
    if (!forms.includes(b)) forms.push(b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  const byKey = (key: (n: string) => string, pool: string[]): void => {
    const first = new Map<string, string>();
    for (const n of pool) {
      const k = key(n);
      const seen = first.get(k);
      if (seen === undefined) first.set(k, n);
      else union(seen, n);
    }
  };

  const groups = mentioned.filter(isGroupName);
  const units = mentioned.filter((n) => !isGroupName(n));

  for (const n of units) {
    const m = /^(.+?)（([^（）]+)）$/.exec(n);
    if (!m || !DEPT_END.test(m[1])) continue;
    union(n, m[1]);
    if (DEPT_END.test(m[2])) union(n, adminPrefix(m[2]) ? m[2] : adminPrefix(m[1]) + m[2]);
  }
  byKey((n) => n.replace(/和/g, ''), units);
  byKey((n) => n.replace(/各/g, ''), groups);

  // Longest first, so that a middle form is merged before a shorter one checks uniqueness.
  const plain = forms.filter((n) => !n.includes('（') && !isGroupName(n)).sort((a, b) => b.length - a.length);
  for (const short of plain) {
    const roots = new Set(plain.filter((long) => shortFormOf(short, long)).map(find));
    roots.delete(find(short));
    if (roots.size === 1) union([...roots][0], short);
  }
  for (const n of units.filter((u) => !adminPrefix(u))) {
    let roots = new Set(forms.filter((f) => adminPrefix(f) && f.slice(1) === n).map(find));
    // 人社局 with no prefix: the one prefixed unit it is a short form of.
    if (roots.size === 0) roots = new Set(forms.filter((f) => adminPrefix(f) && !f.includes('（') && shortFormOf(n, f)).map(find));
    if (roots.size === 1) union([...roots][0], n);
  }

  const clusters = new Map<string, string[]>();
  for (const f of forms) {
    const r = find(f);
    clusters.set(r, [...(clusters.get(r) ?? []), f]);
  }
  const canonicalOf = new Map<string, string>();
  const result: Unit[] = [];
  const done = new Set<string>();
  for (const n of mentioned) {
    const root = find(n);
    if (done.has(root)) continue;
    done.add(root);
    const members = clusters.get(root) ?? [n];
    // The longest form mentioned in the document; on a tie the first mentioned.
    // Spellings equal but for 和 or 各 are one spelling, written in full (the longest).
    const spelling = (f: string) => f.replace(/[和各]/g, '');
    const usesOf = (f: string) => members.filter((m) => spelling(m) === spelling(f)).reduce((n, m) => n + (uses.get(m) ?? 0), 0);
    const name = members
      .filter((f) => mentioned.includes(f))
      .reduce((best, f) => {
        const [cf, cb] = [usesOf(f), usesOf(best)];
        return cf > cb || (cf === cb && f.length > best.length) ? f : best;
      });
    members.forEach((f) => canonicalOf.set(f, name));
    const aliases = members.filter((f) => f !== name);
    result.push(isGroupName(name) ? { name, kind: 'group', aliases, members: [] } : { name, kind: 'unit', aliases });
  }
  return {
    units: result,
    canonical(name: string): string {
      const n = normalizeUnitName(name);
      return canonicalOf.get(n) ?? n;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Resolving names typed in returns

/**
 * Finds the unit a name typed in a return means. Stages, each tried only if the one before found
 * nothing: exact name or alias (ignoring spacing, full width, 和); the name without its prefix
 * (民政局 → 区民政局, 镇街（管区） → 各镇街（管区）); a prefix of a name, with or without its own prefix
 * (区民政 → 区民政局). More than one unit in a stage is ambiguous: no unit, the candidates listed.
 */
export function resolveUnitName(input: string, dir: UnitDirectory | Unit[]): { unit?: string; candidates: string[] } {
  const units = Array.isArray(dir) ? dir : dir.units;
  const key = normalizeUnitName(input);
  if (!key) return { candidates: [] };
  const { forms, byExactForm } = unitForms(units);
  const exact = byExactForm.get(no和(key)) ?? [];
  if (exact.length === 1) return { unit: units[exact[0]].name, candidates: [units[exact[0]].name] };
  if (exact.length > 1) return { candidates: exact.map((i) => units[i].name) };
  const stripped = (f: string): string => (adminPrefix(f) || f.startsWith('各') ? f.slice(1) : '');
  const stages: ((form: string) => boolean)[] = [
    (f) => stripped(f) === key,
    (f) => key.length >= 2 && (f.startsWith(key) || stripped(f).startsWith(key)),
    // A common short form: 人社局 → 区人力资源社会保障局, 农业局 → 区农业农村局.
    (f) => shortFormOf(key, f),
  ];
  for (const test of stages) {
    const hits = units.filter((_, i) => forms[i].some(test)).map((u) => u.name);
    if (hits.length === 1) return { unit: hits[0], candidates: hits };
    if (hits.length > 1) return { candidates: hits };
  }
  return { candidates: [] };
}

function no和(s: string): string {
  return s.replace(/和/g, '');
}

interface UnitForms {
  /** Each unit's name and aliases, normalised, in the order of the list. */
  forms: string[][];
  /** Indexes of the units having a form, by the form without 和 (exact matches ignore it). */
  byExactForm: Map<string, number[]>;
}

/**
 * A list of units' normalised forms, made once per list: a province's merge resolves thousands of
 * returns against thousands of units, and normalising every name again for each return was quadratic.
 */
const FORMS = new WeakMap<Unit[], UnitForms>();

export function unitForms(units: Unit[]): UnitForms {
  let f = FORMS.get(units);
  if (!f) {
    const forms = units.map((u) => [u.name, ...u.aliases].map(normalizeUnitName));
    const byExactForm = new Map<string, number[]>();
    forms.forEach((list, i) => {
      for (const form of new Set(list.map(no和))) {
        const at = byExactForm.get(form);
        if (at) at.push(i);
        else byExactForm.set(form, [i]);
      }
    });
    f = { forms, byExactForm };
    FORMS.set(units, f);
  }
  return f;
}
