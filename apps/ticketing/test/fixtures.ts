import { randomUUID } from 'node:crypto';

import { CasePriority, CaseSource, CaseState, CategoryKind, TimeUnit } from '@citygrid/contracts/ticketing';

import type { Case } from '../src/cases/case.entity';
import type { Category } from '../src/categories/category.entity';

/**
 * Rows for ticketing's service-level unit tests (`*.service.spec.ts`, over `InMemoryDb` of
 * `@citygrid/testing`).
 */

/** 郑州市 → 中原区 → 林山寨街道 → community 001 → level-2 grid → level-3 grid. */
export const GRID_PATH = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];
/** The same subdistrict's community 002, down to one of its level-3 grids. */
export const NEIGHBOUR_PATH = ['410100', '410102', '410102005', '410102005002', '41010200500201', '4101020050020101'];

/** A class and its sub-class `CM05` with a limit of 2 working days. */
export const CATEGORIES: Array<Partial<Category>> = [
  { code: 'CM', parentCode: null, name: '市容环境', kind: CategoryKind.CityManagement, leaf: false, departmentKind: null, limitAmount: null, limitUnit: null, sortOrder: 0 },
  { code: 'CM05', parentCode: 'CM', name: '垃圾满溢', kind: CategoryKind.CityManagement, leaf: true, departmentKind: null, limitAmount: 2, limitUnit: TimeUnit.WorkingDays, sortOrder: 1 },
];

let seq = 0;

/** A case reported now in the level-3 grid of `GRID_PATH`, under `CM05`, unless `over` says otherwise. */
export function aCase(over: Partial<Case> = {}): Partial<Case> {
  const now = new Date();
  seq += 1;
  const gridPath = over.gridPath ?? GRID_PATH;
  return {
    id: randomUUID(),
    number: `CM05-20261204-${String(seq).padStart(4, '0')}`,
    source: CaseSource.Citizen,
    categoryCode: 'CM05',
    description: 'bins overflowing at the east gate',
    lng: 113.598619,
    lat: 34.769013,
    address: '林山寨 east gate',
    priority: CasePriority.Normal,
    state: CaseState.Reported,
    gridCode: gridPath[gridPath.length - 1]!,
    gridPath: [...gridPath],
    level: gridPath.length - 1,
    dispatchTarget: null,
    departmentCode: null,
    deadline: null,
    reporters: [{ name: '张三' }],
    photos: [],
    pendingRequest: null,
    suspendedFrom: null,
    suspendedRemainingMs: null,
    reason: null,
    handlingNotes: null,
    reworkCount: 0,
    escalationCount: 0,
    mergedIntoId: null,
    closedAt: null,
    createdBy: 'reporter',
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...over,
  };
}
