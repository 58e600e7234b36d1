/** Finding a unit by name, alias or pinyin (src/taskpane/unitSearch.ts), on the units of the 000 list. */
import fs from 'fs';
import { reportingUnits } from '../src/core/assignment';
import { importList } from '../src/core/import';
import { nearestUnits, searchUnits, unitIndex } from '../src/taskpane/unitSearch';
import { SEEDS, seedPath } from './helpers/paths';

const catalog = importList(fs.readFileSync(seedPath(SEEDS.s000), 'utf8')).catalog;
const units = reportingUnits(catalog);
const index = unitIndex(units, catalog.units);

describe('searchUnits', () => {
  test('"jyj" (pinyin initials, without the 区) finds 区教育局 first', () => {
    expect(searchUnits(index, 'jyj')[0]).toBe('区教育局');
    expect(searchUnits(index, 'JYJ')[0]).toBe('区教育局');
    expect(searchUnits(index, 'qjyj')).toEqual(['区教育局']);
  });

  test('part of the name, the full name, and full pinyin', () => {
    expect(searchUnits(index, '教育')).toEqual(['区教育局']);
    expect(searchUnits(index, '区教育局')[0]).toBe('区教育局');
    expect(searchUnits(index, 'jiaoyu')[0]).toBe('区教育局');
    expect(searchUnits(index, '财政')).toEqual(['区财政局']);
  });

  test('an alias from the unit directory finds the canonical unit', () => {
    expect(searchUnits(index, '区卫健局')).toEqual(['区卫生健康局']);
    expect(searchUnits(index, 'wjj')).toContain('区卫生健康局');
    expect(searchUnits(index, '科技局')).toEqual(['区工信局（科技局）']);
  });

  test('the name ranks above a pinyin match; an empty query lists every unit in directory order', () => {
    const hits = searchUnits(index, 'cz');
    expect(hits).toContain('区财政局');
    expect(searchUnits(index, '')).toEqual(units);
    expect(searchUnits(index, '  ', 3)).toEqual(units.slice(0, 3));
  });

  test('nothing for text that is in no name', () => {
    expect(searchUnits(index, '火星办')).toEqual([]);
    expect(searchUnits(index, 'xyzxyz')).toEqual([]);
  });
});

describe('short forms and the nearest units', () => {
  test('a short form by the directory’s rule finds its unit', () => {
    expect(searchUnits(index, '卫健局')).toContain('区卫生健康局');
    expect(searchUnits(index, '人社局')).toContain('区人力资源和社会保障局');
  });

  test('nothing matches a slip of the keyboard: the nearest units are offered', () => {
    expect(searchUnits(index, '区教肓局')).toEqual([]);
    expect(nearestUnits(index, '区教肓局')).toContain('区教育局');
    expect(nearestUnits(index, 'jiaoyvju')).toContain('区教育局');
    expect(nearestUnits(index, '火星办公厅外星人接待处')).toEqual([]);
  });
});
