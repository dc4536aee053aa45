/**
 * The cross-service tests: each starts the apps it needs as processes (gateway, grid-registry,
 * identity, ticketing, reporting, notifications) on an isolated schema, stream and subject prefix, and talks to the public
 * API only. A project of its own whose implicit dependencies name every app, so `nx affected`
 * runs them whenever any app changes.
 */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
};
