import 'reflect-metadata';

import { bootstrapService, createLogger, startMetricsServer } from '@citygrid/service-kit';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

import { GatewayModule } from './app.module';
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
      express.useBodyParser('json', { limit: env.BODY_LIMIT });
      express.disable('x-powered-by');
      // req.ip: the client behind the trusted proxies (rate limits and the login throttle key on it).
      express.set('trust proxy', trustProxySetting(env.TRUST_PROXY));
      // Security headers; the CSP allows the OpenAPI UI's inline assets on /docs only.
      express.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
      const origins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
      if (origins.length) app.enableCors({ origin: origins.includes('*') ? true : origins, exposedHeaders: ['X-Request-Id', 'Retry-After'], maxAge: 600 });
      app.setGlobalPrefix('api/v1', {
        exclude: [
          { path: 'health/(.*)', method: RequestMethod.GET },
          { path: 'open311/(.*)', method: RequestMethod.ALL },
          // identity's public endpoints keep the paths OAuth clients and JWT libraries expect
          { path: 'auth/login', method: RequestMethod.POST },
          { path: 'auth/logout', method: RequestMethod.POST },
          { path: 'oauth/token', method: RequestMethod.POST },
          { path: '.well-known/jwks.json', method: RequestMethod.GET },
        ],
      });
      setupOpenApi(app);
    },
  });
  if (env.METRICS_PORT > 0) {
    const metrics = await startMetricsServer(env.METRICS_PORT);
    app.getHttpServer().once('close', () => metrics.close());
  }
  return app;
}

if (require.main === module) {
  startGateway().catch((err: unknown) => {
    createLogger('gateway').fatal({ err }, 'gateway failed to start');
    process.exit(1);
  });
}
