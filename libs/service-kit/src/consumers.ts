import { DeadLetters, type EventHandler, type EventHandlers, IdempotentConsumer, Subjects } from '@citygrid/messaging';
import { MikroORM } from '@mikro-orm/postgresql';
import type { BeforeApplicationShutdown, InjectionToken, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import { consumerBackoff, type ConsumerEnv } from './config';
import { createLogger } from './logging';
import { SERVICE_NATS } from './nats.providers';
import { currentContext, runInContext } from './request-context';

/** One durable consumer of a service: its name, the events it reads and a handler per event type. */
export interface ServiceConsumer {
  /** Durable consumer name, also its inbox key and the `consumer` of its dead letters, e.g. `identity`. */
  consumer: string;
  /** Subject filter, deployment prefix included: `subjects.event('citygrid.grid-registry.staff.>')` (the injected `Subjects`). */
  filterSubject: string;
  /**
   * Handlers by CloudEvents type (other types are acknowledged and skipped). A handler writes on
   * the `em` it is given, inside the transaction that records the event as applied; it throws to
   * have the event retried (and, after `CONSUMER_MAX_DELIVER` deliveries, dead-lettered).
   */
  handlers: EventHandlers;
}

/** Injection token of the service's {@link ServiceConsumer}s (handlers wrapped by {@link inEventContext}). */
export const SERVICE_CONSUMERS = Symbol('SERVICE_CONSUMERS');

/**
 * `handler` run in the request context of the event: its correlation id (the request that caused
 * it), so that logs, the audit row and the events it records carry it; no caller, so the audit
 * names the `system`. A replay runs inside the operator's request instead, and keeps it: the
 * change is then the operator's.
 */
export function inEventContext(handler: EventHandler): EventHandler {
  return (event, em) => (currentContext() ? handler(event, em) : runInContext({ correlationId: event.correlationid }, () => handler(event, em)));
}

/** Starts the service's durable consumers at boot on its one NATS connection, and stops them before it closes. */
export class ServiceConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running: IdempotentConsumer[] = [];

  constructor(
    private readonly orm: MikroORM,
    private readonly nc: NatsConnection,
    private readonly consumers: readonly ServiceConsumer[],
    private readonly service: string,
    private readonly env: ConsumerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const spec of this.consumers) {
      const consumer = new IdempotentConsumer({
        orm: this.orm,
        nc: this.nc,
        // the stream `natsProviders` made sure of (`EVENT_STREAM`)
        stream: Subjects.fromConfig(this.env).stream,
        consumer: spec.consumer,
        filterSubject: spec.filterSubject,
        handlers: spec.handlers,
        maxDeliver: this.env.CONSUMER_MAX_DELIVER,
        nakDelayMs: consumerBackoff(this.env),
        logger: createLogger(`${this.service}-consumer`, this.env.LOG_LEVEL),
      });
      await consumer.start();
      this.running.push(consumer);
    }
  }

  /** Stop fetching and let the event in hand finish while the ORM and NATS are still up. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.running.splice(0).map((c) => c.stop()));
  }
}

/**
 * What a service with durable consumers adds to `serviceMessagingProviders`: the consumers,
 * started at boot on the service's NATS connection (`SERVICE_NATS`) and stopped on shutdown, and
 * {@link DeadLetters} over the same handlers, for `deadLettersController`. The consumers come from
 * a factory, so that their handlers may be methods of the service's own providers.
 *
 * @example
 * ...serviceConsumerProviders('identity', env, { inject: [StaffLinksService], useFactory: (links: StaffLinksService) => [links.consumer()] })
 */
export function serviceConsumerProviders<D extends unknown[]>(
  service: string,
  env: ConsumerEnv,
  consumers: { inject: { [K in keyof D]: InjectionToken }; useFactory: (...deps: D) => ServiceConsumer[] },
): Provider[] {
  return [
    {
      provide: SERVICE_CONSUMERS,
      inject: consumers.inject,
      useFactory: (...deps: D): ServiceConsumer[] =>
        consumers.useFactory(...deps).map((c) => ({ ...c, handlers: Object.fromEntries(Object.entries(c.handlers).map(([type, h]) => [type, inEventContext(h)])) })),
    },
    {
      provide: DeadLetters,
      inject: [MikroORM, SERVICE_CONSUMERS],
      useFactory: (orm: MikroORM, specs: ServiceConsumer[]) => new DeadLetters({ orm, handlers: Object.fromEntries(specs.map((c) => [c.consumer, c.handlers])) }),
    },
    {
      provide: ServiceConsumers,
      inject: [MikroORM, SERVICE_NATS, SERVICE_CONSUMERS],
      useFactory: (orm: MikroORM, nc: NatsConnection, specs: ServiceConsumer[]) => new ServiceConsumers(orm, nc, specs, service, env),
    },
  ];
}
