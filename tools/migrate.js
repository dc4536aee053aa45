#!/usr/bin/env node
'use strict';
// `npm run migrate -- <app|all>`: apply the committed migrations of one app, or of every app that
// has a database (apps/<app>/src/migrate.ts). Uses DATABASE_URL / DATABASE_SCHEMA like the apps;
// exits non-zero when a migration fails.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { discoverApps } = require('./dev/apps.js');

const ROOT = path.resolve(__dirname, '..');

function usage(apps) {
  const withDb = apps.filter((a) => a.migrate).map((a) => a.name);
  return ['usage: npm run migrate -- <app|all>', `apps with migrations: ${withDb.length ? withDb.join(', ') : '(none yet)'}`].join('\n');
}

function main(argv) {
  const apps = discoverApps(ROOT);
  const targets = argv.filter((a) => !a.startsWith('-'));
  if (targets.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.error(usage(apps));
    return targets.length === 0 && !argv.includes('--help') && !argv.includes('-h') ? 2 : 0;
  }

  let selected;
  if (targets.includes('all')) {
    selected = apps.filter((a) => a.migrate);
    if (selected.length === 0) {
      console.log('no app has migrations (apps/<app>/src/migrate.ts): nothing to do');
      return 0;
    }
  } else {
    selected = [];
    for (const name of targets) {
      const app = apps.find((a) => a.name === name);
      if (!app) {
        console.error(`unknown app "${name}"\n${usage(apps)}`);
        return 2;
      }
      if (!app.migrate) {
        console.log(`${name} has no database (no apps/${name}/src/migrate.ts): nothing to migrate`);
        continue;
      }
      selected.push(app);
    }
  }

  for (const app of selected) {
    console.log(`migrating ${app.name} …`);
    const env = { ...process.env };
    // Each app defaults to its own schema; a single DATABASE_SCHEMA only makes sense for one app.
    if (selected.length > 1) delete env.DATABASE_SCHEMA;
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', app.migrate], {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    });
    if (result.error) {
      console.error(`${app.name}: could not run ${app.migrate}: ${result.error.message}`);
      return 1;
    }
    if (result.status !== 0) {
      console.error(`${app.name}: migration failed (${result.signal ? `signal ${result.signal}` : `exit code ${result.status}`})`);
      return result.status || 1;
    }
    console.log(`${app.name}: migrations applied`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
