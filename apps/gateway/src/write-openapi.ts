import 'reflect-metadata';

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { startGateway } from './main';

/**
 * Writes `docs/openapi.json`, the OpenAPI document of the public API exactly as the gateway
 * serves it at `/docs-json`, for `npm run openapi` (which then generates the typed client in
 * libs/api-client from it). Starts the gateway on a free port with its default settings; it needs
 * NATS reachable (`NATS_URL`), none of the other services.
 */
async function main(): Promise<void> {
  const app = await startGateway({ METRICS_PORT: 0, LOG_LEVEL: 'warn' }, 0);
  try {
    const address = app.getHttpServer().address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${address.port}/docs-json`);
    if (!res.ok) throw new Error(`GET /docs-json answered ${res.status}`);
    const target = resolve(__dirname, '../../../docs/openapi.json');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(await res.json(), null, 2)}\n`);
    process.stdout.write(`wrote ${target}\n`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
