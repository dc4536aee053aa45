import { execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './processes';

const run = promisify(execFile);

/** A PostgreSQL cluster of one test's own: its own data directory, port and socket directory. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url: string;
  port: number;
  /** Temporary directory holding the data directory, the socket and the log. */
  dir: string;
  /** Crash-stop the server (immediate shutdown, as a power cut): its data directory stays for {@link PrivatePostgres.start}. */
  crash(): Promise<void>;
  /** Start the server again after {@link PrivatePostgres.crash}, on the same port (it recovers from its log). */
  start(): Promise<void>;
  /** Stop the server (fast shutdown) and remove its directory. */
  stop(): Promise<void>;
}

/** The newest `/usr/lib/postgresql/<version>/bin` with `initdb` (Debian's layout), or `PG_BIN_DIR`. */
function postgresBinDir(): string {
  if (process.env['PG_BIN_DIR']) return process.env['PG_BIN_DIR'];
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!newest) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql), nor PG_BIN_DIR');
  return join(root, newest, 'bin');
}

/**
 * Start a private PostgreSQL cluster (initdb into a temporary directory, trust authentication,
 * loopback and a socket in that directory only, durability off: it lives for one test file).
 * `env` is added to the server's environment (e.g. a `FakeClock`'s). initdb refuses to run as
 * root, so as root the cluster runs as the `postgres` user. Should the test process die without
 * stopping it, a watchdog stops the cluster and removes its directory.
 */
export async function startPrivatePostgres(opts: { env?: Readonly<Record<string, string>>; database?: string } = {}): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'citygrid-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  // as root: runuser -u postgres -- env K=V … cmd (the variables reach the server, not runuser)
  const as = (cmd: string, args: string[], env: Readonly<Record<string, string>> = {}): [string, string[]] => {
    const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    return root ? ['runuser', ['-u', 'postgres', '--', 'env', ...vars, join(bin, cmd), ...args]] : ['env', [...vars, join(bin, cmd), ...args]];
  };
  const pgCtl = (args: string[], env?: Readonly<Record<string, string>>) => run(...as('pg_ctl', ['-D', data, ...args], env));
  try {
    await run(...as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']));
    const port = await freePort();
    const options = [`-p ${port}`, `-k ${dir}`, `-c listen_addresses=127.0.0.1`, '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200'];
    const start = () => pgCtl(['-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options.join(' '), 'start'], opts.env);
    await start();
    const [stopCmd, stopArgs] = as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; ${[stopCmd, ...stopArgs].map(quote).join(' ')} >/dev/null 2>&1; rm -rf ${quote(dir)}`], {
      detached: true,
      stdio: 'ignore',
    });
    watchdog.unref();
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/${opts.database ?? 'citygrid_test'}`,
      port,
      dir,
      async crash() {
        await pgCtl(['-m', 'immediate', '-w', '-t', '60', 'stop']);
      },
      async start() {
        await start();
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        watchdog.kill();
        try {
          // a server crash-stopped and not started again has nothing to stop (`pg_ctl status` exits 3)
          const running = await pgCtl(['status']).then(
            () => true,
            (e: { code?: unknown }) => e.code !== 3,
          );
          if (running) await pgCtl(['-m', 'fast', '-w', '-t', '60', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await pgCtl(['-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
