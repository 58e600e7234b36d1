/**
 * Responsibility-breakdown plans (责任分解方案): task paragraphs, each followed by labelled lines:
 * `责任领导：` (named leaders), `责任单位：` (the first unit leads) or `牵头单位：` with `配合单位：`,
 * and `完成时限：`, in any order.
 *
 *   1. 摸清摸实精准脱贫底数。全面排查……
 *   责任领导：解宏劲 李金国
 *   责任单位：区扶贫办、区民政局、……、各镇街（管区）。列在首位的为牵头单位（下同）。
 *
 *   3. 实施农村供水保障工程。
 *   牵头单位：县水利局
 *   配合单位：县财政局、各乡镇
 *   完成时限：2022年11月底前
 */
import type { Layout, LayoutResult, RawTask } from '../types';
import { oneLine, stripItemNumber, stripMarkdown, titleFromText } from '../text';

const LEADERS = /^\s*(?:\*\*)?(?:责任领导|分管领导|牵头领导)(?:\*\*)?\s*[:：]\s*(.*)$/;
const UNITS = /^\s*(?:\*\*)?(?:责任单位|牵头单位|责任部门|牵头部门)(?:\*\*)?\s*[:：]\s*(.*)$/;
const LEAD_LABEL = /^\s*(?:\*\*)?牵头(?:单位|部门)/;
const PARTNERS = /^\s*(?:\*\*)?(?:配合单位|配合部门|协办单位|参与单位|协助单位)(?:\*\*)?\s*[:：]\s*(.*)$/;
const DEADLINE = /^\s*(?:\*\*)?(?:完成时限|完成时间|时间节点|时限要求|整改时限)(?:\*\*)?\s*[:：]\s*(.*)$/;
const TOP_HEADING = /^\s*[一二三四五六七八九十]{1,3}、/;
const SECTION_HEADING = /^\s*[（(][一二三四五六七八九十]{1,3}[)）]\s*\S/;
/** Paragraph ends that close a sentence; anything else was cut by a page break. */
const SENTENCE_END = /[。；！？!?”）)：:]$/;

function splitLeaders(s: string): string[] {
  return stripMarkdown(s)
    .split(/[\s、，,；;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Joins paragraphs that a page break split mid-sentence; keeps real paragraphs apart with a newline. */
function joinParagraphs(paras: string[]): string {
  let out = '';
  for (const p of paras) {
    if (!out) out = p;
    else out += SENTENCE_END.test(out) ? `\n${p}` : p;
  }
  return out;
}

export const leaderBlocks: Layout = {
  name: 'leader-blocks',
  label: '任务段落＋责任领导/责任单位',
  firstUnitLeads: true,
  detect({ lines }) {
    let blocks = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!UNITS.test(lines[i])) continue;
      const before = lines.slice(Math.max(0, i - 3), i).filter((l) => l.trim());
      // 责任领导 above it, or (牵头单位 lines) a task paragraph right above or under its 配合单位/完成时限 lines.
      const labelled = (l: string) => LEADERS.test(l) || PARTNERS.test(l) || DEADLINE.test(l) || UNITS.test(l);
      if (before.some((l) => LEADERS.test(l)) || (LEAD_LABEL.test(lines[i]) && before.length > 0 && !labelled(before[before.length - 1])))
        blocks++;
    }
    return blocks >= 2 ? blocks : 0;
  },
  read({ lines }): LayoutResult {
    const tasks: RawTask[] = [];
    const warnings: LayoutResult['warnings'] = [];
    let section = '';
    let paras: string[] = [];
    let firstLine = 0;
    let leaders: string[] = [];

    // Lines labelled 配合单位 / 完成时限 belong to the task being read, before or after its unit line.
    let partners: string[] = [];
    let deadlineRaw: string | undefined;
    let explicitLead = false;
    const flush = (unitsRaw: string, lineNo: number) => {
      const text = joinParagraphs(paras);
      if (!text) {
        warnings.push({ line: lineNo, message: `第${lineNo}行：责任单位前没有任务内容，已忽略` });
      } else {
        const body = oneLine(stripItemNumber(stripMarkdown(text)));
        const task: RawTask = {
          title: titleFromText(body),
          text: body,
          lead: [unitsRaw],
          partners,
          leaders,
          plans: {},
          section,
          line: firstLine,
          firstUnitLeads: !explicitLead,
        };
        if (explicitLead) task.leadExplicit = true;
        if (deadlineRaw !== undefined) task.deadlineRaw = deadlineRaw;
        tasks.push(task);
        last = task;
      }
      paras = [];
      leaders = [];
      partners = [];
      deadlineRaw = undefined;
      explicitLead = false;
      firstLine = 0;
    };
    let last: RawTask | null = null;

    // Lines taken into a wrapped 责任单位 list are skipped when the loop reaches them.
    const taken = new Set<number>();
    const continuation = {
      has(from: number): boolean {
        for (let k = from; k < lines.length; k++) if (lines[k].trim()) return !LEADERS.test(lines[k]) && !UNITS.test(lines[k]);
        return false;
      },
      take(from: number): string {
        for (let k = from; k < lines.length; k++) {
          if (!lines[k].trim()) continue;
          taken.add(k);
          return lines[k].trim();
        }
        return '';
      },
      consumed(idx: number): boolean {
        return taken.has(idx);
      },
    };

    lines.forEach((raw, idx) => {
      const lineNo = idx + 1;
      const line = raw.trim();
      if (!line) return;
      const lm = LEADERS.exec(line);
      if (lm) {
        leaders = splitLeaders(lm[1]);
        return;
      }
      const pm = PARTNERS.exec(line);
      const dm = DEADLINE.exec(line);
      if (pm || dm) {
        // After the unit line (the task is already taken) or before it.
        const target = paras.length === 0 && last ? last : null;
        if (pm) {
          if (target) target.partners.push(pm[1].trim());
          else partners.push(pm[1].trim());
        }
        if (dm) {
          if (target) target.deadlineRaw = dm[1].trim();
          else deadlineRaw = dm[1].trim();
        }
        return;
      }
      const um = UNITS.exec(line);
      if (um && paras.length === 0 && last?.leadExplicit && !LEAD_LABEL.test(line)) {
        // 牵头单位：… then 责任单位：… : the second line names the units that take part.
        last.partners.push(um[1].trim());
        return;
      }
      if (um) {
        explicitLead = LEAD_LABEL.test(line);
        // A unit list that ends with a separator was wrapped onto the next line(s).
        let units = um[1].trim();
        while (/[、，,；;]$/.test(units) && continuation.has(idx + 1)) units += continuation.take(idx + 1);
        flush(units, lineNo);
        return;
      }
      if (continuation.consumed(idx)) return;
      last = null;
      if (TOP_HEADING.test(line) || SECTION_HEADING.test(line)) {
        if (paras.length && tasks.length) {
          warnings.push({ line: firstLine, message: `第${firstLine}行：段落后没有“责任单位”，未作为任务导入` });
        }
        paras = [];
        firstLine = 0;
        section = oneLine(stripMarkdown(line));
        return;
      }
      if (!firstLine) firstLine = lineNo;
      paras.push(stripMarkdown(line));
    });
    if (paras.length && tasks.length) {
      warnings.push({ line: firstLine, message: `第${firstLine}行：文末段落后没有“责任单位”，未作为任务导入` });
    }
    return { tasks, warnings };
  },
};
