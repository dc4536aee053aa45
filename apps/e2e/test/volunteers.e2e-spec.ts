import { randomInt } from 'node:crypto';

import { Role } from '@citygrid/contracts/identity';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { idCheckChar } from '@citygrid/pii';
import { eventually, subjectCounts } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

function randomIdNumber(): string {
  const birth = `19${randomInt(50, 99)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const first17 = `410102${birth}${String(randomInt(100, 999))}`;
  return first17 + idCheckChar(first17);
}

/**
 * volunteers through the gateway with real tokens, on its own schema: branches formed in
 * non-public enterprises until the formation rate reads 100.00 for 12 enterprises (5 existing + 7
 * new); members enrolled from grid-registry residents, their phones masked for an auditor; a team
 * assigned to a case runs an activity with sign-up, check-in and check-out, the hours counted on
 * the assignment and published once per member; scope (404) and roles (403).
 */
describe('volunteers: party organisations, members, teams, activities and hours', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const SUBDISTRICT = '410102005';
  const A = '410102005001';
  const B = '410102005002';
  const gridA = `${A}0101`;
  const gridB = `${B}0101`;
  const pointA = interiorPointOf(byCode.get(gridA)!);
  const pointB = interiorPointOf(byCode.get(gridB)!);
  const PHONE = '13800138000';
  const CASE_ID = '6d1f0c1e-8f5b-4a47-9d0c-2b7f5f2a9e01';
  const enterprises: string[] = [];
  let smallShop = '';
  let unitB = '';
  const residents: string[] = [];
  let residentB = '';
  let operator = '';
  let gridMember = '';
  let auditor = '';
  let operatorB = '';
  let firstBranch = '';
  const memberIds: string[] = [];
  const as = (token: string) => ({
    get: (url: string) => request(stack.gateway.url).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(stack.gateway.url).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(stack.gateway.url).patch(url).set('Authorization', `Bearer ${token}`),
  });
  const hoursEvents = async (): Promise<number> => {
    const c = await subjectCounts(stack.nc, process.env['EVENT_STREAM']!);
    return Object.entries(c)
      .filter(([subject]) => subject.endsWith('citygrid.volunteers.volunteer-hours.recorded'))
      .reduce((n, [, v]) => n + v, 0);
  };

  beforeAll(async () => {
    stack = await startStack({}, { withReporting: true, services: { volunteers: {} } });
    const admin = as(stack.adminToken);
    const nodes = [...new Map([...chain(gridA), ...chain(gridB)].map((n) => [n.code, n])).values()];
    for (const n of nodes) {
      await admin
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    const unit = async (name: string, at: [number, number]) =>
      (
        await admin
          .post('/api/v1/places')
          .send({ kind: 'unit', name, address: `临山寨路${name}`, unitType: 'enterprise', location: { type: 'Point', coordinates: at } })
          .expect(201)
      ).body.id as string;
    for (let i = 1; i <= 12; i++) enterprises.push(await unit(`非公企业${i}号`, pointA));
    smallShop = await unit('小商店', pointA);
    unitB = await unit('乙社区企业', pointB);
    const household = (
      await admin
        .post('/api/v1/places')
        .send({ kind: 'household', name: '甲社区1号楼101', address: '甲社区1号楼101', members: 3, location: { type: 'Point', coordinates: pointA } })
        .expect(201)
    ).body.id as string;
    const householdB = (
      await admin
        .post('/api/v1/places')
        .send({ kind: 'household', name: '乙社区2号楼', address: '乙社区2号楼101', members: 2, location: { type: 'Point', coordinates: pointB } })
        .expect(201)
    ).body.id as string;
    for (const name of ['王党员', '李党员', '赵志愿'])
      residents.push((await admin.post('/api/v1/residents').send({ householdId: household, name, idNumber: randomIdNumber(), phone: PHONE }).expect(201)).body.id as string);
    residentB = (await admin.post('/api/v1/residents').send({ householdId: householdB, name: '钱居民', idNumber: randomIdNumber() }).expect(201)).body.id as string;
    operator = await stack.tokens.sign({ id: 'op-subdistrict', name: 'operator', roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT });
    gridMember = await stack.tokens.sign({ id: 'member-a', name: 'member', roles: [Role.GridMember], nodeScope: gridA });
    auditor = await stack.tokens.sign({ id: 'auditor', name: 'auditor', roles: [Role.Auditor], nodeScope: SUBDISTRICT });
    operatorB = await stack.tokens.sign({ id: 'op-b', name: 'operator b', roles: [Role.CommunityOperator], nodeScope: B });
  }, 240000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('forms branches in non-public enterprises until the formation rate reads 100.00 for 12 (5 existing + 7 new)', async () => {
    for (const [i, placeId] of enterprises.entries()) {
      const u = await as(operator)
        .post('/api/v1/volunteers/units')
        .send({ placeId, nonPublic: true, partyMemberCount: 3 + i })
        .expect(201);
      expect(u.body).toMatchObject({ placeId, shouldHaveBranch: true, path: expect.arrayContaining([SUBDISTRICT, A]) });
    }
    const shop = await as(operator).post('/api/v1/volunteers/units').send({ placeId: smallShop, nonPublic: true, partyMemberCount: 2 }).expect(201);
    expect(shop.body.shouldHaveBranch).toBe(false);
    await as(operator).post('/api/v1/volunteers/units').send({ placeId: residents[0], nonPublic: true, partyMemberCount: 3 }).expect(422);
    await as(operator).post('/api/v1/volunteers/units').send({ placeId: enterprises[0], nonPublic: 'yes', partyMemberCount: 3 }).expect(400);
    await as(gridMember).post('/api/v1/volunteers/units').send({ placeId: enterprises[0], nonPublic: true, partyMemberCount: 3 }).expect(403);

    const form = (hostUnitId: string, formedOn: string) =>
      as(operator)
        .post('/api/v1/volunteers/organisations')
        .send({ name: `党支部 ${hostUnitId.slice(0, 4)}`, kind: 'branch', hostUnitId, formedOn });
    for (const id of enterprises.slice(0, 5)) {
      const created = await form(id, '2019-07-01').expect(201);
      firstBranch ||= created.body.id as string;
      expect(created.body).toMatchObject({ hostKind: 'unit', hostUnitId: id, status: 'active' });
    }
    const before = await as(operator).get(`/api/v1/volunteers/organisations/formation?node=${SUBDISTRICT}`).expect(200);
    expect(before.body).toMatchObject({ numerator: 5, denominator: 12, percent: '41.67' });
    for (const id of enterprises.slice(5)) await form(id, '2026-06-01').expect(201);
    const after = await as(operator).get(`/api/v1/volunteers/organisations/formation?node=${SUBDISTRICT}`).expect(200);
    expect(after.body).toMatchObject({ numerator: 12, denominator: 12, percent: '100.00', minMembers: 3 });
    console.log(`formation rate of ${SUBDISTRICT}: ${after.body.numerator as number}/${after.body.denominator as number} = ${after.body.percent as string}`);

    await as(operator).get('/api/v1/volunteers/organisations/formation?node=410102999').expect(422);
    await as(operatorB).get(`/api/v1/volunteers/organisations/${firstBranch}`).expect(404);
    const list = await as(auditor).get('/api/v1/volunteers/organisations').expect(200);
    expect(list.body.total).toBe(12);
  }, 60000);

  it('enrols members linked to residents, masking their phones for an auditor', async () => {
    for (const residentId of residents.slice(0, 2)) {
      const m = await as(operator).post('/api/v1/volunteers/members').send({ residentId, organisationId: firstBranch, joinedOn: '2015-07-01', phone: PHONE }).expect(201);
      expect(m.body).toMatchObject({ residentId, gridCode: gridA, phone: PHONE, masked: false });
      memberIds.push(m.body.id as string);
    }
    const twice = await as(operator).post('/api/v1/volunteers/members').send({ residentId: residents[0], organisationId: firstBranch, joinedOn: '2015-07-01' }).expect(409);
    expect(twice.body.errors[0].field).toBe('residentId');
    const unknown = await as(operator).post('/api/v1/volunteers/members').send({ residentId: CASE_ID, organisationId: firstBranch, joinedOn: '2015-07-01' }).expect(422);
    expect(unknown.body.errors[0].field).toBe('residentId');
    await as(operator).post('/api/v1/volunteers/members').send({ residentId: residents[2], organisationId: firstBranch, joinedOn: '2015-13-01' }).expect(400);
    const seen = await as(auditor).get(`/api/v1/volunteers/members/${memberIds[0]}`).expect(200);
    expect(seen.body.masked).toBe(true);
    expect(seen.body.phone).not.toBe(PHONE);
    expect(seen.body.phone).toMatch(/^138\*+8000$/);
    await as(operatorB).get(`/api/v1/volunteers/members/${memberIds[0]}`).expect(404);

    const session = await as(gridMember).post('/api/v1/volunteers/sessions').send({ organisationId: firstBranch, topic: '党员远程教育：网格之中我先行', date: '2026-06-05' }).expect(201);
    const sessionId = session.body.id as string;
    const stranger = await as(gridMember)
      .post(`/api/v1/volunteers/sessions/${sessionId}/attendance`)
      .send({ memberIds: [memberIds[0], CASE_ID] })
      .expect(422);
    expect(stranger.body.errors[0].field).toBe('memberIds.1');
    await as(auditor).post(`/api/v1/volunteers/sessions/${sessionId}/attendance`).send({ memberIds }).expect(403);
    await as(gridMember)
      .post(`/api/v1/volunteers/sessions/${sessionId}/attendance`)
      .send({ memberIds: [memberIds[0]] })
      .expect(200);
    const attended = await as(gridMember).post(`/api/v1/volunteers/sessions/${sessionId}/attendance`).send({ memberIds }).expect(200);
    expect([...(attended.body.attendees as string[])].sort()).toEqual([...memberIds].sort());
    await as(operatorB).get(`/api/v1/volunteers/sessions/${sessionId}`).expect(404);
    const attendedEvents = await eventually(async () => {
      const c = await subjectCounts(stack.nc, process.env['EVENT_STREAM']!);
      const n = Object.entries(c)
        .filter(([subject]) => subject.endsWith('citygrid.volunteers.education-session.attended'))
        .reduce((sum, [, v]) => sum + v, 0);
      return n >= 2 ? n : undefined;
    });
    expect(attendedEvents).toBe(2);
  }, 30000);

  it('runs an activity of a team assigned to a case: sign-up, check-in, check-out, hours counted there', async () => {
    const team = await as(gridMember).post('/api/v1/volunteers/teams').send({ name: '甲社区党员志愿服务队', nodeCode: gridA }).expect(201);
    const teamId = team.body.id as string;
    await as(gridMember).post('/api/v1/volunteers/teams').send({ name: '乙', nodeCode: gridB }).expect(422);
    const withLeader = await as(gridMember).post(`/api/v1/volunteers/teams/${teamId}/members`).send({ partyMemberId: memberIds[0], leader: true }).expect(201);
    const leader = withLeader.body.members[0].id as string;
    expect(withLeader.body.leaderMemberId).toBe(leader);
    const withTwo = await as(gridMember).post(`/api/v1/volunteers/teams/${teamId}/members`).send({ residentId: residents[2] }).expect(201);
    const volunteer = withTwo.body.members[1].id as string;
    await as(gridMember).post(`/api/v1/volunteers/teams/${teamId}/members`).send({ residentId: residentB }).expect(422);
    await as(gridMember).post(`/api/v1/volunteers/teams/${teamId}/members`).send({}).expect(400);

    const assignment = await as(gridMember).post('/api/v1/volunteers/assignments').send({ teamId, targetKind: 'case', targetId: CASE_ID }).expect(201);
    const assignmentId = assignment.body.id as string;
    const activity = await as(gridMember).post('/api/v1/volunteers/activities').send({ teamId, title: '入户筛查', date: '2026-06-02', capacity: 2, assignmentId }).expect(201);
    const activityId = activity.body.id as string;
    await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/sign-ups`).send({ memberId: leader }).expect(201);
    await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/sign-ups`).send({ memberId: leader }).expect(409);
    await as(auditor).post(`/api/v1/volunteers/activities/${activityId}/sign-ups`).send({ memberId: volunteer }).expect(403);
    await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/sign-ups`).send({ memberId: volunteer }).expect(201);

    await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/check-outs`).send({ memberId: leader, at: '2026-06-02T11:00:00Z' }).expect(409);
    await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/check-ins`).send({ memberId: leader, at: '2026-06-02T09:00:00Z' }).expect(200);
    await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/check-outs`).send({ memberId: leader, at: '2026-06-02T08:00:00Z' }).expect(400);
    const out = await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/check-outs`).send({ memberId: leader, at: '2026-06-02T11:08:00Z' }).expect(200);
    expect(out.body.participants.find((p: { memberId: string }) => p.memberId === leader).hours).toBe('2.25');
    await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/hours`).send({ memberId: volunteer, hours: 1.5 }).expect(400);
    const entered = await as(gridMember).post(`/api/v1/volunteers/activities/${activityId}/hours`).send({ memberId: volunteer, hours: 1.5, reason: '忘记签到，队长确认' }).expect(200);
    expect(entered.body.participants.find((p: { memberId: string }) => p.memberId === volunteer)).toMatchObject({ hours: '1.50', hoursReason: '忘记签到，队长确认' });

    const totals = await as(auditor).get(`/api/v1/volunteers/assignments/${assignmentId}`).expect(200);
    expect(totals.body).toMatchObject({ teamId, targetKind: 'case', targetId: CASE_ID, activities: 1, hours: '3.75', volunteers: 2 });
    await as(operatorB).get(`/api/v1/volunteers/assignments/${assignmentId}`).expect(404);
    await as(operatorB).get(`/api/v1/volunteers/activities/${activityId}`).expect(404);
    expect(await eventually(async () => ((await hoursEvents()) >= 2 ? hoursEvents() : undefined))).toBe(2);
  }, 30000);

  it('refuses to form an organisation in another area (403) and for an unregistered unit (422)', async () => {
    await as(operatorB).post('/api/v1/volunteers/organisations').send({ name: '甲支部', kind: 'branch', nodeCode: A, formedOn: '2026-01-01' }).expect(422);
    await as(operator).post('/api/v1/volunteers/organisations').send({ name: '乙企业支部', kind: 'branch', hostUnitId: unitB, formedOn: '2026-01-01' }).expect(422);
    await as(gridMember).post('/api/v1/volunteers/organisations').send({ name: '甲支部', kind: 'branch', nodeCode: gridA, formedOn: '2026-01-01' }).expect(403);
    const community = await as(operator).post('/api/v1/volunteers/organisations').send({ name: '甲社区党委', kind: 'committee', nodeCode: A, formedOn: '2010-01-01' }).expect(201);
    expect(community.body).toMatchObject({ hostKind: 'node', hostUnitId: null, nodeCode: A });
    const dissolved = await as(operator)
      .patch(`/api/v1/volunteers/organisations/${community.body.id as string}`)
      .send({ status: 'dissolved' })
      .expect(200);
    expect(dissolved.body.status).toBe('dissolved');
  }, 30000);

  it('shows the formation rate, hours and sessions per node in reporting, from the events alone', async () => {
    type Row = { node: { code: string }; formation: { numerator: number; denominator: number; percent: string | null }; hours: Record<string, unknown>; partyMembers: number };
    const figures = async (query: string) =>
      (await as(operator).get(`/api/v1/reports/volunteers?${query}`).expect(200)).body as Row & { children: Row[]; sessions: number; sessionAttendance: number; organisations: Record<string, number> };
    const year = await eventually(async () => {
      const f = await figures(`node=${SUBDISTRICT}&period=2026`);
      return f.formation.denominator === 12 && f.hours['total'] === '3.75' && f.sessionAttendance === 2 && f.partyMembers === 2 ? f : undefined;
    }, 30000);
    expect(year.formation).toEqual({ numerator: 12, denominator: 12, percent: '100.00' });
    expect(year.organisations).toEqual({ branches: 12, generalBranches: 0, committees: 0 });
    expect(year.hours).toEqual({ total: '3.75', members: 2, activities: 1, forCases: '3.75', forCampaigns: '0.00', forRelocation: '0.00' });
    expect(year.sessions).toBe(1);
    const [a, b] = [A, B].map((code) => year.children.find((c) => c.node.code === code));
    expect(a).toMatchObject({ formation: { numerator: 12, denominator: 12, percent: '100.00' }, hours: { total: '3.75' }, partyMembers: 2 });
    expect(b).toMatchObject({ formation: { numerator: 0, denominator: 0, percent: null }, hours: { total: '0.00' }, partyMembers: 0 });
    console.log(
      `reporting: formation rate of ${SUBDISTRICT} ${year.formation.numerator}/${year.formation.denominator} = ${year.formation.percent ?? '-'}; volunteer hours 2026: ${SUBDISTRICT} ${year.hours['total'] as string}, ${A} ${a?.hours['total'] as string}, ${B} ${b?.hours['total'] as string}`,
    );
    // another period has none of the hours; the rate is as it stands
    const q1 = await figures(`node=${SUBDISTRICT}&from=2026-01-01&to=2026-03-31`);
    expect(q1).toMatchObject({ formation: { percent: '100.00' }, hours: { total: '0.00', members: 0 }, sessions: 0 });
    const bad = await as(operator).get(`/api/v1/reports/volunteers?node=${SUBDISTRICT}&period=2026-Q5`).expect(400);
    expect(JSON.stringify(bad.body.errors)).toContain('period');
    await as(operatorB).get(`/api/v1/reports/volunteers?node=${SUBDISTRICT}`).expect(404);

    // a small shop (2 declared members) with a branch of 3 enrolled members now should have one: the denominator grows
    const admin = as(stack.adminToken);
    const flat = (
      await admin
        .post('/api/v1/places')
        .send({ kind: 'household', name: '甲社区3号楼', address: '甲社区3号楼301', members: 3, location: { type: 'Point', coordinates: pointA } })
        .expect(201)
    ).body.id as string;
    const shopBranch = (await as(operator).post('/api/v1/volunteers/organisations').send({ name: '小商店党支部', kind: 'branch', hostUnitId: smallShop, formedOn: '2026-06-10' }).expect(201)).body
      .id as string;
    for (const name of ['孙党员', '周党员', '吴党员']) {
      const residentId = (await admin.post('/api/v1/residents').send({ householdId: flat, name, idNumber: randomIdNumber() }).expect(201)).body.id as string;
      await as(operator).post('/api/v1/volunteers/members').send({ residentId, organisationId: shopBranch, joinedOn: '2020-07-01' }).expect(201);
    }
    const own = await as(operator).get(`/api/v1/volunteers/organisations/formation?node=${SUBDISTRICT}`).expect(200);
    expect(own.body).toMatchObject({ numerator: 13, denominator: 13 });
    const grown = await eventually(async () => {
      const f = await figures(`node=${SUBDISTRICT}`);
      return f.formation.denominator === 13 && f.partyMembers === 5 ? f : undefined;
    }, 30000);
    expect(grown.formation).toEqual({ numerator: 13, denominator: 13, percent: '100.00' });
  }, 90000);
});
