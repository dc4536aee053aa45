import type { CityGridCloudEvent } from '@citygrid/contracts';
import { GridRegistryEvents } from '@citygrid/contracts/grid-registry';
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
    return isCaseEventType(type) || NODE_CHANGES.has(type) || type === PatrolEvents.patrolLogged.type || type === PatrolEvents.visitLogged.type || type === CategoryEvents.categoryChanged.type;
  }

  /**
   * Apply `events` (in this order) on `tx`. A payload that does not check throws, naming its bad
   * fields, and nothing of the batch is written: the transaction rolls back.
   */
  async apply(events: readonly CityGridCloudEvent[], tx: EntityManager): Promise<void> {
    const tz = this.env.WORK_TIME_ZONE;
    const cases: CaseEvent[] = [];
    const logs: FieldLog[] = [];
    const delta = new RollupDelta();
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
      const changed = new Map<string, CaseFacts>();
      for (const e of cases) {
        const before = facts.get(e.data.id) ?? null;
        const after = foldCase(before, e);
        delta.replace(before, after, tz);
        delta.add({ counts: caseFlows(e, tz), buckets: [] }, e.data.path, categoryLevels(e.data.categoryCode));
        facts.set(e.data.id, after);
        changed.set(e.data.id, after);
        paths.push(e.data.path);
      }
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
    }
    await this.repo.addPathNodes(
      tx,
      paths.flatMap((p) => pathNodes(p)),
    );
    for (const event of events) {
      const change = NODE_CHANGES.get(event.type);
      if (change) await this.repo.applyNodeChange(tx, nodeChangeOf(event, change));
      else if (event.type === CategoryEvents.categoryChanged.type) await this.repo.applyCategoryChange(tx, categoryChangeOf(event));
    }
    await this.repo.applyRollups(tx, delta);
  }
}
