import { closeNats, connectNats, ensureStream, OutboxRelay, streamName, streamSubjects } from '@citygrid/messaging';
import { MikroORM } from '@mikro-orm/postgresql';
import type { OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import type { DatabaseEnv } from './config';
import { READINESS_PROBES, type ReadinessProbe } from './health';
import { createLogger } from './logging';

/** Injection token of a service's own NATS connection (events, and requests it makes itself). */
export const EVENTS_NATS = Symbol('EVENTS_NATS');

/** Runs the outbox relay for the service's schema; drains the events connection on stop. */
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;

  constructor(
    private readonly orm: MikroORM,
    private readonly nc: NatsConnection,
    private readonly service: string,
    private readonly env: DatabaseEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = new OutboxRelay({
      orm: this.orm,
      nc: this.nc,
      schema: this.env.DATABASE_SCHEMA,
      databaseUrl: this.env.DATABASE_URL,
      logger: createLogger(`${this.service}-relay`, this.env.LOG_LEVEL),
    });
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await closeNats(this.nc);
  }
}

/**
 * What every service that owns a schema and emits events needs: its NATS connection (waits for
 * NATS on first connect, reconnects forever, makes sure the stream exists), the outbox relay, and
 * the readiness probes of `/health/ready` (Postgres answers a query, NATS is connected).
 */
export function serviceMessagingProviders(service: string, env: DatabaseEnv): Provider[] {
  return [
    {
      provide: EVENTS_NATS,
      useFactory: async (): Promise<NatsConnection> => {
        const nc = await connectNats({ servers: env.NATS_URL.split(','), name: `${service}-events`, logger: createLogger(service, env.LOG_LEVEL) });
        await ensureStream(nc, { name: streamName(), subjects: streamSubjects() });
        return nc;
      },
    },
    {
      provide: OutboxRelayService,
      inject: [MikroORM, EVENTS_NATS],
      useFactory: (orm: MikroORM, nc: NatsConnection) => new OutboxRelayService(orm, nc, service, env),
    },
    {
      provide: READINESS_PROBES,
      inject: [MikroORM, EVENTS_NATS],
      useFactory: (orm: MikroORM, nc: NatsConnection): ReadinessProbe[] => [
        { name: 'postgres', check: async () => void (await orm.em.fork().getConnection().execute('select 1')) },
        {
          name: 'nats',
          check: async () => {
            if (nc.isClosed()) throw new Error('connection closed');
            await nc.flush();
          },
        },
      ],
    },
  ];
}
