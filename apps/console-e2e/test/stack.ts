import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { connectTestNats, deleteStream, dropSchema, ensureTestDatabase, startService, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace, type RunningService } from '@citygrid/testing';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** Lifetime of the access tokens identity issues in this run, s. */
export const ACCESS_TOKEN_TTL_S = 10;
const CONSOLE_INDEX = join(REPO_ROOT, 'dist/apps/console/index.html');

/** The services the console needs, as processes on this file's own schemas, stream and subjects, trusting identity's keys only (real logins). */
export interface ConsoleStack {
  gateway: RunningService;
  stop(): Promise<void>;
}

/**
 * Build the console when `nx test` did not already (its `dependsOn`), then start grid-registry,
 * identity (with the given administrator), ticketing, reporting and the gateway serving the build.
 */
export async function startConsoleStack(admin: { login: string; password: string }): Promise<ConsoleStack> {
  if (!existsSync(CONSOLE_INDEX)) {
    const built = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('the console did not build');
  }
  const ns = testNamespace();
  const stream = process.env['EVENT_STREAM']!;
  await ensureTestDatabase();
  const common = { NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: ns, EVENT_STREAM: stream, SHUTDOWN_GRACE_MS: '200', DATABASE_URL: TEST_DATABASE_URL, MIGRATE_ON_START: 'true' };
  const started: Array<{ service: RunningService; schema: string }> = [];
  const start = async (name: string, env: Record<string, string> = {}) => {
    const schema = `${name.replace(/-/g, '_')}_${ns}`;
    const service = await startService(name, { ...common, DATABASE_SCHEMA: schema, ...env });
    started.push({ service, schema });
  };
  await start('grid-registry');
  // ten-second access tokens: the console must refresh them silently while it is used
  await start('identity', { ADMIN_LOGIN: admin.login, ADMIN_PASSWORD: admin.password, LOGIN_FREE_FAILURES: '1000', ACCESS_TOKEN_TTL_S: String(ACCESS_TOKEN_TTL_S) });
  await start('ticketing');
  await start('reporting');
  const photoDir = join(tmpdir(), `citygrid-console-photos-${ns}`);
  const gateway = await startService('gateway', {
    NATS_URL: TEST_NATS_URL,
    NATS_SUBJECT_PREFIX: ns,
    EVENT_STREAM: stream,
    SHUTDOWN_GRACE_MS: '200',
    PHOTO_STORE_DIR: photoDir,
    PHOTO_URL_SECRET: `console-e2e-photo-secret-${ns}`,
    // several people log in from one address in this test
    AUTH_RATE_LIMIT_PER_MINUTE: '200',
  });
  return {
    gateway,
    async stop() {
      await gateway.stop();
      await rm(photoDir, { recursive: true, force: true });
      for (const { service, schema } of started.reverse()) {
        await service.stop();
        await dropSchema(schema);
      }
      const nc = await connectTestNats();
      await deleteStream(nc, stream);
      await nc.drain();
    },
  };
}
