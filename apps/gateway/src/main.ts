import 'reflect-metadata';

import { ErrorCode } from '@citygrid/contracts';
import { bootstrapService, createLogger, ServiceError, startMetricsServer } from '@citygrid/service-kit';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

import { GatewayModule } from './app.module';
import { mountConsole } from './console/console-static';
import { loadGatewayEnv, trustProxySetting, type GatewayEnv } from './config';
import { setupOpenApi } from './openapi';

/** Start the gateway (tests call this with overrides and port 0). */
export async function startGateway(overrides: Partial<GatewayEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadGatewayEnv(overrides);
  const app = await bootstrapService({
    name: 'gateway',
    module: GatewayModule.forRoot(env),
    env,
    rpc: false,
    port,
    // each request's deadline: the calls it makes share it, so no answer comes after a 503
    requestTimeoutMs: env.RPC_TIMEOUT_MS,
    configureHttp: (app) => {
      const express = app as NestExpressApplication;
      // JSON and forms (Open311, the token endpoint) alike: the same size limit, 413 beyond it.
      express.useBodyParser('json', { limit: env.BODY_LIMIT });
      express.useBodyParser('urlencoded', { limit: env.BODY_LIMIT, extended: true });
      express.use(refuseUnreadableBodies);
      express.disable('x-powered-by');
      // req.ip: the client behind the trusted proxies (rate limits and the login throttle key on it).
      express.set('trust proxy', trustProxySetting(env.TRUST_PROXY));
      // Security headers; the CSP allows the OpenAPI UI's inline assets on /docs only.
      express.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
      const origins = env.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      if (origins.length) app.enableCors({ origin: origins.includes('*') ? true : origins, exposedHeaders: ['X-Request-Id', 'Retry-After', 'ETag', 'Idempotent-Replayed'], maxAge: 600 });
      app.setGlobalPrefix('api/v1', {
        exclude: [
          // the probes only: the health service's API lives under /api/v1/health/… like every other
          { path: 'health/live', method: RequestMethod.GET },
          { path: 'health/ready', method: RequestMethod.GET },
          { path: 'open311/{*path}', method: RequestMethod.ALL },
          // identity's public endpoints keep the paths OAuth clients and JWT libraries expect
          { path: 'auth/login', method: RequestMethod.POST },
          { path: 'auth/logout', method: RequestMethod.POST },
          { path: 'auth/password', method: RequestMethod.POST },
          { path: 'oauth/token', method: RequestMethod.POST },
          { path: '.well-known/jwks.json', method: RequestMethod.GET },
        ],
      });
      setupOpenApi(app);
      // the admin console at `/`: only page requests outside the paths of the API, Open311, identity and the docs
      mountConsole(express, env.CONSOLE_DIR);
    },
  });
  if (env.METRICS_PORT > 0) {
    const metrics = await startMetricsServer(env.METRICS_PORT);
    app.getHttpServer().once('close', () => metrics.close());
  }
  return app;
}

/** The one operation that takes a multipart body outside Open311: `POST /api/v1/photos`. */
const PHOTO_UPLOAD_PATH = /^\/api\/v1\/photos\/?$/i;

/** The media types the API reads: JSON, and forms for Open311 and the token endpoint. */
const READABLE_BODIES = ['application/json', 'application/x-www-form-urlencoded'];

/**
 * A body of any other media type (text, XML, multipart, none named) is a 415 problem: left
 * unparsed, it would reach a handler as no body at all. Open311 (`/open311/…`) is left to its
 * controller, which takes forms and multipart and answers anything else as the specification
 * says (400 in its error format).
 */
function refuseUnreadableBodies(req: Request, _res: Response, next: NextFunction): void {
  // Open311 checks its own bodies: it takes multipart too, and answers others 400 in its own format
  if (req.path.toLowerCase().startsWith('/open311/')) {
    next();
    return;
  }
  // the photo upload reads its multipart body itself (multer, in the controller)
  if (req.method === 'POST' && PHOTO_UPLOAD_PATH.test(req.path) && req.is('multipart/form-data')) {
    next();
    return;
  }
  // `req.is` is null for a request without a body, false for a body of another type; an empty
  // body (`Content-Length: 0`, as clients send on a bare POST) is no body either.
  if (req.headers['content-length'] !== '0' && req.is(READABLE_BODIES) === false) {
    next(
      new ServiceError(
        ErrorCode.UnsupportedMediaType,
        `A body of type ${req.headers['content-type'] ?? '(none given)'} is not read here: send application/json (or a form where the operation takes one).`,
      ),
    );
    return;
  }
  next();
}

if (require.main === module) {
  startGateway().catch((err: unknown) => {
    createLogger('gateway', 'info').fatal({ err }, 'gateway failed to start');
    process.exit(1);
  });
}
