#!/usr/bin/env node
'use strict';
// `npm start`: run the whole CityGrid stack locally with nothing but Node installed (and
// nats-server on PATH when no NATS is running).
//
// 1. Postgres: use DATABASE_URL (default postgres://postgres@127.0.0.1:5432/citygrid) if a server
//    answers there; otherwise start an embedded Postgres (data in .data/postgres). Create the
//    database named in the URL if it is missing.                                 (database.js)
// 2. NATS: use NATS_URL (default nats://127.0.0.1:4222) if it answers; otherwise start
//    nats-server with JetStream (data in .data/nats).                            (nats.js)
// 3. Start every app found as apps/<app>/src/main.ts (see apps.js for the ports), with
//    MIGRATE_ON_START=true, prefix and pretty-print their pino logs (output.js, log-format.js),
//    and print a banner when the gateway is ready.
//    The admin console (apps/console) is built first into dist/apps/console when missing or
//    older than its sources; the gateway serves it at `/`.                      (console.js)
// 4. Ctrl-C / SIGTERM: stop the apps (SIGTERM, SIGKILL after 10 s), then what was started here.
//    If an app exits on its own, stop everything and exit 1.                     (supervisor.js)
//
// Plain CommonJS on purpose: it must run before anything is transpiled.
const path = require('node:path');

const { discoverApps, GATEWAY } = require('./apps.js');
const { ensureConsoleBuilt } = require('./console.js');
const { DEFAULT_DATABASE_URL, ensurePostgres } = require('./database.js');
const { c, redact } = require('./log-format.js');
const { DEFAULT_NATS_URL, ensureNats } = require('./nats.js');
const { fail, out, registerApps, say, warn } = require('./output.js');
const { installSignalHandlers, isShuttingDown, shutdown, startApp } = require('./supervisor.js');

const ROOT = path.resolve(__dirname, '..', '..');
const DATA_DIR = path.join(ROOT, '.data');

async function announceWhenReady(gateway, databaseUrl, natsUrl) {
  const readyUrl = `http://127.0.0.1:${gateway.port}/health/ready`;
  const started = Date.now();
  let nagged = false;
  while (!isShuttingDown()) {
    try {
      const res = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 200) break;
    } catch {
      /* not up yet */
    }
    if (!nagged && Date.now() - started > 90_000) {
      nagged = true;
      warn(`the gateway is not ready yet (${readyUrl}); still waiting`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (isShuttingDown()) return;
  const base = `http://localhost:${gateway.port}`;
  const lines = [
    '',
    c.bold(c.green('CityGrid is running')),
    `  API:        ${c.cyan(`${base}/api/v1`)}`,
    `  API docs:   ${c.cyan(`${base}/docs`)}`,
    `  Load demo data: ${c.bold('npm run demo')}`,
    c.dim(`  Postgres:   ${redact(databaseUrl)}`),
    c.dim(`  NATS:       ${natsUrl}`),
    c.dim('  Ctrl-C stops everything.'),
    // last, so that it is what the terminal shows: the page to open
    `  Console:    ${c.cyan(`${base}/`)}`,
    '',
  ];
  say(lines.join('\n'));
}

async function main() {
  const apps = discoverApps(ROOT);
  registerApps(apps);

  const where = { root: ROOT, dataDir: DATA_DIR };
  const natsUrl = await ensureNats(process.env.NATS_URL || DEFAULT_NATS_URL, where);
  if (!natsUrl) {
    process.exit(1);
  }
  const databaseUrl = await ensurePostgres(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, where);

  if (apps.length === 0) {
    fail('no apps found (apps/<app>/src/main.ts): nothing to run');
    await shutdown(1);
    return;
  }

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    MIGRATE_ON_START: process.env.MIGRATE_ON_START ?? 'true',
  };
  delete env.DATABASE_SCHEMA; // every app defaults to its own schema; one value for all would clash
  delete env.PORT;

  // The gateway serves the admin console's build at `/`: make it (a few seconds) when missing or stale.
  ensureConsoleBuilt(ROOT, { say, warn });

  // Apps with a database first, then the gateway (apps wait for NATS and Postgres themselves).
  const ordered = [...apps.filter((a) => a.name !== GATEWAY), ...apps.filter((a) => a.name === GATEWAY)];
  for (const app of ordered) {
    if (isShuttingDown()) return;
    say(`starting ${app.name} on port ${app.port}${app.migrate ? ' (migrations on start)' : ''}`);
    startApp(ROOT, app, env);
  }

  const gateway = apps.find((a) => a.name === GATEWAY);
  if (gateway) {
    await announceWhenReady(gateway, databaseUrl, natsUrl);
  } else {
    warn('no gateway app: the public API is not served');
  }
}

if (require.main === module) {
  // A closed stdout (e.g. `npm start | tee x` and Ctrl-C) must not stop the shutdown sequence.
  process.stdout.on('error', () => {});
  installSignalHandlers();
  main().catch((err) => {
    fail(err && err.message ? err.message : String(err));
    if (err && err.stack && process.env.DEBUG) out('dev', c.dim(err.stack));
    void shutdown(1);
  });
}
