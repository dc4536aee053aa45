'use strict';
// NATS for `npm start`: the server at NATS_URL when one answers, else `nats-server -js` started
// here (data in .data/nats), or a message saying how to install it.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { pipeLines, say } = require('./output.js');
const { findOnPath, LOCAL_HOSTS, tcpAnswers, waitFor } = require('./probes.js');
const { isAlive, stopAllIfItExits, superviseNats } = require('./supervisor.js');

const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const NATS_MISSING_MESSAGE =
  'NATS is not running and nats-server is not installed. Install it with: sudo apt-get install -y nats-server   (or see https://docs.nats.io/running-a-nats-service/introduction/installation)';

/** Host and port of the first server of a NATS_URL (`nats://h:p`, `h:p`, `a,b`); port 4222 by default. */
function parseNatsUrl(natsUrl) {
  const first = natsUrl.split(',')[0].trim();
  const withScheme = /^[a-z]+:\/\//i.test(first) ? first : `nats://${first}`;
  const u = new URL(withScheme);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || 4222) };
}

/**
 * A NATS the apps can use, and its URL; `null` (after printing how to install it) when none answers
 * and nats-server is not installed.
 *
 * @param {string} natsUrl
 * @param {{ root: string, dataDir: string }} where repository root (working directory, messages) and the data directory (.data)
 */
async function ensureNats(natsUrl, { root, dataDir }) {
  const natsDataDir = path.join(dataDir, 'nats');
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
  fs.mkdirSync(natsDataDir, { recursive: true });
  say(`no NATS answers at ${natsUrl}: starting ${bin} with JetStream (data in ${path.relative(root, natsDataDir)})`);
  const proc = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', natsDataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  superviseNats(proc);
  pipeLines('nats', proc.stdout);
  pipeLines('nats', proc.stderr);
  let spawnError = null;
  proc.once('error', (e) => {
    spawnError = e;
  });
  const up = await waitFor(async () => spawnError !== null || !isAlive(proc) || (await tcpAnswers('127.0.0.1', port, 500)), 15_000);
  if (spawnError) throw new Error(`could not start nats-server: ${spawnError.message}`);
  if (!up || !isAlive(proc)) throw new Error('nats-server did not start (see its log above)');
  stopAllIfItExits(proc, 'nats-server');
  const result = `nats://127.0.0.1:${port}`;
  say(`NATS: ${result} (started here)`);
  return result;
}

module.exports = { DEFAULT_NATS_URL, ensureNats, parseNatsUrl };
