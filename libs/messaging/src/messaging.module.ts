import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MikroORM as CoreMikroORM } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { NatsConnection } from 'nats';
import { EventHandlers } from './apply';
import { closeNats, connectNats } from './connection';
import { DeadLetters } from './dead-letters';
import { IdempotentConsumer, IdempotentConsumerOptions } from './idempotent-consumer';
import { MessagingLogger } from './logger';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';
import { ensureStream, EnsureStreamOptions } from './stream';
import { Subjects } from './subjects';

/** Injection token of the service's `NatsConnection`. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** Injection token of the {@link MessagingModuleOptions}. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** One durable consumer of the service; handlers are plain functions of (event, em). */
export type ConsumerSpec = Pick<IdempotentConsumerOptions, 'consumer' | 'filterSubject' | 'maxDeliver' | 'nakDelayMs' | 'ackWaitMs'> & {
  handlers: EventHandlers;
};

/** Options of {@link MessagingModule.forService}. */
export interface MessagingModuleOptions {
  /** Service name: NATS connection name and CloudEvents source. */
  service: string;
  /** The service schema (outbox lock and NOTIFY channel). */
  schema: string;
  /** NATS servers: the service's validated `NATS_URL`. */
  natsUrl: string | string[];
  /** Subject prefix and stream of the deployment (`Subjects.fromConfig(env)`). */
  subjects: Subjects;
  /** Run the outbox relay (default true); an object tunes it. */
  relay?: boolean | Pick<OutboxRelayOptions, 'pollIntervalMs' | 'batchSize' | 'databaseUrl'>;
  /** Create or update the event stream at start (default true). */
  stream?: boolean | Partial<EnsureStreamOptions>;
  /** Durable consumers to run. */
  consumers?: ConsumerSpec[];
  logger?: MessagingLogger;
}

/** Starts the stream, relay and consumers after bootstrap and stops them, in order, on shutdown. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private relay: OutboxRelay | null = null;
  private readonly consumers: IdempotentConsumer[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingModuleOptions,
    @Inject(CoreMikroORM) private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { opts } = this;
    const stream = typeof opts.stream === 'object' ? opts.stream : {};
    if (opts.stream !== false) {
      await ensureStream(this.nc, { name: opts.subjects.stream, subjects: opts.subjects.streamSubjects(), ...stream });
    }
    if (opts.relay !== false) {
      const tuning = typeof opts.relay === 'object' ? opts.relay : {};
      this.relay = new OutboxRelay({ orm: this.orm, nc: this.nc, schema: opts.schema, logger: opts.logger, ...tuning });
      this.relay.start();
    }
    for (const spec of opts.consumers ?? []) {
      const consumer = new IdempotentConsumer({ ...spec, orm: this.orm, nc: this.nc, stream: stream.name ?? opts.subjects.stream, logger: opts.logger });
      await consumer.start();
      this.consumers.push(consumer);
    }
  }

  /** Stop taking work while the ORM and NATS are still up, so in-flight work can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((c) => c.stop()));
    await this.relay?.stop();
    this.relay = null;
  }

  async onApplicationShutdown(): Promise<void> {
    await closeNats(this.nc);
  }
}

/**
 * Messaging for one service: NATS connection, outbox writer and relay, durable consumers and
 * dead-letter access. Needs `MikroOrmModule.forRoot(...)` (with `messagingEntities`) imported
 * by the application.
 */
@Module({})
export class MessagingModule {
  static forService(opts: MessagingModuleOptions): DynamicModule {
    const handlers = Object.fromEntries((opts.consumers ?? []).map((c) => [c.consumer, c.handlers]));
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: opts },
        { provide: NATS_CONNECTION, useFactory: () => connectNats({ servers: opts.natsUrl, name: opts.service, logger: opts.logger }) },
        { provide: Subjects, useValue: opts.subjects },
        { provide: OutboxWriter, useValue: new OutboxWriter({ subjects: opts.subjects }) },
        { provide: DeadLetters, useFactory: (orm: MikroORM) => new DeadLetters({ orm, handlers }), inject: [CoreMikroORM] },
        MessagingLifecycle,
      ],
      exports: [NATS_CONNECTION, Subjects, OutboxWriter, DeadLetters],
    };
  }
}
