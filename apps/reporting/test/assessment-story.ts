import { randomUUID } from 'node:crypto';

import { type CityGridCloudEvent, findEventByType } from '@citygrid/contracts';
import { Role } from '@citygrid/contracts/identity';
import { GridRegistryEvents, type StaffAssignmentV1, StaffRole } from '@citygrid/contracts/grid-registry';
import { type CaseSupervisedV1, type InspectionRecordedV1, SupervisionEvents } from '@citygrid/contracts/ticketing';
import { buildCloudEvent, encodeCloudEvent, Subjects } from '@citygrid/messaging';
import { connectTestNats, deleteStream, dropSchema, ensureTestDatabase, eventually, sql, startService, TEST_DATABASE_URL, TEST_NATS_URL, TestTokens, type RunningService } from '@citygrid/testing';
import { headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';

import { pathOf } from './case-story';

/** `citygrid.supervision.flagged.v1` of a case in `gridCode`, at `time`. */
export function flagged(gridCode: string, time: string, caseId: string = randomUUID()): CityGridCloudEvent<CaseSupervisedV1> {
  return buildCloudEvent(SupervisionEvents.caseSupervised, {
    subject: caseId,
    time,
    data: { id: randomUUID(), caseId, gridCode, path: pathOf(gridCode), deadline: new Date(Date.parse(time) + 86_400_000).toISOString() },
  });
}

/** `citygrid.inspection.recorded.v1` of `nodeCode` at `time` with these findings. */
export function inspected(nodeCode: string, time: string, findings: InspectionRecordedV1['findings']): CityGridCloudEvent<InspectionRecordedV1> {
  const id = randomUUID();
  return buildCloudEvent(SupervisionEvents.inspectionRecorded, { subject: id, time, data: { id, gridCode: nodeCode, path: pathOf(nodeCode), findings } });
}

/** A staff member as grid-registry announces their assignments. */
export class StaffStory {
  readonly staffId = randomUUID();

  constructor(readonly name: string) {}

  /** The two ends of one assignment to `nodeCode` (the end only when `until` is given). */
  assignment(nodeCode: string, from: string, until?: string, role: StaffRole = StaffRole.GridMember): Array<CityGridCloudEvent<StaffAssignmentV1>> {
    const data: StaffAssignmentV1 = { assignmentId: randomUUID(), staffId: this.staffId, staffName: this.name, nodeId: randomUUID(), nodeCode, path: pathOf(nodeCode), role };
    return [
      buildCloudEvent(GridRegistryEvents.staffAssigned, { subject: this.staffId, time: from, data }),
      ...(until ? [buildCloudEvent(GridRegistryEvents.staffUnassigned, { subject: this.staffId, time: until, data })] : []),
    ];
  }
}

type Reply<T> = { response?: T; err?: { code?: string; status?: number; errors?: Array<{ field: string; reason: string }>; detail?: string } };

/** reporting as its own process on a schema, stream and subject prefix of its own; asked over NATS as the gateway asks it. */
export class ReportingProcess {
  readonly schema: string;
  readonly stream = process.env['EVENT_STREAM']!;
  readonly subjects: Subjects;
  private readonly codec = JSONCodec<unknown>();
  service!: RunningService;
  nc!: NatsConnection;
  tokens!: TestTokens;
  admin!: string;

  constructor(readonly ns: string) {
    this.schema = `reporting_${ns}`;
    this.subjects = new Subjects({ prefix: ns, stream: this.stream });
  }

  /** Start it (migrations applied) and connect; `env` is added to its environment. */
  async start(env: Record<string, string> = {}): Promise<void> {
    await ensureTestDatabase();
    this.tokens = await TestTokens.create();
    this.admin = await this.tokens.sign({ id: 'admin-1', name: 'admin', roles: [Role.SystemAdmin], nodeScope: null }, { expiresInS: 3600 });
    this.service = await startService('reporting', this.env(env));
    this.nc = await connectTestNats();
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: this.ns,
      EVENT_STREAM: this.stream,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: this.schema,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_GRACE_MS: '200',
      AUTH_JWKS: this.tokens.jwksJson,
      CONSUMER_MAX_DELIVER: '2',
      CONSUMER_BACKOFF_MS: '100',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    if (this.nc) {
      await deleteStream(this.nc, this.stream);
      await this.nc.drain();
    }
    await dropSchema(this.schema);
  }

  async rpc<T>(pattern: string, payload: unknown, token = this.admin): Promise<Reply<T>> {
    const h = natsHeaders();
    h.set('authorization', `Bearer ${token}`);
    const subject = `${this.ns}.${pattern}`;
    const msg = await this.nc.request(subject, this.codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: 30000, headers: h });
    return this.codec.decode(msg.data) as Reply<T>;
  }

  async ok<T>(pattern: string, payload: unknown, token = this.admin): Promise<T> {
    const { response, err } = await this.rpc<T>(pattern, payload, token);
    if (err || response === undefined) throw new Error(`${pattern}: ${JSON.stringify(err)}`);
    return response;
  }

  /** As a relay publishes: the event id is the `Nats-Msg-Id`, unless a test wants it delivered again. */
  async publish(event: CityGridCloudEvent, msgID = event.id): Promise<void> {
    const def = findEventByType(event.type);
    if (!def) throw new Error(`unknown type ${event.type}`);
    await this.nc.jetstream().publish(this.subjects.event(def.subject), encodeCloudEvent(event), { msgID });
  }

  /** Wait until every one of `events` is in the inbox (applied by its consumer). */
  async applied(events: readonly CityGridCloudEvent[], timeoutMs = 60000): Promise<void> {
    const ids = events.map((e) => e.id);
    await eventually(async () => {
      const rows = await sql<{ n: number }>(`select count(distinct "event_id")::int as n from "${this.schema}"."inbox" where "event_id" = any($1::uuid[])`, [ids]);
      return rows[0]?.n === new Set(ids).size;
    }, timeoutMs);
  }
}
