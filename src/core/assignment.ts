/**
 * Who reports what: a unit reports, for a period, the tasks it leads; a task led by a group is
 * reported by each member of the group in the unit directory; partners report only when asked.
 */
import { withVersion, type Catalog, type Task } from './catalog';
import { contentHash } from './hash';
import { normalizeUnitName, resolveUnitName, type Unit } from './units';

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

/**
 * Unit → its tasks, built once per catalog object (catalogs are not mutated): a merge of a thousand
 * returns asks for every unit's tasks many times over.
 */
const assignments = new WeakMap<Catalog, Map<string, Map<string, Task[]>>>();

function assignmentIndex(catalog: Catalog, options: AssignmentOptions): Map<string, Task[]> {
  const key = options.includePartners ? 'partners' : 'lead';
  let byOption = assignments.get(catalog);
  if (!byOption) {
    byOption = new Map();
    assignments.set(catalog, byOption);
  }
  let index = byOption.get(key);
  if (!index) {
    index = new Map();
    for (const t of catalog.tasks) {
      const reporters = new Set(responsibleNames(t, options).flatMap((n) => reportersOf(catalog, n)));
      for (const r of reporters) {
        const list = index.get(r) ?? [];
        list.push(t);
        index.set(r, list);
      }
    }
    byOption.set(key, index);
  }
  return index;
}

/** The tasks a unit reports, in catalog order. */
export function assignedTasks(catalog: Catalog, unit: string, options: AssignmentOptions = {}): Task[] {
  return [...(assignmentIndex(catalog, options).get(unit) ?? [])];
}

/** Every unit that has at least one task to report, in directory order (members after the directory's own units). */
export function reportingUnits(catalog: Catalog, options: AssignmentOptions = {}): string[] {
  const order = new Map(catalog.units.map((u, i) => [u.name, i]));
  // Members of groups follow in the order the administrator listed them.
  let next = catalog.units.length;
  for (const u of catalog.units) for (const m of u.members ?? []) if (!order.has(m)) order.set(m, next++);
  return [...assignmentIndex(catalog, options).keys()].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
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

/** A group that leads tasks and has no members yet, with how many tasks wait for them. */
export interface WaitingGroup {
  group: string;
  tasks: number;
}

/** Groups without members and the number of tasks each leads (or takes part in, with includePartners). */
export function waitingGroups(catalog: Catalog, options: AssignmentOptions = {}): WaitingGroup[] {
  return groupsWithoutMembers(catalog, options).map((group) => ({
    group,
    tasks: catalog.tasks.filter((t) => responsibleNames(t, options).includes(group)).length,
  }));
}

/** The waiting groups in one Chinese sentence, or '' when every group has members. */
export function waitingGroupsText(waiting: WaitingGroup[]): string {
  if (!waiting.length) return '';
  const total = waiting.reduce((n, w) => n + w.tasks, 0);
  return `${waiting.length} 个分组尚无成员单位，其 ${total} 项任务暂无单位填报：${waiting.map((w) => `${w.group}（${w.tasks} 项）`).join('、')}`;
}

/**
 * The catalog with a group's members set: names typed as the directory knows them (an alias or a
 * short form) become its canonical names; others join the directory as units. A new version.
 */
export function setGroupMembers(catalog: Catalog, group: string, names: string[]): Catalog {
  const members: string[] = [];
  const added: Unit[] = [];
  for (const raw of names) {
    const n = normalizeUnitName(raw);
    if (!n) continue;
    const known = resolveUnitName(
      n,
      catalog.units.filter((u) => u.kind === 'unit'),
    );
    const name = known.unit && normalizeUnitName(known.unit) !== normalizeUnitName(group) ? known.unit : n;
    if (!members.includes(name)) members.push(name);
    if (!known.unit && !catalog.units.some((u) => u.name === name) && !added.some((u) => u.name === name)) {
      added.push({ name, kind: 'unit', aliases: [] });
    }
  }
  const units = catalog.units.map((u) => (u.name === group ? { ...u, members } : u));
  const { version: _old, ...content } = catalog;
  return withVersion({ ...content, units: [...units, ...added] });
}

/**
 * What a unit's return is checked against: the version of that unit's own assigned tasks (their
 * ids, texts, units, leaders, deadlines and plans). Adding members to a group, or editing another
 * unit's tasks, leaves it as it was, so that those returns are not marked STALE_CATALOG.
 */
export function unitTasksVersion(catalog: Catalog, unit: string, options: AssignmentOptions = {}): string {
  const tasks = assignedTasks(catalog, unit, options);
  return contentHash(JSON.stringify(tasks.map((t) => [t.id, t.title, t.text, t.lead, t.partners, t.leaders, t.deadline, t.plans]))).slice(
    0,
    12,
  );
}
