import { ErrorCode } from '@citygrid/contracts';
import { KPIS_CHANGED_SUBJECT, type KpiDashboardQuery, type KpiDashboardView, type KpisChangedSignal, ReportingRpc } from '@citygrid/contracts/reporting';
import { Subjects } from '@citygrid/messaging';
import { createLogger, currentContext, type RequestContext, RpcClient, runInContext, SERVICE_NATS, ServiceError } from '@citygrid/service-kit';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { decodeJwt } from 'jose';
import { JSONCodec, type NatsConnection, type Subscription } from 'nats';

import { GATEWAY_ENV, type GatewayEnv } from '../config';

const codec = JSONCodec<KpisChangedSignal>();

/** One open feed: what it shows, on whose behalf, and when it last sent. */
interface Feed {
  query: KpiDashboardQuery;
  /** The subscriber's request context (correlation id, caller, token), without the request's deadline. */
  context: Partial<RequestContext>;
  res: Response;
  /** The figures last sent, to send only changes. */
  last: string;
  lastSentAt: number;
  /** A change came while a refresh was due later. */
  dirty: boolean;
  timer: NodeJS.Timeout | null;
  closed: boolean;
}

/**
 * The live KPI feed (`GET /api/v1/reports/live`): a server-sent-events stream of a node's
 * dashboard, sent when it opens and again each time reporting signals that figures of the node's
 * subtree changed (`reporting.kpi.changed`, after its commit), at most once per
 * `REPORTS_LIVE_MIN_INTERVAL_MS`, and every `REPORTS_LIVE_REFRESH_MS` in any case (`overdueNow`
 * and the days move without events). Each refresh asks reporting as the subscriber, so scope and
 * revocation apply as to any request; the stream ends with `event: expired` when the access
 * token does (the client reconnects with a fresh one) and `event: error` when reporting refuses.
 * Nest's `@Sse` is not used: a refusal must answer problem+json before the stream starts, and
 * the stream must end at the token's expiry, which an Observable of messages does not express.
 */
@Injectable()
export class LiveKpis implements OnModuleInit, OnApplicationShutdown {
  private readonly feeds = new Set<Feed>();
  private subscription: Subscription | null = null;
  private readonly logger;

  constructor(
    private readonly rpc: RpcClient,
    private readonly subjects: Subjects,
    @Inject(SERVICE_NATS) private readonly nc: NatsConnection,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.logger = createLogger('gateway-live', env.LOG_LEVEL);
  }

  onModuleInit(): void {
    this.subscription = this.nc.subscribe(this.subjects.rpc(KPIS_CHANGED_SUBJECT), {
      callback: (err, msg) => {
        if (err) return;
        let signal: KpisChangedSignal;
        try {
          signal = codec.decode(msg.data);
        } catch {
          return;
        }
        const nodes = new Set(Array.isArray(signal.nodes) ? signal.nodes : []);
        for (const feed of this.feeds) if (signal.all === true || nodes.has(feed.query.node)) this.changed(feed);
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    for (const feed of this.feeds) this.end(feed, 'shutdown', { reason: 'the gateway is stopping; reconnect' });
  }

  /** Open feeds (for tests and metrics). */
  get size(): number {
    return this.feeds.size;
  }

  /**
   * Ask for the first dashboard (a refusal throws, answered as problem+json), then start the
   * stream on `res` and keep it until the client goes, the token expires or the gateway stops.
   */
  async open(query: KpiDashboardQuery, res: Response): Promise<void> {
    const first = await this.rpc.send(ReportingRpc.kpiDashboard, query);
    const ctx = currentContext();
    const authorization = ctx?.authorization;
    const feed: Feed = {
      query,
      context: { correlationId: ctx?.correlationId, caller: ctx?.caller, authorization },
      res,
      last: '',
      lastSentAt: 0,
      dirty: false,
      timer: null,
      closed: false,
    };
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // proxies (nginx) would otherwise hold the stream back
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${this.env.REPORTS_LIVE_MIN_INTERVAL_MS * 2}\n\n`);
    this.feeds.add(feed);
    this.send(feed, first);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), this.env.REPORTS_LIVE_HEARTBEAT_MS);
    const refresh = setInterval(() => this.changed(feed), this.env.REPORTS_LIVE_REFRESH_MS);
    const expiresInMs = tokenExpiry(authorization) - Date.now();
    const expiry = setTimeout(() => this.end(feed, 'expired', { reason: 'the access token expired; reconnect with a fresh one' }), Math.max(0, Math.min(expiresInMs, 2 ** 31 - 1)));
    res.on('close', () => {
      feed.closed = true;
      clearInterval(heartbeat);
      clearInterval(refresh);
      clearTimeout(expiry);
      if (feed.timer) clearTimeout(feed.timer);
      this.feeds.delete(feed);
    });
  }

  /** Figures of the feed's node may have changed: refresh now, or when the minimum interval has passed. */
  private changed(feed: Feed): void {
    if (feed.closed || feed.timer) {
      feed.dirty = true;
      return;
    }
    const wait = feed.lastSentAt + this.env.REPORTS_LIVE_MIN_INTERVAL_MS - Date.now();
    feed.timer = setTimeout(() => void this.refresh(feed), Math.max(0, wait));
  }

  private async refresh(feed: Feed): Promise<void> {
    feed.dirty = false;
    try {
      const view = await runInContext(feed.context, () => this.rpc.send(ReportingRpc.kpiDashboard, feed.query));
      this.send(feed, view);
    } catch (err) {
      if (err instanceof ServiceError && err.code !== ErrorCode.Unavailable) {
        // refused now (token revoked, scope changed, node retired): the feed ends
        this.end(feed, 'error', { reason: err.message, code: err.code });
        return;
      }
      // reporting away for a moment: the next signal or refresh tries again
      this.logger.warn({ err: err instanceof Error ? err.message : String(err), node: feed.query.node }, 'live feed refresh failed');
    } finally {
      feed.timer = null;
      feed.lastSentAt = Date.now();
      if (feed.dirty && !feed.closed) this.changed(feed);
    }
  }

  private send(feed: Feed, view: KpiDashboardView): void {
    if (feed.closed) return;
    // computedAt alone changing is no change
    const figures = JSON.stringify({ ...view, computedAt: undefined });
    if (figures === feed.last) return;
    feed.last = figures;
    feed.lastSentAt = Date.now();
    feed.res.write(`event: kpis\ndata: ${JSON.stringify(view)}\n\n`);
  }

  private end(feed: Feed, event: string, data: object): void {
    if (feed.closed) return;
    feed.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    feed.res.end();
  }
}

/** When the (already verified) bearer token expires, epoch ms; far ahead when it carries no `exp`. */
function tokenExpiry(authorization: string | undefined): number {
  try {
    const exp = authorization ? decodeJwt(authorization.replace(/^Bearer /, '')).exp : undefined;
    return typeof exp === 'number' ? exp * 1000 : Date.now() + 86_400_000;
  } catch {
    return Date.now();
  }
}
