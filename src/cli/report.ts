/** Terminal wording shared by the CLI commands. */
import { DEADLINE_KIND_LABELS, summariseCatalog, type Catalog } from '../core/catalog';

export function formatSummary(catalog: Catalog, layoutLabel?: string): string {
  const s = summariseCatalog(catalog);
  const kinds = Object.entries(s.deadlines)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${DEADLINE_KIND_LABELS[k] ?? k} ${n}`)
    .join('，');
  const src = catalog.source;
  return [
    `《${src.title.replace(/《/g, '〈').replace(/》/g, '〉')}》${src.docNo ? ` ${src.docNo}` : ''}${src.issuer ? ` ${src.issuer}` : ''}${src.date ? ` ${src.date}` : ''}`,
    `  结构：${layoutLabel ?? '任务清单文件'}；版本 ${catalog.version}`,
    `  任务 ${s.tasks} 项，单位 ${s.units} 个，分组 ${s.groups} 个，无牵头单位的任务 ${s.withoutLead} 项`,
    `  完成时限：${kinds || '无'}`,
    `  报送日历：${catalog.calendar.dues.length ? catalog.calendar.dues.map((d) => `${d.month}月${d.day}日`).join('、') : '清单未规定（按报告期末）'}`,
  ].join('\n');
}
