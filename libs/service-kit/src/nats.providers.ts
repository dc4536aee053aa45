import { closeNats, connectNats, ensureStream, Subjects } from '@citygrid/messaging';
import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import type { BaseEnv } from './config';
import { createLogger } from './logging';
import { RpcClient } from './rpc-client';

/**
 * Injection token of the service's one NATS connection of its own: the RPC client's requests,
 * the outbox relay's publishes and the subscriptions it keeps (Nest's NATS server, which answers
 * requests, holds the other).
 */
export const SERVICE_NATS = Symbol('SERVICE_NATS');

/** Drains the service's connection last, once everything using it stopped in `beforeApplicationShutdown`. */
@Injectable()
export class ServiceNatsShutdown implements OnApplicationShutdown {
  constructor(@Inject(SERVICE_NATS) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await closeNats(this.nc);
  }
}

/**
 * The service's NATS connection (waits for NATS on first connect, reconnects forever; with
 * `stream`, makes sure the event stream exists), the {@link RpcClient} on it, and the deployment's
 * {@link Subjects} (prefix and stream from `NATS_SUBJECT_PREFIX` and `EVENT_STREAM`).
 */
export function natsProviders(service: string, env: BaseEnv, opts: { stream: boolean }): Provider[] {
  const subjects = Subjects.fromConfig(env);
  return [
    { provide: Subjects, useValue: subjects },
    {
      provide: SERVICE_NATS,
      useFactory: async (): Promise<NatsConnection> => {
        const nc = await connectNats({ servers: env.NATS_URL.split(','), name: service, logger: createLogger(service, env.LOG_LEVEL) });
        if (opts.stream) await ensureStream(nc, { name: subjects.stream, subjects: subjects.streamSubjects() });
        return nc;
      },
    },
    { provide: RpcClient, inject: [SERVICE_NATS], useFactory: (nc: NatsConnection) => new RpcClient(nc, { timeoutMs: env.RPC_TIMEOUT_MS, subjects }) },
    ServiceNatsShutdown,
  ];
}
