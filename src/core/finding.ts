/**
 * Findings (问题): one check result each, with the place it points to and a message a clerk
 * understands. Codes are a contract (PRODUCT.md); new codes may be added, old ones keep meaning.
 */
export type FindingCode =
  | 'MISSING_TASK'
  | 'EXTRA_TASK'
  | 'EMPTY_PROGRESS'
  | 'LATE_TASK'
  | 'TASK_CHANGED'
  | 'DUPLICATE_ROW'
  | 'MISSING_REPORTER'
  | 'BAD_PHONE'
  | 'UNKNOWN_UNIT'
  | 'WRONG_PERIOD'
  | 'STALE_CATALOG'
  | 'LATE_SUBMISSION'
  | 'SUPERSEDED'
  | 'UNREADABLE_FILE'
  | 'NOT_A_REPORT'
  | 'AMBIGUOUS_ROW'
  | 'PLACEHOLDER_PROGRESS'
  | 'STATUS_CONFLICT'
  | 'MISSING_PHONE'
  | 'BLANK_RETURN'
  | 'UNIT_MISMATCH'
  | 'HIDDEN_CONTENT'
  | 'TEXT_TRUNCATED'
  | 'SAME_SUBMISSION_TIME'
  | 'COPIED_PROGRESS'
  | 'ADDED_WORK';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Canonical unit the finding concerns, when known. */
  unit?: string;
  /** Task id, when the finding concerns one task. */
  task?: string;
  file?: string;
  sheet?: string;
  /** A1 address of the cell to look at. */
  cell?: string;
  message: string;
}

/** How serious each code is: errors make `jindu check` exit 1 and must be fixed before sending. */
export const SEVERITY: Record<FindingCode, Severity> = {
  MISSING_TASK: 'error',
  EXTRA_TASK: 'warning',
  EMPTY_PROGRESS: 'error',
  LATE_TASK: 'warning',
  TASK_CHANGED: 'warning',
  DUPLICATE_ROW: 'error',
  MISSING_REPORTER: 'error',
  BAD_PHONE: 'error',
  UNKNOWN_UNIT: 'error',
  WRONG_PERIOD: 'error',
  STALE_CATALOG: 'warning',
  LATE_SUBMISSION: 'warning',
  SUPERSEDED: 'info',
  UNREADABLE_FILE: 'error',
  NOT_A_REPORT: 'error',
  AMBIGUOUS_ROW: 'error',
  PLACEHOLDER_PROGRESS: 'warning',
  STATUS_CONFLICT: 'warning',
  MISSING_PHONE: 'error',
  BLANK_RETURN: 'error',
  UNIT_MISMATCH: 'error',
  HIDDEN_CONTENT: 'warning',
  TEXT_TRUNCATED: 'warning',
  SAME_SUBMISSION_TIME: 'warning',
  COPIED_PROGRESS: 'warning',
  ADDED_WORK: 'info',
};

/** Short Chinese names of the codes for tables and summaries. */
export const FINDING_LABELS: Record<FindingCode, string> = {
  MISSING_TASK: '缺报任务',
  EXTRA_TASK: '非本单位任务',
  EMPTY_PROGRESS: '进展未填',
  LATE_TASK: '任务逾期',
  TASK_CHANGED: '任务内容被改动',
  DUPLICATE_ROW: '重复填报',
  MISSING_REPORTER: '未填填报人',
  BAD_PHONE: '联系电话有误',
  UNKNOWN_UNIT: '填报单位无法识别',
  WRONG_PERIOD: '报告期不符',
  STALE_CATALOG: '清单版本过旧',
  LATE_SUBMISSION: '逾期报送',
  SUPERSEDED: '已被新版替代',
  UNREADABLE_FILE: '文件无法读取',
  NOT_A_REPORT: '不是进度报表',
  AMBIGUOUS_ROW: '无法确定对应任务',
  PLACEHOLDER_PROGRESS: '进展无实际内容',
  STATUS_CONFLICT: '状态与进展矛盾',
  MISSING_PHONE: '未填联系电话',
  BLANK_RETURN: '报回的表未填写',
  UNIT_MISMATCH: '填报单位与模板不符',
  HIDDEN_CONTENT: '隐藏内容未汇总',
  TEXT_TRUNCATED: '内容过长被截断',
  SAME_SUBMISSION_TIME: '报送时间相同',
  COPIED_PROGRESS: '进展与上期雷同',
  ADDED_WORK: '清单外新增工作',
};

export function finding(code: FindingCode, message: string, where: Omit<Finding, 'code' | 'severity' | 'message'> = {}): Finding {
  return { code, severity: SEVERITY[code], message, ...where };
}

export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** Counts by code, in the order of FINDING_LABELS. */
export function countByCode(findings: Finding[]): Partial<Record<FindingCode, number>> {
  const out: Partial<Record<FindingCode, number>> = {};
  for (const code of Object.keys(FINDING_LABELS) as FindingCode[]) {
    const n = findings.filter((f) => f.code === code).length;
    if (n) out[code] = n;
  }
  return out;
}
