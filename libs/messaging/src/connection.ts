import { connect, DebugEvents, Events, NatsConnection } from 'nats';
import { MessagingLogger, errorInfo, silentLogger } from './logger';

/** Options of {@link connectNats}. */
export interface ConnectNatsOptions {
  /** Server URL(s): the service's validated `NATS_URL` (split on commas). */
  servers: string | string[];
  /** Connection name shown in the server's monitoring (use the service name). */
  name: string;
  /** Receives connection status changes. */
  logger?: MessagingLogger;
  /** Delay between reconnect attempts; default 1000 ms. */
  reconnectTimeWaitMs?: number;
}

/**
 * Connect to NATS so that the connection never gives up: the client default stops after 10
 * reconnect attempts, which would leave a long-running service silently deaf after a NATS restart.
 * `waitOnFirstConnect` lets a service start before NATS is up (e.g. under docker compose).
 */
export async function connectNats(opts: ConnectNatsOptions): Promise<NatsConnection> {
  const logger = opts.logger ?? silentLogger;
  const nc = await connect({
    servers: opts.servers,
    name: opts.name,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: opts.reconnectTimeWaitMs ?? 1000,
  });
  logger.info({ server: nc.getServer(), name: opts.name }, 'nats connected');
  watchStatus(nc, logger).catch((err: unknown) => logger.error(errorInfo(err), 'nats status watcher failed'));
  return nc;
}

async function watchStatus(nc: NatsConnection, logger: MessagingLogger): Promise<void> {
  for await (const s of nc.status()) {
    const obj = { status: s.type, data: typeof s.data === 'object' ? JSON.stringify(s.data) : s.data };
    switch (s.type) {
      case Events.Disconnect:
      case DebugEvents.StaleConnection:
      case Events.LDM:
        logger.warn(obj, 'nats connection status');
        break;
      case Events.Error:
        logger.error(obj, 'nats connection error');
        break;
      case DebugEvents.PingTimer:
        // every ping: too chatty to log
        break;
      case Events.Reconnect:
      case Events.Update:
      case DebugEvents.Reconnecting:
      case DebugEvents.ClientInitiatedReconnect:
        logger.info(obj, 'nats connection status');
        break;
    }
  }
}

/**
 * Close a connection gracefully: drain lets in-flight handlers finish and flushes pending
 * publishes before closing, instead of dropping them as `close()` would.
 */
export async function closeNats(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  if (nc.isDraining()) {
    await nc.closed();
    return;
  }
  await nc.drain();
}
