import { randomUUID } from 'node:crypto';

import {
  TestTokens,
  connectTestNats,
  deleteStream,
  dropSchema,
  ensureTestDatabase,
  eventually,
  sql,
  startService,
  subjectCounts,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
  type RunningService,
} from '@citygrid/testing';
import type { NatsConnection } from 'nats';

/**
 * Two ticketing replicas on one schema and one stream, both scanning for overdue cases every
 * 50 ms: each overdue case is escalated exactly once (one event, level up by one tier).
 */
describe('escalation with two ticketing replicas', () => {
  const ns = testNamespace();
  const schema = `ticketing_${ns}`;
  const stream = process.env['EVENT_STREAM']!;
  const replicas: RunningService[] = [];
  const path = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];
  const CASES = 30;
  let nc: NatsConnection;

  beforeAll(async () => {
    await ensureTestDatabase();
    const tokens = await TestTokens.create();
    // A long shortened deadline: after one escalation no case lapses again during the test.
    const env = {
      AUTH_JWKS: tokens.jwksJson,
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: ns,
      EVENT_STREAM: stream,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_GRACE_MS: '200',
      ESCALATION_SCAN_MS: '50',
      TEST_DEADLINE_SECONDS: '3600',
    };
    // The first applies the migrations; the second finds them applied.
    replicas.push(await startService('ticketing', env));
    replicas.push(await startService('ticketing', env));
    nc = await connectTestNats();
  }, 120000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
  }, 60000);

  it('escalates each overdue case exactly once', async () => {
    const ids: string[] = [];
    // Written straight into the table, all already overdue, so both replicas race for them at once.
    for (let i = 0; i < CASES; i++) {
      const id = randomUUID();
      ids.push(id);
      await sql(
        `insert into "${schema}"."ticket_case" ("id","number","source","category_code","description","lng","lat","address","priority","state","grid_code","grid_path","level",
          "dispatch_target","department_code","deadline","reporters","photos","created_by","created_at","updated_at")
         values ($1,$2,'patrol','CM05','overdue',113.6,34.77,'addr','normal','dispatched',$3,$4,5,'grid_staff',null,now() - interval '1 minute','[]','[]','test',now(),now())`,
        [id, `CM05-20261125-${String(i + 1).padStart(4, '0')}`, path[5], path],
      );
    }
    const subject = `${ns}.citygrid.ticketing.case.escalated`;
    await eventually(async () => ((await subjectCounts(nc, stream))[subject] ?? 0) >= CASES, 20000, 100);
    // Give a straggler (a double escalation) time to show up before counting.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await subjectCounts(nc, stream))[subject]).toBe(CASES);
    const rows = await sql<{ level: number; escalation_count: number }>(`select "level", "escalation_count" from "${schema}"."ticket_case" where "id" = any($1::uuid[])`, [ids]);
    expect(rows).toHaveLength(CASES);
    for (const r of rows) expect(r).toEqual({ level: 3, escalation_count: 1 });
    // Both replicas took part (each logs how many it escalated), which is what makes the test a race.
    const took = replicas.map((r) => r.output().includes('overdue cases escalated'));
    expect(took.filter(Boolean).length).toBeGreaterThanOrEqual(1);
  }, 60000);

  // With TEST_DEADLINE_SECONDS 3600 a case is due soon in the last 1,800 s before its deadline.
  it('warns of each case due soon once per deadline (case.due-soon), again when its deadline moves, and not of the others', async () => {
    const insert = async (number: string, deadlineSql: string, state = 'dispatched'): Promise<string> => {
      const id = randomUUID();
      await sql(
        `insert into "${schema}"."ticket_case" ("id","number","source","category_code","description","lng","lat","address","priority","state","grid_code","grid_path","level",
          "dispatch_target","department_code","deadline","reporters","photos","created_by","created_at","updated_at")
         values ($1,$2,'patrol','CM05','due soon',113.6,34.77,'addr','normal',$5,$3,$4,5,'grid_staff',null,${deadlineSql},'[]','[]','test',now(),now())`,
        [id, number, path[5], path, state],
      );
      return id;
    };
    const soon = [];
    for (let i = 0; i < 10; i++) soon.push(await insert(`CM05-20261126-${String(i + 1).padStart(4, '0')}`, `now() + interval '10 minutes'`));
    const later = await insert('CM05-20261126-0101', `now() + interval '2 hours'`);
    const handled = await insert('CM05-20261126-0102', `now() + interval '10 minutes'`, 'handled');
    const subject = `${ns}.citygrid.ticketing.case.due-soon`;
    const warnedIds = async (): Promise<string[]> => {
      const rows = await sql<{ id: string }>(`select "event"->'data'->>'id' as "id" from "${schema}"."outbox" where "type" = 'citygrid.case.due-soon.v1'`);
      return rows.map((r) => r.id).sort();
    };
    await eventually(async () => ((await subjectCounts(nc, stream))[subject] ?? 0) >= soon.length, 20000, 100);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await subjectCounts(nc, stream))[subject]).toBe(soon.length);
    expect(await warnedIds()).toEqual([...soon].sort());
    expect(await warnedIds()).not.toContain(later);
    expect(await warnedIds()).not.toContain(handled);
    // an extension moves one deadline (still within the warning window): it is warned about again
    await sql(`update "${schema}"."ticket_case" set "deadline" = now() + interval '20 minutes' where "id" = $1`, [soon[0]]);
    await eventually(async () => ((await subjectCounts(nc, stream))[subject] ?? 0) >= soon.length + 1, 20000, 100);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await subjectCounts(nc, stream))[subject]).toBe(soon.length + 1);
    const [row] = await sql<{ same: boolean; state: string }>(
      `select "due_soon_warned_for" = date_trunc('milliseconds', "deadline") as "same", "state" from "${schema}"."ticket_case" where "id" = $1`,
      [soon[0]],
    );
    expect(row).toEqual({ same: true, state: 'dispatched' });
  }, 60000);
});
