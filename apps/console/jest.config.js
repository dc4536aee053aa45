/** Unit tests of the console's pure logic (formatting, the token store, filters, actions): no browser needed. */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'console',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
