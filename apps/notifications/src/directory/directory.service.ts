import type { CityGridCloudEvent } from '@citygrid/contracts';
import type { GridCreatedV1, GridRetiredV1, GridUpdatedV1 } from '@citygrid/contracts/grid-registry';
import { GRID_STAFF_ROLES, OPERATOR_ROLES, Role, type AccountCreatedV1, type AccountDisabledV1, type AccountEditedV1, type AccountUpdatedV1 } from '@citygrid/contracts/identity';
import { CaseAction, type CalendarChangedV1, type CaseEventV1, type CategoryChangedV1, type PatrolLoggedV1 } from '@citygrid/contracts/ticketing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AccountRecord, CalendarDay, CaseRef, CategoryName, GridRef, PatrolDay } from './directory.entities';

/** Who an account is, as far as choosing recipients goes. */
export interface Recipient {
  id: string;
  roles: string[];
  nodeScope: string | null;
}

const OPERATOR_ROLE_SET: ReadonlySet<string> = new Set(OPERATOR_ROLES);
const GRID_STAFF_ROLE_SET: ReadonlySet<string> = new Set(GRID_STAFF_ROLES);

/**
 * The directory notifications chooses recipients from, kept from events only (never another
 * service's tables): accounts (identity), cases (ticketing: where each is and who dispatched,
 * accepted and handled it), the grid tree (grid-registry), patrolled grid-days, the working
 * calendar's exceptions and category names. Each write is idempotent and order-tolerant: a
 * redelivered or late event leaves what a later one wrote.
 */
@Injectable()
export class DirectoryService {
  /** An account created, edited, re-scoped by its staff member's assignment, or disabled. */
  async applyAccount(tx: EntityManager, event: CityGridCloudEvent): Promise<void> {
    const at = new Date(event.time ?? Date.now());
    const existing = await tx.findOne(AccountRecord, { id: (event.data as { id: string }).id });
    if (existing && existing.changedAt > at) return;
    const row = existing ?? Object.assign(new AccountRecord(), { id: (event.data as { id: string }).id, roles: [], nodeScope: null, departmentCode: null, disabled: false, changedAt: at });
    const kind = event.type.split('.')[2];
    if (kind === 'created') {
      const d = event.data as AccountCreatedV1;
      Object.assign(row, { roles: d.roles, nodeScope: d.nodeScope, departmentCode: d.departmentCode });
    } else if (kind === 'edited') {
      const d = event.data as AccountEditedV1;
      Object.assign(row, { roles: d.roles, nodeScope: d.nodeScope, departmentCode: d.departmentCode, disabled: d.disabled });
    } else if (kind === 'updated') {
      const d = event.data as AccountUpdatedV1;
      Object.assign(row, { roles: d.roles, nodeScope: d.nodeScope });
    } else if (kind === 'disabled') {
      const d = event.data as AccountDisabledV1;
      Object.assign(row, { disabled: true, nodeScope: d.nodeScope ?? row.nodeScope });
    } else {
      return;
    }
    row.changedAt = at;
    tx.persist(row);
  }

  /**
   * A case event: where the case is now and who has worked on it. Returns the case as it stands
   * after the event (a late event, older than the version held, changes only the people it names).
   */
  async applyCase(tx: EntityManager, data: CaseEventV1): Promise<CaseRef> {
    const version = data.version ?? 0;
    let c = await tx.findOne(CaseRef, { id: data.id });
    if (!c) {
      c = Object.assign(new CaseRef(), {
        id: data.id,
        number: data.number,
        categoryCode: data.categoryCode,
        path: data.path,
        level: data.level,
        state: data.stateAfter,
        dispatchTarget: data.dispatchTarget ?? null,
        departmentCode: data.departmentCode ?? null,
        dispatchedBy: null,
        acceptedBy: null,
        handledBy: null,
        deadline: data.deadline ? new Date(data.deadline) : null,
        version,
      });
      tx.persist(c);
    } else if (version >= c.version) {
      Object.assign(c, {
        number: data.number,
        categoryCode: data.categoryCode,
        path: data.path,
        level: data.level,
        state: data.stateAfter,
        dispatchTarget: data.dispatchTarget !== undefined ? data.dispatchTarget : c.dispatchTarget,
        departmentCode: data.departmentCode !== undefined ? data.departmentCode : c.departmentCode,
        deadline: data.deadline ? new Date(data.deadline) : null,
        version,
      });
    }
    const actor = data.actor.kind === 'staff' ? data.actor.id : null;
    if (data.action === CaseAction.Dispatch) Object.assign(c, { dispatchedBy: actor ?? c.dispatchedBy, acceptedBy: null });
    if (data.action === CaseAction.Accept && actor) c.acceptedBy = actor;
    if (data.action === CaseAction.Handle && actor) c.handledBy = actor;
    return c;
  }

  async applyGrid(tx: EntityManager, event: CityGridCloudEvent): Promise<void> {
    const kind = event.type.split('.')[2];
    const d = event.data as Partial<GridCreatedV1 & GridUpdatedV1 & GridRetiredV1>;
    if (!d.code) return;
    const row = (await tx.findOne(GridRef, { code: d.code })) ?? Object.assign(new GridRef(), { code: d.code, path: d.path ?? [d.code], gridLevel: null, name: d.code, retired: false });
    if (d.path) row.path = d.path;
    if (kind === 'created' && d.gridLevel !== undefined) row.gridLevel = d.gridLevel;
    if (typeof d.name === 'string') row.name = d.name;
    if (kind === 'retired') row.retired = true;
    tx.persist(row);
  }

  async applyPatrol(tx: EntityManager, d: PatrolLoggedV1): Promise<void> {
    await tx.upsert(PatrolDay, { gridCode: d.gridCode, day: d.day });
  }

  async applyCalendar(tx: EntityManager, d: CalendarChangedV1): Promise<void> {
    const row = (await tx.findOne(CalendarDay, { day: d.date })) ?? Object.assign(new CalendarDay(), { day: d.date });
    row.kind = d.kind;
    tx.persist(row);
  }

  async applyCategory(tx: EntityManager, d: CategoryChangedV1): Promise<void> {
    const row = (await tx.findOne(CategoryName, { code: d.code })) ?? Object.assign(new CategoryName(), { code: d.code });
    row.name = d.name;
    tx.persist(row);
  }

  /** Enabled accounts with one of `roles` scoped to one of `nodes` (null in `nodes`: unscoped). */
  async scopedTo(tx: EntityManager, roles: ReadonlySet<string>, nodes: ReadonlyArray<string | null>): Promise<Recipient[]> {
    const codes = nodes.filter((n): n is string => n !== null);
    const rows = await tx.find(AccountRecord, { disabled: false, $or: [{ nodeScope: { $in: codes } }, ...(nodes.includes(null) ? [{ nodeScope: null }] : [])] }, { orderBy: { id: 'asc' } });
    return rows.filter((a) => a.roles.some((r) => roles.has(r))).map(recipientOf);
  }

  /** The operators of a node's platform (an operator role scoped to exactly that node). */
  operatorsOf(tx: EntityManager, node: string): Promise<Recipient[]> {
    return this.scopedTo(tx, OPERATOR_ROLE_SET, [node]);
  }

  /** Whoever must act on the case now: the account that accepted it, else the department's officers or the grid's staff it was dispatched to. */
  async handlersOf(tx: EntityManager, c: CaseRef): Promise<Recipient[]> {
    if (c.acceptedBy) {
      const a = await tx.findOne(AccountRecord, { id: c.acceptedBy, disabled: false });
      if (a) return [recipientOf(a)];
    }
    return this.dispatchRecipients(tx, c);
  }

  /** The department's officers (dispatched to a department) or the staff of the case's grid (dispatched to grid staff). */
  async dispatchRecipients(tx: EntityManager, c: CaseRef): Promise<Recipient[]> {
    if (c.dispatchTarget === 'department' && c.departmentCode) {
      const rows = await tx.find(AccountRecord, { disabled: false, departmentCode: c.departmentCode }, { orderBy: { id: 'asc' } });
      return rows.filter((a) => a.roles.includes(Role.DepartmentOfficer)).map(recipientOf);
    }
    const grid = c.path.at(-1);
    return grid ? this.scopedTo(tx, GRID_STAFF_ROLE_SET, [grid]) : [];
  }

  /** The account that dispatched the case, if still enabled. */
  async dispatcherOf(tx: EntityManager, c: CaseRef): Promise<Recipient[]> {
    if (!c.dispatchedBy) return [];
    const a = await tx.findOne(AccountRecord, { id: c.dispatchedBy, disabled: false });
    return a ? [recipientOf(a)] : [];
  }

  /** Supervisors whose scope covers a node of `path` (or unscoped). */
  supervisorsOver(tx: EntityManager, path: readonly string[]): Promise<Recipient[]> {
    return this.scopedTo(tx, new Set([Role.Supervisor]), [...path, null]);
  }

  async gridName(tx: EntityManager, code: string): Promise<string> {
    return (await tx.findOne(GridRef, { code }))?.name ?? code;
  }

  async categoryName(tx: EntityManager, code: string): Promise<string | null> {
    return (await tx.findOne(CategoryName, { code }))?.name ?? null;
  }

  /** Whether `day` (YYYY-MM-DD) is a working day: Monday to Friday unless the calendar makes it a holiday, a weekend day the calendar makes a working day. */
  async isWorkingDay(tx: EntityManager, day: string): Promise<boolean> {
    const set = await tx.findOne(CalendarDay, { day });
    if (set) return set.kind === 'workday';
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** Level-3 grids in service that no patrol covered on `day`. */
  async unpatrolledGrids(tx: EntityManager, day: string): Promise<GridRef[]> {
    const grids = await tx.find(GridRef, { gridLevel: 3, retired: false }, { orderBy: { code: 'asc' } });
    const patrolled = new Set((await tx.find(PatrolDay, { day })).map((p) => p.gridCode));
    return grids.filter((g) => !patrolled.has(g.code));
  }
}

function recipientOf(a: AccountRecord): Recipient {
  return { id: a.id, roles: a.roles, nodeScope: a.nodeScope };
}
