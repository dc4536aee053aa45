// Runs before each test file: give the file its own namespace so parallel test files and
// parallel runs on the same machine never share a schema, a stream or a NATS subject.
const crypto = require('node:crypto');
const ns = `t${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
process.env.CITYGRID_TEST_NS = ns;
process.env.NATS_SUBJECT_PREFIX = ns;
process.env.EVENT_STREAM = `CITYGRID_${ns.toUpperCase()}`;
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
