/**
 * The document's own identity: title of the list, document number, issuer and date, read from the
 * red-header notice that usually precedes the list.
 */
import type { CatalogSource } from '../catalog';
import { isoDate } from '../period';
import { stripMarkdown } from './text';

const DOC_NO = /[\u4e00-\u9fa5]{1,10}〔\d{4}〕\d{1,4}号/;
const DATE_LINE = /^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/;
const LIST_WORDS = /(清单|方案|要点|任务|分工|计划|分解|台账|安排)/;
const LIST_END = /(清单|方案|要点|任务|分工|计划|分解|台账|安排|[表单])》?$/;
/** A table row (cells apart by tabs or runs of spaces) is no title, even when its headers say 任务. */
const TABLE_ROW = /\S(?:\t|\s{2,})\S.*(?:\t|\s{2,})\S/;

function clean(line: string): string {
  return stripMarkdown(line).replace(/[〈]/g, '《').replace(/[〉]/g, '》').replace(/\s+/g, '').trim();
}

export function readSource(lines: string[]): CatalogSource {
  // Document numbers stand on their own line in the red header; the first one is the list's own.
  let docNo = '';
  for (const line of lines.slice(0, 80)) {
    const m = DOC_NO.exec(line.replace(/\s+/g, ''));
    if (m) {
      docNo = m[0];
      break;
    }
  }

  // The issue date: the first line that is only a date, within the notice part of the document.
  let date = '';
  let dateIdx = -1;
  for (let i = 0; i < Math.min(lines.length, 80); i++) {
    const m = DATE_LINE.exec(lines[i]);
    if (m) {
      date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
      dateIdx = i;
      break;
    }
  }

  // Issuer: the signature lines right above the date, else a red header "XX文件".
  const signature: string[] = [];
  for (let i = dateIdx - 1; i >= 0 && signature.length < 3; i--) {
    const l = clean(lines[i]);
    if (!l) continue;
    if (l.length > 30 || /[，。：；]/.test(l)) break;
    signature.unshift(l);
  }
  let issuer = signature.join('、');
  if (!issuer) {
    const header = lines.map(clean).find((l) => /文件$/.test(l) && l.length <= 30);
    issuer = header ? header.replace(/文件$/, '') : '';
  }

  // Title: the list named by a "关于印发《…》的通知" line, else the first heading naming a list.
  let title = '';
  for (const line of lines.slice(0, 60)) {
    const l = clean(line);
    const m = /印发(.*)的通知/.exec(l);
    if (m) {
      const inner = /《(.*)》/.exec(m[1]);
      title = inner ? inner[1] : m[1];
      break;
    }
  }
  if (!title) {
    const candidates = lines
      .filter((l) => !TABLE_ROW.test(l.trim()))
      .map(clean)
      .filter((l) => l.length >= 6 && l.length <= 80 && LIST_WORDS.test(l) && !/[，。；]/.test(l));
    // A title ends with what it is (…任务清单, …分工方案, …任务分解表); a note above it (填表说明：…任务…) does not.
    title = candidates.find((l) => LIST_END.test(l)) ?? candidates[0] ?? '';
  }
  if (!title) title = lines.map(clean).find((l) => l.length > 0) ?? '';
  return { title, docNo, issuer, date };
}

/** The year a list speaks of when a phrase has none: the issue date's, else the first year in the title, else in the text. */
export function documentYear(source: CatalogSource, text: string): number {
  if (source.date) return Number(source.date.slice(0, 4));
  const t = /(\d{4})/.exec(source.title);
  if (t) return Number(t[1]);
  const any = /(20\d{2})年/.exec(text);
  return any ? Number(any[1]) : 0;
}
