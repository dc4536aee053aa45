import { Client } from 'pg';

import { ErrorCode } from '@citygrid/contracts';

import { dependencyUnavailable, isDependencyUnavailable } from './unavailable';

describe('a dependency that is down', () => {
  it('is told by the error a real refused connection gives', async () => {
    // nothing listens on port 1: the connection is refused as by a stopped database
    const client = new Client({ host: '127.0.0.1', port: 1, user: 'postgres', connectionTimeoutMillis: 2000 });
    const err: unknown = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    expect(isDependencyUnavailable(err)).toBe(true);
  });

  it('is told by a SQLSTATE of a server that cannot serve, the messages of a dropped connection, and a wrapped cause', () => {
    expect(isDependencyUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isDependencyUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyUnavailable(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('driver failed'), { previous: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('x'), { name: 'ConnectionException' }))).toBe(true);
  });

  it('is not a bug of the code: a bad statement, a broken constraint or a TypeError stay what they are', () => {
    expect(isDependencyUnavailable(Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' }))).toBe(false);
    expect(isDependencyUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDependencyUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDependencyUnavailable(null)).toBe(false);
  });

  it('answers 503 with a delay to retry after, naming no host', () => {
    const e = dependencyUnavailable('The database');
    expect(e.code).toBe(ErrorCode.Unavailable);
    expect(e.retryAfterS).toBe(5);
    expect(e.detail).toBe('The database is unavailable right now; try again shortly.');
  });
});
