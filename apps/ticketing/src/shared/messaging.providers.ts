import { closeNats, connectNats, ensureStream, OutboxRelay, streamName, streamSubjects } from '@citygrid/messaging';
import { createLogger, READINESS_PROBES, type ReadinessProbe } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import { EVENTS_NATS } from './tokens';

const SERVICE = 'ticketing';

/** The NATS connection for events and grid-registry requests: waits for NATS on first connect, reconnects forever. */
export const eventsNatsProvider: Provider = {
  provide: EVENTS_NATS,
  inject: [TICKETING_ENV],
  useFactory: async (env: TicketingEnv): Promise<NatsConnection> => {
    const nc = await connectNats({ servers: env.NATS_URL.split(','), name: `${SERVICE}-events`, logger: createLogger(SERVICE, env.LOG_LEVEL) });
    await ensureStream(nc, { name: streamName(), subjects: streamSubjects() });
    return nc;
  },
};

/** Runs the outbox relay for the service's schema; drains the events connection on stop. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;

  constructor(
    private readonly orm: MikroORM,
    @Inject(EVENTS_NATS) private readonly nc: NatsConnection,
    @Inject(TICKETING_ENV) private readonly env: TicketingEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = new OutboxRelay({
      orm: this.orm,
      nc: this.nc,
      schema: this.env.DATABASE_SCHEMA,
      databaseUrl: this.env.DATABASE_URL,
      logger: createLogger(`${SERVICE}-relay`, this.env.LOG_LEVEL),
    });
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await closeNats(this.nc);
  }

  /** Publish what is pending now (tests). */
  async drain(): Promise<number> {
    return this.relay ? this.relay.drainOnce() : 0;
  }
}

/** `/health/ready`: Postgres answers a query and the events connection is open. */
export const readinessProvider: Provider = {
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
};
