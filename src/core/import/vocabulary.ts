/**
 * The words of table headers, in one place: which column of a responsibility list's table holds
 * the task, the measures, the units, the leaders, the deadline or a year's plan. A maintainer who
 * meets a new header word adds it to its role here; the table reader and the column mapping of the
 * CLI and the pane use nothing else.
 *
 * Matching: a header cell is compared without spaces, markdown and a trailing note in brackets
 * ("完成时限（月底）"). An exact word wins; otherwise the longest word the header contains, when the
 * header is at most a few characters longer ("县级牵头单位", "整改完成时限").
 */

export type ColumnRole =
  'number' | 'section' | 'title' | 'task' | 'measures' | 'lead' | 'units' | 'partners' | 'leaders' | 'deadline' | 'plan' | 'ignore';

/** Chinese names of the roles, as the column mapping shows and takes them (--columns 任务=2,…). */
export const ROLE_LABELS: Record<ColumnRole, string> = {
  number: '序号',
  section: '类别',
  title: '项目名称',
  task: '任务',
  measures: '措施',
  lead: '牵头单位',
  units: '责任单位',
  partners: '配合单位',
  leaders: '责任领导',
  deadline: '完成时限',
  plan: '年度计划',
  ignore: '不读取',
};

/** Header words by role. `units` is 责任单位: the lead when it is the only unit column, partners beside 牵头单位. */
export const HEADER_WORDS: Record<Exclude<ColumnRole, 'plan'>, readonly string[]> = {
  number: ['序号', '编号', '序'],
  section: ['类别', '领域', '方面', '类型', '板块', '项目类别', '任务类别', '分类'],
  title: ['项目名称', '任务名称', '事项名称', '工作事项'],
  task: [
    '工作任务',
    '重点任务',
    '主要任务',
    '具体任务',
    '任务',
    '目标任务',
    '任务内容',
    '任务事项',
    '存在问题',
    '问题',
    '问题清单',
    '问题表现',
    '反馈问题',
    '问题描述',
    '主要问题',
    '主要责任',
    '工作职责',
    '责任内容',
    '职责',
    '工作内容',
    '具体工作',
    '重点工作',
    '工作目标',
    '目标',
  ],
  measures: ['整改措施', '工作措施', '具体措施', '措施', '主要措施', '任务措施', '整改举措', '工作举措', '推进措施', '落实措施'],
  lead: ['牵头单位', '牵头部门', '责任主体', '主责单位', '主责部门', '主办单位', '牵头责任单位'],
  units: ['责任单位', '责任部门', '承办单位', '实施单位', '单位'],
  partners: ['配合单位', '配合部门', '协办单位', '参与单位', '协助单位', '协同单位', '参加单位', '配合'],
  leaders: ['责任领导', '分管领导', '牵头领导', '责任人', '联系领导', '包抓领导', '领导', '责任县领导', '县级领导'],
  deadline: [
    '完成时限',
    '整改时限',
    '时间节点',
    '完成时间',
    '时限要求',
    '完成期限',
    '时限',
    '时间要求',
    '整改期限',
    '办结时限',
    '完成时间节点',
  ],
  ignore: ['备注', '完成情况', '进展情况', '整改情况', '工作进展'],
};

/** A year's plan column: "2021年", "2021年计划", "2021年工作计划", "2021年度目标". */
const YEAR_HEADER = /^(20\d{2})年?度?(?:工作)?(?:计划|目标|任务|安排|进度)?$/;
/** The header over the year columns (merged above them). */
export const PLAN_GROUP_WORDS: readonly string[] = ['进度安排', '年度计划', '工作计划', '年度安排', '时间安排', '推进计划'];

/** How much longer than the word a header may be and still take its role by containing it. */
const SLACK = 4;

/** A header cell as compared: no spaces, markdown, HTML tags or trailing bracketed note. */
export function headerKey(cell: string): string {
  return cell
    .replace(/<[^>]*>/g, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, '')
    .replace(/[（(][^）)]*[）)]$/, '')
    .replace(/[：:]$/, '');
}

export interface HeaderMatch {
  role: ColumnRole;
  /** For plan columns: the year. */
  year?: string;
}

/** The role a header cell names, or null. */
export function roleOfHeader(cell: string): HeaderMatch | null {
  const key = headerKey(cell);
  if (!key) return null;
  const year = YEAR_HEADER.exec(key);
  if (year) return { role: 'plan', year: year[1] };
  let best: { role: ColumnRole; length: number } | null = null;
  for (const [role, words] of Object.entries(HEADER_WORDS) as Array<[ColumnRole, readonly string[]]>) {
    for (const w of words) {
      if (key === w) return { role };
      if (key.length <= w.length + SLACK && key.includes(w) && (!best || w.length > best.length)) best = { role, length: w.length };
    }
  }
  return best ? { role: best.role } : null;
}

/** Whether a header cell is the group heading over year columns (进度安排). */
export function isPlanGroup(cell: string): boolean {
  const key = headerKey(cell);
  return PLAN_GROUP_WORDS.some((w) => key === w || key.startsWith(w));
}

/** The role named by a Chinese role label (任务, 牵头单位…) or a year plan (2021年计划), for the column mapping. */
export function roleFromLabel(label: string): HeaderMatch | null {
  const key = headerKey(label);
  const exact = (Object.entries(ROLE_LABELS) as Array<[ColumnRole, string]>).find(([, l]) => l === key);
  if (exact && exact[0] !== 'plan') return { role: exact[0] };
  if (/^(忽略|不读|无)$/.test(key)) return { role: 'ignore' };
  return roleOfHeader(key);
}
