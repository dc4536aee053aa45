import { randomUUID } from 'node:crypto';

import type { CityGridCloudEvent, EventDefinition } from '@citygrid/contracts';
import { GridRegistryEvents, NodeKind, type GridCreatedV1 } from '@citygrid/contracts/grid-registry';
import { CaseAction, type CaseEventV1, CaseState, PatrolEvents, TicketingEvents, type PatrolLoggedV1, type VisitLoggedV1 } from '@citygrid/contracts/ticketing';
import { buildCloudEvent } from '@citygrid/messaging';

/** Codes from the city down to `code` (the five levels and the two grid levels of the codes). */
export const pathOf = (code: string): string[] => ['410100', ...[6, 9, 12, 14, 16].filter((l) => l <= code.length).map((l) => code.slice(0, l))];

export const SUBDISTRICT = '410102005';
export const COMMUNITY_1 = `${SUBDISTRICT}001`;
export const COMMUNITY_2 = `${SUBDISTRICT}002`;
export const GRID_1_1 = `${COMMUNITY_1}0101`;
export const GRID_1_2 = `${COMMUNITY_1}0102`;
export const GRID_2_1 = `${COMMUNITY_2}0101`;

const H = 3_600_000;

/**
 * The events of one case as ticketing publishes them (`caseEventData`): each with the case's
 * version after it, its report time, the deadline after it, and on closing the deadline in force
 * and whether it was met. Times advance as the story is told.
 */
export class CaseStory {
  readonly id = randomUUID();
  readonly events: Array<CityGridCloudEvent<CaseEventV1>> = [];
  private version = 0;
  private state: CaseState | null = null;
  private deadline: Date | null = null;
  private closedAt: Date | null = null;
  private handledAt: Date | null = null;
  private reworkCount = 0;
  private escalationCount = 0;
  private level: number;
  /** When the case was reported. */
  readonly reportedAt: Date;
  private at: Date;

  constructor(
    readonly gridCode: string,
    readonly categoryCode: string,
    reportedAt: string,
    readonly number = `${categoryCode}-${reportedAt.slice(0, 10).replace(/-/g, '')}-${String(Math.floor(Math.random() * 9000) + 1000)}`,
  ) {
    this.reportedAt = new Date(reportedAt);
    this.at = this.reportedAt;
    this.level = pathOf(gridCode).length - 1;
    this.push(TicketingEvents.caseReported, 'report', CaseState.Reported, {});
  }

  /** Move the clock `hours` on (fractions allowed). */
  after(hours: number): this {
    this.at = new Date(this.at.getTime() + hours * H);
    return this;
  }

  file(): this {
    return this.push(TicketingEvents.caseFiled, CaseAction.File, CaseState.Filed, {});
  }

  reject(): this {
    return this.push(TicketingEvents.caseRejected, CaseAction.Reject, CaseState.Rejected, { reason: 'not a city matter' });
  }

  /** Dispatch with a deadline `hours` from now. */
  dispatch(hours: number): this {
    this.deadline = new Date(this.at.getTime() + hours * H);
    return this.push(TicketingEvents.caseDispatched, CaseAction.Dispatch, CaseState.Dispatched, { dispatchTarget: 'grid_staff' });
  }

  accept(): this {
    return this.push(TicketingEvents.caseAccepted, CaseAction.Accept, CaseState.Accepted, {});
  }

  handle(): this {
    this.handledAt = this.at;
    return this.push(TicketingEvents.caseHandled, CaseAction.Handle, CaseState.Handled, {});
  }

  /** Verified and closed; `workingHours`: the working time to close ticketing's calendar gave (absent when not given). */
  close(workingHours?: number): this {
    const dueAt = this.deadline;
    this.closedAt = this.at;
    this.deadline = null;
    return this.push(TicketingEvents.caseClosed, CaseAction.VerifyPass, CaseState.Closed, {
      dueAt: dueAt?.toISOString() ?? null,
      onTime: dueAt ? this.at.getTime() <= dueAt.getTime() : null,
      ...(workingHours === undefined ? {} : { workingMsToClose: workingHours * H }),
    });
  }

  rework(): this {
    this.reworkCount += 1;
    return this.push(TicketingEvents.caseReworked, CaseAction.VerifyFail, CaseState.Accepted, { reason: 'verification failed' });
  }

  reopen(): this {
    this.closedAt = null;
    this.deadline = null;
    this.level = pathOf(this.gridCode).length - 1;
    return this.push(TicketingEvents.caseReopened, CaseAction.Reopen, CaseState.Filed, { reason: 'came back' });
  }

  /** Escalate one level up, the clock restarting there with `hours`. */
  escalate(hours: number, overdue = false): this {
    const levelBefore = this.level;
    this.level -= levelBefore === 5 ? 2 : 1;
    this.escalationCount += 1;
    this.deadline = new Date(this.at.getTime() + hours * H);
    return this.push(TicketingEvents.caseEscalated, overdue ? 'escalate-overdue' : CaseAction.Escalate, this.state ?? CaseState.Dispatched, {
      reason: overdue ? 'overdue' : 'beyond the grid',
      levelBefore,
    });
  }

  cancel(): this {
    this.deadline = null;
    return this.push(TicketingEvents.caseCancelled, CaseAction.Cancel, CaseState.Cancelled, { reason: 'withdrawn' });
  }

  merge(intoId: string): this {
    this.deadline = null;
    this.closedAt = this.at;
    return this.push(TicketingEvents.caseMerged, CaseAction.Merge, CaseState.Merged, { mergedIntoId: intoId, mergedIntoNumber: 'X' });
  }

  private push(def: EventDefinition<CaseEventV1>, action: CaseEventV1['action'], next: CaseState, extra: Partial<CaseEventV1>): this {
    const before = this.state;
    this.state = next;
    this.version += 1;
    this.events.push(
      buildCloudEvent(def, {
        subject: this.id,
        time: this.at,
        data: {
          id: this.id,
          number: this.number,
          categoryCode: this.categoryCode,
          action,
          stateBefore: before,
          stateAfter: next,
          actor: { id: 'tester', kind: 'staff', roles: ['community_operator'] },
          path: pathOf(this.gridCode),
          level: this.level,
          deadline: this.deadline?.toISOString() ?? null,
          version: this.version,
          reportedAt: this.reportedAt.toISOString(),
          closedAt: this.closedAt?.toISOString() ?? null,
          handledAt: this.handledAt?.toISOString() ?? null,
          reworkCount: this.reworkCount,
          escalationCount: this.escalationCount,
          ...extra,
        },
      }),
    );
    return this;
  }
}

/** `citygrid.grid.created.v1` of a node (a square boundary: reporting ignores it). */
export function gridCreated(code: string, name: string, at = '2013-01-01T00:00:00.000Z'): CityGridCloudEvent<GridCreatedV1> {
  const kind = code.length === 6 ? (code.endsWith('00') ? NodeKind.City : NodeKind.District) : code.length === 9 ? NodeKind.Subdistrict : code.length === 12 ? NodeKind.Community : NodeKind.Grid;
  const gridLevel = code.length === 9 ? 1 : code.length === 14 ? 2 : code.length === 16 ? 3 : null;
  const path = pathOf(code);
  return buildCloudEvent(GridRegistryEvents.gridCreated, {
    subject: randomUUID(),
    time: at,
    data: {
      id: randomUUID(),
      code,
      path,
      name,
      nameEn: null,
      kind,
      gridLevel,
      parentCode: path.length > 1 ? path[path.length - 2]! : null,
      boundary: { type: 'Polygon', coordinates: [] },
      version: 1,
    },
  });
}

export function patrolLogged(gridCode: string, day: string): CityGridCloudEvent<PatrolLoggedV1> {
  return buildCloudEvent(PatrolEvents.patrolLogged, {
    subject: randomUUID(),
    time: `${day}T02:00:00.000Z`,
    data: { id: randomUUID(), gridCode, path: pathOf(gridCode), day, startedAt: `${day}T01:00:00.000Z`, endedAt: `${day}T02:00:00.000Z`, hasTrack: false },
  });
}

export function visitLogged(gridCode: string, day: string): CityGridCloudEvent<VisitLoggedV1> {
  return buildCloudEvent(PatrolEvents.visitLogged, {
    subject: randomUUID(),
    time: `${day}T03:00:00.000Z`,
    data: { id: randomUUID(), gridCode, path: pathOf(gridCode), placeId: randomUUID(), placeKind: 'household', day, visitedAt: `${day}T03:00:00.000Z` },
  });
}

/** The nodes from the city down to the test grids, as grid-registry announces them. */
export function treeEvents(): Array<CityGridCloudEvent<GridCreatedV1>> {
  return [
    gridCreated('410100', '郑州市'),
    gridCreated('410102', '中原区'),
    gridCreated(SUBDISTRICT, '林山寨街道'),
    gridCreated(COMMUNITY_1, '一号社区'),
    gridCreated(COMMUNITY_2, '二号社区'),
    gridCreated(`${COMMUNITY_1}01`, '一号社区第一网格'),
    gridCreated(`${COMMUNITY_2}01`, '二号社区第一网格'),
    gridCreated(GRID_1_1, '一号社区一一网格'),
    gridCreated(GRID_1_2, '一号社区一二网格'),
    gridCreated(GRID_2_1, '二号社区一一网格'),
  ];
}

/** A fixed shuffle (the same every run, so a failure can be reproduced), `seed` picking it. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
