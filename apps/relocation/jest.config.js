module.exports = { ...require('../../jest.preset.js'), displayName: 'relocation', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'] };
