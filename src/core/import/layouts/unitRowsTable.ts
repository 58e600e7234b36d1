/**
 * Responsibility tables by unit (责任清单): one row per responsible unit, with its duties, its
 * partner units and a plan per year.
 *
 *   责任主体 | 主要责任 | 配合单位 | 进度安排: 2018年 | 2019年 | 2020年
 *
 * In the converted text every cell starts on a line beginning with a tab; lines without a tab
 * continue the cell above (a cell may hold several numbered lines and even blank lines). Rows are
 * not delimited, so a row is recognised by its shape: a unit name, a duty text, then either the
 * partner units followed by the year plans, or (merged cells) nothing more.
 */
import type { Layout, LayoutResult, RawTask } from '../types';
import { joinBrokenText, oneLine, stripMarkdown, titleFromText } from '../text';

const UNIT_HEADERS = /^(责任主体|责任单位|牵头单位|单位)$/;
const DUTY_HEADERS = /^(主要责任|工作职责|主要任务|工作任务|责任内容|职责)$/;
const PARTNER_HEADERS = /^(配合单位|协办单位|参与单位|协助单位)$/;
const YEAR = /^(\d{4})年?$/;
const UNIT_END = /(局|办|委|部|会|联|社|行|处|台|司|院|室|队|所|站|中心|政府|单位|小组|办事处|部门|工作组|组)(（[^）]*）)?$/;
const ITEM_START = /^\s*(\d{1,2})\s*[.．、]\s*(?!\d)/;

interface Cell {
  text: string;
  line: number;
}

/** Cells of the table region: a line starting with a tab opens a cell, other lines continue it. */
function cellsOf(lines: string[], from: number, to: number): Cell[] {
  const cells: Cell[] = [];
  for (let i = from; i < to; i++) {
    const raw = lines[i];
    if (raw.startsWith('\t')) {
      cells.push({ text: raw.slice(1), line: i + 1 });
    } else if (cells.length) {
      cells[cells.length - 1].text += `\n${raw}`;
    }
  }
  return cells.map((c) => ({ ...c, text: c.text.replace(/\s+$/, '') }));
}

/** A cell that names units only: "区扶贫办、区财政局等", "区工信局（科技局）", "各街道团委". */
export function isUnitCell(text: string): boolean {
  const s = oneLine(stripMarkdown(text));
  if (!s || s.length > 80 || /[。；：:]/.test(s) || ITEM_START.test(s)) return false;
  const parts = s
    .split(/[、，,]/)
    .map((p) => p.trim().replace(/等.*$/, '').trim())
    .filter(Boolean);
  return parts.length > 0 && parts.every((p) => p.length <= 30 && UNIT_END.test(p));
}

interface Header {
  /** Index of the line after the header rows. */
  end: number;
  years: string[];
  hasPartners: boolean;
}

function findHeader(lines: string[]): Header | null {
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('\t') || !UNIT_HEADERS.test(lines[i].trim())) continue;
    const head = lines
      .slice(i, i + 8)
      .filter((l) => l.startsWith('\t'))
      .map((l) => l.trim());
    if (!head.some((h) => DUTY_HEADERS.test(h))) continue;
    const hasPartners = head.some((h) => PARTNER_HEADERS.test(h));
    // The years row follows (after empty cells that the merged 进度安排 header left).
    const years: string[] = [];
    let j = i + 1;
    for (; j < Math.min(lines.length, i + 20); j++) {
      const m = YEAR.exec(lines[j].trim());
      if (m) years.push(m[1]);
      else if (years.length && lines[j].trim()) break;
    }
    return { end: years.length ? j : i + head.length, years, hasPartners };
  }
  return null;
}

/** Splits a duty cell into numbered items; an unnumbered block is one item. Short "X方面：" lines head the items after them. */
export function dutyItems(text: string): Array<{ text: string; heading: string }> {
  const items: Array<{ text: string; heading: string }> = [];
  let heading = '';
  let current: { text: string; heading: string } | null = null;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (!line) continue;
    if (/^[^。，；]{1,12}[：:]$/.test(line)) {
      heading = line.replace(/[：:]$/, '');
      current = null;
      continue;
    }
    if (ITEM_START.test(line) || !current) {
      current = { text: line, heading };
      items.push(current);
    } else {
      current.text += `\n${line}`;
    }
  }
  return items;
}

export const unitRowsTable: Layout = {
  name: 'unit-rows-table',
  label: '责任主体表格（主要责任/配合单位/进度安排）',
  detect({ lines }) {
    const header = findHeader(lines);
    if (!header) return 0;
    const end = lines.findIndex((l, i) => i > header.end && /^\s*附件\s*$/.test(l));
    const cells = cellsOf(lines, header.end, end < 0 ? lines.length : end);
    return cells.filter((c) => isUnitCell(c.text)).length;
  },
  read({ lines }): LayoutResult {
    const warnings: LayoutResult['warnings'] = [];
    const header = findHeader(lines);
    if (!header) return { tasks: [], warnings };
    const endIdx = lines.findIndex((l, i) => i > header.end && /^\s*附件\s*$/.test(l));
    const cells = cellsOf(lines, header.end, endIdx < 0 ? lines.length : endIdx);
    const unitAt = cells.map((c) => isUnitCell(c.text));
    const tasks: RawTask[] = [];

    let i = 0;
    while (i < cells.length) {
      if (!unitAt[i] || !cells[i].text.trim()) {
        if (cells[i].text.trim())
          warnings.push({ line: cells[i].line, message: `第${cells[i].line}行：表格中无法归属到责任主体的内容，已忽略` });
        i++;
        continue;
      }
      const unitCell = cells[i];
      const duty = cells[i + 1] && !unitAt[i + 1] ? cells[i + 1] : undefined;
      let next = duty ? i + 2 : i + 1;
      // Partners: a unit cell right after the duty is the partner column, unless it is the head of the
      // next row — which is the case when only one text cell follows it before the next unit cell
      // (a row needs a duty; partner columns are followed by a plan per year).
      let partners = '';
      if (header.hasPartners && next < cells.length && unitAt[next]) {
        let following = 0;
        for (let k = next + 1; k < cells.length && !unitAt[k]; k++) following++;
        if (following !== 1) {
          partners = cells[next].text;
          next++;
        }
      }
      const plans: Record<string, string> = {};
      for (const year of header.years) {
        if (next >= cells.length || unitAt[next]) break;
        const plan = joinBrokenText(cells[next].text);
        if (plan) plans[year] = plan;
        next++;
      }
      while (next < cells.length && !unitAt[next]) {
        if (cells[next].text.trim())
          warnings.push({ line: cells[next].line, message: `第${cells[next].line}行：多出的单元格内容，已忽略` });
        next++;
      }
      if (!duty || !duty.text.trim()) {
        warnings.push({ line: unitCell.line, message: `第${unitCell.line}行：“${oneLine(unitCell.text)}”没有主要责任内容` });
      } else {
        for (const item of dutyItems(duty.text)) {
          const text = oneLine(item.text);
          tasks.push({
            title: titleFromText(text),
            text,
            lead: [oneLine(unitCell.text)],
            partners: partners ? [oneLine(partners)] : [],
            leaders: [],
            plans: { ...plans },
            section: item.heading,
            line: duty.line,
          });
        }
      }
      i = next;
    }
    return { tasks, warnings };
  },
};
