import type { CityGridCloudEvent } from '@citygrid/contracts';
import { GridRegistryEvents, PlaceKind } from '@citygrid/contracts/grid-registry';
import { CategoryEvents, PatrolEvents } from '@citygrid/contracts/ticketing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import {
  ALL_CATEGORIES,
  type CaseEvent,
  caseEventOf,
  type CaseFacts,
  caseFlows,
  categoryChangeOf,
  categoryLevels,
  type FieldLog,
  fieldLogOf,
  foldCase,
  isCaseEventType,
  keyLocationChangeOf,
  nodeChangeOf,
  pathNodes,
  RollupDelta,
} from './projection';
import { ReadModelRepository } from './read-model.repository';

/** Grid event types and what they do to a node. */
const NODE_CHANGES: ReadonlyMap<string, 'created' | 'updated' | 'retired'> = new Map([
  [GridRegistryEvents.gridCreated.type, 'created'],
  [GridRegistryEvents.gridUpdated.type, 'updated'],
  [GridRegistryEvents.gridRetired.type, 'retired'],
]);

/** Place event types and whether they are a move (a key location's grid changes). */
const PLACE_CHANGES: ReadonlyMap<string, boolean> = new Map([
  [GridRegistryEvents.placeRegistered.type, false],
  [GridRegistryEvents.placeMoved.type, true],
]);

/**
 * Applies events to the read models, a batch at a time, on the transaction that records them as
 * applied (the consumer's inbox row, or a rebuild's): the case facts they change, the rollup rows
 * of every node of the path and level of the category, patrolled grid-days, nodes and categories.
 * A batch costs a handful of statements however many events it holds, which is what makes a
 * rebuild fast and lets the live consumers keep up: they send what arrived together.
 */
@Injectable()
export class ReadModelProjector {
  constructor(
    private readonly repo: ReadModelRepository,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {}

  /** True for the event types the read models are built from (the others are recorded and skipped). */
  handles(type: string): boolean {
    return (
      isCaseEventType(type) ||
      NODE_CHANGES.has(type) ||
      PLACE_CHANGES.has(type) ||
      type === PatrolEvents.patrolLogged.type ||
      type === PatrolEvents.visitLogged.type ||
      type === CategoryEvents.categoryChanged.type
    );
  }

  /**
   * Apply `events` (in this order) on `tx`. A payload that does not check throws, naming its bad
   * fields, and nothing of the batch is written: the transaction rolls back.
   *
   * With `rollups`, the changes to the rollups are added to it instead of written (a rebuild
   * gathers those of many batches and writes them through `RollupCopyWriter`: the same rows recur
   * from batch to batch, so it writes each far fewer times); everything else is written on `tx`.
   */
  async apply(events: readonly CityGridCloudEvent[], tx: EntityManager, rollups?: RollupDelta): Promise<void> {
    const tz = this.env.WORK_TIME_ZONE;
    const cases: CaseEvent[] = [];
    const logs: FieldLog[] = [];
    const delta = rollups ?? new RollupDelta();
    const paths: string[][] = [];
    for (const event of events) {
      if (isCaseEventType(event.type)) cases.push(caseEventOf(event));
      else if (event.type === PatrolEvents.patrolLogged.type) logs.push(fieldLogOf(event, 'patrol'));
      else if (event.type === PatrolEvents.visitLogged.type) logs.push(fieldLogOf(event, 'visit'));
    }
    if (cases.length) {
      const facts = await this.repo.lockFacts(
        tx,
        cases.map((c) => c.data.id),
      );
      // a case's standing contribution is taken off once as it was before the batch and put on once
      // as it is after it (the same as per event, since each replace undoes the one before)
      const before = new Map<string, CaseFacts | null>();
      const changed = new Map<string, CaseFacts>();
      for (const e of cases) {
        const current = facts.get(e.data.id) ?? null;
        if (!before.has(e.data.id)) before.set(e.data.id, current);
        const after = foldCase(current, e);
        delta.add({ counts: caseFlows(e, tz, this.env.VERIFY_LIMIT_HOURS), buckets: [] }, e.data.path, categoryLevels(e.data.categoryCode));
        facts.set(e.data.id, after);
        changed.set(e.data.id, after);
        paths.push(e.data.path);
      }
      for (const [id, after] of changed) delta.replace(before.get(id) ?? null, after, tz);
      await this.repo.saveFacts(tx, [...changed.values()]);
    }
    if (logs.length) {
      const firstPatrols = await this.repo.markPatrolDays(
        tx,
        logs.filter((l) => l.kind === 'patrol'),
      );
      for (const log of logs) {
        delta.count(log.path, [ALL_CATEGORIES], log.day, log.kind === 'patrol' ? 'patrols' : 'visits', 1);
        const key = `${log.gridCode}|${log.day}`;
        if (log.kind === 'patrol' && firstPatrols.delete(key)) delta.count(log.path, [ALL_CATEGORIES], log.day, 'gridsPatrolled', 1);
        paths.push(log.path);
      }
      await this.repo.markKeyLocationVisits(
        tx,
        logs.flatMap((l) => (l.kind === 'visit' && l.placeKind === PlaceKind.KeyLocation && l.placeId ? [{ placeId: l.placeId, day: l.day, gridCode: l.gridCode, path: l.path }] : [])),
      );
    }
    // one path per grid: a batch holds thousands of events from a few dozen grids
    const byGrid = new Map(paths.map((p) => [p.join('.'), p]));
    await this.repo.addPathNodes(
      tx,
      [...byGrid.values()].flatMap((p) => pathNodes(p)),
    );
    for (const event of events) {
      const change = NODE_CHANGES.get(event.type);
      const moved = PLACE_CHANGES.get(event.type);
      if (change) await this.repo.applyNodeChange(tx, nodeChangeOf(event, change));
      else if (moved !== undefined) {
        const keyLocation = keyLocationChangeOf(event, moved);
        if (keyLocation) await this.repo.applyKeyLocation(tx, keyLocation);
      } else if (event.type === CategoryEvents.categoryChanged.type) await this.repo.applyCategoryChange(tx, categoryChangeOf(event));
    }
    if (!rollups) await this.repo.applyRollups(tx, delta);
  }
}
