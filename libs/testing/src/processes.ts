import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A service started as its own process, exactly as it runs in production. */
export interface RunningService {
  name: string;
  url: string;
  port: number;
  /** Where the gateway serves `/metrics` (its own port, apart from the public API). */
  metricsUrl: string;
  /** Everything the process wrote so far (JSON log lines). */
  output(): string;
  /** SIGTERM, then wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  process: ChildProcess;
}

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Start `apps/<app>/src/main.ts` in a child process with `env` (and Node options `execArgv`, e.g.
 * `--cpu-prof`) and wait until `/health/ready` answers 200 (or fail with the process output).
 */
export async function startService(app: string, env: Record<string, string>, timeoutMs = 60000, execArgv: readonly string[] = []): Promise<RunningService> {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [...execArgv, '-r', '@swc-node/register', path.join('apps', app, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', METRICS_PORT: String(metricsPort), ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${app} exited with ${exitCode} before it was ready:\n${out}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`${app} was not ready within ${timeoutMs} ms:\n${out}`);
  }
  return {
    name: app,
    url,
    port,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    process: child,
    output: () => out,
    stop: async () => {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
