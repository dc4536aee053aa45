import { advisoryLockKey } from './outbox-relay';
import { messagingMigrationSql, outboxChannel } from './migration';

describe('messagingMigrationSql', () => {
  it('creates the three tables in the quoted schema and notifies the schema channel', () => {
    const { up, down } = messagingMigrationSql('ticketing');
    const sql = up.join('\n');
    for (const table of ['outbox', 'inbox', 'dead_letter']) expect(sql).toContain(`create table if not exists "ticketing"."${table}"`);
    expect(sql).toContain(`pg_notify('ticketing_outbox', '')`);
    expect(sql).toMatch(/on "ticketing"."outbox" \("seq"\) where "published_at" is null/);
    expect(down.join('\n')).toContain('drop table if exists "ticketing"."outbox"');
    expect(outboxChannel('ticketing')).toBe('ticketing_outbox');
  });

  it('escapes quotes in the schema name', () => {
    const sql = messagingMigrationSql(`we"ird'`).up.join('\n');
    expect(sql).toContain(`"we""ird'"."outbox"`);
    expect(sql).toContain(`pg_notify('we"ird''_outbox', '')`);
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
