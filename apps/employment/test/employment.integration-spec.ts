import { ErrorCode } from '@citygrid/contracts';
import { EmploymentEvents, PostingStatus, SeekerStatus, type SeekerView } from '@citygrid/contracts/employment';
import { GridRegistryRpc, type NodeView, type ResidentView } from '@citygrid/contracts/grid-registry';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { ServiceError } from '@citygrid/service-kit';
import { dropSchema, ensureTestDatabase, fakeRpc, TEST_DATABASE_URL, testCaller, testNamespace } from '@citygrid/testing';
import { MikroORM } from '@mikro-orm/postgresql';

import { loadEmploymentEnv } from '../src/config';
import { EmployersService } from '../src/employers/employers.service';
import { MatchingService } from '../src/matching/matching.service';
import { migrateEmployment } from '../src/migrate';
import { employmentOrmOptions } from '../src/orm';
import { PlacementsService } from '../src/placements/placements.service';
import { SeekersService } from '../src/seekers/seekers.service';
import { RegistryClient } from '../src/shared/registry-client';
import { TargetsService } from '../src/targets/targets.service';

const CITY = '410100';
const DISTRICT = '410102';
const SUB = '410102005';
const COMM = '410102005001';
const COMM2 = '410102005002';
const GRID = '41010200500101';
const TREE: Record<string, string | null> = { [CITY]: null, [DISTRICT]: CITY, [SUB]: DISTRICT, [COMM]: SUB, [COMM2]: SUB, [GRID]: COMM };
const pathOf = (code: string): string[] => (TREE[code] ? [...pathOf(TREE[code] as string), code] : [code]);

const subOperator = testCaller({ roles: [Role.SubdistrictOperator], nodeScope: SUB });
const commOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: COMM });
const neighbour = testCaller({ roles: [Role.CommunityOperator], nodeScope: COMM2 });
const member = testCaller({ roles: [Role.GridMember], nodeScope: GRID });
const auditor = testCaller({ roles: [Role.Auditor], nodeScope: SUB });
const officer = testCaller({ roles: [Role.DepartmentOfficer], nodeScope: SUB, departmentCode: 'LSZ-CM' });
const client: Caller = testCaller({ kind: 'client', roles: [Role.ApiClient], nodeScope: SUB, scopes: ['registry:read'] });

const RESIDENT: ResidentView = {
  id: '7b7d6f7e-0f0e-4d43-9c35-1a7c9d8c0a01',
  householdId: '7b7d6f7e-0f0e-4d43-9c35-1a7c9d8c0a02',
  name: '张秀英',
  idNumber: '11010519491231002X',
  phone: null,
  masked: false,
  gridCode: GRID,
  createdAt: '2026-01-01T00:00:00.000Z',
};

async function expectError(p: Promise<unknown>, code: ErrorCode | 'forbidden-403' | 'not-found-404', field?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeDefined();
  const status = (err as { code?: string }).code;
  if (code === 'forbidden-403') expect(status).toBe(ErrorCode.Forbidden);
  else if (code === 'not-found-404') expect(status).toBe(ErrorCode.NotFound);
  else expect(status).toBe(code);
  if (field !== undefined) expect((err as ServiceError).errors?.map((e) => e.field)).toContain(field);
}

/** The services on a schema of their own, the registry answered by a fake that knows a small tree and one resident. */
describe('employment services', () => {
  const schema = `employment_${testNamespace()}`;
  let orm: MikroORM;
  let seekers: SeekersService;
  let employers: EmployersService;
  let matching: MatchingService;
  let placements: PlacementsService;
  let targets: TargetsService;

  beforeAll(async () => {
    await ensureTestDatabase();
    const env = loadEmploymentEnv({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, LOG_LEVEL: 'silent' }, {});
    await migrateEmployment(env, true);
    orm = await MikroORM.init(employmentOrmOptions(env));
    const rpc = fakeRpc({
      [GridRegistryRpc.nodeGet]: ({ code }) => {
        if (!(code in TREE)) throw new ServiceError(ErrorCode.NotFound, `Node ${code} does not exist.`);
        return { code, path: pathOf(code), parentCode: TREE[code] } as NodeView;
      },
      [GridRegistryRpc.residentGet]: ({ id }) => {
        if (id !== RESIDENT.id) throw new ServiceError(ErrorCode.NotFound, `Resident ${id} does not exist.`);
        return RESIDENT;
      },
    });
    const registry = new RegistryClient(rpc.client);
    const events = new EventRecorder(new Subjects({}));
    const cipher = FieldCipher.fromEnv({});
    seekers = new SeekersService(orm, events, cipher, registry);
    employers = new EmployersService(orm, events, cipher, registry);
    matching = new MatchingService(orm, seekers, employers);
    placements = new PlacementsService(orm, events, seekers, employers);
    targets = new TargetsService(orm, events, registry);
  }, 60000);

  afterAll(async () => {
    await orm?.close(true);
    await dropSchema(schema);
  });

  const outboxTypes = async (): Promise<string[]> => (await orm.em.fork().execute<Array<{ type: string }>>(`select "type" from "${schema}"."outbox" order by "seq"`)).map((r) => r.type);
  const newSeeker = (over: Partial<Parameters<SeekersService['create']>[1]> = {}): Promise<SeekerView> =>
    seekers.create(member, { name: '王强', nodeCode: GRID, categories: ['laid_off'], skills: ['电工'], wishes: { jobTypes: ['电工'], wageFloor: 2000 }, phone: '13912345678', ...over });

  describe('seekers: scope and masking', () => {
    it('takes a linked seeker’s name and node from the resident, and refuses the same resident twice', async () => {
      const s = await seekers.create(commOperator, { residentId: RESIDENT.id, categories: ['age_4050'] });
      expect(s).toMatchObject({ name: '张秀英', nodeCode: GRID, path: pathOf(GRID), status: 'seeking' });
      await expectError(seekers.create(commOperator, { residentId: RESIDENT.id, categories: ['other'] }), ErrorCode.Conflict, 'residentId');
      await expectError(seekers.create(commOperator, { residentId: '7b7d6f7e-0f0e-4d43-9c35-1a7c9d8c0aff', categories: ['other'] }), ErrorCode.Unprocessable, 'residentId');
    });

    it('needs a name and a node without a resident, and a known node (422 naming it)', async () => {
      await expectError(seekers.create(member, { categories: ['other'] }), ErrorCode.ValidationFailed, 'nodeCode');
      await expectError(seekers.create(member, { name: '某', nodeCode: '410102005099', categories: ['other'] }), ErrorCode.Unprocessable, 'nodeCode');
      await expectError(seekers.create(member, { name: '某', nodeCode: GRID, categories: ['other'], phone: '12345' }), ErrorCode.ValidationFailed, 'phone');
    });

    it('shows the phone to staff who may see personal data and masks it for auditors; the outbox never holds it', async () => {
      const s = await newSeeker();
      expect(s.phone).toBe('13912345678');
      expect(await seekers.get(auditor, s.id)).toMatchObject({ phone: '139****5678', masked: true });
      const rows = await orm.em.fork().execute<Array<{ event: unknown }>>(`select "event" from "${schema}"."outbox"`);
      expect(JSON.stringify(rows)).not.toContain('13912345678');
      expect(JSON.stringify(rows)).not.toContain('王强');
      const stored = await orm.em.fork().execute<Array<{ phone_cipher: string }>>(`select "phone_cipher" from "${schema}"."seeker" where "id" = ?`, [s.id]);
      expect(stored[0]?.phone_cipher).not.toContain('13912345678');
    });

    it('answers 404 outside the area, 403 to roles without access, and lists only the subtree', async () => {
      const s = await newSeeker();
      await expectError(seekers.get(neighbour, s.id), 'not-found-404');
      await expectError(seekers.update(neighbour, { id: s.id, skills: [] }), 'not-found-404');
      await expectError(seekers.get(officer, s.id), 'forbidden-403');
      await expectError(seekers.get(client, s.id), 'forbidden-403');
      await expectError(seekers.update(auditor, { id: s.id, skills: [] }), 'forbidden-403');
      expect((await seekers.list(neighbour, {})).total).toBe(0);
      const mine = await seekers.list(subOperator, { category: 'laid_off', under: COMM });
      expect(mine.items.map((x) => x.id)).toContain(s.id);
      expect(mine.items.every((x) => x.categories.includes('laid_off'))).toBe(true);
    });

    it('changes a seeker only at the version read (412 otherwise) and records each change', async () => {
      const s = await newSeeker();
      const updated = await seekers.update(commOperator, { id: s.id, skills: ['电工', '焊工'], expectedVersion: 1 });
      expect(updated).toMatchObject({ skills: ['电工', '焊工'], version: 2 });
      await expectError(seekers.update(commOperator, { id: s.id, skills: [], expectedVersion: 1 }), ErrorCode.PreconditionFailed);
      expect((await seekers.get(commOperator, s.id)).skills).toEqual(['电工', '焊工']);
      expect((await outboxTypes()).filter((t) => t === EmploymentEvents.seekerUpdated.type).length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('matching', () => {
    it('ranks the open postings of the area by score with the reasons, best first, and leaves out closed ones', async () => {
      const s = await seekers.create(member, { name: '李梅', nodeCode: GRID, categories: ['age_4050'], skills: ['保洁', '电工'], wishes: { jobTypes: ['保洁'], wageFloor: 1800 } });
      const employer = await employers.create(subOperator, { name: '物业', creditCode: `91410105MA44XYW00${checkChar('91410105MA44XYW00')}`, nodeCode: SUB });
      const best = await employers.createPosting(subOperator, {
        employerId: employer.id,
        title: '保洁员',
        jobType: '保洁',
        skills: ['电工', '焊工'],
        wageMin: 2000,
        wageMax: 2600,
        openings: 2,
        welcomes: ['age_4050'],
      });
      const fair = await employers.createPosting(subOperator, { employerId: employer.id, title: '电工', jobType: '电工', skills: ['电工'], wageMin: 3000, wageMax: 4000, openings: 1 });
      const closed = await employers.createPosting(subOperator, {
        employerId: employer.id,
        title: '保洁主管',
        jobType: '保洁',
        skills: ['保洁'],
        wageMin: 3000,
        wageMax: 4000,
        openings: 1,
        welcomes: ['age_4050'],
      });
      await employers.updatePosting(subOperator, { id: closed.id, status: PostingStatus.Closed });
      // postings of an employer at the subdistrict are beyond a community operator's area: the subdistrict operator matches
      expect(await matching.forSeeker(commOperator, { id: s.id })).toEqual([]);
      const found = await matching.forSeeker(subOperator, { id: s.id });
      expect(found.map((m) => [m.posting.id, m.score, m.explanation])).toEqual(
        expect.arrayContaining([
          [best.id, 8, ['welcomes age_4050', 'skills: 电工 (1 of 2)', 'job type 保洁 wished', 'wage up to 2600 ≥ floor 1800']],
          [fair.id, 3, ['skills: 电工 (1 of 1)', 'wage up to 4000 ≥ floor 1800']],
        ]),
      );
      expect(found[0]?.posting.id).toBe(best.id);
      expect(found.map((m) => m.posting.id)).not.toContain(closed.id);
      const back = await matching.forPosting(subOperator, { id: best.id });
      expect(back.find((m) => m.seeker.id === s.id)).toMatchObject({ score: 8 });
      await expectError(matching.forSeeker(neighbour, { id: s.id }), 'not-found-404');
    });
  });

  describe('placements', () => {
    it('places a seeker once, with the seeker’s node and categories then, and cancels a mistaken placement', async () => {
      const s = await newSeeker({ categories: ['graduate'] });
      await expectError(placements.record(member, { seekerId: s.id, date: '2026-04-01', kind: 'employed' }), ErrorCode.ValidationFailed, 'employerId');
      const p = await placements.record(member, { seekerId: s.id, date: '2026-04-01', kind: 'self_employed' });
      expect(p).toMatchObject({ nodeCode: GRID, path: pathOf(GRID), categories: ['graduate'], status: 'recorded' });
      expect((await seekers.get(member, s.id)).status).toBe(SeekerStatus.Placed);
      await expectError(placements.record(member, { seekerId: s.id, date: '2026-04-02', kind: 'public_welfare' }), ErrorCode.Conflict, 'seekerId');
      await expectError(seekers.update(member, { id: s.id, status: SeekerStatus.Seeking }), ErrorCode.Conflict, 'status');
      await expectError(placements.get(neighbour, p.id), 'not-found-404');
      await expectError(placements.cancel(auditor, { id: p.id, reason: 'x' }), 'forbidden-403');
      const cancelled = await placements.cancel(commOperator, { id: p.id, reason: '录入错误' });
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '录入错误' });
      expect((await seekers.get(member, s.id)).status).toBe(SeekerStatus.Seeking);
      await expectError(placements.cancel(commOperator, { id: p.id, reason: 'again' }), ErrorCode.Conflict);
      // placed again after the cancellation: that one counts
      await placements.record(member, { seekerId: s.id, date: '2026-04-03', kind: 'public_welfare' });
      const types = await outboxTypes();
      expect(types).toContain(EmploymentEvents.placementRecorded.type);
      expect(types).toContain(EmploymentEvents.placementCancelled.type);
    });

    it('lists follow-ups due at 3 and 6 months and takes them off once recorded', async () => {
      const s = await newSeeker();
      const p = await placements.record(member, { seekerId: s.id, date: '2026-01-31', kind: 'self_employed' });
      const mine = async () => (await placements.due(member, { under: GRID })).items.filter((d) => d.placementId === p.id).map((d) => [d.months, d.dueDate]);
      expect(await mine()).toEqual([
        [3, '2026-04-30'],
        [6, '2026-07-31'],
      ]);
      await expectError(placements.followUp(member, { id: p.id, date: '2026-01-01', stillEmployed: true }), ErrorCode.Unprocessable, 'date');
      await placements.followUp(member, { id: p.id, date: '2026-05-02', stillEmployed: true, notes: '在岗' });
      expect(await mine()).toEqual([[6, '2026-07-31']]);
    });
  });

  describe('targets', () => {
    it('splits a subdistrict target to its communities, refusing more than the parent with 422 naming the field', async () => {
      await expectError(targets.set(member, { nodeCode: SUB, year: 2012, target: 2580 }), 'forbidden-403');
      await expectError(targets.set(commOperator, { nodeCode: SUB, year: 2012, target: 2580 }), 'forbidden-403');
      await expectError(targets.split(subOperator, { nodeCode: SUB, year: 2012, children: [{ nodeCode: COMM, target: 1 }] }), ErrorCode.Unprocessable, 'year');
      await targets.set(subOperator, { nodeCode: SUB, year: 2012, target: 2580 });
      await expectError(
        targets.split(subOperator, {
          nodeCode: SUB,
          year: 2012,
          children: [
            { nodeCode: COMM, target: 1500 },
            { nodeCode: COMM2, target: 1081 },
          ],
        }),
        ErrorCode.Unprocessable,
        'children',
      );
      await expectError(targets.split(subOperator, { nodeCode: SUB, year: 2012, children: [{ nodeCode: GRID, target: 1 }] }), ErrorCode.Unprocessable, 'children[0].nodeCode');
      const split = await targets.split(subOperator, {
        nodeCode: SUB,
        year: 2012,
        children: [
          { nodeCode: COMM, target: 1500 },
          { nodeCode: COMM2, target: 1080 },
        ],
      });
      expect(split.map((t) => [t.nodeCode, t.target])).toEqual([
        [COMM, 1500],
        [COMM2, 1080],
      ]);
      // one community alone may not push the two above the subdistrict either, nor the subdistrict drop below them
      await expectError(targets.set(commOperator, { nodeCode: COMM, year: 2012, target: 1501 }), ErrorCode.Unprocessable, 'target');
      await expectError(targets.set(subOperator, { nodeCode: SUB, year: 2012, target: 2000 }), ErrorCode.Unprocessable, 'target');
      expect((await outboxTypes()).filter((t) => t === EmploymentEvents.targetSet.type)).toHaveLength(3);
    });

    it('rolls placements up over the subtree: 2,602 against 2,580 prints 100.85', async () => {
      // 2,602 placements of 2012 in the subdistrict: 1,600 in one community's grid, 1,002 in the other community
      const insert = (n: number, node: string, seekerOffset: number) =>
        orm.em.fork().execute(
          `with s as (
             insert into "${schema}"."seeker" ("id", "name", "node_code", "path", "categories", "wishes", "status", "created_at", "updated_at")
             select gen_random_uuid(), 'p' || g, ?, ?::text[], '{laid_off}', '{"jobTypes":[],"wageFloor":null,"hours":"any","area":null}', 'placed', now(), now() from generate_series(?::int, ?::int) g
             returning "id")
           insert into "${schema}"."placement" ("id", "seeker_id", "kind", "date", "node_code", "path", "categories", "status", "by", "created_at")
           select gen_random_uuid(), s."id", 'self_employed', '2012-06-01', ?, ?::text[], '{laid_off}', 'recorded', 'seed', now() from s`,
          [node, `{${pathOf(node).join(',')}}`, seekerOffset, seekerOffset + n - 1, node, `{${pathOf(node).join(',')}}`],
        );
      await insert(1600, GRID, 1);
      await insert(1002, COMM2, 5001);
      const progress = await targets.progress(auditor, { nodeCode: SUB, year: 2012 });
      expect(progress).toMatchObject({
        nodeCode: SUB,
        target: 2580,
        actual: 2602,
        percent: '100.85',
        children: [
          { nodeCode: COMM, target: 1500, actual: 1600, percent: '106.67' },
          { nodeCode: COMM2, target: 1080, actual: 1002, percent: '92.78' },
        ],
      });
      expect(await targets.progress(subOperator, { nodeCode: DISTRICT, year: 2012 }).catch((e: ServiceError) => e.code)).toBe(ErrorCode.NotFound);
      expect((await targets.progress(commOperator, { nodeCode: COMM, year: 2012 })).actual).toBe(1600);
      expect((await targets.progress(subOperator, { nodeCode: SUB, year: 2013 })).actual).toBe(0);
    });
  });
});

function checkChar(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(first17.charAt(i)) * (weights[i] as number);
  return alphabet.charAt((31 - (sum % 31)) % 31);
}
