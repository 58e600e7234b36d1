/**
 * Who reports what: a unit reports, for a period, the tasks it leads; a task led by a group is
 * reported by each member of the group in the unit directory; partners report only when asked.
 */
import type { Catalog, Task } from './catalog';
import type { Unit } from './units';

export interface AssignmentOptions {
  /** Partner units report the tasks they take part in as well (--include-partners). */
  includePartners?: boolean;
}

function unitByName(catalog: Catalog, name: string): Unit | undefined {
  return catalog.units.find((u) => u.name === name);
}

/** The units that stand for a name: a group's members, or the unit itself. A group without members stands for nobody yet. */
export function reportersOf(catalog: Catalog, name: string): string[] {
  const unit = unitByName(catalog, name);
  if (unit?.kind === 'group') return unit.members ?? [];
  return [name];
}

function responsibleNames(task: Task, options: AssignmentOptions): string[] {
  return options.includePartners ? [...task.lead, ...task.partners] : task.lead;
}

/** The tasks a unit reports, in catalog order. */
export function assignedTasks(catalog: Catalog, unit: string, options: AssignmentOptions = {}): Task[] {
  return catalog.tasks.filter((t) => responsibleNames(t, options).some((n) => reportersOf(catalog, n).includes(unit)));
}

/** Every unit that has at least one task to report, in directory order (members after the directory's own units). */
export function reportingUnits(catalog: Catalog, options: AssignmentOptions = {}): string[] {
  const names = new Set<string>();
  for (const t of catalog.tasks) for (const n of responsibleNames(t, options)) for (const r of reportersOf(catalog, n)) names.add(r);
  const order = new Map(catalog.units.map((u, i) => [u.name, i]));
  return [...names].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
}

/** Groups that lead tasks but have no members yet: their tasks are reported by nobody until the administrator fills them in. */
export function groupsWithoutMembers(catalog: Catalog, options: AssignmentOptions = {}): string[] {
  const out = new Set<string>();
  for (const t of catalog.tasks) {
    for (const n of responsibleNames(t, options)) {
      const u = unitByName(catalog, n);
      if (u?.kind === 'group' && !(u.members ?? []).length) out.add(n);
    }
  }
  return [...out];
}
