import { assertAllowed } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { CategoryEvents, type CategoryChangedV1, type CategoryView, type CreateCategoryDto, type UpdateCategoryRequest } from '@citygrid/contracts/ticketing';
import { EventFollower, Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { SERVICE_NATS, ServiceError } from '@citygrid/service-kit';
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import { actorOf } from '../shared/actor';
import { managesReferenceData } from '../shared/authorization';
import { Category } from './category.entity';
import { TicketingException } from '../shared/ticketing.exception';

/** Longest a replica answers intake from categories it read before another replica changed them, should it miss the event. */
const CACHE_TTL_MS = 30_000;

const MANAGERS_ONLY = 'Only city operators and the system administrator change the category tree: it applies to the whole city.';

/**
 * The category tree: seeded by the migration, managed through `create` and `update` by operators
 * of the city (and the system admin). Every change records
 * `citygrid.category.changed.v1` in the same transaction.
 */
@Injectable()
export class CategoriesService implements OnApplicationBootstrap, OnApplicationShutdown {
  /**
   * The tree as intake reads it, in memory: a few dozen rows read on every case otherwise. Kept in
   * step by this replica's own changes at once and by the others' `category.changed` events.
   */
  private cache?: { loadedAt: number; byCode: Map<string, CategoryView> };
  private follower?: EventFollower;

  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    @Inject(SERVICE_NATS) private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // an ordered consumer: after a reconnect it resumes where it was, so no change goes unheard
    this.follower = new EventFollower({
      nc: this.nc,
      stream: this.subjects.stream,
      filterSubject: this.subjects.event(CategoryEvents.categoryChanged.subject),
      onEvent: () => void (this.cache = undefined),
    });
    await this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }

  /** A sub-class a new case may be filed under: known, a sub-class, not retired (422 naming `categoryCode` otherwise). */
  async openLeaf(code: string): Promise<CategoryView> {
    const c = await this.leaf(code);
    if (c.retired) throw TicketingException.unprocessable(`Category ${code} is retired; see GET /categories for the ones in use.`, [{ field: 'categoryCode', reason: 'is retired' }]);
    return c;
  }

  /** A sub-class, from the cached tree (retired ones too: cases filed under them keep them); 422 naming `categoryCode` otherwise. */
  async leaf(code: string): Promise<CategoryView> {
    if (!this.cache || Date.now() - this.cache.loadedAt > CACHE_TTL_MS) {
      const rows = await this.orm.em.fork().find(Category, {});
      this.cache = { loadedAt: Date.now(), byCode: new Map(rows.map((r) => [r.code, toCategoryView(r)])) };
    }
    const c = this.cache.byCode.get(code);
    if (!c || !c.leaf) throw notALeaf(code, c !== undefined);
    return c;
  }

  async list(): Promise<CategoryView[]> {
    const rows = await this.orm.em.fork().find(Category, {}, { orderBy: { sortOrder: 'asc', code: 'asc' } });
    return rows.map(toCategoryView);
  }

  /**
   * Add a class or a sub-class. A sub-class needs a parent class, a department kind and a time
   * limit (checked by the DTO); a class takes neither. Duplicate code → 409; unknown parent, or a
   * parent that is a sub-class, or a kind differing from the parent's → 422.
   */
  async create(caller: Caller, dto: CreateCategoryDto): Promise<CategoryView> {
    assertAllowed(managesReferenceData(caller), MANAGERS_ONLY);
    if (!dto.leaf) noLeafFields(dto);
    const em = this.orm.em.fork();
    try {
      const created = await em.transactional(async (tx) => {
        if (await tx.findOne(Category, { code: dto.code })) throw duplicate(dto.code);
        const parent = dto.parentCode === undefined ? null : await tx.findOne(Category, { code: dto.parentCode });
        if (dto.parentCode !== undefined && !parent) {
          throw TicketingException.unprocessable(`Parent category ${dto.parentCode} does not exist.`, [{ field: 'parentCode', reason: 'unknown category' }]);
        }
        if (parent?.leaf) {
          throw TicketingException.unprocessable(`Category ${parent.code} is a sub-class; only classes have children.`, [{ field: 'parentCode', reason: 'is a sub-class, not a class' }]);
        }
        if (parent && dto.kind !== undefined && dto.kind !== parent.kind) {
          throw TicketingException.unprocessable(`Category ${parent.code} is of kind ${parent.kind}; its children are too.`, [{ field: 'kind', reason: `differs from the parent's (${parent.kind})` }]);
        }
        const kind = dto.kind ?? parent?.kind;
        if (kind === undefined) throw ServiceError.validation([{ field: 'kind', reason: 'is required for a root class' }]);
        const sortOrder = dto.sortOrder ?? (await nextSortOrder(tx));
        const c = Object.assign(new Category(), {
          code: dto.code,
          parentCode: parent?.code ?? null,
          name: dto.name,
          kind,
          leaf: dto.leaf,
          departmentKind: dto.leaf ? (dto.departmentKind ?? null) : null,
          limitAmount: dto.leaf ? (dto.limitAmount ?? null) : null,
          limitUnit: dto.leaf ? (dto.limitUnit ?? null) : null,
          sortOrder,
        });
        tx.persist(c);
        this.events.record(tx, CategoryEvents.categoryChanged, c.code, changedData(c, 'create', [], caller));
        return toCategoryView(c);
      });
      this.cache = undefined;
      return created;
    } catch (err) {
      // Two creates of one code at once: the primary key decides, the loser gets the same 409.
      if (err instanceof UniqueConstraintViolationException) throw duplicate(dto.code);
      throw err;
    }
  }

  /**
   * Change name, order, department kind, time limit or auto-dispatch (the last three on
   * sub-classes only, else 422), or retire it (`retired: true`; a class takes every category
   * beneath it along, each recording its own event) or bring it back. A changed limit applies only
   * to deadlines computed afterwards (cases dispatched from now on, clocks restarted by a later
   * escalation); deadlines already on cases do not move. A retired sub-class takes no new case;
   * the ones filed under it keep it.
   */
  async update(caller: Caller, req: UpdateCategoryRequest): Promise<CategoryView> {
    assertAllowed(managesReferenceData(caller), MANAGERS_ONLY);
    const { code, ...patch } = req;
    const fields = (Object.keys(patch) as Array<keyof typeof patch>).filter((k) => patch[k] !== undefined);
    if (fields.length === 0) throw ServiceError.validation([{ field: 'body', reason: 'names nothing to change' }]);
    const updated = await this.orm.em.fork().transactional(async (tx) => {
      const c = await tx.findOne(Category, { code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c) throw TicketingException.notFound('Category', code);
      if (!c.leaf) {
        const leafOnly = fields.filter((f) => f === 'departmentKind' || f === 'limitAmount' || f === 'limitUnit' || f === 'autoDispatch');
        if (leafOnly.length) {
          throw TicketingException.unprocessable(
            `Category ${code} is a class; only sub-classes carry a department kind, a time limit and auto-dispatch.`,
            leafOnly.map((field) => ({ field, reason: 'applies to sub-classes only' })),
          );
        }
      }
      const changed = fields.filter((f) => (f === 'retired' ? Boolean(c.retiredAt) !== patch.retired : c[f] !== patch[f]));
      if (changed.length === 0) return toCategoryView(c);
      const before = toCategoryView(c);
      const { retired, ...values } = patch;
      Object.assign(c, Object.fromEntries(changed.filter((f) => f !== 'retired').map((f) => [f, values[f as keyof typeof values]])));
      if (changed.includes('retired')) c.retiredAt = retired ? new Date() : null;
      this.events.record(tx, CategoryEvents.categoryChanged, c.code, changedData(c, 'update', changed, caller), before);
      if (changed.includes('retired') && !c.leaf) {
        for (const below of await descendants(tx, c.code)) {
          if (Boolean(below.retiredAt) === retired) continue;
          const was = toCategoryView(below);
          below.retiredAt = c.retiredAt;
          this.events.record(tx, CategoryEvents.categoryChanged, below.code, changedData(below, 'update', ['retired'], caller), was);
        }
      }
      return toCategoryView(c);
    });
    this.cache = undefined;
    return updated;
  }

  /** A sub-class cases can be filed under, or 422 naming `categoryCode`. */
  async mustFindLeaf(em: EntityManager, code: string): Promise<Category> {
    const c = await em.findOne(Category, { code });
    if (!c || !c.leaf) throw notALeaf(code, c !== null);
    return c;
  }
}

function notALeaf(code: string, known: boolean): TicketingException {
  return TicketingException.unprocessable(`Category ${code} is not a known sub-class; see GET /categories.`, [
    { field: 'categoryCode', reason: known ? 'is a class, not a sub-class' : 'unknown category' },
  ]);
}

export function toCategoryView(c: Category): CategoryView {
  return {
    code: c.code,
    parentCode: c.parentCode,
    name: c.name,
    kind: c.kind,
    leaf: c.leaf,
    departmentKind: c.departmentKind,
    limitAmount: c.limitAmount,
    limitUnit: c.limitUnit,
    retired: Boolean(c.retiredAt),
    autoDispatch: c.autoDispatch === true,
  };
}

function changedData(c: Category, change: CategoryChangedV1['change'], changed: string[], caller: Caller): CategoryChangedV1 {
  return { change, ...toCategoryView(c), changed, actor: actorOf(caller) };
}

function duplicate(code: string): TicketingException {
  return TicketingException.conflict(`Category ${code} already exists.`, [{ field: 'code', reason: 'is taken' }]);
}

/** A class carries no department kind and no time limit. */
function noLeafFields(dto: CreateCategoryDto): void {
  const extra = (['departmentKind', 'limitAmount', 'limitUnit'] as const).filter((f) => dto[f] !== undefined);
  if (extra.length) throw ServiceError.validation(extra.map((field) => ({ field, reason: 'applies to sub-classes only (leaf: true)' })));
}

/** Every category beneath `code`, locked, nearest first. */
async function descendants(tx: EntityManager, code: string): Promise<Category[]> {
  const out: Category[] = [];
  let parents = [code];
  while (parents.length) {
    const children = await tx.find(Category, { parentCode: { $in: parents } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { code: 'asc' } });
    out.push(...children);
    parents = children.map((c) => c.code);
  }
  return out;
}

async function nextSortOrder(tx: EntityManager): Promise<number> {
  const [last] = await tx.find(Category, {}, { orderBy: { sortOrder: 'desc' }, limit: 1 });
  return (last?.sortOrder ?? -1) + 1;
}
