'use strict';
// Process supervision for `npm start`: the apps it runs and the Postgres and nats-server it may
// have started, each in its own process group; the shutdown order (apps first, SIGTERM then
// SIGKILL after 10 s; then nats-server; then Postgres); Ctrl-C once to stop, twice to force.
// If anything it started exits on its own, everything is stopped and the runner exits 1.
const { spawn } = require('node:child_process');

const { formatLogLine } = require('./log-format.js');
const { fail, pipeLines, say, warn } = require('./output.js');

const STOP_TIMEOUT_MS = 10_000;

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let pgProcess = null; // embedded Postgres we started
let natsProcess = null; // nats-server we started
let shuttingDown = false;

const isShuttingDown = () => shuttingDown;
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

/** Stops everything when `proc` exits while nothing is shutting down; `what` names it in the message. */
function stopAllIfItExits(proc, what) {
  proc.on('exit', (code, signal) => {
    if (shuttingDown) return;
    fail(`${what} exited unexpectedly (${signal ?? `code ${code}`})`);
    void shutdown(1);
  });
}

/** The embedded Postgres started here: stopped last on shutdown (fast, then immediate). */
function supervisePostgres(proc) {
  pgProcess = proc;
}

/** The nats-server started here: stopped right after the apps on shutdown. */
function superviseNats(proc) {
  natsProcess = proc;
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

/** Stops the apps, then nats-server, then Postgres (whatever was started here), and exits with `code`. */
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

/** Ctrl-C, SIGTERM and SIGHUP shut down in order; the runner's own exit leaves no orphans. */
function installSignalHandlers() {
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));
  // Last resort when the runner dies by a bug: do not leave orphans behind.
  process.on('exit', () => forceKillAll());
}

/** Starts one app (see apps.js) with `env` and its own PORT, its logs formatted under its name. */
function startApp(root, app, env) {
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', app.main], {
    cwd: root,
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

module.exports = {
  STOP_TIMEOUT_MS,
  isAlive,
  isShuttingDown,
  installSignalHandlers,
  superviseNats,
  supervisePostgres,
  stopAllIfItExits,
  shutdown,
  startApp,
};
