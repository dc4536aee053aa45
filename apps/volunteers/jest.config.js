module.exports = { ...require('../../jest.preset.js'), displayName: 'volunteers', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
