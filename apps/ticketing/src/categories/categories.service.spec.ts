import { ErrorCode } from '@citygrid/contracts';
import { CategoryEvents, CategoryKind, type CategoryChangedV1 } from '@citygrid/contracts/ticketing';
import { buildCloudEvent, encodeCloudEvent } from '@citygrid/messaging';
import type { EventRecorder } from '@citygrid/persistence';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from 'nats';

import type { TicketingEnv } from '../config';
import type { Category } from '../shared/entities';
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
  const sut = new CategoriesService(orm, {} as EventRecorder, nc, { EVENT_STREAM: 'CITYGRID' } as TicketingEnv);
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
