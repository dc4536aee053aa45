'use strict';
// The admin console for `npm start`: the gateway serves dist/apps/console at `/`; build it first
// when it is missing or older than its sources (apps/console and the API client it uses).
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const CONSOLE_SOURCES = ['apps/console', 'libs/api-client/src'];
const CONSOLE_DIST = 'dist/apps/console';

/** Newest modification time (ms) of the files under `dir`, 0 when there are none. */
function newestMtime(dir) {
  let newest = 0;
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (err && err.code === 'ENOENT') return 0;
    throw err;
  }
  for (const e of entries) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Why the console must be built (`missing`, `stale`), or `null` when dist/apps/console is newer
 * than every source file (or when there is no console to build).
 */
function consoleBuildReason(root) {
  if (!fs.existsSync(path.join(root, 'apps/console/index.html'))) return null;
  const index = path.join(root, CONSOLE_DIST, 'index.html');
  if (!fs.existsSync(index)) return 'missing';
  const built = fs.statSync(index).mtimeMs;
  const sources = Math.max(...CONSOLE_SOURCES.map((d) => newestMtime(path.join(root, d))));
  return sources > built ? 'stale' : null;
}

/** Build the console with Vite when needed; `false` when the build failed (the gateway then explains at `/`). */
function ensureConsoleBuilt(root, log) {
  const reason = consoleBuildReason(root);
  if (!reason) return true;
  log.say(`building the admin console (${reason === 'missing' ? 'not built yet' : 'sources changed'}) into ${CONSOLE_DIST}`);
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const res = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (res.status !== 0) {
    log.warn('the admin console did not build: the API runs, and / says how to build the console (npx nx build console)');
    return false;
  }
  return true;
}

module.exports = { consoleBuildReason, ensureConsoleBuilt, CONSOLE_DIST };
