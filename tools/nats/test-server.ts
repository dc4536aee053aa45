import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { connect, type ConnectionOptions, type NatsConnection } from 'nats';

/** Passwords of the services' users in deploy/nats/auth.conf, as the tests set them in the server's environment. */
export const SERVICE_PASSWORDS = {
  NATS_GATEWAY_PASSWORD: 'gw-pass',
  NATS_GRID_REGISTRY_PASSWORD: 'gr-pass',
  NATS_IDENTITY_PASSWORD: 'id-pass',
  NATS_TICKETING_PASSWORD: 'tk-pass',
  NATS_REPORTING_PASSWORD: 'rp-pass',
  NATS_NOTIFICATIONS_PASSWORD: 'nt-pass',
  NATS_EMPLOYMENT_PASSWORD: 'em-pass',
  NATS_HEALTH_PASSWORD: 'he-pass',
  NATS_SCHOOLING_PASSWORD: 'sc-pass',
  NATS_RELOCATION_PASSWORD: 'rl-pass',
  NATS_COMMUNITY_SERVICES_PASSWORD: 'cs-pass',
  NATS_VOLUNTEERS_PASSWORD: 'vo-pass',
} as const;

/** A throwaway nats-server with JetStream on a free loopback port, for tests of its configuration. */
export interface TestNatsServer {
  /** `127.0.0.1:<port>`. */
  url: string;
  /** Its working directory (configuration files, JetStream store). */
  dir: string;
  /** Connect as a user; `errors` collects the asynchronous errors (permission violations) the server sends. */
  as(user: string, pass: string, opts?: Partial<ConnectionOptions>): Promise<{ nc: NatsConnection; errors: string[] }>;
  /** Make the server read its configuration again (SIGHUP). */
  reload(): Promise<void>;
  stop(): void;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/**
 * Start nats-server with `files` written to its directory (`auth.conf` …) and `include`d after
 * the listen and JetStream settings; resolves once `probe` (user, password) can connect.
 */
export async function startNatsServer(files: Record<string, string>, env: Record<string, string>, probe: [string, string]): Promise<TestNatsServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'citygrid-nats-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const includes = Object.keys(files)
    .map((name) => `include ${name}\n`)
    .join('');
  writeFileSync(join(dir, 'server.conf'), `listen: 127.0.0.1:${port}\njetstream { store_dir: "${join(dir, 'js')}" }\n${includes}`);
  const server: ChildProcess = spawn('nats-server', ['-c', join(dir, 'server.conf')], { env: { ...process.env, ...env }, stdio: 'ignore' });
  const url = `127.0.0.1:${port}`;
  const as = async (user: string, pass: string, opts: Partial<ConnectionOptions> = {}): Promise<{ nc: NatsConnection; errors: string[] }> => {
    const errors: string[] = [];
    const nc = await connect({ servers: url, user, pass, reconnect: false, ...opts });
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.data));
    })();
    return { nc, errors };
  };
  for (let i = 0; i < 100; i++) {
    const ok = await as(...probe)
      .then(async ({ nc }) => (await nc.close(), true))
      .catch(() => false);
    if (ok)
      return {
        url,
        dir,
        as,
        reload: async () => {
          server.kill('SIGHUP');
          await new Promise((r) => setTimeout(r, 300));
        },
        stop: () => {
          server.kill('SIGTERM');
          rmSync(dir, { recursive: true, force: true });
        },
      };
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill('SIGTERM');
  throw new Error('nats-server did not start');
}
