import { randomUUID } from 'node:crypto';

import type { EventDefinition } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';

/** An entity class as MikroORM takes it (`em.find(Case, …)`): constructible without arguments. */
export type EntityClass<T extends object = object> = new () => T;

/** An event a service recorded through the fake `EventRecorder`, as the outbox and audit trail would hold it. */
export interface RecordedEvent {
  /** CloudEvents type, e.g. `citygrid.case.dispatched.v1`. */
  type: string;
  /** The aggregate id the event is about. */
  subject: string;
  data: Record<string, unknown>;
  /** State before the change, for the audit trail. */
  before: unknown;
  /** State after the change as the audit trail keeps it (may hold more than `data`, e.g. notes). */
  after: unknown;
}

type Row = Record<string, unknown>;
type SqlHandler = (sql: string, params: readonly unknown[]) => unknown[];

/**
 * A small in-memory stand-in for the database of one service, for service-level unit tests: a
 * table per entity class, a MikroORM-like `EntityManager` over it (`find`, `findOne`,
 * `findAndCount`, `count`, `persist`, `nativeUpdate`, `transactional` …) with the filter operators
 * the services use, and a fake `EventRecorder` whose events commit or roll back with the
 * transaction they were recorded in, as outbox rows do.
 *
 * It is not a database: no constraints, no locks, no SQL. A filter operator it does not know
 * throws, so a test never passes on a filter the fake silently ignored. Raw SQL goes to `onSql`.
 */
export class InMemoryDb {
  private readonly tables = new Map<EntityClass, object[]>();
  /** Events recorded by committed transactions, in order. */
  readonly events: RecordedEvent[] = [];
  /** Answers raw SQL (`execute`); unset, raw SQL throws. */
  onSql?: SqlHandler;
  /** Schema name that `orm.config.get('schema')` answers. */
  schema = 'test';

  /** What services take as `MikroORM`: `orm.em.fork()` gives an entity manager over this store. */
  readonly orm = {
    em: { fork: () => new FakeEntityManager(this, false) },
    config: { get: (key: string): unknown => (key === 'schema' ? this.schema : undefined) },
  };

  /** What services take as `EventRecorder`. Refuses to record outside a transaction, as an outbox row must share one. */
  readonly recorder = {
    record: <T>(em: unknown, def: EventDefinition<T>, subject: string, data: T, before?: unknown, after?: unknown): { id: string; at: Date } => {
      if (!(em instanceof FakeEntityManager) || !em.inTransaction) throw new Error(`event ${def.type} recorded outside a transaction`);
      this.events.push({ type: def.type, subject, data: structuredClone(data) as Record<string, unknown>, before: structuredClone(before ?? null), after: structuredClone(after ?? data) });
      // the audit row as the real recorder returns it: its id is the event's place in the log
      return { id: String(this.events.length), at: new Date() };
    },
  };

  /** Store rows (entity instances built from `rows`); returns them. */
  insert<T extends object>(entity: EntityClass<T>, ...rows: Array<Partial<T>>): T[] {
    return rows.map((r) => {
      const row = Object.assign(new entity(), r);
      this.table(entity).push(row);
      return row;
    });
  }

  /** The rows of an entity now (the live objects). */
  rows<T extends object>(entity: EntityClass<T>): T[] {
    return [...this.table(entity)] as T[];
  }

  /** Events of one CloudEvents type. */
  eventsOf(type: string): RecordedEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  /** @internal */
  table(entity: EntityClass): object[] {
    let rows = this.tables.get(entity);
    if (!rows) this.tables.set(entity, (rows = []));
    return rows;
  }

  /** @internal Run `fn`; if it throws, every row, every change to a row and every event since the start is undone. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const restore = this.snapshot();
    try {
      return await fn();
    } catch (err) {
      restore();
      throw err;
    }
  }

  /** @internal */
  sql(sql: string, params: readonly unknown[] = []): unknown[] {
    if (!this.onSql) throw new Error(`the in-memory db runs no SQL: ${sql.slice(0, 80)}`);
    return this.onSql(sql, params);
  }

  private snapshot(): () => void {
    const tables = new Map<EntityClass, object[]>([...this.tables].map(([k, rows]) => [k, [...rows]]));
    const states = new Map<object, Row>();
    for (const rows of this.tables.values()) for (const row of rows) states.set(row, structuredClone({ ...row }));
    const events = this.events.length;
    return () => {
      this.tables.clear();
      for (const [k, rows] of tables) this.tables.set(k, rows);
      for (const [row, state] of states) {
        for (const key of Object.keys(row)) delete (row as Row)[key];
        Object.assign(row, state);
      }
      this.events.length = events;
    };
  }
}

interface FindOptions {
  orderBy?: Record<string, string> | Array<Record<string, string>>;
  offset?: number;
  limit?: number;
}

/**
 * The part of MikroORM's `EntityManager` the services call, over an `InMemoryDb`. Rows are the
 * stored objects themselves (one identity map for the whole store); a transaction that throws
 * puts them back as they were.
 */
export class FakeEntityManager {
  constructor(
    private readonly db: InMemoryDb,
    readonly inTransaction: boolean,
  ) {}

  fork(): FakeEntityManager {
    return new FakeEntityManager(this.db, false);
  }

  async find<T extends object>(entity: EntityClass<T>, where: unknown = {}, options: FindOptions = {}): Promise<T[]> {
    const rows = (this.db.table(entity) as T[]).filter((r) => matches(r as Row, where));
    const ordered = sortRows(rows, options.orderBy);
    const from = options.offset ?? 0;
    return ordered.slice(from, options.limit === undefined ? undefined : from + options.limit);
  }

  async findOne<T extends object>(entity: EntityClass<T>, where: unknown, options: FindOptions = {}): Promise<T | null> {
    const [row] = await this.find(entity, where, { ...options, limit: 1 });
    return row ?? null;
  }

  async findOneOrFail<T extends object>(entity: EntityClass<T>, where: unknown, options: FindOptions = {}): Promise<T> {
    const row = await this.findOne(entity, where, options);
    if (!row) throw new Error(`${entity.name} not found`);
    return row;
  }

  async findAndCount<T extends object>(entity: EntityClass<T>, where: unknown = {}, options: FindOptions = {}): Promise<[T[], number]> {
    return [await this.find(entity, where, options), (await this.find(entity, where)).length];
  }

  async count<T extends object>(entity: EntityClass<T>, where: unknown = {}): Promise<number> {
    return (await this.find(entity, where)).length;
  }

  persist(entity: object | object[]): this {
    for (const e of Array.isArray(entity) ? entity : [entity]) {
      const table = this.db.table(e.constructor as EntityClass);
      if (!table.includes(e)) table.push(e);
    }
    return this;
  }

  async flush(): Promise<void> {
    // Rows are stored as they are changed.
  }

  async persistAndFlush(entity: object | object[]): Promise<void> {
    this.persist(entity);
  }

  async nativeUpdate<T extends object>(entity: EntityClass<T>, where: unknown, data: Partial<T>): Promise<number> {
    const rows = await this.find(entity, where);
    for (const r of rows) Object.assign(r, data);
    return rows.length;
  }

  async nativeDelete<T extends object>(entity: EntityClass<T>, where: unknown): Promise<number> {
    const table = this.db.table(entity);
    const gone = (await this.find(entity, where)) as object[];
    for (const r of gone) table.splice(table.indexOf(r), 1);
    return gone.length;
  }

  async transactional<R>(fn: (tx: FakeEntityManager) => Promise<R>): Promise<R> {
    if (this.inTransaction) return fn(this);
    const tx = new FakeEntityManager(this.db, true);
    return this.db.transaction(() => fn(tx));
  }

  async execute<R = unknown[]>(sql: string, params: readonly unknown[] = []): Promise<R> {
    return this.db.sql(sql, params) as R;
  }

  getConnection(): { execute: <R = unknown[]>(sql: string, params?: readonly unknown[], method?: 'all' | 'get') => Promise<R> } {
    return {
      execute: async <R>(sql: string, params: readonly unknown[] = [], method: 'all' | 'get' = 'all') => {
        const rows = this.db.sql(sql, params);
        return (method === 'get' ? rows[0] : rows) as R;
      },
    };
  }

  getTransactionContext(): undefined {
    return undefined;
  }
}

/** Whether `row` satisfies a MikroORM filter (the subset of operators the services use). */
export function matches(row: Row, where: unknown): boolean {
  if (where === null || where === undefined) return true;
  if (typeof where !== 'object') throw new Error(`the in-memory db takes filters as objects, not ${String(where)}`);
  for (const [key, cond] of Object.entries(where as Row)) {
    if (key === '$and') {
      if (!(cond as unknown[]).every((w) => matches(row, w))) return false;
    } else if (key === '$or') {
      if (!(cond as unknown[]).some((w) => matches(row, w))) return false;
    } else if (key === '$not') {
      if (matches(row, cond)) return false;
    } else if (key.startsWith('$')) {
      throw new Error(`the in-memory db does not know the filter ${key}`);
    } else if (!satisfies(row[key], cond)) {
      return false;
    }
  }
  return true;
}

function isOperators(cond: unknown): cond is Row {
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond) || cond instanceof Date) return false;
  const keys = Object.keys(cond);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function satisfies(value: unknown, cond: unknown): boolean {
  if (!isOperators(cond)) return same(value, cond);
  return Object.entries(cond).every(([op, arg]) => {
    switch (op) {
      case '$eq':
        return same(value, arg);
      case '$ne':
        return !same(value, arg);
      case '$in':
        return (arg as unknown[]).some((a) => same(value, a));
      case '$nin':
        return !(arg as unknown[]).some((a) => same(value, a));
      case '$lt':
        return compareNullable(value, arg, (c) => c < 0);
      case '$lte':
        return compareNullable(value, arg, (c) => c <= 0);
      case '$gt':
        return compareNullable(value, arg, (c) => c > 0);
      case '$gte':
        return compareNullable(value, arg, (c) => c >= 0);
      case '$like':
        return typeof value === 'string' && like(arg as string, false).test(value);
      case '$ilike':
        return typeof value === 'string' && like(arg as string, true).test(value);
      case '$contains':
        return Array.isArray(value) && (arg as unknown[]).every((a) => value.some((v) => same(v, a)));
      case '$overlap':
        return Array.isArray(value) && (arg as unknown[]).some((a) => value.some((v) => same(v, a)));
      case '$exists':
        return (value !== null && value !== undefined) === arg;
      default:
        throw new Error(`the in-memory db does not know the operator ${op}`);
    }
  });
}

function same(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** SQL comparison: anything compared with NULL is not true. */
function compareNullable(a: unknown, b: unknown, test: (c: number) => boolean): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  return test(compare(a, b));
}

function compare(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const s = String(x);
  const t = String(y);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** A LIKE pattern (`%`, `_`, `\` escapes) as a regular expression. */
function like(pattern: string, insensitive: boolean): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\' && i + 1 < pattern.length) out += escapeRegExp(pattern[++i] ?? '');
    else if (ch === '%') out += '[\\s\\S]*';
    else if (ch === '_') out += '[\\s\\S]';
    else out += escapeRegExp(ch);
  }
  return new RegExp(`^${out}$`, insensitive ? 'i' : '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Postgres order: ascending puts nulls last, descending first. */
function sortRows<T>(rows: T[], orderBy: FindOptions['orderBy']): T[] {
  const keys = (Array.isArray(orderBy) ? orderBy : orderBy ? [orderBy] : []).flatMap((o) => Object.entries(o));
  if (!keys.length) return rows;
  return [...rows].sort((a, b) => {
    for (const [key, dir] of keys) {
      const desc = dir.toLowerCase() === 'desc';
      const x = (a as Row)[key];
      const y = (b as Row)[key];
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      if (xn || yn) {
        if (xn && yn) continue;
        return (xn ? 1 : -1) * (desc ? -1 : 1);
      }
      const c = compare(x, y);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}

/** A caller as a verified token gives it (defaults: a staff member with no roles and no scope). */
export function testCaller(over: Partial<Caller> = {}): Caller {
  return { id: randomUUID(), kind: 'staff', name: 'tester', roles: [], nodeScope: null, departmentCode: null, staffId: null, scopes: [], ...over };
}
