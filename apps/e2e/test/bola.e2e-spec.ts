import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { eventually } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * Broken object level authorisation matrix, built from the gateway's own OpenAPI document: every
 * endpoint that takes an id or code is called with the ids of community A's resources by callers
 * from the sibling community B and by an officer of another department. Each must get 403 or
 * 404, see none of A's data, and change nothing. A new endpoint joins the matrix by itself; one
 * whose resource has no fixture here fails the test until it gets one.
 */

const A = '410102005001';
const B = '410102005002';
const MARK = '甲区机密';
/** Operations whose credential is a signed URL: without its signature even the owner gets 403. */
const SIGNED_URL_ONLY = ['/api/v1/photos/{id}/content'];

interface Fixture {
  /** Value for the path parameter. */
  value: string;
  /** Admin GET whose answer must not change when an intruder writes. */
  snapshot: string;
  /** Values for further path parameters, by name (`keyId` of `/clients/{id}/api-keys/{keyId}`). */
  params?: Record<string, string>;
  /** Further admin GETs that must not change either. */
  alsoSnapshots?: string[];
}

interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  template: string;
}

describe('BOLA matrix from the OpenAPI document', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const gridA = `${A}0101`;
  const gridB = `${B}0101`;
  const fixtures = new Map<string, Fixture>();
  /** A leaf category for cases raised by the fixtures (read from the category tree when it is there). */
  let fieldCategory = 'CM05';
  let operations: Operation[] = [];
  /** `x-citygrid-client-access` of each operation (`method template`). */
  let clientAccess = new Map<string, string>();
  /** A real access token of a DEPT-A officer scoped to community B, created by B's operator. */
  let officerByOperatorB = '';
  /** Two DEPT-A officers of community A (real accounts, tokens with their ids): both are told when A's case is dispatched to DEPT-A. */
  let inboxOwner = '';
  let inboxNeighbour = '';
  /** A delivery of the webhook subscription fixture (the second id of its redeliver endpoint). */
  let webhookDeliveryId = '';
  /** employment: bodies of its writes (set with its fixtures). */
  let employmentBodies: Record<string, Record<string, unknown>> = {};
  const admin = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${stack.adminToken}`);

  beforeAll(async () => {
    // identity's consumer gives up on an event after two deliveries: the dead-letter fixture below
    stack = await startStack(
      {},
      {
        withIdentity: true,
        withTicketing: true,
        withReporting: true,
        withNotifications: true,
        identityEnv: { CONSUMER_MAX_DELIVER: '2', CONSUMER_BACKOFF_MS: '100' },
        // the livelihood services
        services: { employment: {}, health: {}, schooling: {}, 'community-services': {}, volunteers: {}, relocation: {} },
      },
    );
    const nodes = [...new Map([...chain(gridA), ...chain(gridB)].map((n) => [n.code, n])).values()];
    for (const n of nodes) {
      await admin()
        .post('/api/v1/nodes')
        .send({
          code: n.code,
          name: n.code.startsWith(A) ? `${n.name}${MARK}` : n.name,
          kind: n.kind,
          ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
          ...(n.parentCode ? { parentCode: n.parentCode } : {}),
          boundary: n.boundary,
        })
        .expect(201);
    }
    fixtures.set('nodes', { value: `${A}01`, snapshot: `/api/v1/nodes/${A}01` });

    const staff = await admin()
      .post('/api/v1/staff')
      .send({ name: `张${MARK}`, employeeNo: 'A-0001', homeNodeCode: A })
      .expect(201);
    fixtures.set('staff', { value: staff.body.id, snapshot: `/api/v1/staff/${staff.body.id}` });
    const assignment = await admin().post('/api/v1/assignments').send({ staffId: staff.body.id, nodeCode: gridA, role: 'grid_member' }).expect(201);
    fixtures.set('assignments', { value: assignment.body.id, snapshot: `/api/v1/nodes/${gridA}/staff` });

    const deptA = await admin()
      .post('/api/v1/departments')
      .send({ code: 'DEPT-A', name: `甲城管${MARK}`, kind: 'city_management', servesNodeCodes: [A] })
      .expect(201);
    await admin()
      .post('/api/v1/departments')
      .send({ code: 'DEPT-B', name: '乙城管', kind: 'city_management', servesNodeCodes: [B] })
      .expect(201);
    fixtures.set('departments', { value: deptA.body.id, snapshot: `/api/v1/departments/${deptA.body.id}` });

    const pointA = interiorPointOf(byCode.get(gridA)!);
    const place = await admin()
      .post('/api/v1/places')
      .send({ kind: 'household', name: `户${MARK}`, address: `地址${MARK}`, members: 3, location: { type: 'Point', coordinates: pointA } })
      .expect(201);
    fixtures.set('places', { value: place.body.id, snapshot: `/api/v1/places/${place.body.id}` });

    const operatorA = await stack.tokens.sign({ roles: [Role.CommunityOperator], nodeScope: A });
    const job = await request(stack.gateway.url)
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${operatorA}`)
      .send({ kind: 'households', content: `address,lng,lat\n${MARK}1号,${pointA[0]},${pointA[1]}\n` })
      .expect(202);
    await eventually(async () => (await admin().get(`/api/v1/imports/${job.body.id}`)).body.status === 'completed');
    fixtures.set('imports', { value: job.body.id, snapshot: `/api/v1/imports/${job.body.id}` });

    // ---- schooling: a school of community A and an enrolment help request of A's household (names marked), the household's record
    const school = await admin()
      .post('/api/v1/schooling/schools')
      .send({ name: `学校${MARK}`, kind: 'primary', nodeCode: A, address: `地址${MARK}`, location: { type: 'Point', coordinates: pointA }, catchment: byCode.get(gridA)!.boundary })
      .expect(201);
    fixtures.set('schools', { value: school.body.id, snapshot: `/api/v1/schooling/schools/${school.body.id}` });
    const enrolment = await admin()
      .post('/api/v1/schooling/requests')
      .send({
        householdId: place.body.id,
        childName: `小明${MARK}`,
        childBirthDate: '2019-05-01',
        childGender: 'male',
        guardianName: `李芳${MARK}`,
        guardianPhone: '13800138000',
        grade: 1,
        reason: 'relocation',
        relocationProjectId: 'project-a',
      })
      .expect(201);
    fixtures.set('schooling/requests', { value: enrolment.body.id, snapshot: `/api/v1/schooling/requests/${enrolment.body.id}` });
    fixtures.set('households', { value: place.body.id, snapshot: `/api/v1/schooling/households/${place.body.id}/requests` });
    // ---- end of schooling

    // ---- relocation: a project of community A whose red line holds A's household (its name marked), a package, rental help
    const [lngA, latA] = pointA;
    const relocationProject = await admin()
      .post('/api/v1/relocation/projects')
      .send({
        name: `征拆${MARK}`,
        nodeCode: A,
        startDate: '2026-01-01',
        redLine: {
          type: 'Polygon',
          coordinates: [
            [
              [lngA - 0.0005, latA - 0.0005],
              [lngA + 0.0005, latA - 0.0005],
              [lngA + 0.0005, latA + 0.0005],
              [lngA - 0.0005, latA + 0.0005],
              [lngA - 0.0005, latA - 0.0005],
            ],
          ],
        },
      })
      .expect(201);
    const rp = relocationProject.body.id as string;
    const relocationHousehold = (await admin().get(`/api/v1/relocation/projects/${rp}/places?kind=household`).expect(200)).body.items[0].id as string;
    const relocationPackage = await admin()
      .post(`/api/v1/relocation/projects/${rp}/packages`)
      .send({ leader: `书记${MARK}`, group: '甲组' })
      .expect(201);
    await admin()
      .post(`/api/v1/relocation/projects/${rp}/packages/${relocationPackage.body.id}/households`)
      .send({ householdIds: [relocationHousehold] })
      .expect(200);
    const relocationHelp = await admin()
      .post(`/api/v1/relocation/projects/${rp}/help-requests`)
      .send({ householdId: relocationHousehold, kind: 'rental', note: `过渡${MARK}` })
      .expect(201);
    fixtures.set('projects', {
      value: rp,
      params: { householdId: relocationHousehold, packageId: relocationPackage.body.id as string, helpRequestId: relocationHelp.body.id as string },
      snapshot: `/api/v1/relocation/projects/${rp}`,
      alsoSnapshots: [`/api/v1/relocation/projects/${rp}/places`, `/api/v1/relocation/projects/${rp}/packages`, `/api/v1/relocation/projects/${rp}/help-requests`],
    });
    // ---- end of relocation

    const doc = (await request(stack.gateway.url).get('/docs-json').expect(200)).body as OpenApiDoc;
    operations = openApiOperations(doc);
    clientAccess = clientAccessByOperation(doc);
    // A community operator of B creates a DEPT-A officer for her own community (as she may): the
    // officer must still see nothing of A, although A's case went to DEPT-A.
    const operatorB = await stack.tokens.sign({ roles: [Role.CommunityOperator], nodeScope: B });
    const officer = await request(stack.gateway.url)
      .post('/api/v1/accounts')
      .set('Authorization', `Bearer ${operatorB}`)
      .send({ login: 'b-dept-a-officer', password: 'b-officer-password-1', roles: ['department_officer'], nodeScope: B, departmentCode: 'DEPT-A' })
      .expect(201);
    // Its token carries exactly what the account holds (the services here trust the test key).
    officerByOperatorB = await stack.tokens.sign({ roles: officer.body.roles as Role[], nodeScope: officer.body.nodeScope as string, departmentCode: officer.body.departmentCode as string });
    // Notifications learn the accounts from identity's events: these two exist before A's case is dispatched to DEPT-A below.
    for (const [login, set] of [
      ['a-officer-owner', (t: string) => (inboxOwner = t)],
      ['a-officer-neighbour', (t: string) => (inboxNeighbour = t)],
    ] as const) {
      const account = await admin()
        .post('/api/v1/accounts')
        .send({ login, password: `${login}-password-1`, roles: ['department_officer'], nodeScope: A, departmentCode: 'DEPT-A' })
        .expect(201);
      set(await stack.tokens.sign({ id: account.body.id as string, roles: [Role.DepartmentOfficer], nodeScope: A, departmentCode: 'DEPT-A' }));
    }
    const needs = (segment: string) => operations.some((o) => resource(o.template) === segment);
    if (needs('residents')) {
      const resident = await admin()
        .post('/api/v1/residents')
        .send({ householdId: place.body.id, name: `李${MARK}`, idNumber: '11010519491231002X', phone: '13812345678' })
        .expect(201);
      fixtures.set('residents', { value: resident.body.id, snapshot: `/api/v1/residents/${resident.body.id}` });
    }
    // ---- health: a station, a lecture and a home-visit follow-up of community A; the coverage of A ----
    if (needs('stations')) {
      const station = await admin()
        .post('/api/v1/health/stations')
        .send({ name: `站${MARK}`, nodeCode: A, location: { type: 'Point', coordinates: pointA }, doctors: [{ name: `医生${MARK}`, title: '全科', phone: '13800138000' }] })
        .expect(201);
      fixtures.set('stations', { value: station.body.id, snapshot: `/api/v1/health/stations/${station.body.id}` });
      // the coverage is computed when asked (its time changes): what an intruder's compute could change is the stations and the road graph
      fixtures.set('coverage', { value: A, snapshot: `/api/v1/health/stations/${station.body.id}`, alsoSnapshots: ['/api/v1/health/road-graph'] });
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const lecture = await admin()
        .post('/api/v1/health/lectures')
        .send({ stationId: station.body.id, nodeCode: A, date: today, topic: `讲座${MARK}`, speaker: `讲者${MARK}`, attendance: 12 })
        .expect(201);
      fixtures.set('lectures', { value: lecture.body.id, snapshot: `/api/v1/health/lectures/${lecture.body.id}` });
      const followUp = await admin()
        .post('/api/v1/health/follow-ups')
        .send({ residentId: fixtures.get('residents')!.value, conditions: ['elderly'], intervalDays: 30 })
        .expect(201);
      await admin()
        .post(`/api/v1/health/follow-ups/${followUp.body.id}/visits`)
        .send({ date: today, doctor: `医生${MARK}`, notes: `记录${MARK}` })
        .expect(201);
      fixtures.set('follow-ups', { value: followUp.body.id, snapshot: `/api/v1/health/follow-ups/${followUp.body.id}` });
    }
    // ---- end health ----
    if (needs('accounts')) {
      const account = await admin()
        .post('/api/v1/accounts')
        .send({ login: 'a-member', password: 'a-member-password-1', roles: ['grid_member'], nodeScope: gridA })
        .expect(201);
      fixtures.set('accounts', { value: account.body.id, snapshot: `/api/v1/accounts/${account.body.id}` });
    }
    if (needs('patrols') || needs('visits') || needs('standups') || needs('campaigns') || needs('flags') || needs('inspections')) {
      // Field work in community A, each written by the admin and read back by the matrix.
      const now = Date.now();
      const patrol = await admin()
        .post('/api/v1/patrols')
        .send({ gridCode: gridA, startedAt: new Date(now - 3600_000).toISOString(), endedAt: new Date(now).toISOString(), notes: MARK })
        .expect(201);
      fixtures.set('patrols', { value: patrol.body.id, snapshot: `/api/v1/patrols/${patrol.body.id}` });
      const visit = await admin()
        .post('/api/v1/visits')
        .send({ gridCode: gridA, placeId: place.body.id, visitedAt: new Date(now).toISOString(), notes: MARK })
        .expect(201);
      fixtures.set('visits', { value: visit.body.id, snapshot: `/api/v1/visits/${visit.body.id}` });
      const categories = (await admin().get('/api/v1/categories').expect(200)).body as Array<{ code: string; leaf: boolean }>;
      fieldCategory = categories.find((c) => c.leaf)?.code ?? fieldCategory;
      const kase = await admin()
        .post(`/api/v1/patrols/${patrol.body.id}/cases`)
        .send({ categoryCode: fieldCategory, description: `案${MARK}`, location: { type: 'Point', coordinates: pointA }, address: `地址${MARK}` })
        .expect(201);
      const standup = await admin()
        .post('/api/v1/standups')
        .send({ node: A, date: new Date(now + 8 * 3600_000).toISOString().slice(0, 10), attendees: [MARK], decisions: [{ caseId: kase.body.id, plan: MARK, owner: MARK, dueDate: '2026-12-31' }] })
        .expect(201);
      fixtures.set('standups', { value: standup.body.id, snapshot: `/api/v1/standups/${standup.body.id}` });
      const campaign = await admin()
        .post('/api/v1/campaigns')
        .send({ name: `整治${MARK}`, areaCode: A, categoryCodes: [fieldCategory], startsAt: new Date(now - 86400_000).toISOString(), endsAt: new Date(now + 86400_000).toISOString() })
        .expect(201);
      fixtures.set('campaigns', { value: campaign.body.id, snapshot: `/api/v1/campaigns/${campaign.body.id}` });
      const flag = await admin()
        .post('/api/v1/supervision/flags')
        .send({ caseId: kase.body.id, deadline: new Date(now + 3600_000).toISOString(), note: MARK })
        .expect(201);
      fixtures.set('flags', { value: flag.body.id, snapshot: `/api/v1/supervision/flags/${flag.body.id}` });
      const inspection = await admin()
        .post('/api/v1/supervision/inspections')
        .send({ gridCode: gridA, findings: [{ text: MARK, severity: 'high' }] })
        .expect(201);
      fixtures.set('inspections', { value: inspection.body.id, snapshot: `/api/v1/supervision/inspections/${inspection.body.id}` });
    }
    // A webhook subscription to case events (before A's case is reported, so that it gets a delivery); its target refuses connections.
    const subscription = needs('subscriptions')
      ? ((
          await admin()
            .post('/api/v1/webhooks/subscriptions')
            .send({ url: 'https://127.0.0.1:1/hooks', eventTypes: ['citygrid.case.reported.v1'], nodeCode: A, description: `甲系统${MARK}` })
            .expect(201)
        ).body as { id: string })
      : undefined;
    if (needs('cases')) {
      // A case in community A, reported by the admin; intruders must neither see nor move it.
      const kase = await admin()
        .post('/api/v1/cases')
        .send({ source: 'patrol', categoryCode: 'CM05', description: `案${MARK}`, address: `地址${MARK}`, reporter: { name: `王${MARK}` }, location: { type: 'Point', coordinates: pointA } })
        .expect(201);
      // Sent to community A's department, so that an officer of DEPT-A outside A is put to the test.
      await admin().post(`/api/v1/cases/${kase.body.id}/file`).send({}).expect(200);
      await admin().post(`/api/v1/cases/${kase.body.id}/dispatch`).send({ target: 'department', departmentCode: 'DEPT-A' }).expect(200);
      fixtures.set('cases', { value: kase.body.id, snapshot: `/api/v1/cases/${kase.body.id}` });
    }
    if (subscription) {
      const delivery = await eventually(async () => ((await admin().get(`/api/v1/webhooks/subscriptions/${subscription.id}/deliveries`).expect(200)).body.items as Array<{ id: string }>)[0], 15000);
      webhookDeliveryId = delivery.id;
      fixtures.set('subscriptions', { value: subscription.id, snapshot: `/api/v1/webhooks/subscriptions/${subscription.id}` });
    }
    if (needs('categories')) {
      // The category tree is global reference data, not per area: no intruder here may change a
      // node (only subdistrict operators and above do), so PATCH answers 403. There is no
      // GET-by-code (everyone may read the tree), so the snapshot is the list.
      const categories = (await admin().get('/api/v1/categories').expect(200)).body as Array<{ code: string; leaf: boolean }>;
      fixtures.set('categories', { value: categories.find((c) => c.leaf)!.code, snapshot: '/api/v1/categories' });
    }
    if (needs('dead-letters')) {
      // identity cannot tell whose scope an assignment of a staff member linked to two accounts moves: a dead letter of community A
      const linked = await admin()
        .post('/api/v1/staff')
        .send({ name: `王${MARK}`, employeeNo: 'A-0002', homeNodeCode: A })
        .expect(201);
      for (const login of ['a-linked-1', 'a-linked-2']) {
        await admin()
          .post('/api/v1/accounts')
          .send({ login, password: `${login}-password-1`, roles: ['grid_member'], nodeScope: gridA, staffId: linked.body.id })
          .expect(201);
      }
      await admin().post('/api/v1/assignments').send({ staffId: linked.body.id, nodeCode: gridA, role: 'grid_member' }).expect(201);
      const letter = await eventually(async () => {
        const items = (await admin().get('/api/v1/ops/dead-letters?source=identity').expect(200)).body.items as Array<{ id: string; event: { data: { staffId?: string } } | null }>;
        return items.find((d) => d.event?.data.staffId === linked.body.id);
      }, 15000);
      fixtures.set('dead-letters', { value: letter.id, snapshot: '/api/v1/ops/dead-letters?source=identity&includeReplayed=true' });
    }
    if (needs('photos')) {
      // A photo the admin uploaded: only its uploader reads its record; its bytes need a signed URL.
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
      const photo = await admin().post('/api/v1/photos').attach('file', png, 'a.png').expect(201);
      fixtures.set('photos', { value: photo.body.id, snapshot: `/api/v1/photos/${photo.body.id}` });
    }
    // ---- employment: a seeker (placed), an employer with a posting, a fair and a target, all of community A
    if (needs('seekers') || needs('employers') || needs('postings') || needs('fairs') || needs('placements') || needs('targets')) {
      const seeker = await admin()
        .post('/api/v1/employment/seekers')
        .send({ name: `赵${MARK}`, nodeCode: gridA, categories: ['age_4050'], skills: ['保洁'], wishes: { jobTypes: ['保洁'] }, phone: '13812345678' })
        .expect(201);
      fixtures.set('seekers', { value: seeker.body.id, snapshot: `/api/v1/employment/seekers/${seeker.body.id}` });
      const employer = await admin()
        .post('/api/v1/employment/employers')
        .send({ name: `甲物业${MARK}`, creditCode: data.units[0]!.creditCode, nodeCode: A, contactName: `钱${MARK}`, contactPhone: '13912345678' })
        .expect(201);
      fixtures.set('employers', { value: employer.body.id, snapshot: `/api/v1/employment/employers/${employer.body.id}` });
      const posting = await admin()
        .post('/api/v1/employment/postings')
        .send({ employerId: employer.body.id, title: `保洁${MARK}`, jobType: '保洁', skills: ['保洁'], wageMin: 2000, wageMax: 2600, openings: 2, welcomes: ['age_4050'] })
        .expect(201);
      fixtures.set('postings', { value: posting.body.id, snapshot: `/api/v1/employment/postings/${posting.body.id}` });
      const fair = await admin()
        .post('/api/v1/employment/fairs')
        .send({ kind: 'aid_month', title: `援助月${MARK}`, date: '2026-01-15', nodeCode: A, employerIds: [employer.body.id] })
        .expect(201);
      await admin()
        .post(`/api/v1/employment/fairs/${fair.body.id}/attendance`)
        .send({ seekerIds: [seeker.body.id] })
        .expect(200);
      fixtures.set('fairs', { value: fair.body.id, snapshot: `/api/v1/employment/fairs/${fair.body.id}` });
      const placement = await admin()
        .post('/api/v1/employment/placements')
        .send({ seekerId: seeker.body.id, date: '2026-02-01', kind: 'employed', employerId: employer.body.id, postingId: posting.body.id })
        .expect(201);
      fixtures.set('placements', { value: placement.body.id, snapshot: `/api/v1/employment/placements/${placement.body.id}` });
      await admin().put(`/api/v1/employment/targets/${A}`).send({ year: 2026, target: 10 }).expect(200);
      fixtures.set('targets', { value: A, snapshot: `/api/v1/employment/targets/${A}/progress?year=2026` });
      employmentBodies = {
        'patch /api/v1/employment/seekers/{id}': { skills: ['hijacked'], status: 'inactive' },
        'patch /api/v1/employment/postings/{id}': { status: 'closed' },
        'post /api/v1/employment/fairs/{id}/attendance': { seekerIds: [seeker.body.id] },
        'post /api/v1/employment/fairs/{id}/offers': { seekerId: seeker.body.id, postingId: posting.body.id },
        'post /api/v1/employment/placements/{id}/cancel': { reason: 'hijacked' },
        'post /api/v1/employment/placements/{id}/follow-ups': { date: '2026-05-01', stillEmployed: false, notes: 'hijacked' },
        'put /api/v1/employment/targets/{code}': { year: 2026, target: 1 },
        'post /api/v1/employment/targets/{code}/split': { year: 2026, children: [{ nodeCode: `${A}01`, target: 1 }] },
      };
    }
    // ---- end of employment
    if (needs('clients')) {
      const client = await admin()
        .post('/api/v1/clients')
        .send({ name: `甲系统${MARK}`, scopes: ['registry:read'], nodeScope: A })
        .expect(201);
      const key = await admin()
        .post(`/api/v1/clients/${client.body.id}/api-keys`)
        .send({ label: `甲密钥${MARK}` })
        .expect(201);
      fixtures.set('clients', {
        value: client.body.id ?? client.body.clientId,
        snapshot: '/api/v1/clients',
        params: { keyId: key.body.id },
        alsoSnapshots: [`/api/v1/clients/${client.body.id}/api-keys`],
      });
    }
    // ---- community-services: a centre of community A, a request type of A and a request to the centre ----
    if (needs('centres') || needs('community-services/requests') || needs('request-types')) {
      const centre = await admin()
        .post('/api/v1/community-services/centres')
        .send({ kind: 'property', name: `甲物业中心${MARK}`, nodeCode: A, address: `甲${MARK}` })
        .expect(201);
      fixtures.set('centres', { value: centre.body.id, snapshot: `/api/v1/community-services/centres/${centre.body.id}` });
      const type = await admin()
        .post('/api/v1/community-services/request-types')
        .send({ centre: 'property', code: 'bola-a', name: `甲类型${MARK}`, timeLimitHours: 24, nodeCode: A })
        .expect(201);
      fixtures.set('request-types', { value: type.body.id, snapshot: '/api/v1/community-services/request-types' });
      const serviceRequest = await admin()
        .post('/api/v1/community-services/requests')
        .send({ centreId: centre.body.id, typeCode: 'bola-a', description: `甲诉求${MARK}`, residentName: `甲居民${MARK}`, residentPhone: '13812345678', nodeCode: gridA, channel: 'walk_in' })
        .expect(201);
      fixtures.set('community-services/requests', { value: serviceRequest.body.id, snapshot: `/api/v1/community-services/requests/${serviceRequest.body.id}` });
    }
    // ---- end community-services ----
    // ---- volunteers: a branch in a unit of grid A, a member (a resident of A), a team of A with an assignment and an activity ----
    if (needs('organisations') || needs('members') || needs('teams') || needs('volunteers/assignments') || needs('activities') || needs('sessions')) {
      const unitPlace = await admin()
        .post('/api/v1/places')
        .send({ kind: 'unit', name: `甲企业${MARK}`, address: `甲企业${MARK}`, unitType: 'enterprise', location: { type: 'Point', coordinates: interiorPointOf(byCode.get(gridA)!) } })
        .expect(201);
      await admin().post('/api/v1/volunteers/units').send({ placeId: unitPlace.body.id, nonPublic: true, partyMemberCount: 3 }).expect(201);
      const branch = await admin()
        .post('/api/v1/volunteers/organisations')
        .send({ name: `甲支部${MARK}`, kind: 'branch', hostUnitId: unitPlace.body.id, formedOn: '2026-01-01' })
        .expect(201);
      fixtures.set('organisations', { value: branch.body.id, snapshot: `/api/v1/volunteers/organisations/${branch.body.id}` });
      const household = await admin()
        .post('/api/v1/places')
        .send({ kind: 'household', name: `党员户${MARK}`, address: `党员户${MARK}`, members: 1, location: { type: 'Point', coordinates: interiorPointOf(byCode.get(gridA)!) } })
        .expect(201);
      const resident = await admin()
        .post('/api/v1/residents')
        .send({ householdId: household.body.id, name: `党员${MARK}`, idNumber: '41010219800101123X', phone: '13812345678' })
        .expect(201);
      const member = await admin().post('/api/v1/volunteers/members').send({ residentId: resident.body.id, organisationId: branch.body.id, joinedOn: '2010-07-01', phone: '13812345678' }).expect(201);
      fixtures.set('members', { value: member.body.id, snapshot: `/api/v1/volunteers/members/${member.body.id}` });
      const session = await admin()
        .post('/api/v1/volunteers/sessions')
        .send({ organisationId: branch.body.id, topic: `甲远程教育${MARK}`, date: '2026-06-01' })
        .expect(201);
      fixtures.set('sessions', { value: session.body.id, snapshot: `/api/v1/volunteers/sessions/${session.body.id}` });
      const team = await admin()
        .post('/api/v1/volunteers/teams')
        .send({ name: `甲服务队${MARK}`, nodeCode: gridA })
        .expect(201);
      await admin().post(`/api/v1/volunteers/teams/${team.body.id}/members`).send({ partyMemberId: member.body.id, leader: true }).expect(201);
      fixtures.set('teams', { value: team.body.id, snapshot: `/api/v1/volunteers/teams/${team.body.id}` });
      const assignment = await admin()
        .post('/api/v1/volunteers/assignments')
        .send({ teamId: team.body.id, targetKind: 'campaign', targetId: `campaign-${MARK}` })
        .expect(201);
      fixtures.set('volunteers/assignments', { value: assignment.body.id, snapshot: `/api/v1/volunteers/assignments/${assignment.body.id}` });
      const activity = await admin()
        .post('/api/v1/volunteers/activities')
        .send({ teamId: team.body.id, title: `甲活动${MARK}`, date: '2026-06-01', assignmentId: assignment.body.id })
        .expect(201);
      fixtures.set('activities', { value: activity.body.id, snapshot: `/api/v1/volunteers/activities/${activity.body.id}`, alsoSnapshots: [`/api/v1/volunteers/assignments/${assignment.body.id}`] });
    }
    // ---- end volunteers ----
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  const intruders: Array<[string, Partial<Caller>]> = [
    ['an operator of the sibling community', { roles: [Role.CommunityOperator], nodeScope: B }],
    ['an officer of another department', { roles: [Role.DepartmentOfficer], nodeScope: B, departmentCode: 'DEPT-B' }],
    ['a grid member of the sibling community', { roles: [Role.GridMember], nodeScope: gridB }],
  ];

  it('covers every endpoint that takes an id, and the fixtures are real (the owner side reads them)', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
    const missing = [...new Set(operations.map((o) => resource(o.template)).filter((r) => !fixtures.has(r)))];
    expect(missing).toEqual([]);
    // a photo's bytes are read with a signed URL, not a token (the photo store e2e reads them so)
    for (const op of operations.filter((o) => o.method === 'get' && !SIGNED_URL_ONLY.includes(o.template))) {
      const res = await admin().get(fill(op.template));
      expect([op.template, res.status]).toEqual([op.template, 200]);
    }
  });

  it.each(intruders)(
    'refuses %s on every endpoint with an id, showing nothing and changing nothing',
    async (_who, caller) => {
      const token = await stack.tokens.sign(caller);
      expect(await intrusions(() => token)).toEqual([]);
    },
    120000,
  );

  it('refuses a department officer that a sibling community operator created for the department A uses', async () => {
    // The department record itself is the officer's own (DEPT-A): reading it is its right.
    expect(await intrusions(() => officerByOperatorB, [403, 404], ['departments'])).toEqual([]);
  }, 120000);

  it('refuses a community operator granting beyond itself: an officer scoped outside its community, or a city operator', async () => {
    const operatorB = await stack.tokens.sign({ roles: [Role.CommunityOperator], nodeScope: B });
    const create = (body: Record<string, unknown>) =>
      request(stack.gateway.url)
        .post('/api/v1/accounts')
        .set('Authorization', `Bearer ${operatorB}`)
        .send({ password: 'b-grant-password-1', ...body });
    const outside = await create({ login: 'b-officer-in-a', roles: ['department_officer'], nodeScope: A, departmentCode: 'DEPT-A' }).expect(403);
    expect(outside.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(outside.body).toMatchObject({ status: 403, errors: [{ field: 'nodeScope', reason: `${A} lies outside your scope ${B}` }] });
    const above = await create({ login: 'b-officer-above', roles: ['department_officer'], nodeScope: '410102005', departmentCode: 'DEPT-B' }).expect(403);
    expect(above.body.errors).toEqual([{ field: 'nodeScope', reason: `410102005 lies outside your scope ${B}` }]);
    const city = await create({ login: 'b-city-operator', roles: ['city_operator'], nodeScope: B }).expect(403);
    expect(city.body.errors).toEqual([{ field: 'roles', reason: 'community_operator may not grant city_operator (only city_operator and above)' }]);
    for (const login of ['b-officer-in-a', 'b-officer-above', 'b-city-operator']) {
      expect((await admin().get(`/api/v1/accounts?q=${login}`).expect(200)).body.total).toBe(0);
    }
  });

  it('refuses, on every endpoint with an id, an API client holding every scope but those the operation accepts', async () => {
    const all = ['registry:read', 'registry:write', 'cases:read', 'cases:write'];
    const tokens = new Map<string, string>();
    // a signed-URL operation takes no token at all: a client with every scope still gets 403 without the signature
    const accessOf = (op: Operation) => (SIGNED_URL_ONLY.includes(op.template) ? 'API clients need the OAuth scope (none: a signed URL)' : clientAccess.get(`${op.method} ${op.template}`));
    for (const op of operations) {
      const access = accessOf(op);
      expect([op.method, op.template, access]).toEqual([op.method, op.template, expect.stringMatching(/^(staff only|API clients need the OAuth scope )/)]);
      // In community A itself: only the missing scope stands between the client and A's data.
      const scopes = all.filter((sc) => !access!.includes(sc));
      const key = scopes.join(' ');
      if (!tokens.has(key)) tokens.set(key, await stack.tokens.sign({ kind: 'client', name: 'scoped-client', roles: [Role.ApiClient], nodeScope: A, scopes }));
    }
    expect(await intrusions((op) => tokens.get(all.filter((sc) => !accessOf(op)!.includes(sc)).join(' '))!, [403])).toEqual([]);
  }, 120000);

  it('gives an API client with no node scope nothing, on lists and the tree as on every id', async () => {
    const token = await stack.tokens.sign({ kind: 'client', name: 'nowhere', roles: [Role.ApiClient], nodeScope: null, scopes: ['registry:read', 'registry:write', 'cases:read', 'cases:write'] });
    expect(await intrusions(() => token)).toEqual([]);
    for (const list of ['/api/v1/nodes', '/api/v1/places', '/api/v1/departments', '/api/v1/cases']) {
      const res = await request(stack.gateway.url).get(list).set('Authorization', `Bearer ${token}`).expect(200);
      expect([list, res.body.total]).toEqual([list, 0]);
    }
    expect((await request(stack.gateway.url).get('/api/v1/tree').set('Authorization', `Bearer ${token}`).expect(200)).body).toEqual([]);
  }, 120000);

  it('refuses community A’s reports to every intruder, by the node in the query, and the rebuild to all but the administrator', async () => {
    const reports = `/api/v1/reports/kpis?node=${A}&from=2026-01-01&to=2026-12-31&groupBy=child`;
    // the owner side: reporting named A's nodes from the grid events (the mark is in the names)
    await eventually(async () => (await admin().get(reports).expect(200)).text.includes(MARK));
    for (const figures of ['livelihood', 'volunteers', 'relocation']) expect((await admin().get(`/api/v1/reports/${figures}?node=${A}`).expect(200)).text).toContain(MARK);
    const clientWithoutCasesRead = await stack.tokens.sign({
      kind: 'client',
      name: 'scoped-client',
      roles: [Role.ApiClient],
      nodeScope: A,
      scopes: ['registry:read', 'registry:write', 'cases:write'],
    });
    const outsiders = [
      ...(await Promise.all(intruders.map(async ([who, caller]) => [who, await stack.tokens.sign(caller)] as const))),
      ['the DEPT-A officer of community B', officerByOperatorB] as const,
    ];
    const failures: string[] = [];
    const call = async (who: string, token: string, method: 'get' | 'post', path: string, allowed: number[]) => {
      const res = await request(stack.gateway.url)[method](path).set('Authorization', `Bearer ${token}`);
      if (!allowed.includes(res.status)) failures.push(`${who}: ${method.toUpperCase()} ${path} answered ${res.status}`);
      if (res.text.includes(MARK)) failures.push(`${who}: ${method.toUpperCase()} ${path} revealed data`);
    };
    for (const [who, token] of [...outsiders, ['a client without cases:read in A', clientWithoutCasesRead] as const]) {
      await call(who, token, 'get', reports, [403, 404]);
      // the subdistrict holds A: above every intruder's scope
      await call(who, token, 'get', `/api/v1/reports/kpis?node=410102005&period=2026&groupBy=child`, [403, 404]);
      await call(who, token, 'get', `/api/v1/reports/dashboard?node=${A}`, [403, 404]);
      await call(who, token, 'get', `/api/v1/reports/livelihood?node=${A}`, [403, 404]);
      await call(who, token, 'get', `/api/v1/reports/volunteers?node=${A}`, [403, 404]);
      await call(who, token, 'get', `/api/v1/reports/relocation?node=${A}`, [403, 404]);
      // refused before the stream starts: a problem, not an open stream
      await call(who, token, 'get', `/api/v1/reports/live?node=${A}`, [403, 404]);
      await call(who, token, 'post', '/api/v1/reports/rebuild', [403]);
      await call(who, token, 'get', '/api/v1/reports/rebuild', [403]);
    }
    expect(failures).toEqual([]);
    // nobody started a rebuild
    await admin().get('/api/v1/reports/rebuild').expect(404);
  }, 120000);

  describe('notifications: each account its own inbox and settings, the deliveries the administrator’s', () => {
    interface Inbox {
      items: Array<{ id: string; caseId: string | null; rule: string; readAt: string | null }>;
      total: number;
      unread: number;
    }
    const as = (token: string) => ({
      get: (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string, body: Record<string, unknown>) => request(stack.gateway.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
      put: (path: string, body: Record<string, unknown>) => request(stack.gateway.url).put(path).set('Authorization', `Bearer ${token}`).send(body),
    });
    const inboxOf = async (token: string): Promise<Inbox> => (await as(token).get('/api/v1/me/notifications').expect(200)).body as Inbox;
    /** The dispatch of A's case, once notifications raised it for `token`'s account. */
    const dispatchedTo = (token: string) =>
      eventually(async () => {
        const inbox = await inboxOf(token);
        return inbox.items.some((n) => n.caseId === fixtures.get('cases')!.value && n.rule === 'dispatched') ? inbox : undefined;
      }, 20000);

    it('lists only the caller’s own notifications, and marks only the caller’s own read', async () => {
      const owner = await dispatchedTo(inboxOwner);
      const neighbour = await dispatchedTo(inboxNeighbour);
      const ownerIds = owner.items.map((n) => n.id);
      // the same dispatch told both, each in an inbox of its own
      expect(neighbour.items.map((n) => n.id).filter((id) => ownerIds.includes(id))).toEqual([]);
      expect(owner.unread).toBeGreaterThanOrEqual(1);

      // the neighbour names the owner's notifications: nothing is found, nothing changes
      expect((await as(inboxNeighbour).post('/api/v1/me/notifications/read', { ids: ownerIds }).expect(200)).body).toEqual({ marked: 0, unread: neighbour.unread });
      // "all" is all of the caller's own
      expect((await as(inboxNeighbour).post('/api/v1/me/notifications/read', { all: true }).expect(200)).body).toEqual({ marked: neighbour.unread, unread: 0 });
      expect(await inboxOf(inboxOwner)).toEqual(owner);

      // every intruder of the matrix, and the DEPT-A officer of community B, marks nothing of the owner's
      for (const [who, caller] of intruders) {
        const token = await stack.tokens.sign(caller);
        const res = await as(token).post('/api/v1/me/notifications/read', { ids: ownerIds }).expect(200);
        expect([who, res.body.marked]).toEqual([who, 0]);
        expect([who, await inboxOf(token)]).toEqual([who, { items: [], total: 0, unread: 0 }]);
      }
      expect((await as(officerByOperatorB).post('/api/v1/me/notifications/read', { ids: ownerIds }).expect(200)).body.marked).toBe(0);
      expect(await inboxOf(inboxOwner)).toEqual(owner);

      // the owner herself can
      expect((await as(inboxOwner).post('/api/v1/me/notifications/read', { ids: ownerIds }).expect(200)).body).toEqual({ marked: ownerIds.length, unread: 0 });
      expect((await inboxOf(inboxOwner)).items.every((n) => n.readAt !== null)).toBe(true);
      expect((await as(inboxOwner).get('/api/v1/me/notifications?unread=true').expect(200)).body).toMatchObject({ items: [], unread: 0 });
    }, 60000);

    it('keeps delivery settings per caller: nobody reads or changes another’s', async () => {
      const owner = await as(inboxOwner)
        .put('/api/v1/me/notification-settings', { email: 'owner.a@example.org', channels: ['email'] })
        .expect(200);
      expect(owner.body).toMatchObject({ email: 'o***@example.org', phone: null, channels: ['email'] });
      expect(JSON.stringify(owner.body)).not.toContain('owner.a@example.org');
      const blank = { email: null, phone: null, wecomWebhook: null, dingtalkWebhook: null, channels: [] };
      expect((await as(inboxNeighbour).get('/api/v1/me/notification-settings').expect(200)).body).toEqual(blank);
      await as(inboxNeighbour)
        .put('/api/v1/me/notification-settings', { phone: '13812345678', channels: ['sms'] })
        .expect(200);
      // an intruder's null removes its own (absent) address, not the owner's
      const intruder = await stack.tokens.sign(intruders[0]![1]);
      expect((await as(intruder).put('/api/v1/me/notification-settings', { email: null }).expect(200)).body).toEqual(blank);
      expect((await as(inboxOwner).get('/api/v1/me/notification-settings').expect(200)).body).toEqual(owner.body);
      expect((await as(inboxNeighbour).get('/api/v1/me/notification-settings').expect(200)).body).toMatchObject({ email: null, phone: '138****5678', channels: ['sms'] });
    });

    it('refuses the deliveries to everyone but the system administrator', async () => {
      const callers: Array<[string, string]> = [
        ['the inbox owner', inboxOwner],
        ['the DEPT-A officer of community B', officerByOperatorB],
        ['a city operator', await stack.tokens.sign({ roles: [Role.CityOperator], nodeScope: '410100' })],
        ['a supervisor', await stack.tokens.sign({ roles: [Role.Supervisor], nodeScope: null })],
        ...(await Promise.all(intruders.map(async ([who, caller]) => [who, await stack.tokens.sign(caller)] as [string, string]))),
      ];
      for (const [who, token] of callers) {
        for (const path of ['/api/v1/notifications/deliveries', '/api/v1/notifications/deliveries?status=failed']) {
          const res = await as(token).get(path);
          expect([who, path, res.status]).toEqual([who, path, 403]);
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        }
      }
      expect((await admin().get('/api/v1/notifications/deliveries').expect(200)).body).toMatchObject({ offset: 0, items: expect.any(Array) });
      // the rules are every staff member's to read
      expect(((await as(inboxOwner).get('/api/v1/notifications/rules').expect(200)).body as unknown[]).length).toBeGreaterThan(0);
    });

    it('refuses API clients, whatever their scopes: they have no inbox', async () => {
      const client = await stack.tokens.sign({
        kind: 'client',
        name: 'scoped-client',
        roles: [Role.ApiClient],
        nodeScope: A,
        scopes: ['registry:read', 'registry:write', 'cases:read', 'cases:write'],
      });
      const calls: Array<[string, () => request.Test]> = [
        ['GET /api/v1/me/notifications', () => as(client).get('/api/v1/me/notifications')],
        ['POST /api/v1/me/notifications/read', () => as(client).post('/api/v1/me/notifications/read', { all: true })],
        ['GET /api/v1/me/notification-settings', () => as(client).get('/api/v1/me/notification-settings')],
        ['PUT /api/v1/me/notification-settings', () => as(client).put('/api/v1/me/notification-settings', { email: 'client@example.org' })],
        ['GET /api/v1/notifications/rules', () => as(client).get('/api/v1/notifications/rules')],
        ['GET /api/v1/notifications/deliveries', () => as(client).get('/api/v1/notifications/deliveries')],
      ];
      for (const [what, call] of calls) {
        const res = await call();
        expect([what, res.status]).toEqual([what, 403]);
      }
      // and nothing the owner had was touched
      expect((await inboxOf(inboxOwner)).items.every((n) => n.readAt !== null)).toBe(true);
    });
  });

  /** Every endpoint with an id called as `tokenFor(op)`: what answered other than `allowed`, revealed data or changed state. */
  async function intrusions(tokenFor: (op: Operation) => string, allowed: number[] = [403, 404], ownResources: string[] = []): Promise<string[]> {
    const failures: string[] = [];
    for (const op of operations.filter((o) => !ownResources.includes(resource(o.template)))) {
      const token = tokenFor(op);
      const path = fill(op.template);
      const fixture = fixtures.get(resource(op.template))!;
      const snapshots = [fixture.snapshot, ...(fixture.alsoSnapshots ?? [])];
      const read = async () => JSON.stringify(await Promise.all(snapshots.map(async (s) => (await admin().get(s).expect(200)).body)));
      const before = op.method === 'get' ? undefined : await read();
      const res = await request(stack.gateway.url)[op.method](path).set('Authorization', `Bearer ${token}`).send(bodyFor(op));
      if (!allowed.includes(res.status)) failures.push(`${op.method.toUpperCase()} ${op.template} answered ${res.status}`);
      if (res.text.includes(MARK)) failures.push(`${op.method.toUpperCase()} ${op.template} revealed data`);
      if (before !== undefined) {
        const after = await read();
        if (after !== before) failures.push(`${op.method.toUpperCase()} ${op.template} changed ${snapshots.join(' or ')}`);
      }
    }
    return failures;
  }

  function fill(template: string): string {
    const fixture = fixtures.get(resource(template));
    if (!fixture) throw new Error(`no fixture for ${template}`);
    return template.replace(/\{[^}]+\}/, fixture.value).replace(/\{([^}]+)\}/g, (m, name: string) => fixture.params?.[name] ?? (name === 'deliveryId' ? webhookDeliveryId : m));
  }

  function bodyFor(op: Operation): Record<string, unknown> | undefined {
    if (op.method === 'get' || op.method === 'delete') return undefined;
    const bodies: Record<string, Record<string, unknown>> = {
      'patch /api/v1/nodes/{code}': { name: 'hijacked' },
      'patch /api/v1/webhooks/subscriptions/{id}': { url: 'https://attacker.example.org/hook', paused: true },
      'patch /api/v1/accounts/{id}': { nodeScope: B, disabled: true },
      'post /api/v1/cases/{id}/evaluate': { outcome: 'unsatisfactory', notes: 'hijacked' },
      'post /api/v1/cases/{id}/satisfaction': { level: 'dissatisfied', channel: 'phone' },
      'post /api/v1/cases/{id}/comments': { text: 'hijacked', reopenRequested: true },
      'patch /api/v1/categories/{code}': { name: 'hijacked', limitAmount: 720, limitUnit: 'working_days' },
      'post /api/v1/nodes/{code}/retire': { reason: 'hijacked' },
      'post /api/v1/clients/{id}/api-keys': { label: 'hijacked' },
      'post /api/v1/places/{id}/move': { location: { type: 'Point', coordinates: interiorPointOf(byCode.get(gridB)!) } },
      'post /api/v1/cases/{id}/reject': { reason: 'hijacked' },
      'post /api/v1/cases/{id}/dispatch': { target: 'department', departmentCode: 'DEPT-B' },
      'post /api/v1/cases/{id}/return': { reason: 'hijacked' },
      'post /api/v1/cases/{id}/handle': { notes: 'hijacked' },
      'post /api/v1/cases/{id}/verify': { passed: true },
      'post /api/v1/cases/{id}/reopen': { reason: 'hijacked' },
      'post /api/v1/cases/{id}/cancel': { reason: 'hijacked' },
      'post /api/v1/cases/{id}/extend': { amount: 1, unit: 'working_days', reason: 'hijacked' },
      'post /api/v1/cases/{id}/suspend': { reason: 'hijacked' },
      'post /api/v1/cases/{id}/escalate': { reason: 'hijacked' },
      'post /api/v1/cases/{id}/push-down': { reason: 'hijacked' },
      'post /api/v1/cases/{id}/merge': { intoId: '00000000-0000-4000-8000-000000000000' },
      // health
      'patch /api/v1/health/stations/{id}': { name: 'hijacked', services: ['hijacked'] },
      'patch /api/v1/health/lectures/{id}': { attendance: 999, topic: 'hijacked' },
      'patch /api/v1/health/follow-ups/{id}': { active: false, intervalDays: 1 },
      'post /api/v1/health/follow-ups/{id}/visits': { date: '2026-01-01', doctor: 'hijacked' },
      'post /api/v1/patrols/{id}/cases': { categoryCode: fieldCategory, description: 'hijacked', location: { type: 'Point', coordinates: interiorPointOf(byCode.get(gridB)!) }, address: 'hijacked' },
      'post /api/v1/visits/{id}/cases': { categoryCode: fieldCategory, description: 'hijacked', location: { type: 'Point', coordinates: interiorPointOf(byCode.get(gridB)!) }, address: 'hijacked' },
      // ---- community-services ----
      'patch /api/v1/community-services/centres/{id}': { name: 'hijacked', retired: true },
      'patch /api/v1/community-services/request-types/{id}': { name: 'hijacked', retired: true },
      'post /api/v1/community-services/requests/{id}/assign': { assigneeId: 'intruder' },
      'post /api/v1/community-services/requests/{id}/start': { note: 'hijacked' },
      'post /api/v1/community-services/requests/{id}/notes': { note: 'hijacked' },
      'post /api/v1/community-services/requests/{id}/close': { satisfaction: 'dissatisfied', note: 'hijacked' },
      'post /api/v1/community-services/requests/{id}/cancel': { reason: 'hijacked' },
      // ---- end community-services ----
      // ---- volunteers ----
      'patch /api/v1/volunteers/organisations/{id}': { name: 'hijacked', status: 'dissolved' },
      'post /api/v1/volunteers/teams/{id}/members': { residentId: '00000000-0000-4000-8000-000000000000', leader: true },
      'post /api/v1/volunteers/activities/{id}/sign-ups': { memberId: '00000000-0000-4000-8000-000000000000' },
      'post /api/v1/volunteers/activities/{id}/check-ins': { memberId: '00000000-0000-4000-8000-000000000000' },
      'post /api/v1/volunteers/activities/{id}/check-outs': { memberId: '00000000-0000-4000-8000-000000000000' },
      'post /api/v1/volunteers/activities/{id}/hours': { memberId: '00000000-0000-4000-8000-000000000000', hours: 8, reason: 'hijacked' },
      'post /api/v1/volunteers/sessions/{id}/attendance': { memberIds: ['00000000-0000-4000-8000-000000000000'] },
      // ---- end volunteers ----
      // ---- relocation ----
      'patch /api/v1/relocation/projects/{id}': { status: 'closed' },
      'post /api/v1/relocation/projects/{projectId}/households/{householdId}/steps': { state: 'visited' },
      'put /api/v1/relocation/projects/{projectId}/households/{householdId}/holdout': { holdout: true, reasons: ['hijacked'] },
      'post /api/v1/relocation/projects/{projectId}/packages': { leader: 'hijacked', group: 'hijacked' },
      'post /api/v1/relocation/projects/{projectId}/packages/{packageId}/households': { householdIds: ['00000000-0000-4000-8000-000000000000'] },
      'post /api/v1/relocation/projects/{projectId}/help-requests': { householdId: '00000000-0000-4000-8000-000000000000', kind: 'rental' },
      'post /api/v1/relocation/projects/{projectId}/help-requests/{helpRequestId}/steps': { state: 'closed' },
      // ---- end relocation ----
    };
    // Writes without a listed body get an empty one: validation may refuse it, which the matrix
    // counts as a failure (400 is not 403/404), so every new write endpoint needs a body here.
    return bodies[`${op.method} ${op.template}`] ?? employmentBodies[`${op.method} ${op.template}`] ?? {};
  }
});

interface OpenApiDoc {
  paths: Record<string, Record<string, { 'x-citygrid-client-access'?: string }>>;
}

/** The documented client access of every operation, keyed `method template`. */
function clientAccessByOperation(doc: OpenApiDoc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const access = op['x-citygrid-client-access'];
      if (access) out.set(`${method} ${template}`, access);
    }
  }
  return out;
}

/** Every operation whose path takes a parameter, under /api/v1. */
function openApiOperations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    if (!template.startsWith('/api/v1/') || !template.includes('{')) continue;
    for (const method of Object.keys(methods)) {
      if (['get', 'post', 'patch', 'put', 'delete'].includes(method)) out.push({ method: method as Operation['method'], template });
    }
  }
  return out;
}

/** The resource an id belongs to: the path segment before the first parameter. */
/** Resource names more than one service uses: keyed with their service (`schooling/requests`, `community-services/requests`, `volunteers/assignments`). */
const SHARED_RESOURCES = new Set(['requests', 'assignments']);

function resource(template: string): string {
  const segments = template.replace('/api/v1/', '').split('/');
  const i = segments.findIndex((s) => s.startsWith('{'));
  const name = segments[i - 1] ?? '';
  return SHARED_RESOURCES.has(name) && i >= 2 ? `${segments[i - 2]}/${name}` : name;
}
