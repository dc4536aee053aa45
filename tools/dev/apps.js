'use strict';
// The one place that knows which apps exist and which port each one gets by default.
// Used by tools/dev/run.js (npm start), tools/migrate.js (npm run migrate) and the deploy tests.
//
// An app is a folder apps/<name>/ with src/main.ts. An app with a database also has
// src/migrate.ts. Default ports: the gateway gets 3000; every other app gets 3101, 3102, ...
// in the order the apps were added (SERVICE_ORDER), so that a new app never moves the port of
// one that exists; an app not listed there comes after them, alphabetically. Each app's
// config.ts declares the same port as its default.
const fs = require('node:fs');
const path = require('node:path');

const GATEWAY = 'gateway';
const GATEWAY_PORT = 3000;
const FIRST_SERVICE_PORT = 3101;
/** Services in the order they were added: their ports are 3101, 3102, … in this order. */
const SERVICE_ORDER = ['grid-registry', 'identity', 'ticketing', 'reporting', 'notifications', 'employment', 'health', 'schooling', 'community-services', 'volunteers'];

/**
 * @typedef {object} AppInfo
 * @property {string} name         folder name under apps/, e.g. "grid-registry"
 * @property {string} main         repo-relative path of the entry, e.g. "apps/grid-registry/src/main.ts"
 * @property {string} [migrate]    repo-relative path of src/migrate.ts, only for apps with a database
 * @property {number} port         default PORT for local runs
 * @property {string} schema       default DATABASE_SCHEMA (name with - replaced by _)
 */

/**
 * @param {string} root repository root
 * @returns {AppInfo[]} apps sorted: gateway last, the others in SERVICE_ORDER (then alphabetically)
 */
function discoverApps(root) {
  const appsDir = path.join(root, 'apps');
  let names = [];
  try {
    names = fs
      .readdirSync(appsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(appsDir, d.name, 'src', 'main.ts')))
      .map((d) => d.name)
      .sort();
  } catch (err) {
    if (err && err.code === 'ENOENT') return [];
    throw err;
  }
  const rank = (n) => (SERVICE_ORDER.includes(n) ? SERVICE_ORDER.indexOf(n) : SERVICE_ORDER.length);
  const services = names.filter((n) => n !== GATEWAY).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  /** @type {AppInfo[]} */
  const apps = services.map((name, i) => describe(root, name, FIRST_SERVICE_PORT + i));
  if (names.includes(GATEWAY)) apps.push(describe(root, GATEWAY, GATEWAY_PORT));
  return apps;
}

/**
 * @param {string} root
 * @param {string} name
 * @param {number} port
 * @returns {AppInfo}
 */
function describe(root, name, port) {
  const migrate = `apps/${name}/src/migrate.ts`;
  /** @type {AppInfo} */
  const app = { name, main: `apps/${name}/src/main.ts`, port, schema: name.replace(/-/g, '_') };
  if (fs.existsSync(path.join(root, migrate))) app.migrate = migrate;
  return app;
}

module.exports = { discoverApps, GATEWAY, GATEWAY_PORT, FIRST_SERVICE_PORT, SERVICE_ORDER };
