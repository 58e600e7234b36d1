/**
 * What the 工作进展及存在问题 text says, beyond being filled: a placeholder that reports nothing
 * (无, 同上, /, 略, 见附件…), and a 状态 that the text contradicts (已完成 with 尚未启动). Each rule is
 * one line in a table, so that adding a phrasing means adding a line and a test row. Pure TypeScript.
 */

/** The progress text as the rules see it: half-width, without spaces and trailing punctuation. */
function bare(progress: string): string {
  return progress
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[。.，,；;:：!！]+|[。.，,；;:：!！]+$/g, '');
}

/**
 * 状态 as clerks type it in a form of their own (完成, 正在推进, 尚未启动) and the word of the
 * template's list it means; a word not here is kept as typed.
 */
export const STATUS_SYNONYMS: ReadonlyArray<{ status: '已完成' | '推进中' | '未启动'; words: RegExp }> = [
  { status: '已完成', words: /^(?:已?(?:全部|全面|按期|如期)?完成(?:任务)?|已?办结|已?落实(?:到位)?|完成100%)$/ },
  // 未完成 is not here: it says only what is not, and is kept as typed.
  { status: '推进中', words: /^(?:正在|持续|稳步)?(?:推进|实施|开展|进行|办理)中?$|^(?:进行中|实施中|在建|部分完成|序时推进)$/ },
  { status: '未启动', words: /^(?:未|尚未|暂未|还未)(?:启动|开始|开展|实施)$/ },
];

/** The template's word for a typed 状态 (完成 → 已完成), or the text as typed. */
export function canonicalStatus(typed: string): string {
  const t = bare(typed);
  return STATUS_SYNONYMS.find((s) => s.words.test(t))?.status ?? typed;
}

/**
 * Placeholders: the whole text (once bare) is one of these. A rule is a pattern and what it is, for
 * the message. Texts that only start this way (无重大问题，已完成…) are real reports and pass.
 */
export const PLACEHOLDER_RULES: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /^(?:无|没有|暂无|尚无|无进展|无变化|无情况|无内容|空|空白|null|none|n\/?a|nil)$/i, what: '只写了“无”' },
  {
    pattern:
      /^(?:同上|同前|同上季度|同上期|同上一季度|同上月|同前期|同去年|与上季度相同|与上期相同|同第?\d+项|如上|见上|参见上(?:条|项|文))$/,
    what: '只写了“同上”',
  },
  { pattern: /^[-—–_/\\、.。·…～~*＊×xX0〇○?？]+$/, what: '只写了符号' },
  { pattern: /^(?:略|此略|从略|省略|详略)$/, what: '只写了“略”' },
  {
    pattern: /^(?:(?:详|参)?见(?:附件|附表|附页|另附|报告|材料|总结|文件|汇报材料)\d*|附后|另附|另报|另行报送|已另报)$/,
    what: '只写了“见附件”，附件不会被汇总',
  },
  {
    pattern: /^(?:正常|正常推进|按计划推进|按计划|有序推进|稳步推进|正在推进|推进中|进行中|持续推进|落实中|在办|办理中)$/,
    what: '只写了一句套话',
  },
  { pattern: /^(?:待填|待补|待定|未填|暂不填报|不填|xx+|XX+|xxx+|测试|test)$/i, what: '是待填的占位' },
];

/** The placeholder rule the progress text matches, or undefined for a real report (or an empty one). */
export function placeholderOf(progress: string): { what: string } | undefined {
  const t = bare(progress);
  if (!t) return undefined;
  const rule = PLACEHOLDER_RULES.find((r) => r.pattern.test(t));
  return rule ? { what: rule.what } : undefined;
}

/**
 * Status against text. A rule fires when the 状态 is `status` and the text says `contradicts` and
 * not `unless` (已完成 with "尚未启动" contradicts; "已完成前期准备，尚未启动施工" is a mixed report and
 * passes only for 推进中).
 */
export const STATUS_CONFLICT_RULES: ReadonlyArray<{ status: string; says: RegExp; unless?: RegExp; message: string }> = [
  {
    status: '已完成',
    says: /尚未(?:启动|开展|开始|实施|开工|落实|完成)|未启动|还未(?:启动|开始|开展)|没有(?:启动|开展|开始)|暂未(?:启动|开展|开始)|未开展|未开工|正在(?:推进|办理|实施|开展|进行|建设|施工)|推进中|进行中|筹备中|计划于|拟于|准备(?:启动|开展)/,
    message: '状态为“已完成”，但进展写的是尚未完成',
  },
  {
    status: '未启动',
    says: /已(?:全部|全面|按期|如期|基本|顺利)?完成|已办结|已落实|已建成|已验收|完成率达?\d+(?:\.\d+)?%|已(?:启动|开展|开工|实施|推进)|正在(?:推进|实施|开展|建设|施工)|推进中/,
    unless: /尚未启动|未启动|尚未开展|尚未开始/,
    message: '状态为“未启动”，但进展写的是已启动或已完成',
  },
  {
    status: '推进中',
    says: /^(?:已全部完成|已全面完成|已按期完成|已如期完成|全部完成|已完成全部任务)[。.]?$/,
    message: '状态为“推进中”，但进展写的是已全部完成',
  },
];

/** The conflict between a status and its progress text, or undefined. */
export function statusConflictOf(status: string, progress: string): { message: string } | undefined {
  const t = bare(progress);
  const s = status.trim();
  if (!t || !s) return undefined;
  const rule = STATUS_CONFLICT_RULES.find((r) => r.status === s && r.says.test(t) && !(r.unless && r.unless.test(t)));
  return rule ? { message: rule.message } : undefined;
}
