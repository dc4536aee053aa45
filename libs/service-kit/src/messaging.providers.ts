import { OutboxRelay } from '@citygrid/messaging';
import { MikroORM } from '@mikro-orm/postgresql';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import type { DatabaseEnv } from './config';
import { READINESS_PROBES, type ReadinessProbe } from './health';
import { createLogger } from './logging';
import { natsProviders, SERVICE_NATS } from './nats.providers';

/** Runs the outbox relay for the service's schema; stops it before the connection closes. */
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
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

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }

  /**
   * Rows were just committed outside an ORM transaction (which wakes the relay by itself): publish
   * now rather than at the next poll.
   */
  poke(): void {
    this.relay?.poke();
  }
}

/**
 * What every service that owns a schema and emits events needs: its NATS connection (waits for
 * NATS on first connect, reconnects forever, makes sure the stream exists), the outbox relay, and
 * the readiness probes of `/health/ready` (Postgres answers a query, NATS is connected).
 */
export function serviceMessagingProviders(service: string, env: DatabaseEnv): Provider[] {
  return [
    ...natsProviders(service, env, { stream: true }),
    {
      provide: OutboxRelayService,
      inject: [MikroORM, SERVICE_NATS],
      useFactory: (orm: MikroORM, nc: NatsConnection) => new OutboxRelayService(orm, nc, service, env),
    },
    {
      provide: READINESS_PROBES,
      inject: [MikroORM, SERVICE_NATS],
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
