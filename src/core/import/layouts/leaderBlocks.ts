/**
 * Responsibility-breakdown plans (责任分解方案): task paragraphs, each followed by a
 * `责任领导：` line (named leaders) and a `责任单位：` line whose first unit leads.
 *
 *   1. 摸清摸实精准脱贫底数。全面排查……
 *   责任领导：解宏劲 李金国
 *   责任单位：区扶贫办、区民政局、……、各镇街（管区）。列在首位的为牵头单位（下同）。
 */
import type { Layout, LayoutResult, RawTask } from '../types';
import { oneLine, stripItemNumber, stripMarkdown, titleFromText } from '../text';

const LEADERS = /^\s*(?:\*\*)?(?:责任领导|分管领导|牵头领导)(?:\*\*)?\s*[:：]\s*(.*)$/;
const UNITS = /^\s*(?:\*\*)?(?:责任单位|牵头单位|责任部门)(?:\*\*)?\s*[:：]\s*(.*)$/;
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
      if (UNITS.test(lines[i]) && lines.slice(Math.max(0, i - 3), i).some((l) => LEADERS.test(l))) blocks++;
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

    const flush = (unitsRaw: string, lineNo: number) => {
      const text = joinParagraphs(paras);
      if (!text) {
        warnings.push({ line: lineNo, message: `第${lineNo}行：责任单位前没有任务内容，已忽略` });
      } else {
        const body = oneLine(stripItemNumber(stripMarkdown(text)));
        tasks.push({
          title: titleFromText(body),
          text: body,
          lead: [unitsRaw],
          partners: [],
          leaders,
          plans: {},
          section,
          line: firstLine,
          firstUnitLeads: true,
        });
      }
      paras = [];
      leaders = [];
      firstLine = 0;
    };

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
      const um = UNITS.exec(line);
      if (um) {
        // A unit list that ends with a separator was wrapped onto the next line(s).
        let units = um[1].trim();
        while (/[、，,；;]$/.test(units) && continuation.has(idx + 1)) units += continuation.take(idx + 1);
        flush(units, lineNo);
        return;
      }
      if (continuation.consumed(idx)) return;
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
