import type { Subjects } from '@citygrid/messaging';
import { type MessageHandler, type NatsOptions, ServerNats } from '@nestjs/microservices';

/**
 * Nest's NATS server, with every handler subscribed under the deployment's subject prefix.
 * Handlers declare bare patterns (`@MessagePattern(GridRegistryRpc.nodeGet)`): decorators run when
 * a class is defined, before any config is loaded, so the prefix from the validated config is put
 * on here, as the handlers are registered.
 */
export class PrefixedNatsServer extends ServerNats {
  constructor(
    options: Required<NatsOptions>['options'],
    private readonly subjects: Subjects,
  ) {
    super(options);
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler?: boolean, extras?: Record<string, unknown>): void {
    super.addHandler(typeof pattern === 'string' ? this.subjects.rpc(pattern) : pattern, callback, isEventHandler, extras);
  }
}
