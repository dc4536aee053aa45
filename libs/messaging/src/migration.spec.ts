import { advisoryLockKey } from './outbox-relay';
import { messagingMigrationSql } from './migration';

describe('messagingMigrationSql', () => {
  it('creates the three tables in the quoted schema, with no trigger that would serialise commits', () => {
    const { up, down } = messagingMigrationSql('ticketing');
    const sql = up.join('\n');
    for (const table of ['outbox', 'inbox', 'dead_letter']) expect(sql).toContain(`create table if not exists "ticketing"."${table}"`);
    expect(sql).not.toMatch(/pg_notify|create trigger/);
    expect(sql).toMatch(/on "ticketing"."outbox" \("seq"\) where "published_at" is null/);
    expect(down.join('\n')).toContain('drop table if exists "ticketing"."outbox"');
  });

  it('escapes quotes in the schema name', () => {
    const sql = messagingMigrationSql(`we"ird'`).up.join('\n');
    expect(sql).toContain(`"we""ird'"."outbox"`);
  });
});

describe('advisoryLockKey', () => {
  it('is a stable signed 64-bit integer per name', () => {
    const key = advisoryLockKey('ticketingoutbox');
    expect(advisoryLockKey('ticketingoutbox')).toBe(key);
    expect(advisoryLockKey('reportingoutbox')).not.toBe(key);
    const n = BigInt(key);
    expect(n >= -(2n ** 63n) && n < 2n ** 63n).toBe(true);
  });
});
