import { ErrorCode } from '@citygrid/contracts';
import { CategoryKind } from '@citygrid/contracts/ticketing';
import type { EventRecorder } from '@citygrid/persistence';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from 'nats';

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

/** The service over a table of `rows` that counts its reads, and a bus whose category events the test fires. */
function setup(rows: Category[]) {
  let reads = 0;
  let onEvent: (() => void) | undefined;
  const orm = { em: { fork: () => ({ find: async () => (reads++, rows) }) } } as unknown as MikroORM;
  const nc = { subscribe: (_subject: string, opts: { callback: () => void }) => ((onEvent = opts.callback), { unsubscribe: () => undefined }) } as unknown as NatsConnection;
  const sut = new CategoriesService(orm, {} as EventRecorder, nc);
  sut.onApplicationBootstrap();
  return { sut, reads: () => reads, fireCategoryEvent: () => onEvent?.() };
}

describe('CategoriesService.leaf', () => {
  it('reads the tree once for many intakes', async () => {
    const { sut, reads } = setup([row('CM', false), row('CM05', true)]);
    for (let i = 0; i < 5; i++) await expect(sut.leaf('CM05')).resolves.toMatchObject({ code: 'CM05', leaf: true });
    expect(reads()).toBe(1);
  });

  it('refuses a class or an unknown code with 422 naming categoryCode', async () => {
    const { sut } = setup([row('CM', false), row('CM05', true)]);
    await expect(sut.leaf('CM')).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'categoryCode', reason: 'is a class, not a sub-class' }] });
    await expect(sut.leaf('ZZ01')).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'categoryCode', reason: 'unknown category' }] });
  });

  it('reads the tree again after a category event, so another replica’s change applies at once', async () => {
    const rows = [row('CM', false)];
    const { sut, reads, fireCategoryEvent } = setup(rows);
    await expect(sut.leaf('CM08')).rejects.toMatchObject({ code: ErrorCode.Unprocessable });
    rows.push(row('CM08', true));
    fireCategoryEvent();
    await expect(sut.leaf('CM08')).resolves.toMatchObject({ code: 'CM08' });
    expect(reads()).toBe(2);
  });
});
