import { CityGridCloudEvent } from '@citygrid/contracts';
import { consumerOpts, type JetStreamSubscription, type NatsConnection } from 'nats';

import { parseCloudEvent } from './cloudevent';
import { MessagingLogger, errorInfo, silentLogger } from './logger';

/** Options of {@link EventFollower}. */
export interface EventFollowerOptions {
  nc: NatsConnection;
  /** Stream name, e.g. `subjects.stream` (see `Subjects`). */
  stream: string;
  /** Subject filter, prefix included, e.g. `subjects.event('citygrid.grid-registry.grid.*')`. */
  filterSubject: string;
  /** Applies one event; must not throw for an event it does not understand (a cache drops or reloads instead). */
  onEvent(event: CityGridCloudEvent): void | Promise<void>;
  /**
   * Called once the consumer exists (at start, or later when it could not be made at first): the
   * moment to load what happened before, e.g. a snapshot, so nothing falls between the two.
   */
  onFollowing?(): void | Promise<void>;
  logger?: MessagingLogger;
}

/**
 * Follows events from now on through an **ordered ephemeral consumer**, for in-memory caches kept
 * in step by events (a copy of the grid index, the revocation list, reference data). Unlike a
 * plain subscription it notices a gap (a reconnect, a missed message) and resumes from the last
 * stream sequence it saw, so a cache misses nothing while the stream keeps the events. It writes
 * no state: a service that must apply each event exactly once uses `IdempotentConsumer`.
 *
 * Events are applied one at a time, in stream order.
 */
export class EventFollower {
  private readonly logger: MessagingLogger;
  private sub: JetStreamSubscription | null = null;
  private loop: Promise<void> | null = null;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  private warned = false;

  constructor(private readonly opts: EventFollowerOptions) {
    this.logger = opts.logger ?? silentLogger;
  }

  /**
   * Start following. Resolves once the consumer exists, so events committed after it are heard;
   * if it cannot be made yet (the stream not created, NATS not reachable) it resolves at once and
   * keeps trying every `retryMs` in the background, so a service can start before its stream.
   */
  async start(retryMs = 1000): Promise<void> {
    if (this.sub || this.retry) return;
    this.stopped = false;
    if (await this.subscribe()) return;
    this.retry = setInterval(() => {
      void this.subscribe().then((ok) => {
        if (ok && this.retry) {
          clearInterval(this.retry);
          this.retry = undefined;
        }
      });
    }, retryMs);
    this.retry.unref();
  }

  private async subscribe(): Promise<boolean> {
    if (this.stopped || this.sub) return this.sub !== null;
    try {
      const o = consumerOpts();
      o.orderedConsumer();
      o.deliverNew();
      o.filterSubject(this.opts.filterSubject);
      o.bindStream(this.opts.stream);
      const sub = await this.opts.nc.jetstream().subscribe(this.opts.filterSubject, o);
      if (this.stopped) {
        sub.unsubscribe();
        return false;
      }
      this.sub = sub;
      this.loop = this.run(sub);
      await Promise.resolve(this.opts.onFollowing?.()).catch((err: unknown) => this.logger.warn(errorInfo(err), 'follower start hook failed'));
      return true;
    } catch (err) {
      if (!this.warned) this.logger.warn({ ...errorInfo(err), stream: this.opts.stream }, 'cannot follow events yet; retrying');
      this.warned = true;
      return false;
    }
  }

  /** Whether the consumer exists (events are being heard). */
  get following(): boolean {
    return this.sub !== null;
  }

  /** Stop following; waits for the event being applied. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.retry);
    this.retry = undefined;
    const sub = this.sub;
    this.sub = null;
    if (!sub) return;
    sub.unsubscribe();
    await this.loop;
    this.loop = null;
  }

  private async run(sub: JetStreamSubscription): Promise<void> {
    try {
      for await (const msg of sub) {
        let event: CityGridCloudEvent;
        try {
          event = parseCloudEvent(msg.data);
        } catch (err) {
          this.logger.warn({ ...errorInfo(err), subject: msg.subject }, 'unparseable event skipped by follower');
          continue;
        }
        try {
          await this.opts.onEvent(event);
        } catch (err) {
          this.logger.warn({ ...errorInfo(err), eventId: event.id, type: event.type }, 'follower could not apply an event');
        }
      }
    } catch (err) {
      this.logger.error(errorInfo(err), 'event follower ended with an error');
    }
  }
}
