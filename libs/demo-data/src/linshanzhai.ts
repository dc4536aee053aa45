/**
 * Demo dataset for the Linshanzhai subdistrict 林山寨街道 (Zhongyuan district 中原区, Zhengzhou 郑州):
 * the grid tree with boundaries, staff, linked departments, households, units and key locations.
 *
 * Pure and deterministic: no I/O, no clock, no Math.random; a seeded PRNG makes every run produce
 * identical data, so tests and demos can rely on exact values.
 *
 * Geometry: the subdistrict is the rectangle lng 113.59–113.63, lat 34.74–34.77 (west Zhengzhou).
 * Its 12 communities tile it 4 (west→east) × 3 (north→south); 3 communities are split into two
 * level-2 grids (west/east halves), the other 9 are one level-2 grid each (12 + 3 = 15); every
 * level-2 grid is cut into 3 or 4 horizontal level-3 strips (6 × 4 + 9 × 3 = 51). All corners are
 * whole micro-degrees, so neighbours share bit-identical borders.
 */
import type { Polygon } from 'geojson';

export type NodeKind = 'city' | 'district' | 'subdistrict' | 'community' | 'grid';
export type GridLevel = 1 | 2 | 3;
export type StaffRole = 'grid_leader' | 'grid_member' | 'responsible_person' | 'platform_operator' | 'supervisor';
export type DepartmentKind = 'police' | 'market_regulation' | 'quality_supervision' | 'work_safety' | 'city_management' | 'other';
export type UnitType = 'enterprise' | 'public_institution' | 'shop' | 'other';
export type KeyLocationCategory =
  'gas_station' | 'gas_facility' | 'school' | 'kindergarten' | 'market' | 'hospital' | 'construction_site' | 'internet_cafe' | 'entertainment' | 'warehouse' | 'shopping_mall';
/** `[lng, lat]`, WGS-84. */
export type LngLat = [number, number];

export interface DemoNode {
  /** GB/T 2260 prefix then local numbers; a child's code starts with its parent's. */
  code: string;
  name: string;
  nameEn?: string;
  kind: NodeKind;
  /** 1 for the subdistrict (the level-1 grid), 2/3 for grids, null for city/district/community. */
  gridLevel: GridLevel | null;
  parentCode: string | null;
  /** Axis-aligned rectangle, counter-clockwise exterior ring. */
  boundary: Polygon;
}

export interface DemoStaff {
  name: string;
  role: StaffRole;
  nodeCode: string;
}

export interface DemoDepartment {
  code: string;
  name: string;
  kind: DepartmentKind;
  /** Nodes the department is "sunk" into (下沉) and receives dispatched cases from. */
  nodeCodes: string[];
}

export interface DemoHousehold {
  /** Compound address, e.g. `伏牛路126号院`. */
  address: string;
  building: string;
  unit: string;
  room: string;
  /** Name of the head of household; no phone or ID numbers in demo data. */
  headName: string;
  members: number;
  /** Strictly inside the level-3 grid `gridCode`. */
  point: LngLat;
  /** The level-3 grid the point lies in (the expected lookup answer). */
  gridCode: string;
}

export interface DemoUnit {
  name: string;
  unitType: UnitType;
  /** 18-character unified social credit code (GB 32100-2015) with valid check characters. */
  creditCode: string;
  address: string;
  point: LngLat;
  gridCode: string;
}

export interface DemoKeyLocation {
  name: string;
  category: KeyLocationCategory;
  point: LngLat;
  gridCode: string;
}

export interface DemoDataset {
  nodes: DemoNode[];
  staff: DemoStaff[];
  departments: DemoDepartment[];
  households: DemoHousehold[];
  units: DemoUnit[];
  keyLocations: DemoKeyLocation[];
}

export const CITY_CODE = '410100';
export const DISTRICT_CODE = '410102';
export const SUBDISTRICT_CODE = '410102005';

/** Micro-degrees: all demo corners are whole micro-degrees. */
const MICRO = 1_000_000;
const SUB_WEST = 113_590_000;
const SUB_SOUTH = 34_740_000;
const SUB_EAST = 113_630_000;
const SUB_NORTH = 34_770_000;
const COMMUNITY_COLUMNS = 4;
const COMMUNITY_ROWS = 3;
const COMMUNITY_WIDTH = (SUB_EAST - SUB_WEST) / COMMUNITY_COLUMNS; // 10 000 µ°
const COMMUNITY_HEIGHT = (SUB_NORTH - SUB_SOUTH) / COMMUNITY_ROWS; // 10 000 µ°

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * The 12 communities, north-west first, row by row. `strips` lists, per level-2 grid, how many
 * level-3 strips it holds: two entries = the community is split into west/east level-2 grids.
 */
const COMMUNITIES: ReadonlyArray<{ name: string; nameEn: string; road: string; strips: number[] }> = [
  { name: '林山寨社区', nameEn: 'Linshanzhai Community', road: '建设西路', strips: [3, 3] },
  { name: '汝河社区', nameEn: 'Ruhe Community', road: '汝河路', strips: [4] },
  { name: '伏牛路社区', nameEn: 'Funiu Road Community', road: '伏牛路', strips: [4] },
  { name: '建设路社区', nameEn: 'Jianshe Road Community', road: '建设路', strips: [3] },
  { name: '桐柏路社区', nameEn: 'Tongbai Road Community', road: '桐柏路', strips: [4] },
  { name: '华山路社区', nameEn: 'Huashan Road Community', road: '华山路', strips: [3, 3] },
  { name: '棉纺路社区', nameEn: 'Mianfang Road Community', road: '棉纺路', strips: [4] },
  { name: '互助路社区', nameEn: 'Huzhu Road Community', road: '互助路', strips: [3] },
  { name: '工人路社区', nameEn: 'Gongren Road Community', road: '工人路', strips: [4] },
  { name: '秦岭路社区', nameEn: 'Qinling Road Community', road: '秦岭路', strips: [3] },
  { name: '中原西路社区', nameEn: 'West Zhongyuan Road Community', road: '中原西路', strips: [3, 3] },
  { name: '百花路社区', nameEn: 'Baihua Road Community', road: '百花路', strips: [4] },
];

/** mulberry32: small, fast, good enough for demo data, identical on every platform. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Rectangle in micro-degrees → GeoJSON Polygon in degrees (counter-clockwise). */
function rectangle(west: number, south: number, east: number, north: number): Polygon {
  const [w, s, e, n] = [west / MICRO, south / MICRO, east / MICRO, north / MICRO];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

interface MicroRect {
  west: number;
  south: number;
  east: number;
  north: number;
}

function rectBounds(boundary: Polygon): [number, number, number, number] {
  const ring = boundary.coordinates[0] ?? [];
  const xs = ring.map((p) => p[0] as number);
  const ys = ring.map((p) => p[1] as number);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Centre of a demo node's rectangle: a point inside the node (its interior point). */
export function interiorPointOf(node: Pick<DemoNode, 'boundary'>): LngLat {
  const [w, s, e, n] = rectBounds(node.boundary);
  return [(w + e) / 2, (s + n) / 2];
}

/** Random point strictly inside a micro-degree rectangle, 10 % away from every edge, rounded to 1 µ°. */
function pointIn(random: Random, r: MicroRect): LngLat {
  const marginX = Math.ceil((r.east - r.west) / 10);
  const marginY = Math.ceil((r.north - r.south) / 10);
  return [randomInt(random, r.west + marginX, r.east - marginX) / MICRO, randomInt(random, r.south + marginY, r.north - marginY) / MICRO];
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN_NAMES = [
  '建国',
  '建华',
  '国强',
  '志强',
  '秀英',
  '桂英',
  '玉兰',
  '秀兰',
  '丽',
  '娟',
  '伟',
  '芳',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '红梅',
  '海燕',
  '晓东',
  '文博',
  '子涵',
  '欣怡',
  '浩然',
  '宇航',
  '俊杰',
  '雪梅',
  '春花',
  '德胜',
  '长江',
  '卫东',
  '振华',
  '淑珍',
  '凤英',
  '金凤',
  '建军',
  '新民',
  '保国',
  '巧玲',
  '梦瑶',
];

function personName(random: Random): string {
  return pick(random, SURNAMES) + pick(random, GIVEN_NAMES);
}

// Unified social credit code (GB 32100-2015): 1 registration authority + 1 type + 6 admin code
// + 9 organisation code (GB 11714: 8 body + check) + 1 check character.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Check character of an 18-character unified social credit code, from its first 17. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARS.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`invalid credit code character ${first17.charAt(i)}`);
    sum += value * (USCC_WEIGHTS[i] as number);
  }
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

/** Check character of a GB 11714 organisation code, from its 8 body digits. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body8.charAt(i)) * (ORG_WEIGHTS[i] as number);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

const CREDIT_PREFIX: Record<UnitType, string> = {
  enterprise: '91', // registered by market regulation, enterprise
  shop: '92', // registered by market regulation, individual business 个体工商户
  public_institution: '12', // registered by institution registration, public institution 事业单位
  other: '51', // registered by civil affairs, social organisation 社会团体
};

function creditCode(random: Random, unitType: UnitType): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += String(randomInt(random, 0, 9));
  const first17 = `${CREDIT_PREFIX[unitType]}${DISTRICT_CODE}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

interface GridPlan {
  node: DemoNode;
  rect: MicroRect;
  community: (typeof COMMUNITIES)[number];
}

function buildNodes(): { nodes: DemoNode[]; levelTwo: GridPlan[]; levelThree: GridPlan[] } {
  const nodes: DemoNode[] = [
    {
      code: CITY_CODE,
      name: '郑州市',
      nameEn: 'Zhengzhou',
      kind: 'city',
      gridLevel: null,
      parentCode: null,
      boundary: rectangle(113_450_000, 34_600_000, 113_850_000, 34_900_000),
    },
    {
      code: DISTRICT_CODE,
      name: '中原区',
      nameEn: 'Zhongyuan District',
      kind: 'district',
      gridLevel: null,
      parentCode: CITY_CODE,
      boundary: rectangle(113_500_000, 34_700_000, 113_660_000, 34_820_000),
    },
    {
      code: SUBDISTRICT_CODE,
      name: '林山寨街道',
      nameEn: 'Linshanzhai Subdistrict',
      kind: 'subdistrict',
      gridLevel: 1,
      parentCode: DISTRICT_CODE,
      boundary: rectangle(SUB_WEST, SUB_SOUTH, SUB_EAST, SUB_NORTH),
    },
  ];
  const levelTwo: GridPlan[] = [];
  const levelThree: GridPlan[] = [];
  COMMUNITIES.forEach((community, index) => {
    const column = index % COMMUNITY_COLUMNS;
    const row = Math.floor(index / COMMUNITY_COLUMNS);
    const west = SUB_WEST + column * COMMUNITY_WIDTH;
    const north = SUB_NORTH - row * COMMUNITY_HEIGHT;
    const communityRect: MicroRect = { west, south: north - COMMUNITY_HEIGHT, east: west + COMMUNITY_WIDTH, north };
    const communityCode = `${SUBDISTRICT_CODE}${String(index + 1).padStart(3, '0')}`;
    nodes.push({
      code: communityCode,
      name: community.name,
      nameEn: community.nameEn,
      kind: 'community',
      gridLevel: null,
      parentCode: SUBDISTRICT_CODE,
      boundary: rectangle(communityRect.west, communityRect.south, communityRect.east, communityRect.north),
    });
    const parts = community.strips.length;
    community.strips.forEach((strips, g) => {
      const gridRect: MicroRect = {
        ...communityRect,
        west: communityRect.west + Math.round((g * COMMUNITY_WIDTH) / parts),
        east: communityRect.west + Math.round(((g + 1) * COMMUNITY_WIDTH) / parts),
      };
      const gridName = `${community.name}第${CHINESE_ORDINALS[g] ?? String(g + 1)}网格`;
      const grid: DemoNode = {
        code: `${communityCode}${String(g + 1).padStart(2, '0')}`,
        name: gridName,
        nameEn: `${community.nameEn} Grid ${g + 1}`,
        kind: 'grid',
        gridLevel: 2,
        parentCode: communityCode,
        boundary: rectangle(gridRect.west, gridRect.south, gridRect.east, gridRect.north),
      };
      nodes.push(grid);
      levelTwo.push({ node: grid, rect: gridRect, community });
      const height = gridRect.north - gridRect.south;
      for (let s = 0; s < strips; s++) {
        // Strips numbered north to south.
        const stripRect: MicroRect = {
          ...gridRect,
          north: gridRect.north - Math.round((s * height) / strips),
          south: gridRect.north - Math.round(((s + 1) * height) / strips),
        };
        const strip: DemoNode = {
          code: `${grid.code}${String(s + 1).padStart(2, '0')}`,
          name: `${gridName}${s + 1}号`,
          nameEn: `${community.nameEn} Grid ${g + 1}-${s + 1}`,
          kind: 'grid',
          gridLevel: 3,
          parentCode: grid.code,
          boundary: rectangle(stripRect.west, stripRect.south, stripRect.east, stripRect.north),
        };
        nodes.push(strip);
        levelThree.push({ node: strip, rect: stripRect, community });
      }
    });
  });
  return { nodes, levelTwo, levelThree };
}

function buildStaff(random: Random, nodes: readonly DemoNode[]): DemoStaff[] {
  const staff: DemoStaff[] = [];
  const used = new Set<string>();
  const add = (role: StaffRole, nodeCode: string): void => {
    // Staff names are unique so a demo user can be found by name; bounded retries, then a suffix.
    let name = personName(random);
    for (let attempt = 0; used.has(name) && attempt < 50; attempt++) name = personName(random);
    if (used.has(name)) name = `${name}${staff.length}`;
    used.add(name);
    staff.push({ name, role, nodeCode });
  };
  add('platform_operator', SUBDISTRICT_CODE);
  add('platform_operator', SUBDISTRICT_CODE);
  add('supervisor', SUBDISTRICT_CODE);
  add('supervisor', SUBDISTRICT_CODE);
  for (const node of nodes) {
    if (node.kind === 'community') add('platform_operator', node.code);
    else if (node.gridLevel === 2) add('grid_leader', node.code);
    else if (node.gridLevel === 3) {
      add('responsible_person', node.code);
      add('grid_member', node.code);
    }
  }
  return staff;
}

function buildDepartments(nodes: readonly DemoNode[]): DemoDepartment[] {
  const communities = nodes.filter((n) => n.kind === 'community').map((n) => n.code);
  const levelTwo = nodes.filter((n) => n.gridLevel === 2).map((n) => n.code);
  return [
    { code: 'lsz-police', name: '郑州市公安局中原分局林山寨派出所', kind: 'police', nodeCodes: communities },
    { code: 'lsz-market', name: '中原区工商局林山寨工商所', kind: 'market_regulation', nodeCodes: [SUBDISTRICT_CODE] },
    { code: 'lsz-quality', name: '中原区质量技术监督局林山寨质监站', kind: 'quality_supervision', nodeCodes: [SUBDISTRICT_CODE] },
    { code: 'lsz-safety', name: '林山寨街道安全生产监督管理站', kind: 'work_safety', nodeCodes: [SUBDISTRICT_CODE] },
    { code: 'lsz-chengguan', name: '中原区城市管理执法局林山寨中队', kind: 'city_management', nodeCodes: levelTwo },
  ];
}

const HOUSEHOLD_COUNT = 300;

function buildHouseholds(random: Random, levelThree: readonly GridPlan[]): DemoHousehold[] {
  const households: DemoHousehold[] = [];
  const perGrid = Math.floor(HOUSEHOLD_COUNT / levelThree.length);
  const extra = HOUSEHOLD_COUNT % levelThree.length;
  levelThree.forEach((plan, g) => {
    const count = perGrid + (g < extra ? 1 : 0);
    // One residential compound per level-3 grid, two buildings in it.
    const address = `${plan.community.road}${randomInt(random, 1, 60) * 2}号院`;
    const buildings = [1, 2].map((b) => ({ building: `${b}号楼`, point: pointIn(random, plan.rect) }));
    const taken = new Set<string>();
    for (let h = 0; h < count; h++) {
      const building = buildings[h % buildings.length] as (typeof buildings)[number];
      let unit = '';
      let room = '';
      for (let attempt = 0; attempt < 100 && (unit === '' || taken.has(`${building.building}/${unit}/${room}`)); attempt++) {
        unit = `${randomInt(random, 1, 3)}单元`;
        room = `${randomInt(random, 1, 7)}0${randomInt(random, 1, 2)}`;
      }
      taken.add(`${building.building}/${unit}/${room}`);
      const members = pick(random, [1, 2, 2, 3, 3, 3, 4, 4, 5]);
      households.push({ address, building: building.building, unit, room, headName: personName(random), members, point: building.point, gridCode: plan.node.code });
    }
  });
  return households;
}

const ENTERPRISE_BRANDS = ['林山', '汝河', '伏牛', '中原', '嵩岳', '华源', '恒达', '鑫盛', '永泰', '博远', '豫兴', '聚丰', '天瑞'];
const ENTERPRISE_TRADES = ['商贸', '建材', '物流', '餐饮管理', '科技', '电子', '纺织', '物业服务', '印务', '汽车服务'];
const SHOP_KINDS = ['便民超市', '烩面馆', '五金店', '理发店', '药店', '水果店', '干洗店', '早餐店', '手机维修店', '副食店'];

function buildUnits(random: Random, levelThree: readonly GridPlan[]): DemoUnit[] {
  const units: DemoUnit[] = [];
  const usedNames = new Set<string>();
  const add = (name: string, unitType: UnitType, plan: GridPlan): void => {
    usedNames.add(name);
    const point = pointIn(random, plan.rect);
    const address = `${plan.community.road}${randomInt(random, 1, 200)}号`;
    units.push({ name, unitType, creditCode: creditCode(random, unitType), address, point, gridCode: plan.node.code });
  };
  const uniqueName = (make: () => string): string => {
    let name = make();
    for (let attempt = 0; usedNames.has(name) && attempt < 50; attempt++) name = make();
    return usedNames.has(name) ? `${name}${units.length}` : name;
  };
  // Every community has a health station 社区卫生服务站 (public institution), in its first level-3 grid.
  for (const community of COMMUNITIES) {
    const plan = levelThree.find((p) => p.community === community);
    if (plan) add(`${community.name}卫生服务站`, 'public_institution', plan);
  }
  for (let i = 0; i < 26; i++) {
    add(
      uniqueName(() => `郑州${pick(random, ENTERPRISE_BRANDS)}${pick(random, ENTERPRISE_TRADES)}有限公司`),
      'enterprise',
      pick(random, levelThree),
    );
  }
  for (let i = 0; i < 18; i++) {
    const plan = pick(random, levelThree);
    add(
      uniqueName(() => `${plan.community.road}${pick(random, SURNAMES)}记${pick(random, SHOP_KINDS)}`),
      'shop',
      plan,
    );
  }
  const others = ['林山寨街道老年人协会', '林山寨街道个体劳动者协会', '林山寨街道慈善分会', '中原区棉纺文化研究会'];
  for (const name of others) add(name, 'other', pick(random, levelThree));
  return units;
}

const KEY_LOCATIONS: ReadonlyArray<{ name: string; category: KeyLocationCategory }> = [
  { name: '中石化林山寨加油站', category: 'gas_station' },
  { name: '中石油伏牛路加油站', category: 'gas_station' },
  { name: '中原区林山寨小学', category: 'school' },
  { name: '中原区汝河路小学', category: 'school' },
  { name: '中原区伏牛路小学', category: 'school' },
  { name: '中原区桐柏路中学', category: 'school' },
  { name: '林山寨街道中心幼儿园', category: 'kindergarten' },
  { name: '华山路幼儿园', category: 'kindergarten' },
  { name: '林山寨农贸市场', category: 'market' },
  { name: '汝河路农贸市场', category: 'market' },
  { name: '棉纺路综合市场', category: 'market' },
  { name: '林山寨社区医院', category: 'hospital' },
  { name: '建设西路地铁站施工工地', category: 'construction_site' },
  { name: '陇海路快速通道施工段', category: 'construction_site' },
  { name: '互助路燃气调压站', category: 'gas_facility' },
  { name: '秦岭路液化气供应站', category: 'gas_facility' },
  { name: '伏牛路网吧', category: 'internet_cafe' },
  { name: '工人路KTV', category: 'entertainment' },
  { name: '中原西路物流仓库', category: 'warehouse' },
  { name: '百花路商业广场', category: 'shopping_mall' },
];

function buildKeyLocations(random: Random, levelThree: readonly GridPlan[]): DemoKeyLocation[] {
  return KEY_LOCATIONS.map(({ name, category }) => {
    // A location named after a road (or after Linshanzhai) goes to a grid of that community.
    const ofRoad = levelThree.filter((p) => name.includes(p.community.road) || (name.includes('林山寨') && p.community.name === '林山寨社区'));
    const plan = pick(random, ofRoad.length > 0 ? ofRoad : levelThree);
    return { name, category, point: pointIn(random, plan.rect), gridCode: plan.node.code };
  });
}

/** The Linshanzhai demo dataset. Pure: equal output on every call and every run. */
export function buildLinshanzhaiDataset(seed = 20130430): DemoDataset {
  const random = createRandom(seed);
  const { nodes, levelThree } = buildNodes();
  return {
    nodes,
    staff: buildStaff(random, nodes),
    departments: buildDepartments(nodes),
    households: buildHouseholds(random, levelThree),
    units: buildUnits(random, levelThree),
    keyLocations: buildKeyLocations(random, levelThree),
  };
}

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** Households as CSV: `address,building,unit,room,head_name,members,lng,lat`. */
export function householdsCsv(dataset: Pick<DemoDataset, 'households'>): string {
  return csv(
    ['address', 'building', 'unit', 'room', 'head_name', 'members', 'lng', 'lat'],
    dataset.households.map((h) => [h.address, h.building, h.unit, h.room, h.headName, h.members, h.point[0], h.point[1]]),
  );
}

/** Units as CSV: `name,unit_type,credit_code,address,lng,lat`. */
export function unitsCsv(dataset: Pick<DemoDataset, 'units'>): string {
  return csv(
    ['name', 'unit_type', 'credit_code', 'address', 'lng', 'lat'],
    dataset.units.map((u) => [u.name, u.unitType, u.creditCode, u.address, u.point[0], u.point[1]]),
  );
}

/** A square synthetic level-3-like grid for benchmarks; shape accepted by `GridSpatialIndex`. */
export interface SyntheticGrid {
  id: string;
  code: string;
  depth: number;
  geometry: Polygon;
}

const SYNTHETIC_WEST = 113_400_000;
const SYNTHETIC_SOUTH = 34_600_000;
/** 0.001° ≈ 90 m × 110 m at this latitude. */
const SYNTHETIC_CELL = 1_000;
/** Depth of a level-3 grid in the tree city(0) → district → subdistrict → community → level-2 → level-3(5). */
export const LEVEL_THREE_DEPTH = 5;

function syntheticColumns(n: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(n)));
}

/**
 * `n` square grids tiling a region row by row from (113.40, 34.60), `ceil(sqrt(n))` per row
 * (100 × 100 for 10 000). Neighbours share bit-identical borders.
 */
export function buildSyntheticGrids(n: number): SyntheticGrid[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  const columns = syntheticColumns(n);
  const grids: SyntheticGrid[] = [];
  for (let i = 0; i < n; i++) {
    const west = SYNTHETIC_WEST + (i % columns) * SYNTHETIC_CELL;
    const south = SYNTHETIC_SOUTH + Math.floor(i / columns) * SYNTHETIC_CELL;
    const serial = String(i + 1).padStart(7, '0');
    grids.push({
      id: `syn-${serial}`,
      code: `${SUBDISTRICT_CODE}${serial}`,
      depth: LEVEL_THREE_DEPTH,
      geometry: rectangle(west, south, west + SYNTHETIC_CELL, south + SYNTHETIC_CELL),
    });
  }
  return grids;
}

/** `[minLng, minLat, maxLng, maxLat]` of the rows `buildSyntheticGrids(n)` occupies (the last row may be partial). */
export function syntheticExtent(n: number): [number, number, number, number] {
  const columns = syntheticColumns(n);
  const rows = Math.ceil(n / columns);
  return [SYNTHETIC_WEST / MICRO, SYNTHETIC_SOUTH / MICRO, (SYNTHETIC_WEST + columns * SYNTHETIC_CELL) / MICRO, (SYNTHETIC_SOUTH + rows * SYNTHETIC_CELL) / MICRO];
}
