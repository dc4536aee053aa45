import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import type { CityGridCloudEvent, EventDefinition } from '@citygrid/contracts';
import { GridRegistryEvents, NodeKind } from '@citygrid/contracts/grid-registry';
import { IdentityEvents, Role } from '@citygrid/contracts/identity';
import { DeliveryStatus, NotificationChannel, NotificationRule, NotificationsRpc, type DeliveryView, type NotificationPageView } from '@citygrid/contracts/notifications';
import { CalendarEvents, CaseAction, CaseState, PatrolEvents, TicketingEvents, type CaseEventV1 } from '@citygrid/contracts/ticketing';
import { buildCloudEvent, encodeCloudEvent, Subjects } from '@citygrid/messaging';
import {
  connectTestNats,
  deleteStream,
  dropSchema,
  ensureTestDatabase,
  eventually,
  sql,
  startService,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
  TestTokens,
  type RunningService,
} from '@citygrid/testing';
import { simpleParser } from 'mailparser';
import { headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';
import { SMTPServer } from 'smtp-server';

import { localDayAndTime } from '../src/rules/unpatrolled.service';

const PATH = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];
const [CITY, DISTRICT, SUBDISTRICT, COMMUNITY, GRID2, GRID] = PATH as [string, string, string, string, string, string];
const OTHER_GRID = '4101020050010102';

/**
 * notifications as a process on a schema and stream of its own, fed with the events identity,
 * grid-registry and ticketing publish (straight onto the stream), read through its RPC surface
 * with the accounts' own tokens, delivering e-mail to a local SMTP sink.
 */
describe('notifications', () => {
  const ns = testNamespace();
  const schema = `notifications_${ns}`;
  const stream = process.env['EVENT_STREAM']!;
  const subjects = new Subjects({ prefix: ns, stream });
  let tokens: TestTokens;
  let nc: NatsConnection;
  let service: RunningService;
  const mails: Array<{ to: string; subject: string; text: string; messageId: string }> = [];
  let refuse = false;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, callback) {
      if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      void simpleParser(stream).then((m) => {
        mails.push({ to: String(m.to && 'text' in m.to ? m.to.text : ''), subject: m.subject ?? '', text: m.text ?? '', messageId: m.messageId ?? '' });
        callback();
      }, callback);
    },
  });

  const accounts = {
    cityOp: { id: `city-op-${ns}`, roles: [Role.CityOperator], nodeScope: CITY },
    districtOp: { id: `district-op-${ns}`, roles: [Role.DistrictOperator], nodeScope: DISTRICT },
    subdistrictOp: { id: `subdistrict-op-${ns}`, roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT },
    communityOp: { id: `community-op-${ns}`, roles: [Role.CommunityOperator], nodeScope: COMMUNITY },
    otherCommunityOp: { id: `other-op-${ns}`, roles: [Role.CommunityOperator], nodeScope: '410102005002' },
    supervisor: { id: `supervisor-${ns}`, roles: [Role.Supervisor], nodeScope: DISTRICT },
    member: { id: `member-${ns}`, roles: [Role.GridMember], nodeScope: GRID },
    leader: { id: `leader-${ns}`, roles: [Role.GridLeader], nodeScope: GRID2 },
    officer: { id: `officer-${ns}`, roles: [Role.DepartmentOfficer], nodeScope: SUBDISTRICT, departmentCode: 'CG001' },
  };

  const publish = async (event: CityGridCloudEvent, def: EventDefinition<unknown>, msgId = event.id): Promise<void> => {
    await nc.jetstream().publish(subjects.event(def.subject), encodeCloudEvent(event), { msgID: msgId });
  };
  const rpc = async <T>(pattern: string, payload: unknown, account: { id: string; roles: Role[]; nodeScope: string }): Promise<T> => {
    const token = await tokens.sign({ id: account.id, roles: account.roles, nodeScope: account.nodeScope });
    const h = natsHeaders();
    h.set('authorization', `Bearer ${token}`);
    const codec = JSONCodec<unknown>();
    const subject = `${ns}.${pattern}`;
    const msg = await nc.request(subject, codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: 10000, headers: h });
    const reply = codec.decode(msg.data) as { response?: T; err?: unknown };
    if (reply.err !== undefined && reply.err !== null) throw Object.assign(new Error(`${pattern}: ${JSON.stringify(reply.err)}`), { err: reply.err });
    return reply.response as T;
  };
  const inboxOf = (account: { id: string; roles: Role[]; nodeScope: string }): Promise<NotificationPageView> => rpc<NotificationPageView>(NotificationsRpc.inbox, { limit: 100 }, account);

  const versions = new Map<string, number>();
  const caseId = randomUUID();
  const caseEvent = (
    def: EventDefinition<CaseEventV1>,
    action: CaseEventV1['action'],
    state: CaseState,
    extra: Partial<CaseEventV1>,
    actorId = accounts.communityOp.id,
    id = caseId,
  ): CityGridCloudEvent<CaseEventV1> =>
    buildCloudEvent(def, {
      subject: id,
      data: {
        id,
        number: 'CM05-20261201-0007',
        categoryCode: 'CM05',
        action,
        stateBefore: null,
        stateAfter: state,
        actor: { id: actorId, kind: actorId === 'ticketing' ? 'system' : 'staff', roles: [] },
        path: PATH,
        level: 5,
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
        version: versions.set(id, (versions.get(id) ?? 0) + 1).get(id),
        reportedAt: new Date().toISOString(),
        ...extra,
      },
    });

  beforeAll(async () => {
    await ensureTestDatabase();
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const port = (sink.server.address() as AddressInfo).port;
    tokens = await TestTokens.create();
    nc = await connectTestNats();
    // the stream exists before the service does: the other services' events are there first
    await (await nc.jetstreamManager()).streams.add({ name: stream, subjects: subjects.streamSubjects() });
    const today = localDayAndTime(new Date(), 'Asia/Shanghai').day;
    // the directory first: accounts, the tree, today a working day, one of the two level-3 grids patrolled
    for (const a of Object.values(accounts)) {
      const e = buildCloudEvent(IdentityEvents.accountCreated, {
        subject: a.id,
        data: { id: a.id, login: a.id, roles: a.roles, nodeScope: a.nodeScope, departmentCode: 'departmentCode' in a ? a.departmentCode : null, staffId: null, createdBy: null },
      });
      await publish(e, IdentityEvents.accountCreated);
    }
    for (const [i, code] of [...PATH, OTHER_GRID].entries()) {
      const path = code === OTHER_GRID ? [...PATH.slice(0, 5), OTHER_GRID] : PATH.slice(0, i + 1);
      const gridLevel = code.length === 16 ? 3 : code.length === 14 ? 2 : null;
      const e = buildCloudEvent(GridRegistryEvents.gridCreated, {
        subject: code,
        data: {
          id: randomUUID(),
          code,
          path,
          name: `网格${code.slice(-4)}`,
          nameEn: null,
          kind: gridLevel ? NodeKind.Grid : NodeKind.Community,
          gridLevel,
          parentCode: path.at(-2) ?? null,
          version: 1,
        } as never,
      });
      await publish(e, GridRegistryEvents.gridCreated);
    }
    await publish(
      buildCloudEvent(CalendarEvents.calendarChanged, {
        subject: today,
        data: { date: today, kind: 'workday', name: '测试工作日', previous: null, actor: { id: 'admin', kind: 'staff', roles: [] } } as never,
      }),
      CalendarEvents.calendarChanged,
    );
    await publish(
      buildCloudEvent(PatrolEvents.patrolLogged, {
        subject: OTHER_GRID,
        data: { id: randomUUID(), gridCode: OTHER_GRID, path: [...PATH.slice(0, 5), OTHER_GRID], day: today, startedAt: new Date().toISOString(), endedAt: new Date().toISOString(), hasTrack: false },
      }),
      PatrolEvents.patrolLogged,
    );
    service = await startService('notifications', {
      AUTH_JWKS: tokens.jwksJson,
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: ns,
      EVENT_STREAM: stream,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_GRACE_MS: '200',
      EMAIL_DRIVER: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      DELIVERY_POLL_MS: '100',
      DELIVERY_BACKOFF_MS: '100',
      DELIVERY_MAX_ATTEMPTS: '2',
      UNPATROLLED_AT: '00:00',
      UNPATROLLED_CHECK_MS: '300',
      WORK_TIME_ZONE: 'Asia/Shanghai',
    });
    await eventually(async () => (await sql<{ n: string }>(`select count(*) as n from "${schema}"."account"`))[0]?.n === String(Object.keys(accounts).length), 20000, 100);
  }, 120000);

  afterAll(async () => {
    await service?.stop();
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  }, 60000);

  it('tells the leader of an unpatrolled grid once, and nobody of the grid patrolled today', async () => {
    await eventually(async () => (await inboxOf(accounts.leader)).items.some((n) => n.rule === NotificationRule.Unpatrolled), 20000, 200);
    const leader = await inboxOf(accounts.leader);
    expect(leader.items.filter((n) => n.rule === NotificationRule.Unpatrolled).map((n) => n.nodeCode)).toEqual([GRID]);
    expect(leader.items[0]?.body).toContain('尚无巡查记录');
    const [check] = await sql<{ grids: number }>(`select "grids" from "${schema}"."unpatrolled_check"`);
    expect(check).toEqual({ grids: 1 });
    // grid members are not told (the leader and responsible person are)
    expect((await inboxOf(accounts.member)).items).toEqual([]);
  }, 30000);

  it('e-mails an account that chose e-mail, masks its address, and keeps a refused delivery as failed', async () => {
    const settings = await rpc<{ email: string; channels: string[] }>(NotificationsRpc.settingsUpdate, { email: 'wang.fang@example.org', channels: [NotificationChannel.Email] }, accounts.officer);
    expect(settings).toMatchObject({ email: 'w***@example.org', channels: ['email'] });
    const stored = await sql<{ email: string }>(`select "email" from "${schema}"."account_channel" where "account_id" = $1`, [accounts.officer.id]);
    expect(stored[0]?.email).not.toContain('wang.fang');
    // dispatched to the officer's department: the officer is told, in the inbox and by mail
    await publish(caseEvent(TicketingEvents.caseDispatched, CaseAction.Dispatch, CaseState.Dispatched, { dispatchTarget: 'department', departmentCode: 'CG001' }), TicketingEvents.caseDispatched);
    await eventually(async () => mails.length >= 1, 20000, 100);
    expect(mails[0]).toMatchObject({ to: 'wang.fang@example.org', subject: '【派遣通知】CM05-20261201-0007' });
    expect(mails[0]?.text).toContain('已派遣给你方');
    const officer = await inboxOf(accounts.officer);
    expect(officer.items.map((n) => n.rule)).toEqual([NotificationRule.Dispatched]);
    expect(officer.unread).toBe(1);
    // the dispatcher (the community operator) is not told of her own dispatch
    expect((await inboxOf(accounts.communityOp)).items).toEqual([]);
    const admin = { id: `admin-${ns}`, roles: [Role.SystemAdmin], nodeScope: null as unknown as string };
    await eventually(async () => (await rpc<{ items: DeliveryView[] }>(NotificationsRpc.deliveries, { status: DeliveryStatus.Sent }, admin)).items.length === 1, 10000, 100);
    const [sent] = (await rpc<{ items: DeliveryView[] }>(NotificationsRpc.deliveries, { status: DeliveryStatus.Sent }, admin)).items;
    expect(sent).toMatchObject({ channel: 'email', address: 'w***@example.org', attempts: 1 });
    // the sink refuses the next one for good: kept as failed, with the reason and not the address
    refuse = true;
    await publish(caseEvent(TicketingEvents.caseSupervised, 'supervise', CaseState.Dispatched, {}), TicketingEvents.caseSupervised);
    await eventually(async () => (await rpc<{ items: DeliveryView[] }>(NotificationsRpc.deliveries, { status: DeliveryStatus.Failed }, admin)).items.length === 1, 20000, 100);
    const [failed] = (await rpc<{ items: DeliveryView[] }>(NotificationsRpc.deliveries, { status: DeliveryStatus.Failed }, admin)).items;
    expect(failed).toMatchObject({ rule: NotificationRule.Supervised, status: 'failed', address: 'w***@example.org' });
    expect(failed?.lastError).toMatch(/550/);
    expect(failed?.lastError).not.toContain('wang.fang');
    refuse = false;
    // nobody but the system administrator lists deliveries
    await expect(rpc(NotificationsRpc.deliveries, {}, accounts.cityOp)).rejects.toThrow(/forbidden/);
  }, 60000);

  it('tells the operators of each level a case climbs to once per climb, raises the city alert at the top, and nothing twice when events come again', async () => {
    const climbs: Array<[number, number, string]> = [
      [5, 3, 'escalate-overdue'],
      [3, 2, 'escalate-overdue'],
      [2, 1, 'escalate-overdue'],
      [1, 0, 'escalate-overdue'],
    ];
    const sent: CityGridCloudEvent[] = [];
    for (const [levelBefore, level, action] of climbs) {
      const e = caseEvent(TicketingEvents.caseEscalated, action as CaseEventV1['action'], CaseState.Dispatched, { level, levelBefore, reason: 'overdue' }, 'ticketing');
      sent.push(e);
      await publish(e, TicketingEvents.caseEscalated);
    }
    const alert = caseEvent(TicketingEvents.caseCityAlerted, 'city-alert', CaseState.Dispatched, { level: 0 }, 'ticketing');
    await publish(alert, TicketingEvents.caseCityAlerted);
    // the same events once more, as a relay that published again after the duplicate window would
    for (const e of sent) await publish(e, TicketingEvents.caseEscalated, `${e.id}-again`);
    await publish(alert, TicketingEvents.caseCityAlerted, `${alert.id}-again`);
    await eventually(async () => (await inboxOf(accounts.cityOp)).items.length >= 2, 20000, 100);
    await new Promise((r) => setTimeout(r, 1000));
    const rules = async (a: (typeof accounts)[keyof typeof accounts]): Promise<string[]> => (await inboxOf(a)).items.map((n) => n.rule).sort();
    expect(await rules(accounts.communityOp)).toEqual([NotificationRule.Escalated, NotificationRule.Overdue]);
    expect(await rules(accounts.subdistrictOp)).toEqual([NotificationRule.Escalated, NotificationRule.Overdue]);
    expect(await rules(accounts.districtOp)).toEqual([NotificationRule.Escalated, NotificationRule.Overdue]);
    expect(await rules(accounts.cityOp)).toEqual([NotificationRule.CityAlert, NotificationRule.Escalated]);
    expect(await rules(accounts.supervisor)).toEqual([NotificationRule.CityAlert]);
    expect(await rules(accounts.otherCommunityOp)).toEqual([]);
    // the handler (the department's officer) hears of each lapse and of the alert
    expect((await inboxOf(accounts.officer)).items.filter((n) => n.rule === NotificationRule.Overdue)).toHaveLength(5);
    const subdistrict = (await inboxOf(accounts.subdistrictOp)).items.find((n) => n.rule === NotificationRule.Escalated);
    expect(subdistrict).toMatchObject({ caseId, caseNumber: 'CM05-20261201-0007', nodeCode: GRID, readAt: null });
    expect(subdistrict?.title).toContain('升至网格2005');
  }, 60000);

  it('tells whoever dispatched a returned case, and the operators of its level when the system dispatched it', async () => {
    await publish(caseEvent(TicketingEvents.caseReturned, CaseAction.Return, CaseState.Returned, { reason: '不属本单位职责' }, accounts.officer.id), TicketingEvents.caseReturned);
    await eventually(async () => (await inboxOf(accounts.communityOp)).items.some((n) => n.rule === NotificationRule.Returned), 20000, 100);
    const returned = (await inboxOf(accounts.communityOp)).items.find((n) => n.rule === NotificationRule.Returned);
    expect(returned?.body).toContain('理由：不属本单位职责');
    // a case the system dispatched (a sub-class's auto-dispatch), returned at the subdistrict's level
    const other = randomUUID();
    await publish(
      caseEvent(TicketingEvents.caseDispatched, CaseAction.Dispatch, CaseState.Dispatched, { level: 2, dispatchTarget: 'department', departmentCode: 'CG001' }, 'ticketing', other),
      TicketingEvents.caseDispatched,
    );
    await publish(caseEvent(TicketingEvents.caseReturned, CaseAction.Return, CaseState.Returned, { level: 2, reason: '地址不详' }, accounts.officer.id, other), TicketingEvents.caseReturned);
    await eventually(async () => (await inboxOf(accounts.subdistrictOp)).items.some((n) => n.rule === NotificationRule.Returned && n.caseId === other), 20000, 100);
    expect((await inboxOf(accounts.communityOp)).items.filter((n) => n.caseId === other)).toEqual([]);
  }, 30000);

  it("marks only the caller's own notifications read", async () => {
    const mine = await inboxOf(accounts.cityOp);
    const theirs = await inboxOf(accounts.districtOp);
    const other = theirs.items[0]?.id ?? '';
    const res = await rpc<{ marked: number; unread: number }>(NotificationsRpc.markRead, { ids: [mine.items[0]?.id, other] }, accounts.cityOp);
    expect(res).toEqual({ marked: 1, unread: mine.unread - 1 });
    expect((await inboxOf(accounts.districtOp)).unread).toBe(theirs.unread);
    expect((await rpc<{ marked: number; unread: number }>(NotificationsRpc.markRead, { all: true }, accounts.cityOp)).unread).toBe(0);
    const unreadOnly = await rpc<NotificationPageView>(NotificationsRpc.inbox, { unread: 'true' }, accounts.cityOp);
    expect(unreadOnly).toMatchObject({ items: [], unread: 0, total: 0 });
  }, 30000);

  it('refuses a channel without its address, naming the field, and changes nothing', async () => {
    await expect(rpc(NotificationsRpc.settingsUpdate, { channels: [NotificationChannel.Sms] }, accounts.member)).rejects.toThrow(/sms needs phone set/);
    expect(await rpc(NotificationsRpc.settingsGet, {}, accounts.member)).toEqual({ email: null, phone: null, wecomWebhook: null, dingtalkWebhook: null, channels: [] });
  }, 30000);
});
