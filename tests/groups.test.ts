/**
 * Groups that lead tasks and have no members yet (各街道党工委和办事处 in 000): reported with how many
 * tasks wait for them, wherever templates are made; members added by name (short forms resolve to the
 * directory's units); adding them changes no other unit's task version, so no return goes stale.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { reportingUnits, setGroupMembers, unitTasksVersion, waitingGroups, waitingGroupsText } from '../src/core/assignment';
import { importList } from '../src/core/import';
import { ROOT, SEEDS, seedPath } from './helpers/paths';

const catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;

test('groups without members and the tasks waiting for them', () => {
  expect(waitingGroups(catalog)).toEqual([
    { group: '各街道党工委和办事处', tasks: 7 },
    { group: '区各挂钩帮扶单位', tasks: 1 },
  ]);
  expect(waitingGroupsText(waitingGroups(catalog))).toBe(
    '2 个分组尚无成员单位，其 8 项任务暂无单位填报：各街道党工委和办事处（7 项）、区各挂钩帮扶单位（1 项）',
  );
});

test('members added by name: known units by any of their names, new ones join the directory; no other unit’s version moves', () => {
  const before = reportingUnits(catalog).map((u) => [u, unitTasksVersion(catalog, u)]);
  const next = setGroupMembers(catalog, '区各挂钩帮扶单位', ['区卫健局', '区财政局', '农业银行汕头分行', '区供销社']);
  expect(next.units.find((u) => u.name === '区各挂钩帮扶单位')?.members).toEqual([
    '区卫生健康局',
    '区财政局',
    '农业银行汕头分行',
    '区供销社',
  ]);
  expect(next.units.find((u) => u.name === '区供销社')).toEqual({ name: '区供销社', kind: 'unit', aliases: [] });
  expect(next.version).not.toBe(catalog.version);
  expect(waitingGroups(next).map((w) => w.group)).toEqual(['各街道党工委和办事处']);
  // The members now report the group's task; every unit that reported before keeps its version unless it is a new member.
  const task = catalog.tasks.find((t) => t.lead.includes('区各挂钩帮扶单位'));
  expect(reportingUnits(next)).toContain('区供销社');
  for (const [unit, version] of before) {
    const joined = ['区卫生健康局', '区财政局', '农业银行汕头分行'].includes(unit);
    expect({ unit, same: unitTasksVersion(next, unit) === version }).toEqual({ unit, same: !joined });
  }
  expect(task).toBeDefined();
});

test('jindu template --all names the groups still without members', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jindu-groups-'));
  try {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin', 'jindu.cjs'), 'template', '--catalog', SEEDS.s000, '--period', '2019Q2', '--all', '-o', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      '注意：2 个分组尚无成员单位，其 8 项任务暂无单位填报：各街道党工委和办事处（7 项）、区各挂钩帮扶单位（1 项）',
    );
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
