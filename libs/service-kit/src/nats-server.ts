import type { Subjects } from '@citygrid/messaging';
import { type MessageHandler, type NatsOptions, ServerNats } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';

/**
 * Nest's NATS server, with every handler subscribed under the deployment's subject prefix.
 * Handlers declare bare patterns (`@MessagePattern(GridRegistryRpc.nodeGet)`): decorators run when
 * a class is defined, before any config is loaded, so the prefix from the validated config is put
 * on here, as the handlers are registered.
 */
export class PrefixedNatsServer extends ServerNats {
  /**
   * @param shared the service's own connection (`SERVICE_NATS`), so requests are answered on the
   *   connection the service already keeps instead of a second one; it is left open at close (the
   *   service closes it after everything else). Without it Nest connects on its own.
   */
  constructor(
    options: Required<NatsOptions>['options'],
    private readonly subjects: Subjects,
    private readonly shared?: NatsConnection,
  ) {
    super(options);
  }

  /** The shared connection, seen without `close` (Nest's close would end it for the whole service). */
  override createNatsClient(): Promise<NatsConnection> {
    if (!this.shared) return super.createNatsClient();
    const shared = this.shared;
    return Promise.resolve(
      new Proxy(shared, {
        get: (target, prop, receiver) => {
          if (prop === 'close') return () => Promise.resolve();
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
    );
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler?: boolean, extras?: Record<string, unknown>): void {
    super.addHandler(typeof pattern === 'string' ? this.subjects.rpc(pattern) : pattern, callback, isEventHandler, extras);
  }
}
