module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'object-store',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
};
