import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Role } from '@citygrid/contracts/identity';
import { TestTokens, connectTestNats, deleteStream, dropSchema, ensureTestDatabase, startService, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace, type RunningService } from '@citygrid/testing';
import type { NatsConnection } from 'nats';

/** grid-registry and the gateway (and, when asked, identity, ticketing, reporting and notifications) as real processes, on this file's own schema, stream and subjects. */
export interface Stack {
  ns: string;
  schema: string;
  stream: string;
  gateway: RunningService;
  registry: RunningService;
  /** Started only with `withIdentity`. */
  identity?: RunningService;
  /** Started only with `withTicketing`. */
  ticketing?: RunningService;
  /** ticketing's schema (with `withTicketing`). */
  ticketingSchema?: string;
  /** Started only with `withReporting`. */
  reporting?: RunningService;
  /** reporting's schema (with `withReporting`). */
  reportingSchema?: string;
  /** Started only with `withNotifications`. */
  notifications?: RunningService;
  /** notifications' schema (with `withNotifications`). */
  notificationsSchema?: string;
  /** identity's schema (with `withIdentity` or `identityOnly`). */
  identitySchema?: string;
  /** The services started through `services`, by name, each with its schema. */
  services: Record<string, { service: RunningService; schema: string }>;
  nc: NatsConnection;
  /** Signs access tokens the services trust. */
  tokens: TestTokens;
  /** A system administrator's bearer token. */
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * Start the stack; `withIdentity` also starts the identity service (when the repo has it);
 * `withTicketing` starts ticketing on its own schema with `ticketingEnv`; `withReporting` starts
 * reporting on its own schema with `reportingEnv`; `withNotifications` starts notifications on its
 * own schema with `notificationsEnv` (deliveries looked for every 200 ms, the daily unpatrolled
 * check off unless `notificationsEnv` sets `UNPATROLLED_CHECK_MS`); `gatewayEnv` is added to the gateway's
 * environment. `databaseUrl` puts every schema in another database than the shared test one (a
 * private cluster), and `processEnv` is added to every service's environment (e.g. a `FakeClock`'s).
 */
export async function startStack(
  extraRegistryEnv: Record<string, string> = {},
  opts: {
    withIdentity?: boolean;
    identityOnly?: boolean;
    identityEnv?: Record<string, string>;
    withTicketing?: boolean;
    ticketingEnv?: Record<string, string>;
    withReporting?: boolean;
    reportingEnv?: Record<string, string>;
    withNotifications?: boolean;
    notificationsEnv?: Record<string, string>;
    /**
     * More services to start (e.g. `{ employment: {}, health: { COVERAGE_LIMIT_MINUTES: '15' } }`),
     * each on its own schema (`<name>_<ns>`, `-` as `_`) with the given environment, after
     * ticketing and before the gateway.
     */
    services?: Record<string, Record<string, string>>;
    gatewayEnv?: Record<string, string>;
    databaseUrl?: string;
    processEnv?: Readonly<Record<string, string>>;
  } = {},
): Promise<Stack> {
  const ns = testNamespace();
  const schema = `grid_registry_${ns}`;
  const stream = process.env['EVENT_STREAM']!;
  const databaseUrl = opts.databaseUrl ?? TEST_DATABASE_URL;
  await ensureTestDatabase(databaseUrl);
  const tokens = await TestTokens.create();
  // `identityOnly`: services trust identity's keys alone, as in production (no pinned test key).
  const common = { ...opts.processEnv, NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: ns, EVENT_STREAM: stream, SHUTDOWN_GRACE_MS: '200', ...(opts.identityOnly ? {} : { AUTH_JWKS: tokens.jwksJson }) };
  const registry = await startService('grid-registry', { ...common, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, MIGRATE_ON_START: 'true', ...extraRegistryEnv });
  const identitySchema = `identity_${ns}`;
  const identity =
    (opts.withIdentity || opts.identityOnly) && existsSync(resolve(__dirname, '../../identity/src/main.ts'))
      ? await startService('identity', { ...common, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: identitySchema, MIGRATE_ON_START: 'true', ...opts.identityEnv })
      : undefined;
  const ticketingSchema = `ticketing_${ns}`;
  const ticketing =
    opts.withTicketing && existsSync(resolve(__dirname, '../../ticketing/src/main.ts'))
      ? await startService('ticketing', { ...common, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: ticketingSchema, MIGRATE_ON_START: 'true', ...opts.ticketingEnv })
      : undefined;
  const reportingSchema = `reporting_${ns}`;
  const reporting =
    opts.withReporting && existsSync(resolve(__dirname, '../../reporting/src/main.ts'))
      ? await startService('reporting', { ...common, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: reportingSchema, MIGRATE_ON_START: 'true', ...opts.reportingEnv })
      : undefined;
  const notificationsSchema = `notifications_${ns}`;
  const notifications =
    opts.withNotifications && existsSync(resolve(__dirname, '../../notifications/src/main.ts'))
      ? await startService('notifications', {
          ...common,
          DATABASE_URL: databaseUrl,
          DATABASE_SCHEMA: notificationsSchema,
          MIGRATE_ON_START: 'true',
          DELIVERY_POLL_MS: '200',
          UNPATROLLED_CHECK_MS: '1000000',
          ...opts.notificationsEnv,
        })
      : undefined;
  const services: Record<string, { service: RunningService; schema: string }> = {};
  for (const [name, env] of Object.entries(opts.services ?? {})) {
    const serviceSchema = `${name.replace(/-/g, '_')}_${ns}`;
    services[name] = { service: await startService(name, { ...common, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: serviceSchema, MIGRATE_ON_START: 'true', ...env }), schema: serviceSchema };
  }
  // photos go to a directory of this run (the filesystem store, the embedded default)
  const photoDir = join(tmpdir(), `citygrid-e2e-photos-${ns}`);
  const gateway = await startService('gateway', { ...common, PHOTO_STORE_DIR: photoDir, PHOTO_URL_SECRET: `e2e-photo-url-secret-${ns}`, ...opts.gatewayEnv });
  const nc = await connectTestNats();
  return {
    ns,
    schema,
    stream,
    gateway,
    registry,
    ...(identity ? { identity, identitySchema } : {}),
    ...(ticketing ? { ticketing, ticketingSchema } : {}),
    ...(reporting ? { reporting, reportingSchema } : {}),
    ...(notifications ? { notifications, notificationsSchema } : {}),
    services,
    nc,
    tokens,
    adminToken: await tokens.sign({ name: 'admin', roles: [Role.SystemAdmin], nodeScope: null }),
    async stop() {
      await gateway.stop();
      await rm(photoDir, { recursive: true, force: true });
      await registry.stop();
      for (const { service, schema: serviceSchema } of Object.values(services)) {
        await service.stop();
        await dropSchema(serviceSchema, databaseUrl);
      }
      if (ticketing) {
        await ticketing.stop();
        await dropSchema(ticketingSchema, databaseUrl);
      }
      if (reporting) {
        await reporting.stop();
        await dropSchema(reportingSchema, databaseUrl);
      }
      if (notifications) {
        await notifications.stop();
        await dropSchema(notificationsSchema, databaseUrl);
      }
      if (identity) {
        await identity.stop();
        await dropSchema(identitySchema, databaseUrl);
      }
      await deleteStream(nc, stream);
      await nc.drain();
      await dropSchema(schema, databaseUrl);
    },
  };
}
