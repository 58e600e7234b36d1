import * as fs from 'fs';
import * as path from 'path';
import { buildUnitDirectory, isGroupName, normalizeUnitName, resolveUnitName, splitUnitList, type Unit } from '../src/core/units';

const SEEDS = path.join(__dirname, '..', '..', 'shared', 'seeds');
const seed = (prefix: string): string => {
  const file = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!file) throw new Error(`seed ${prefix} missing`);
  return fs.readFileSync(path.join(SEEDS, file), 'utf8');
};

/** What a unit or group name can end with in these documents. */
const PLAUSIBLE_END = /(局|委|办|部|单位|组|府|处|联|行|社|会|中心|台|公司|机构|企业|院|协|人大|中支|镇|村|室|部门|）)$/;
const expectClean = (units: string[]): void => {
  for (const u of units) {
    expect(u).toMatch(PLAUSIBLE_END);
    expect(u).not.toMatch(/[、，,；;\s*：:]/);
    expect(u).not.toMatch(/等$/);
  }
};

describe('splitUnitList', () => {
  it.each<[string, string[]]>([
    // 000: partner column
    ['区扶贫办、区财政局、区人力资源社会保障局等', ['区扶贫办', '区财政局', '区人力资源社会保障局']],
    ['区扶贫办、区教育局、区民政局等相关业务主管部门', ['区扶贫办', '区教育局', '区民政局']],
    ['农业银行汕头分行、邮政储蓄银行汕头分行、区财政局、区扶贫办', ['农业银行汕头分行', '邮政储蓄银行汕头分行', '区财政局', '区扶贫办']],
    ['区工信局（科技局）', ['区工信局（科技局）']],
    // 001: 责任单位 column
    ['市民政局、人社局、财政局、各区（县）、镇', ['市民政局', '市人社局', '市财政局', '各区（县）', '各镇']],
    ['分散贫困户由各镇负责', ['各镇']],
    [
      '定点帮扶贫困村、贫困户由各镇负责 市委组织部、市经信局、教育局、科技局、民政局、人社局、国土资源局、住建局、交通局、水务局、农业局、商务局、文广新局、卫计局、环保局、海洋与渔业局、旅游局、金融工作局、团市委、妇联、残联、工商联、银监会汕头监管分局、供电局等相关职能部门',
      [
        '各镇',
        '市委组织部',
        '市经信局',
        '市教育局',
        '市科技局',
        '市民政局',
        '市人社局',
        '市国土资源局',
        '市住建局',
        '市交通局',
        '市水务局',
        '市农业局',
        '市商务局',
        '市文广新局',
        '市卫计局',
        '市环保局',
        '市海洋与渔业局',
        '市旅游局',
        '市金融工作局',
        '团市委',
        '市妇联',
        '市残联',
        '市工商联',
        '银监会汕头监管分局',
        '市供电局',
      ],
    ],
    [
      '市金融工作局、市财政局、人行汕头中支、汕头银监分局，各区（县），各金融机构',
      ['市金融工作局', '市财政局', '人行汕头中支', '汕头银监分局', '各区（县）', '各金融机构'],
    ],
    ['各区（县）、镇、贫困村（各帮扶单位）', ['各区（县）', '各镇', '各贫困村（各帮扶单位）']],
    // documented choice: the first (highest) level is the issuer's own single body, lower levels are plural
    ['市、区（县）、镇各级政府，区（县）有关部门、贫困村', ['市政府', '各区（县）政府', '各镇政府', '区（县）有关部门', '各贫困村']],
    ['各区（县）、镇党委政府、各帮扶单位', ['各区（县）党委政府', '各镇党委政府', '各帮扶单位']],
    ['<p>各区（县）</p> <p>各区（县）、镇、贫困村（各帮扶单位）</p>', ['各区（县）', '各镇', '各贫困村（各帮扶单位）']],
    ['市教育局、人社局，各区（县）', ['市教育局', '市人社局', '各区（县）']],
    ['各级扶贫开发领导小组', ['各级扶贫开发领导小组']],
    // 002: closing parentheses, page breaks inside names
    ['（市发改局、市经信局、深圳对口帮扶办、市扶贫办）', ['市发改局', '市经信局', '深圳对口帮扶办', '市扶贫办']],
    ['（市林业局、财政局）', ['市林业局', '市财政局']],
    [
      '(市住建局、市城乡规划局、市发改局、市民政\n\n局、市财政局、人民银行汕尾市中心支行、市残联、市扶贫办)',
      ['市住建局', '市城乡规划局', '市发改局', '市民政局', '市财政局', '人民银行汕尾市中心支行', '市残联', '市扶贫办'],
    ],
    ['市发改局、市财政局、市民政局、市交通运\n\n输局、市经信局', ['市发改局', '市财政局', '市民政局', '市交通运输局', '市经信局']],
    ['（市委\n\n组织部、市扶贫办、市民政局）', ['市委组织部', '市扶贫办', '市民政局']],
    ['（团市委、市总工会、市妇\n\n联）。', ['团市委', '市总工会', '市妇联']],
    // a bare name after three names spelling 市 out is not an omitted prefix
    ['市卫计局、市民宗局、市财政局、深圳对口帮扶办', ['市卫计局', '市民宗局', '市财政局', '深圳对口帮扶办']],
    // 003: markers, shared suffixes, duplicates, table cells separated by spaces
    [
      '（**牵头单位：**区委组织部、区委宣传部；**责任单位：**区扶贫办、各行业牵头责任单位、各镇党委政府）',
      ['区委组织部', '区委宣传部', '区扶贫办', '各行业牵头责任单位', '各镇党委政府'],
    ],
    ['（**牵头单位**：区民政局；**责任单位**：区扶贫办、各镇党委政府）', ['区民政局', '区扶贫办', '各镇党委政府']],
    ['(牵头单位：区商务局；责任单位：大致坡镇、灵山镇党委政府)', ['区商务局', '大致坡镇党委政府', '灵山镇党委政府']],
    ['大致坡镇政府、灵山镇政府', ['大致坡镇政府', '灵山镇政府']],
    ['区民政局、 区民政局、区扶贫办', ['区民政局', '区扶贫办']],
    [
      '区扶贫办、区委统战部、区工商联、区民政局、区总工会、团区委、区妇联、区残联、区文明办、区国资委等；各镇党委政府',
      ['区扶贫办', '区委统战部', '区工商联', '区民政局', '区总工会', '团区委', '区妇联', '区残联', '区文明办', '区国资委', '各镇党委政府'],
    ],
    [
      '团区委、区文明办、区扶贫办；责任单位：区总工会、区妇联、区残联、各镇党委政府',
      ['团区委', '区文明办', '区扶贫办', '区总工会', '区妇联', '区残联', '各镇党委政府'],
    ],
    ['区扶贫办 各行业牵头责任单位 各镇党委政府', ['区扶贫办', '各行业牵头责任单位', '各镇党委政府']],
    ['（**责任单位：**区\n\n工商联、各镇党委政府)', ['区工商联', '各镇党委政府']],
    ['区发改委；**责任单位：**相关金融机构、各镇党委政府', ['区发改委', '相关金融机构', '各镇党委政府']],
    ['区精准扶贫工作\n\n领导小组各成员单位，各镇党委政府', ['区精准扶贫工作领导小组各成员单位', '各镇党委政府']],
    ['\\', []],
    ['牵头单位：区商务局 责任单位：区财政局', ['区商务局', '区财政局']],
    ['区扶贫办责任单位：区财政局', ['区扶贫办', '区财政局']],
    // 004: 责任单位 lines
    [
      '责任单位：区扶贫办、区民政局、区人社局、区国土房管局、各镇街（管区）。列在首位的为牵头单位（下同）。',
      ['区扶贫办', '区民政局', '区人社局', '区国土房管局', '各镇街（管区）'],
    ],
    ['区农工办（区农发局）、区扶贫办、区工信局', ['区农工办（区农发局）', '区扶贫办', '区工信局']],
    ['区扶贫办、区扶贫开发领导小组成员单位，各镇街（管区）', ['区扶贫办', '区扶贫开发领导小组成员单位', '各镇街（管区）']],
    ['区  工商联、区工信局', ['区工商联', '区工信局']],
    [
      '区林业局、区国土房管局、区水利局、环保分局、\n各镇街（管区）',
      ['区林业局', '区国土房管局', '区水利局', '环保分局', '各镇街（管区）'],
    ],
    // branches and names with their own owner never take the list's prefix
    ['区发改局、区国土房管局、规划分局', ['区发改局', '区国土房管局', '规划分局']],
    ['区纪委监委、工委统战部、区扶贫办', ['区纪委监委', '工委统战部', '区扶贫办']],
    ['县（市、区）扶贫办', ['县（市、区）扶贫办']],
    // a duty phrase after the last name is not part of it
    ['市住建局、市生态环境局、市农业农村局按职责分工负责', ['市住建局', '市生态环境局', '市农业农村局']],
    ['县教育局、县卫健局分别负责', ['县教育局', '县卫健局']],
  ])('%j', (raw, expected) => {
    expect(splitUnitList(raw)).toEqual(expected);
  });
});

describe('isGroupName', () => {
  it.each<[string, boolean]>([
    ['各镇街（管区）', true],
    ['各镇党委政府', true],
    ['各区（县）', true],
    ['各街道党工委和办事处', true],
    ['各帮扶单位', true],
    ['各行业牵头责任单位', true],
    ['区扶贫开发领导小组成员单位', true],
    ['区扶贫开发领导小组各成员单位', true],
    ['相关金融机构', true],
    ['相关保险公司', true],
    ['有关扶贫电商企业', true],
    ['各定点帮扶单位', true],
    ['区各挂钩帮扶单位', true],
    ['驻村第一书记和驻村工作队员派出单位', true],
    ['各级扶贫开发领导小组', true],
    ['区（县）有关部门', true],
    ['镇', true],
    ['贫困村', true],
    ['各贫困村（各帮扶单位）', true],
    // named single bodies
    ['区委区政府', false],
    ['驻街道帮扶工作组', false],
    ['区扶贫开发领导小组', false],
    ['区扶贫办', false],
    ['区农工办（区农发局）', false],
    ['大致坡镇党委政府', false],
    ['区政府', false],
    ['市委组织部', false],
  ])('%s → %s', (name, expected) => {
    expect(isGroupName(name)).toBe(expected);
  });
});

describe('buildUnitDirectory', () => {
  it.each<[string[], string, string[]]>([
    [['区卫健局', '区卫生健康局'], '区卫生健康局', ['区卫健局']],
    [['区人力资源社会保障局', '区人社局', '区人力资源和社会保障局'], '区人力资源和社会保障局', ['区人力资源社会保障局', '区人社局']],
    [['市人社局', '市人力资源和社会保障局'], '市人力资源和社会保障局', ['市人社局']],
    [['区发改局', '区发展和改革局'], '区发展和改革局', ['区发改局']],
    [['区教体局', '区教育和体育局'], '区教育和体育局', ['区教体局']],
    [['财政局', '市财政局'], '市财政局', ['财政局']],
    [['区农工办（区农发局）', '区农发局'], '区农工办（区农发局）', ['区农发局', '区农工办']],
    [['区工信局', '区工信局（科技局）'], '区工信局（科技局）', ['区工信局', '区科技局']],
    [
      ['区委乡村振兴和脱贫攻坚督查组', '区委乡村振兴和打赢脱贫攻坚战督查组'],
      '区委乡村振兴和打赢脱贫攻坚战督查组',
      ['区委乡村振兴和脱贫攻坚督查组'],
    ],
    [['区扶贫开发领导小组成员单位', '区扶贫开发领导小组各成员单位'], '区扶贫开发领导小组各成员单位', ['区扶贫开发领导小组成员单位']],
    // Short forms by rule: the name before a body took on a further remit (at most two characters more).
    [['区农业局', '区农业农村局'], '区农业农村局', ['区农业局']],
    [['区教育局', '区教育和体育局'], '区教育和体育局', ['区教育局']],
    [['区金融局', '区金融工作局'], '区金融工作局', ['区金融局']],
    [['区住建局', '区住房和城乡建设局'], '区住房和城乡建设局', ['区住建局']],
    [['区医保局', '区医疗保障局'], '区医疗保障局', ['区医保局']],
    [['人社局', '区人力资源社会保障局'], '区人力资源社会保障局', ['人社局']],
    [['发改局', '县发展和改革局'], '县发展和改革局', ['发改局']],
    // The spelling a list uses most is canonical; forms equal but for 和 count together.
    [['区卫健局', '区卫生健康局', '区卫健局'], '区卫健局', ['区卫生健康局']],
    [['县人社局', '县人力资源和社会保障局', '县人力资源社会保障局'], '县人力资源和社会保障局', ['县人力资源社会保障局', '县人社局']],
  ])('merges %j into %s', (names, canonical, aliases) => {
    const dir = buildUnitDirectory(names);
    expect(dir.units).toHaveLength(1);
    expect(dir.units[0].name).toBe(canonical);
    expect([...dir.units[0].aliases].sort()).toEqual([...aliases].sort());
    for (const n of names) expect(dir.canonical(n)).toBe(canonical);
  });

  it.each<[string[]]>([
    [['市民政局', '市民族宗教局']],
    [['区民政局', '区民族宗教局']],
    [['区委', '区委组织部']],
    [['区财政局', '区发展和改革局']],
    [['市委组织部', '市委统战部']],
    [['区科工信局', '区工信局']],
    [['区社保局', '区人力资源和社会保障局']], // abbreviations start like the full name
    [['区卫计局', '区卫生健康局']],
    [['区卫生健康委', '区卫健局']],
    [['市财政局', '区财政局']],
    [['财政局', '市财政局', '区财政局']], // a bare name fitting two prefixed units stays apart
    [['区文广局', '区文化广电新闻出版局', '区文化广电旅游体育局']], // an abbreviation fitting two units
    [['各镇政府', '各镇党委政府']], // groups are only merged over 各
  ])('keeps %j apart', (names) => {
    const dir = buildUnitDirectory(names);
    expect(dir.units.map((u) => u.name)).toEqual(names);
    for (const u of dir.units) expect(u.aliases).toEqual([]);
  });

  it('keeps document order of first mention, groups with empty members, units without', () => {
    const dir = buildUnitDirectory(['区卫健局', '各镇党委政府', '区扶贫办', '区卫生健康局', ' 区扶贫办', '各镇党委政府']);
    expect(dir.units).toEqual([
      { name: '区卫生健康局', kind: 'unit', aliases: ['区卫健局'] },
      { name: '各镇党委政府', kind: 'group', aliases: [], members: [] },
      { name: '区扶贫办', kind: 'unit', aliases: [] },
    ]);
  });

  it('canonical() normalises spacing and width and passes unknown names through', () => {
    const dir = buildUnitDirectory(['区卫健局', '区卫生健康局', '各镇街（管区）']);
    expect(dir.canonical(' 区 卫健局 ')).toBe('区卫生健康局');
    expect(dir.canonical('各镇街(管区)')).toBe('各镇街（管区）');
    expect(dir.canonical('区教育局')).toBe('区教育局');
  });
});

describe('resolveUnitName', () => {
  const dir = buildUnitDirectory([
    '区民政局',
    '区民族宗教局',
    '区委组织部',
    '区委宣传部',
    '区卫生健康局',
    '区卫健局',
    '区人力资源和社会保障局',
    '各镇街（管区）',
    '区农工办（区农发局）',
    '区扶贫办',
    '区农业农村局',
    '区住房和城乡建设局',
    '区医疗保障局',
  ]);

  it.each<[string, string | undefined, string[]]>([
    ['区民政局', '区民政局', ['区民政局']],
    ['区 民政局', '区民政局', ['区民政局']],
    ['区民政局\u3000', '区民政局', ['区民政局']],
    ['区卫健局', '区卫生健康局', ['区卫生健康局']],
    ['区人力资源社会保障局', '区人力资源和社会保障局', ['区人力资源和社会保障局']],
    ['民政局', '区民政局', ['区民政局']],
    ['扶贫办', '区扶贫办', ['区扶贫办']],
    ['区民政', '区民政局', ['区民政局']],
    ['镇街(管区)', '各镇街（管区）', ['各镇街（管区）']],
    ['区农发局', '区农工办（区农发局）', ['区农工办（区农发局）']],
    ['区农工办', '区农工办（区农发局）', ['区农工办（区农发局）']],
    ['人社局', '区人力资源和社会保障局', ['区人力资源和社会保障局']],
    ['农业局', '区农业农村局', ['区农业农村局']],
    ['区住建局', '区住房和城乡建设局', ['区住房和城乡建设局']],
    ['医保局', '区医疗保障局', ['区医疗保障局']],
    ['卫健局', '区卫生健康局', ['区卫生健康局']],
    ['区委', undefined, ['区委组织部', '区委宣传部']],
    ['区民', undefined, ['区民政局', '区民族宗教局']],
    ['区教育局', undefined, []],
    ['民', undefined, []],
    ['', undefined, []],
  ])('%j → %s', (input, unit, candidates) => {
    expect(resolveUnitName(input, dir)).toEqual(unit === undefined ? { candidates } : { unit, candidates });
  });

  it('works on a plain Unit[] and lists candidates when the prefix is ambiguous', () => {
    const units: Unit[] = [
      { name: '市民政局', kind: 'unit', aliases: [] },
      { name: '区民政局', kind: 'unit', aliases: [] },
    ];
    expect(resolveUnitName('民政局', units)).toEqual({ candidates: ['市民政局', '区民政局'] });
    expect(resolveUnitName('市民政局', units)).toEqual({ unit: '市民政局', candidates: ['市民政局'] });
  });
});

describe('seed documents', () => {
  it('000: row heads and the 配合单位 column', () => {
    const text = seed('000');
    const lines = text
      .split('\n')
      .filter((l) => /^\t[^\t。《]{2,80}$/.test(l) && /(局|委|办|部|联|位|组|府|等|行|门|处)$/.test(l.trim()))
      .map((l) => l.trim())
      .filter((l) => l !== '配合单位');
    expect(lines).toContain('区扶贫办、区教育局、区民政局等相关业务主管部门');
    const names = lines.flatMap(splitUnitList);
    expect(names.length).toBeGreaterThan(60);
    expectClean(names);
    const dir = buildUnitDirectory(names);
    expect(dir.canonical('区卫健局')).toBe('区卫生健康局');
    expect(dir.canonical('区人力资源社会保障局')).toBe('区人力资源和社会保障局');
    expect(dir.canonical('区扶贫开发领导小组成员单位')).toBe('区扶贫开发领导小组各成员单位');
    expect(dir.canonical('区农业农村局')).toBe('区农业农村局');
    const kinds = Object.fromEntries(dir.units.map((u) => [u.name, u.kind]));
    expect(kinds['各街道党工委和办事处']).toBe('group');
    expect(kinds['区各挂钩帮扶单位']).toBe('group');
    expect(kinds['区委区政府']).toBe('unit');
    expect(kinds['驻街道帮扶工作组']).toBe('unit');
  });

  it('001: the 责任单位 column', () => {
    const rows = seed('001')
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((cells) => cells.length >= 4 && cells[2] !== '责任单位');
    const lists = rows.map((cells) => splitUnitList(cells[2]));
    const names = lists.flat();
    expect(names.length).toBeGreaterThan(100);
    expectClean(names);
    expect(lists).toContainEqual(['市民政局', '市人社局', '市财政局', '各区（县）', '各镇']);
    expect(lists).toContainEqual(['各区（县）党委政府', '各镇党委政府', '各帮扶单位']);
    expect(lists).toContainEqual(['市民政局', '市教育局', '市科技局', '市卫计局', '各区（县）']);
    expect(names).toContain('市供电局');
    // no department is left without its 市 (branches of outside bodies carry their own place)
    for (const n of names) expect(n).toMatch(/^(市|各|团市委|区（县）|人行|汕头|银监会)/);
  });

  it('002: units in the closing parentheses', () => {
    const text = seed('002');
    const lists = [...text.matchAll(/[（(]((?:市|团市|人民银行|深圳)[^（）()。]*?)[）)]。?[ \t]*$/gm)].map((m) => splitUnitList(m[1]));
    expect(lists.length).toBeGreaterThanOrEqual(55);
    const names = lists.flat();
    expectClean(names);
    expect(names).toEqual(expect.arrayContaining(['市民政局', '市交通运输局', '市委组织部', '市妇联', '深圳对口帮扶办']));
    expect(names.filter((n) => n.startsWith('市深圳'))).toEqual([]);
    for (const list of lists) expect(new Set(list).size).toBe(list.length);
    const dir = buildUnitDirectory(names);
    expect(dir.units.every((u) => u.kind === 'unit')).toBe(true);
  });

  it('003: 牵头单位/责任单位 markers and the 速览表', () => {
    const text = seed('003');
    const markers = [...text.matchAll(/[（(](?:\*\*)?(?:牵头单位|责任单位)(?:[^（）()]|[（(][^（）()]*[）)])*[）)]/g)].map((m) => m[0]);
    expect(markers.length).toBeGreaterThan(40);
    const names = markers.flatMap(splitUnitList);
    expectClean(names);
    expect(names).toEqual(
      expect.arrayContaining(['大致坡镇党委政府', '灵山镇党委政府', '区精准扶贫工作领导小组各成员单位', '区工商联', '相关金融机构']),
    );
    expect(names).not.toContain('大致坡镇');
    const row = /区民政局、 区民政局、区扶贫办/.exec(text);
    expect(row).not.toBeNull();
    expect(splitUnitList(row ? row[0] : '')).toEqual(['区民政局', '区扶贫办']);
    const dir = buildUnitDirectory(names);
    const groups = dir.units.filter((u) => u.kind === 'group').map((u) => u.name);
    expect(groups).toEqual(
      expect.arrayContaining(['各镇党委政府', '相关金融机构', '相关保险公司', '有关扶贫电商企业', '驻村第一书记和驻村工作队员派出单位']),
    );
  });

  it('004: 责任单位 lines, continued over line ends', () => {
    const text = seed('004');
    const lists = [...text.matchAll(/^责任单位：((?:[^\n]*、\n)*[^\n]*)$/gm)].map((m) => splitUnitList(m[1]));
    expect(lists.length).toBeGreaterThan(80);
    const names = lists.flat();
    expectClean(names);
    expect(lists[0]).not.toContain('列在首位的为牵头单位（下同）');
    expect(lists[0][lists[0].length - 1]).toBe('各镇街（管区）');
    expect(lists).toContainEqual(['区林业局', '区国土房管局', '区水利局', '环保分局', '各镇街（管区）']);
    expect(names).toContain('区农工办（区农发局）');
    const dir = buildUnitDirectory(names);
    expect(resolveUnitName('区农发局', dir).unit).toBe('区农工办（区农发局）');
    expect(resolveUnitName('农工办', dir).unit).toBe('区农工办（区农发局）');
    expect(resolveUnitName('镇街（管区）', dir).unit).toBe('各镇街（管区）');
  });
});

describe('normalizeUnitName', () => {
  it.each<[string, string]>([
    [' 区  工商联 ', '区工商联'],
    ['**区扶贫办**', '区扶贫办'],
    ['各镇街(管区)', '各镇街（管区）'],
    ['区扶贫办。', '区扶贫办'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeUnitName(raw)).toBe(expected);
  });
});
