/**
 * The namespace of this test file, set by the Jest setup file: used as schema name, NATS subject
 * prefix and stream suffix so parallel files and parallel runs never share state.
 */
export function testNamespace(): string {
  const ns = process.env['CITYGRID_TEST_NS'];
  if (!ns) throw new Error('CITYGRID_TEST_NS is not set: run tests through the workspace Jest preset');
  return ns;
}

/** Database every test run uses (created on demand); each file gets its own schemas in it. */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/citygrid_test';

/** NATS the tests use. */
export const TEST_NATS_URL = process.env['TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
