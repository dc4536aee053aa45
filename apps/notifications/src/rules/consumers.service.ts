import type { CityGridCloudEvent } from '@citygrid/contracts';
import { GridRegistryEvents } from '@citygrid/contracts/grid-registry';
import { IdentityEvents } from '@citygrid/contracts/identity';
import { CalendarEvents, CategoryEvents, PatrolEvents, TicketingEvents, type CalendarChangedV1, type CategoryChangedV1, type PatrolLoggedV1 } from '@citygrid/contracts/ticketing';
import { type EventHandler, type EventHandlers, Subjects } from '@citygrid/messaging';
import type { ServiceConsumer } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

import { DirectoryService } from '../directory/directory.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { Notifier } from './notifier.service';

/** notifications' durable consumer of ticketing's events: JetStream name, inbox key and dead-letter `consumer`. */
export const TICKETING_CONSUMER = 'notifications';
/** Of identity's account events. */
export const ACCOUNT_CONSUMER = 'notifications-account';
/** Of grid-registry's grid events. */
export const GRID_CONSUMER = 'notifications-grid';

/**
 * Three durable consumers (NATS 2.9 takes one filter per consumer), each event applied once (the
 * inbox) in the transaction that records it: `notifications` on ticketing's events (the case
 * events set off the rules and queue the webhook deliveries; patrols, the calendar and category names feed the directory),
 * `notifications-account` on identity's account events and `notifications-grid` on
 * grid-registry's grid events (the directory). One that fails is retried and then dead-lettered,
 * listed and replayed at `/api/v1/ops/dead-letters?source=notifications`.
 */
@Injectable()
export class NotificationConsumers {
  constructor(
    private readonly subjects: Subjects,
    private readonly directory: DirectoryService,
    private readonly notifier: Notifier,
    private readonly webhooks: WebhooksService,
  ) {}

  consumers(): ServiceConsumer[] {
    // the rules, and the webhook deliveries of the event, in the one transaction that records it as applied
    const onCase: EventHandler = async (event, em) => {
      await this.notifier.onCaseEvent(em, event);
      await this.webhooks.enqueue(em, event);
    };
    const ticketing: EventHandlers = {
      ...Object.fromEntries(Object.values(TicketingEvents).map((def) => [def.type, onCase])),
      [PatrolEvents.patrolLogged.type]: (event, em) => this.directory.applyPatrol(em, event.data as PatrolLoggedV1),
      [CalendarEvents.calendarChanged.type]: (event, em) => this.directory.applyCalendar(em, event.data as CalendarChangedV1),
      [CategoryEvents.categoryChanged.type]: (event, em) => this.directory.applyCategory(em, event.data as CategoryChangedV1),
    };
    const onAccount: EventHandler = (event: CityGridCloudEvent, em) => this.directory.applyAccount(em, event);
    const accounts = [IdentityEvents.accountCreated, IdentityEvents.accountEdited, IdentityEvents.accountUpdated, IdentityEvents.accountDisabled];
    const onGrid: EventHandler = (event, em) => this.directory.applyGrid(em, event);
    const grids = [GridRegistryEvents.gridCreated, GridRegistryEvents.gridUpdated, GridRegistryEvents.gridRetired];
    return [
      { consumer: TICKETING_CONSUMER, filterSubject: this.subjects.event('citygrid.ticketing.>'), handlers: ticketing },
      { consumer: ACCOUNT_CONSUMER, filterSubject: this.subjects.event('citygrid.identity.account.>'), handlers: Object.fromEntries(accounts.map((d) => [d.type, onAccount])) },
      { consumer: GRID_CONSUMER, filterSubject: this.subjects.event('citygrid.grid-registry.grid.>'), handlers: Object.fromEntries(grids.map((d) => [d.type, onGrid])) },
    ];
  }
}
