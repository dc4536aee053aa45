import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import { CORRELATION_HEADER } from '@citygrid/contracts';
import { Subjects } from '@citygrid/messaging';
import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomStrategy } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { Logger } from 'nestjs-pino';

import type { BaseEnv } from './config';
import { PrefixedNatsServer } from './nats-server';
import { SERVICE_NATS } from './nats.providers';
import { runInContext, sanitizeCorrelationId } from './request-context';

export interface BootstrapOptions {
  /** Service name: NATS queue group, log `service` field. */
  name: string;
  /** Root Nest module. */
  module: Type<unknown> | DynamicModule;
  /** Validated environment. */
  env: BaseEnv;
  /** Answer NATS requests (every service but the gateway). */
  rpc: boolean;
  /** Extra HTTP setup before listening (prefix, swagger, filters …). */
  configureHttp?: (app: INestApplication) => void | Promise<void>;
  /** Listen on this port instead of `env.PORT` (tests pass 0). */
  port?: number;
  /**
   * How long an HTTP request may take, ms: its deadline, which every RPC it makes inherits (the
   * gateway's `RPC_TIMEOUT_MS`). None by default.
   */
  requestTimeoutMs?: number;
}

/**
 * The one bootstrap every service uses: JSON logs, correlation ids, NATS request/reply with a
 * queue group (so replicas share the load), health and metrics over HTTP, graceful shutdown
 * (stop taking requests, let in-flight ones finish, drain NATS).
 */
export async function bootstrapService(opts: BootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create(opts.module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.enableShutdownHooks();
  // Every HTTP request runs inside its request id (taken from `X-Request-Id` or made here), so
  // logs, outgoing NATS headers and the events it causes all carry it.
  app.use((req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void) => {
    const id = sanitizeCorrelationId(req.headers[CORRELATION_HEADER]) ?? randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const authorization = req.headers.authorization;
    const ifMatch = req.headers['if-match'];
    runInContext(
      {
        correlationId: id,
        authorization: typeof authorization === 'string' && authorization.length < 8192 ? authorization : undefined,
        ifMatch: typeof ifMatch === 'string' && ifMatch.length < 512 ? ifMatch : undefined,
        deadline: opts.requestTimeoutMs === undefined ? undefined : Date.now() + opts.requestTimeoutMs,
      },
      next,
    );
  });
  if (opts.rpc) {
    const subjects = Subjects.fromConfig(opts.env);
    app.connectMicroservice<CustomStrategy>({
      strategy: new PrefixedNatsServer(
        {
          servers: opts.env.NATS_URL.split(','),
          name: opts.name,
          queue: subjects.rpc(opts.name),
          maxReconnectAttempts: -1,
          waitOnFirstConnect: true,
          reconnectTimeWait: 1000,
          gracefulShutdown: true,
          gracePeriod: opts.env.SHUTDOWN_GRACE_MS,
        },
        subjects,
        sharedConnection(app),
      ),
    });
  }
  await opts.configureHttp?.(app);
  if (opts.rpc) await app.startAllMicroservices();
  await app.listen(opts.port ?? opts.env.PORT);
  answerMalformedRequests(app.getHttpServer() as HttpServer);
  return app;
}

/**
 * Requests Node's HTTP parser refuses before any handler sees them (a request line or headers
 * over 16 KB, a malformed request line) get a problem+json answer like every other error instead
 * of Node's bare status line.
 */
export function answerMalformedRequests(server: HttpServer): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { code?: string }, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, title, detail] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request header fields too large', 'The request line and headers together must stay under 16 KB: send long filters in a body.']
        : [400, 'Bad request', 'The request is not valid HTTP.'];
    const body = JSON.stringify({ type: `https://citygrid.dev/problems/${status === 431 ? 'header-fields-too-large' : 'bad-request'}`, title, status, detail });
    socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/** The service's own NATS connection, if its module provides one: the RPC server answers on it. */
function sharedConnection(app: INestApplication): NatsConnection | undefined {
  try {
    return app.get<NatsConnection>(SERVICE_NATS, { strict: false });
  } catch {
    return undefined;
  }
}
