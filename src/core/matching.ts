/**
 * Matching what a return says to the catalog: rows to tasks, the 填报单位 text to a unit.
 * Forgiving where clerks are sloppy (numbering added, punctuation and width changed, a few
 * characters dropped, a shortened title, 教育局 without 区) and strict where it matters: a row that
 * fits two tasks equally well, or a unit name that fits two units, is reported as ambiguous and
 * never resolved by a guess. Pure TypeScript.
 */
import { distance } from 'fastest-levenshtein';
import type { Catalog, Task } from './catalog';
import type { ReturnMeta, ReturnRow } from './report';
import { normalizeUnitName, resolveUnitName, type Unit, unitForms } from './units';

// ---------------------------------------------------------------------------------------------
// Text similarity

/** Circled numbers (①…⑳, ❶…❿, ➀…➓), removed before NFKC turns them into plain digits. */
const CIRCLED = /^\s*[\u2460-\u2473\u2776-\u277f\u2780-\u2793]\s*/;
/** Item numbering at the start of a line: 1. 1、 1) （一） (1) 一、 第一条. Not 1.5万 (a number). */
const LEADING_NUMBER =
  /^\s*(?:\(\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*\)|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[、.,)](?!\d)|第[一二三四五六七八九十\d]{1,3}[条项点][、.:]?)\s*/;

/**
 * The form texts are compared in: each line without its leading numbering, full-width folded to
 * half-width (NFKC), no punctuation, symbols or whitespace, lower case. Only letters (including
 * Chinese characters) and digits remain.
 */
/** Returns repeat the catalog's own texts row after row: remember recent normalisations (bounded). */
const normalised = new Map<string, string>();
const NORMALISED_CACHE = 20000;

export function normaliseForMatch(s: string): string {
  const hit = normalised.get(s);
  if (hit !== undefined) return hit;
  const out = normaliseUncached(s);
  if (normalised.size >= NORMALISED_CACHE) normalised.clear();
  normalised.set(s, out);
  return out;
}

function normaliseUncached(s: string): string {
  return s
    .split(/\r?\n/)
    .map((line) => {
      let t = line.replace(CIRCLED, '').normalize('NFKC');
      for (let i = 0; i < 3; i++) {
        const next = t.replace(LEADING_NUMBER, '');
        if (next === t) break;
        t = next;
      }
      return t;
    })
    .join('')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
}

/** Shortest normalised text that counts as "contained" in a longer one (a shortened title). */
export const MIN_CONTAINED = 6;
/** Score of a contained text: CONTAIN_BASE plus the rest in proportion to how much of the longer it covers. */
const CONTAIN_BASE = 0.55;

/**
 * The edit distance of two texts is at least their difference in length, so their distance score is
 * at most shorter/longer: below this it cannot reach any match threshold and is not computed (a
 * return of 500 rows with 60,000-character cells took minutes of edit distances that could not match).
 */
const MIN_LENGTH_RATIO = 0.5;
/** Texts are compared on at most this many characters: past it two texts are alike or not already. */
const MAX_COMPARED = 4000;

function normalisedSimilarity(x: string, y: string): number {
  if (!x || !y) return 0;
  if (x === y) return 1;
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  let score = 0;
  if (shorter.length / longer.length >= MIN_LENGTH_RATIO) {
    const a = x.slice(0, MAX_COMPARED);
    const b = y.slice(0, MAX_COMPARED);
    score = 1 - distance(a, b) / Math.max(a.length, b.length);
  }
  if (shorter.length >= MIN_CONTAINED && longer.includes(shorter)) {
    score = Math.max(score, CONTAIN_BASE + (1 - CONTAIN_BASE) * (shorter.length / longer.length));
  }
  return score;
}

/**
 * Similarity in [0, 1] of two texts after `normaliseForMatch`: 1 − edit distance / longer length,
 * raised when one contains the other and the shorter has at least MIN_CONTAINED characters
 * (0.55 + 0.45 × shorter/longer: half a title kept scores about 0.78, a phrase lost in a long
 * text stays below the threshold). Empty texts match nothing (0).
 */
export function similarity(a: string, b: string): number {
  return normalisedSimilarity(normaliseForMatch(a), normaliseForMatch(b));
}

// ---------------------------------------------------------------------------------------------
// Rows to tasks

/** Default minimum similarity for a row to match a task. */
export const MATCH_THRESHOLD = 0.6;
/** Two candidates closer than this are a tie. */
export const TIE_MARGIN = 0.05;
/** A task of another unit must beat the best task of the return's unit by this much to be taken instead. */
export const OTHER_UNIT_MARGIN = 0.15;

export interface RowMatch {
  row: ReturnRow;
  /** The task the row reports; undefined when nothing matched or the match is ambiguous. */
  task?: Task;
  by: 'id' | 'title' | 'none';
  /** Similarity of the match (1 for a match by id); for no match, the best score seen. */
  score: number;
  /** When ambiguous: the tasks the row fits equally well, best first. Empty otherwise. */
  candidates: Task[];
  ambiguous: boolean;
  /**
   * Set when another row matched the same task with a higher score (or the same score, earlier):
   * the 1-based sheet row of that better row. This row keeps its task; the caller reports DUPLICATE_ROW.
   */
  duplicateOf?: number;
}

interface NormTask {
  task: Task;
  title: string;
  text: string;
  plans: string[];
}

interface Scored {
  task: Task;
  /** max(title, plan). */
  score: number;
  title: number;
  plan: number;
}

/** Normalised task texts, computed once per task object: a merge matches every file against the same catalog. */
const normCache = new WeakMap<Task, NormTask>();

function normTask(task: Task): NormTask {
  let n = normCache.get(task);
  if (!n) {
    n = {
      task,
      title: normaliseForMatch(task.title),
      text: normaliseForMatch(task.text),
      plans: Object.values(task.plans).map(normaliseForMatch).filter(Boolean),
    };
    normCache.set(task, n);
  }
  return n;
}

function scoreTask(title: string, plan: string, t: NormTask): Scored {
  const byTitle = title ? Math.max(normalisedSimilarity(title, t.title), normalisedSimilarity(title, t.text)) : 0;
  const byPlan = plan ? Math.max(normalisedSimilarity(plan, t.text), ...t.plans.map((p) => normalisedSimilarity(plan, p))) : 0;
  return { task: t.task, score: Math.max(byTitle, byPlan), title: byTitle, plan: byPlan };
}

interface Decision {
  task?: Task;
  score: number;
  candidates: Task[];
  ambiguous: boolean;
}

/** The one leader by `part` among tied candidates, if it leads clearly and is itself a match. */
function clearLeader(close: Scored[], part: 'title' | 'plan', threshold: number): Scored | undefined {
  const sorted = [...close].sort((a, b) => b[part] - a[part]);
  return sorted[0][part] >= threshold && sorted[0][part] - sorted[1][part] > TIE_MARGIN ? sorted[0] : undefined;
}

/**
 * The best task among scored ones: none below the threshold; one clear best; or, when several are
 * within TIE_MARGIN of the best, the one the title alone or else the plan alone tells apart —
 * otherwise ambiguous with every tied task as a candidate.
 */
function decide(scored: Scored[], threshold: number): Decision {
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  const best = sorted[0];
  if (!best || best.score < threshold) return { score: best?.score ?? 0, candidates: [], ambiguous: false };
  const close = sorted.filter((s) => s.score >= threshold && best.score - s.score <= TIE_MARGIN);
  if (close.length === 1) return { task: best.task, score: best.score, candidates: [], ambiguous: false };
  const leader = clearLeader(close, 'title', threshold) ?? clearLeader(close, 'plan', threshold);
  if (leader) return { task: leader.task, score: leader.score, candidates: [], ambiguous: false };
  return { score: best.score, candidates: close.map((s) => s.task), ambiguous: true };
}

function idKey(id: string): string {
  return id.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/**
 * Matches each row of a return to a task.
 *
 * - By 任务编号 first, when the row has one and it is a task of the catalog (`allTasks`), whether or
 *   not the unit is assigned it (the caller flags EXTRA_TASK). An unknown id is ignored.
 * - Else by text: the best of the row's title against each task's title and text and, when the row
 *   has a plan, the plan against the task's plans and text. The unit's tasks are tried first; a
 *   task of another unit is taken only if nothing of the unit matches or it scores OTHER_UNIT_MARGIN
 *   better (the caller flags EXTRA_TASK).
 * - Below `threshold` nothing matches (by 'none'). Tasks within TIE_MARGIN of the best are a tie,
 *   settled only when the title or else the plan alone tells them apart; otherwise the row is
 *   ambiguous: no task, the tied tasks as candidates. Never a guess.
 *
 * Duplicates: two rows may match the same task. Both keep it; the one with the lower score (on
 * equal scores the later row) gets `duplicateOf` with the row number of the better one, and the
 * caller reports DUPLICATE_ROW. The result has one entry per row, in order.
 */
export function matchRows(rows: ReturnRow[], unitTasks: Task[], allTasks: Task[], threshold = MATCH_THRESHOLD): RowMatch[] {
  const byId = new Map<string, Task>();
  for (const t of [...allTasks, ...unitTasks]) if (!byId.has(idKey(t.id))) byId.set(idKey(t.id), t);
  const unitIds = new Set(unitTasks.map((t) => t.id));
  const unitNorm = unitTasks.map(normTask);
  const otherNorm = allTasks.filter((t) => !unitIds.has(t.id)).map(normTask);
  const unitByTitle = new Map<string, NormTask[]>();
  for (const t of unitNorm) unitByTitle.set(t.title, [...(unitByTitle.get(t.title) ?? []), t]);

  const matches: RowMatch[] = rows.map((row) => {
    const id = idKey(row.values.taskId ?? '');
    const known = id ? byId.get(id) : undefined;
    if (known) return { row, task: known, by: 'id', score: 1, candidates: [], ambiguous: false };

    const title = normaliseForMatch(row.values.title ?? '');
    const plan = normaliseForMatch(row.values.plan ?? '');
    if (!title && !plan) return { row, by: 'none', score: 0, candidates: [], ambiguous: false };
    // The title as the catalog has it (numbering and punctuation aside) and of only one of the
    // unit's tasks: no need to score every task.
    const exact = title ? unitByTitle.get(title) : undefined;
    if (exact && exact.length === 1) return { row, task: exact[0].task, by: 'title', score: 1, candidates: [], ambiguous: false };
    const unitScored = unitNorm.map((t) => scoreTask(title, plan, t));
    const otherScored = otherNorm.map((t) => scoreTask(title, plan, t));
    const bestUnit = Math.max(0, ...unitScored.map((s) => s.score));
    const bestOther = Math.max(0, ...otherScored.map((s) => s.score));
    const d =
      bestUnit >= threshold && bestOther <= bestUnit + OTHER_UNIT_MARGIN
        ? decide(unitScored, threshold)
        : decide([...unitScored, ...otherScored], threshold);
    return { row, task: d.task, by: d.task ? 'title' : 'none', score: d.score, candidates: d.candidates, ambiguous: d.ambiguous };
  });

  const keeper = new Map<string, RowMatch>();
  for (const m of matches) {
    if (!m.task) continue;
    const k = keeper.get(m.task.id);
    if (!k || m.score > k.score) keeper.set(m.task.id, m);
  }
  for (const m of matches) {
    const k = m.task ? keeper.get(m.task.id) : undefined;
    if (k && k !== m) m.duplicateOf = k.row.row;
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------
// The 填报单位 text to a unit

/** Governing-body endings a clerk may add to a unit's name (珠池街道办事处 for 珠池街道). */
const GOV_SUFFIX = /^(?:党工委和办事处|党工委|办事处|党委政府|人民政府|政府|党委)$/;

const POOLS = new WeakMap<Catalog, Unit[]>();

/**
 * The units that return reports: the directory's units (groups are not), plus every member of a
 * group (珠池街道 of 各镇街), in directory order.
 */
export function reportingUnitPool(catalog: Catalog): Unit[] {
  // One pool per catalog: resolveUnitName keeps its normalised forms by the pool.
  const cached = POOLS.get(catalog);
  if (cached) return cached;
  const pool: Unit[] = catalog.units.filter((u) => u.kind === 'unit');
  const names = new Set(pool.map((u) => u.name));
  for (const g of catalog.units) {
    for (const m of g.kind === 'group' ? (g.members ?? []) : []) {
      if (!names.has(m)) {
        names.add(m);
        pool.push({ name: m, kind: 'unit', aliases: [] });
      }
    }
  }
  POOLS.set(catalog, pool);
  return pool;
}

function cleanUnitText(text: string): string {
  return text
    .replace(/[（(]\s*(?:盖章|公章|签章)\s*[)）]/g, '')
    .replace(/^\s*(?:填报单位|报送单位|单位)\s*[:：]?/, '')
    .trim();
}

/** A name typed with a governing ending added (珠池街道办事处), when exactly one unit is its stem. */
function stemMatch(key: string, pool: Unit[]): string | undefined {
  const { forms } = unitForms(pool);
  const hits = pool.filter((_, i) => forms[i].some((n) => n.length >= 3 && key.startsWith(n) && GOV_SUFFIX.test(key.slice(n.length))));
  return hits.length === 1 ? hits[0].name : undefined;
}

/** Units one character away from the text: suggestions only, never resolved (区民政局 ≠ 区民宗局). */
function nearNames(key: string, pool: Unit[]): string[] {
  if (key.length < 3) return [];
  const { forms } = unitForms(pool);
  return pool.filter((_, i) => forms[i].some((f) => Math.abs(f.length - key.length) <= 1 && distance(f, key) <= 1)).map((u) => u.name);
}

/**
 * The one unit a form's title names (区教育局2019年第二季度脱贫攻坚工作进度情况表), by its name or an
 * alias; a name inside a longer one that is also named (区委 in 区委组织部) does not count. None when
 * the title names no unit or several.
 */
function unitInTitle(title: string, pool: Unit[]): string | undefined {
  const key = normalizeUnitName(title);
  if (!key) return undefined;
  const { forms } = unitForms(pool);
  const hits: Array<{ unit: string; at: number; end: number }> = [];
  pool.forEach((u, i) => {
    forms[i].forEach((form, k) => {
      // A short alias (民政) says too little in a title; a short name (区委) is still a name.
      if (form.length < (k === 0 ? 2 : 3)) return;
      for (let at = key.indexOf(form); at >= 0; at = key.indexOf(form, at + 1)) hits.push({ unit: u.name, at, end: at + form.length });
    });
  });
  const outer = hits.filter((h) => !hits.some((o) => o.end - o.at > h.end - h.at && o.at <= h.at && o.end >= h.end));
  const units = new Set(outer.map((h) => h.unit));
  return units.size === 1 ? [...units][0] : undefined;
}

/**
 * The unit a return is from. The 填报单位 text first, resolved over the reporting units by name,
 * alias, the name without its 区/市 prefix (教育局), or a unique prefix (财政 → 区财政局) — see
 * `resolveUnitName` — or with a governing ending added (珠池街道办事处). When the text fits several
 * units and the template's metadata names one of them, that one (by 'meta'). An empty text falls
 * back to the metadata, then to the one unit the form's title names (by 'title'). Otherwise no
 * unit: the candidates (ambiguous fits, or names one character away) are suggestions for the finding.
 */
export function resolveReturnUnit(
  unitText: string,
  meta: ReturnMeta,
  catalog: Catalog,
  title = '',
): { unit?: string; candidates: string[]; by: 'text' | 'meta' | 'title' | 'none'; typed?: string } {
  const pool = reportingUnitPool(catalog);
  const metaUnit = meta.unit ? resolveUnitName(meta.unit, pool).unit : undefined;
  const text = cleanUnitText(unitText);
  if (!text) {
    if (metaUnit) return { unit: metaUnit, candidates: [metaUnit], by: 'meta' };
    const named = unitInTitle(title, pool);
    if (named) return { unit: named, candidates: [named], by: 'title' };
    return { candidates: meta.unit ? resolveUnitName(meta.unit, pool).candidates : [], by: 'none' };
  }
  const r = resolveUnitName(text, pool);
  // The template's unit and the typed one differ: the template's rows are its unit's tasks, so it
  // counts; `typed` tells the caller to say so (UNIT_MISMATCH).
  if (r.unit && metaUnit && r.unit !== metaUnit) return { unit: metaUnit, candidates: [metaUnit, r.unit], by: 'meta', typed: r.unit };
  if (r.unit) return { unit: r.unit, candidates: r.candidates, by: 'text' };
  if (r.candidates.length > 1) {
    if (metaUnit && r.candidates.includes(metaUnit)) return { unit: metaUnit, candidates: r.candidates, by: 'meta' };
    return { candidates: r.candidates, by: 'none' };
  }
  const key = normalizeUnitName(text);
  const stem = stemMatch(key, pool);
  if (stem && metaUnit && stem !== metaUnit) return { unit: metaUnit, candidates: [metaUnit, stem], by: 'meta', typed: stem };
  if (stem) return { unit: stem, candidates: [stem], by: 'text' };
  const near = nearNames(key, pool);
  if (metaUnit && !near.includes(metaUnit)) near.push(metaUnit);
  return { candidates: near, by: 'none' };
}
