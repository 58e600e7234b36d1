/**
 * STALE_CATALOG: whether a return was made from a catalog that has since changed for its unit.
 *
 * A template written since 单位任务版本 existed carries the version of its unit's own tasks
 * (assignment.ts unitTasksVersion): only a change to those tasks makes it stale, not a member added
 * to a group or another unit's task edited. An older template carries only the whole catalog's
 * version: when that differs, the task ids in its rows are compared with the unit's tasks today,
 * and only a different set of tasks makes it stale.
 */
import { assignedTasks, unitTasksVersion, type AssignmentOptions } from './assignment';
import type { Catalog } from './catalog';
import type { ReadReturn } from './report';

/** The Chinese reason a return is stale, or null when it is current for its unit. */
export function staleReason(
  report: ReadReturn,
  catalog: Catalog,
  unit: string | undefined,
  options: AssignmentOptions = {},
): string | null {
  const meta = report.meta;
  if (meta.unitVersion && unit) {
    const now = unitTasksVersion(catalog, unit, options);
    return meta.unitVersion === now
      ? null
      : `此表按旧版任务清单生成，${unit}的任务已有变动（模板 ${meta.unitVersion}，现行 ${now}），请用新模板核对任务`;
  }
  if (!meta.catalogVersion || meta.catalogVersion === catalog.version) return null;
  if (unit) {
    const ids = new Set(report.rows.map((r) => r.values.taskId?.trim()).filter((id): id is string => !!id));
    const assigned = assignedTasks(catalog, unit, options).map((t) => t.id);
    if (ids.size > 0 && ids.size === assigned.length && assigned.every((id) => ids.has(id))) return null;
  }
  return `此表按旧版任务清单（${meta.catalogVersion}）生成，现行清单版本为 ${catalog.version}，请用新模板核对任务`;
}
