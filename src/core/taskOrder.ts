/**
 * The order a return's rows are listed in by the 汇总 and by its record (jindu_data): the
 * catalog's task order, then the row's place in the return (rows that match no task last).
 */
import type { Catalog } from './catalog';
import type { CheckedReturn, CheckedRow } from './checks';

const orders = new WeakMap<Catalog, Map<string, number>>();

/** Each task's place in the catalog, worked out once per catalog (a merge asks for every return). */
function taskOrderOf(catalog: Catalog): Map<string, number> {
  let order = orders.get(catalog);
  if (!order) orders.set(catalog, (order = new Map(catalog.tasks.map((t, i) => [t.id, i]))));
  return order;
}

/** The checked rows of a return in the catalog's task order (a new array; the return is left as it is). */
export function rowsInTaskOrder(checked: CheckedReturn, catalog: Catalog): CheckedRow[] {
  const order = taskOrderOf(catalog);
  return [...checked.rows].sort(
    (a, b) => (order.get(a.task?.id ?? '') ?? Infinity) - (order.get(b.task?.id ?? '') ?? Infinity) || a.row.row - b.row.row,
  );
}
