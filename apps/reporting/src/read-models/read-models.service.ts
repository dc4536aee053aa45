import type { CityGridCloudEvent } from '@citygrid/contracts';
import type { BatchEventHandler, EventHandlers } from '@citygrid/messaging';
import { Subjects } from '@citygrid/messaging';
import { GridRegistryEvents } from '@citygrid/contracts/grid-registry';
import { CategoryEvents, PatrolEvents, TicketingEvents } from '@citygrid/contracts/ticketing';
import type { ServiceConsumer } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

import { KpiChangeSignal } from './kpi-change-signal';
import { ReadModelProjector } from './projector.service';

/** reporting's durable consumer of ticketing's events: JetStream name, inbox key and dead-letter `consumer`. */
export const TICKETING_CONSUMER = 'reporting';
/** reporting's durable consumer of grid-registry's grid events. */
export const GRID_CONSUMER = 'reporting-grid';
/** reporting's durable consumer of grid-registry's place events (the key locations). */
export const PLACE_CONSUMER = 'reporting-place';

/**
 * The read models are built from events only, through two durable consumers (NATS 2.9 takes one
 * filter per consumer): `reporting` on ticketing's events (cases, patrols, visits, categories) and
 * `reporting-grid` on grid-registry's grid events (names and the tree), `reporting-place` on its place
 * events (the key locations). Each event is applied once
 * (the inbox), in the transaction that records it, by {@link ReadModelProjector}: the events that
 * arrived together are applied in one transaction (a handful of statements however many they
 * are), so the read models keep up with a busy stream; one that fails
 * is retried on its own and then dead-lettered, listed and replayed at `/api/v1/ops/dead-letters?source=reporting`.
 */
@Injectable()
export class ReadModelsService {
  constructor(
    private readonly projector: ReadModelProjector,
    private readonly subjects: Subjects,
    private readonly signal: KpiChangeSignal,
  ) {}

  /** The consumers `serviceConsumerProviders` runs (and a rebuild replays through). */
  consumers(): ServiceConsumer[] {
    const ticketingTypes = [...Object.values(TicketingEvents), PatrolEvents.patrolLogged, PatrolEvents.visitLogged, CategoryEvents.categoryChanged].map((d) => d.type);
    const gridTypes = [GridRegistryEvents.gridCreated, GridRegistryEvents.gridUpdated, GridRegistryEvents.gridRetired].map((d) => d.type);
    const placeTypes = [GridRegistryEvents.placeRegistered, GridRegistryEvents.placeMoved].map((d) => d.type);
    return [
      { consumer: TICKETING_CONSUMER, filterSubject: this.subjects.event('citygrid.ticketing.>'), handlers: this.handlers(ticketingTypes), applyBatch: this.applyBatch, onApplied: this.onApplied },
      { consumer: GRID_CONSUMER, filterSubject: this.subjects.event('citygrid.grid-registry.grid.>'), handlers: this.handlers(gridTypes), applyBatch: this.applyBatch, onApplied: this.onApplied },
      { consumer: PLACE_CONSUMER, filterSubject: this.subjects.event('citygrid.grid-registry.place.>'), handlers: this.handlers(placeTypes), applyBatch: this.applyBatch, onApplied: this.onApplied },
    ];
  }

  private readonly onApplied = (events: readonly CityGridCloudEvent[]): void => this.signal.applied(events);

  private readonly applyBatch: BatchEventHandler = (events, em) => this.projector.apply(events, em);

  private handlers(types: readonly string[]): EventHandlers {
    return Object.fromEntries(types.map((type) => [type, (event, em) => this.projector.apply([event], em)]));
  }
}
