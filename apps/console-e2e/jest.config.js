/**
 * The console in a real browser (Debian's chromium through playwright-core) against the real
 * stack: identity, grid-registry, ticketing, reporting and the gateway serving the console build.
 */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'console-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 120000,
};
