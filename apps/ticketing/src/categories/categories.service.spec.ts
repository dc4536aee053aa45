import { ErrorCode } from '@citygrid/contracts';
import { DepartmentKind } from '@citygrid/contracts/grid-registry';
import { Role } from '@citygrid/contracts/identity';
import { CategoryEvents, CategoryKind, TimeUnit, type CategoryChangedV1, type CreateCategoryDto } from '@citygrid/contracts/ticketing';
import { buildCloudEvent, encodeCloudEvent, Subjects } from '@citygrid/messaging';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from 'nats';

import { CATEGORIES } from '../../test/fixtures';
import { Category } from './category.entity';
import { CategoriesService } from './categories.service';

const row = (code: string, leaf: boolean): Category =>
  ({
    code,
    parentCode: leaf ? code.slice(0, 2) : null,
    name: code,
    kind: CategoryKind.CityManagement,
    leaf,
    departmentKind: null,
    limitAmount: leaf ? 2 : null,
    limitUnit: null,
    sortOrder: 0,
  }) as unknown as Category;

/** A JetStream subscription the test pushes messages into (what the ordered consumer delivers). */
function pushedSubscription() {
  const queue: Array<{ subject: string; data: Uint8Array }> = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const sub = {
    unsubscribe: () => ((closed = true), wake?.()),
    async *[Symbol.asyncIterator]() {
      while (!closed) {
        const m = queue.shift();
        if (m) yield m;
        else await new Promise<void>((r) => (wake = r));
      }
    },
  };
  return { sub, push: (m: { subject: string; data: Uint8Array }) => (queue.push(m), wake?.()) };
}

/** The service over a table of `rows` that counts its reads, and a bus whose category events the test fires. */
async function setup(rows: Category[]) {
  let reads = 0;
  const orm = { em: { fork: () => ({ find: async () => (reads++, rows) }) } } as unknown as MikroORM;
  const { sub, push } = pushedSubscription();
  const nc = { jetstream: () => ({ subscribe: async () => sub }) } as unknown as NatsConnection;
  const sut = new CategoriesService(orm, {} as EventRecorder, nc, new Subjects({ stream: 'CITYGRID' }));
  await sut.onApplicationBootstrap();
  const event = buildCloudEvent(CategoryEvents.categoryChanged, {
    subject: 'CM08',
    data: {
      change: 'created',
      code: 'CM08',
      parentCode: 'CM',
      kind: CategoryKind.CityManagement,
      limitAmount: 2,
      limitUnit: null,
      changed: [],
      actor: { id: 'a', kind: 'staff', roles: [] },
    } as unknown as CategoryChangedV1,
  });
  const fireCategoryEvent = async () => {
    push({ subject: 'citygrid.ticketing.category.changed', data: encodeCloudEvent(event) });
    await new Promise((r) => setImmediate(r));
  };
  return { sut, reads: () => reads, fireCategoryEvent };
}

describe('CategoriesService.leaf', () => {
  it('reads the tree once for many intakes', async () => {
    const { sut, reads } = await setup([row('CM', false), row('CM05', true)]);
    for (let i = 0; i < 5; i++) await expect(sut.leaf('CM05')).resolves.toMatchObject({ code: 'CM05', leaf: true });
    expect(reads()).toBe(1);
  });

  it('refuses a class or an unknown code with 422 naming categoryCode', async () => {
    const { sut } = await setup([row('CM', false), row('CM05', true)]);
    await expect(sut.leaf('CM')).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'categoryCode', reason: 'is a class, not a sub-class' }] });
    await expect(sut.leaf('ZZ01')).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'categoryCode', reason: 'unknown category' }] });
  });

  it('reads the tree again after a category event, so another replica’s change applies at once', async () => {
    const rows = [row('CM', false)];
    const { sut, reads, fireCategoryEvent } = await setup(rows);
    await expect(sut.leaf('CM08')).rejects.toMatchObject({ code: ErrorCode.Unprocessable });
    rows.push(row('CM08', true));
    await fireCategoryEvent();
    await expect(sut.leaf('CM08')).resolves.toMatchObject({ code: 'CM08' });
    expect(reads()).toBe(2);
  });
});

describe('CategoriesService: managing the tree', () => {
  const cityOperator = testCaller({ roles: [Role.CityOperator], nodeScope: '410100' });

  function managed() {
    const db = new InMemoryDb();
    db.insert(Category, ...CATEGORIES);
    const sut = new CategoriesService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder, {} as NatsConnection, new Subjects({}));
    return { db, sut };
  }

  const subClass = (over: Partial<CreateCategoryDto> = {}): CreateCategoryDto => ({
    code: 'CM06',
    parentCode: 'CM',
    name: '占道经营',
    leaf: true,
    departmentKind: DepartmentKind.CityManagement,
    limitAmount: 4,
    limitUnit: TimeUnit.WorkingHours,
    ...over,
  });

  it('adds a sub-class of the parent’s kind, at the end of the order, with category.changed; intake accepts it at once', async () => {
    const { db, sut } = managed();
    await expect(sut.leaf('CM05')).resolves.toMatchObject({ code: 'CM05' });
    await expect(sut.create(cityOperator, subClass())).resolves.toMatchObject({ code: 'CM06', parentCode: 'CM', kind: CategoryKind.CityManagement, limitAmount: 4 });
    expect(db.rows(Category).find((c) => c.code === 'CM06')?.sortOrder).toBe(2);
    expect(db.events).toMatchObject([{ type: CategoryEvents.categoryChanged.type, subject: 'CM06', data: { change: 'create', changed: [], actor: { id: cityOperator.id } } }]);
    await expect(sut.leaf('CM06')).resolves.toMatchObject({ code: 'CM06' });
  });

  it('is for city-wide authority only: a district or subdistrict operator gets 403', async () => {
    const { db, sut } = managed();
    for (const caller of [testCaller({ roles: [Role.DistrictOperator], nodeScope: '410102' }), testCaller({ roles: [Role.SubdistrictOperator], nodeScope: '410102005' })]) {
      await expect(sut.create(caller, subClass())).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.update(caller, { code: 'CM05', limitAmount: 1 })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    }
    expect(db.events).toEqual([]);
  });

  it('names the field that breaks the tree: unknown or sub-class parent, another kind (422), limits on a class (400), a taken code (409)', async () => {
    const { db, sut } = managed();
    await expect(sut.create(cityOperator, subClass({ parentCode: 'ZZ' }))).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'parentCode', reason: 'unknown category' }] });
    await expect(sut.create(cityOperator, subClass({ parentCode: 'CM05', code: 'CM0501' }))).rejects.toMatchObject({ errors: [{ field: 'parentCode', reason: 'is a sub-class, not a class' }] });
    await expect(sut.create(cityOperator, subClass({ kind: CategoryKind.Event }))).rejects.toMatchObject({ errors: [{ field: 'kind' }] });
    await expect(sut.create(cityOperator, { code: 'KA', name: '重点领域', kind: CategoryKind.KeyArea, leaf: false, limitAmount: 2, limitUnit: TimeUnit.WorkingDays })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      errors: [{ field: 'limitAmount' }, { field: 'limitUnit' }],
    });
    await expect(sut.create(cityOperator, subClass({ code: 'CM05' }))).rejects.toMatchObject({ code: ErrorCode.Conflict, errors: [{ field: 'code', reason: 'is taken' }] });
    expect(db.rows(Category)).toHaveLength(2);
  });

  it('changes a sub-class’s limit with the fields it changed and the state before; a class takes no limit; an unchanged value records nothing', async () => {
    const { db, sut } = managed();
    await expect(sut.update(cityOperator, { code: 'CM05', limitAmount: 3, name: '垃圾满溢' })).resolves.toMatchObject({ limitAmount: 3 });
    expect(db.events).toMatchObject([{ data: { change: 'update', changed: ['limitAmount'] }, before: { limitAmount: 2 } }]);
    await sut.update(cityOperator, { code: 'CM05', limitAmount: 3 });
    expect(db.events).toHaveLength(1);
    await expect(sut.update(cityOperator, { code: 'CM', limitAmount: 3 })).rejects.toMatchObject({
      code: ErrorCode.Unprocessable,
      errors: [{ field: 'limitAmount', reason: 'applies to sub-classes only' }],
    });
    await expect(sut.update(cityOperator, { code: 'CM05' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ field: 'body' }] });
    await expect(sut.update(cityOperator, { code: 'ZZ01', name: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
