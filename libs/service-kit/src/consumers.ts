import { type BatchEventHandler, DeadLetters, type EventHandler, type EventHandlers, IdempotentConsumer, Subjects } from '@citygrid/messaging';
import { MikroORM } from '@mikro-orm/postgresql';
import type { BeforeApplicationShutdown, InjectionToken, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { CityGridCloudEvent } from '@citygrid/contracts';
import type { NatsConnection } from 'nats';
import { Gauge } from 'prom-client';

import { consumerBackoff, type ConsumerEnv } from './config';
import { CONSUMER_READINESS_PROBES, type ReadinessProbe } from './health';
import { createLogger } from './logging';
import { consumerEventsApplied, metricsRegistry } from './metrics';
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
  /**
   * Optional: apply the events that arrived together in one transaction (those `handlers` names,
   * new to the inbox, in stream order), for a consumer that would otherwise fall behind a busy
   * stream at one commit per event (reporting's read models). A failing batch is applied again
   * one event at a time through `handlers`, which therefore must do the same for one event.
   */
  applyBatch?: BatchEventHandler;
  /** Optional: told of the events applied once their transaction has committed (must not throw). */
  onApplied?: (events: readonly CityGridCloudEvent[]) => void;
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

/** `handler`, counted in `citygrid_consumer_events_applied_total` each time it succeeds. */
function counted(consumer: string, type: string, handler: EventHandler): EventHandler {
  return async (event, em) => {
    await handler(event, em);
    consumerEventsApplied.inc({ consumer, type });
  };
}

/** `apply` in a context of its own (a batch has many correlation ids), counted per event type when it succeeds. */
function countedBatch(consumer: string, apply: BatchEventHandler): BatchEventHandler {
  return async (events, em) => {
    await (currentContext() ? apply(events, em) : runInContext({}, () => apply(events, em)));
    for (const event of events) consumerEventsApplied.inc({ consumer, type: event.type });
  };
}

/** Where one durable consumer stands in the stream. */
export interface ConsumerLag {
  /** Events of its filter not delivered yet. */
  pending: number;
  /** Events delivered and not yet acknowledged (being applied, or waiting for a redelivery). */
  unacknowledged: number;
  /** Stream sequence of the last event delivered. */
  lastDelivered: number;
}

/** The consumers running in this process, whose lag a scrape of `/metrics` reads. */
const runningConsumers = new Set<ServiceConsumers>();

/**
 * Events a durable consumer has yet to apply (not delivered yet, or delivered and not yet
 * acknowledged), read from JetStream when `/metrics` is scraped.
 */
export const consumerLag: Gauge<'consumer'> = new Gauge({
  name: 'citygrid_consumer_lag_events',
  help: 'Events a durable consumer has yet to apply',
  labelNames: ['consumer'],
  registers: [metricsRegistry],
  async collect() {
    // a failed read leaves the last value: the nats probe of /health/ready says why
    await Promise.all([...runningConsumers].map((c) => c.lag().catch(() => undefined)));
  },
});

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
        applyBatch: spec.applyBatch,
        onApplied: spec.onApplied,
        maxDeliver: this.env.CONSUMER_MAX_DELIVER,
        nakDelayMs: consumerBackoff(this.env),
        logger: createLogger(`${this.service}-consumer`, this.env.LOG_LEVEL),
      });
      await consumer.start();
      this.running.push(consumer);
    }
    runningConsumers.add(this);
  }

  /** Stop fetching and let the event in hand finish while the ORM and NATS are still up. */
  async beforeApplicationShutdown(): Promise<void> {
    runningConsumers.delete(this);
    await Promise.all(this.running.splice(0).map((c) => c.stop()));
  }

  /** How far each consumer is behind the stream, read from JetStream (and set on `citygrid_consumer_lag_events`). */
  async lag(): Promise<Record<string, ConsumerLag>> {
    const jsm = await this.nc.jetstreamManager();
    const stream = Subjects.fromConfig(this.env).stream;
    const out: Record<string, ConsumerLag> = {};
    for (const spec of this.consumers) {
      const info = await jsm.consumers.info(stream, spec.consumer);
      out[spec.consumer] = { pending: info.num_pending, unacknowledged: info.num_ack_pending, lastDelivered: info.delivered.stream_seq };
      consumerLag.set({ consumer: spec.consumer }, info.num_pending + info.num_ack_pending);
    }
    return out;
  }
}

/**
 * What a service with durable consumers adds to `serviceMessagingProviders`: the consumers,
 * started at boot on the service's NATS connection (`SERVICE_NATS`) and stopped on shutdown,
 * {@link DeadLetters} over the same handlers, for `deadLettersController`, and their lag in
 * `/health/ready` and `/metrics`. The consumers come from
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
        consumers.useFactory(...deps).map((c) => ({
          ...c,
          handlers: Object.fromEntries(Object.entries(c.handlers).map(([type, h]) => [type, inEventContext(counted(c.consumer, type, h))])),
          applyBatch: c.applyBatch && countedBatch(c.consumer, c.applyBatch),
        })),
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
    {
      // `/health/ready` shows each consumer's lag; it does not make the service unready (a backlog drains)
      provide: CONSUMER_READINESS_PROBES,
      inject: [ServiceConsumers],
      useFactory: (consumers: ServiceConsumers): ReadinessProbe[] => [{ name: 'consumers', check: async () => ({ lag: await consumers.lag() }) }],
    },
  ];
}
