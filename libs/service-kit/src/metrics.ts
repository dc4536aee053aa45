import { createServer, type Server } from 'node:http';

import { Public } from '@citygrid/auth';
import { Controller, Get, Header, Injectable, type NestMiddleware } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process, with Node's default metrics. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** HTTP request duration by method, route and status. */
export const httpDuration = new Histogram({
  name: 'citygrid_http_request_duration_seconds',
  help: 'HTTP request duration',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** RPC handler duration by pattern and outcome. */
export const rpcDuration = new Histogram({
  name: 'citygrid_rpc_handler_duration_seconds',
  help: 'NATS RPC handler duration',
  labelNames: ['pattern', 'outcome'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

/** Domain events written to the outbox, by type. */
export const eventsWritten = new Counter({
  name: 'citygrid_events_written_total',
  help: 'Events written to the outbox',
  labelNames: ['type'],
  registers: [metricsRegistry],
});

/** Events a durable consumer's handler applied (its transaction then commits with the inbox row), by consumer and type. */
export const consumerEventsApplied = new Counter({
  name: 'citygrid_consumer_events_applied_total',
  help: 'Events applied by a durable consumer',
  labelNames: ['consumer', 'type'],
  registers: [metricsRegistry],
});

/** Marks a request already timed. */
const TIMED = Symbol('citygrid.http-timed');

/** Records each HTTP request's duration; the route is the matched pattern, not the raw URL. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(req: Request & { [TIMED]?: true }, res: Response, next: NextFunction): void {
    // registered for the prefixed API and again for each path excluded from the prefix: time a request once
    if (req[TIMED]) {
      next();
      return;
    }
    req[TIMED] = true;
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route: `${req.baseUrl}${route}`, status: String(res.statusCode) });
    });
    next();
  }
}

/** Prometheus scrape endpoint. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  async metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}

/**
 * Serve `/metrics` on a port of its own (the gateway's public port must not expose process
 * internals to the internet). Only `GET /metrics` answers; everything else is a 404.
 */
export function startMetricsServer(port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
