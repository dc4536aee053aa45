import { randomUUID } from 'node:crypto';

import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import sharp from 'sharp';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * What the services write to their logs, read whole after a run that used every kind of
 * credential the platform knows (passwords, one-time passwords, access and refresh tokens, OAuth
 * client secrets, Open311 API keys in the query and in a header, webhook secrets, photo URL signatures) and personal data: none of it appears,
 * every line is one JSON object with at most one `correlationId`, and each HTTP request the run
 * made is one access line, under the request id it was sent with. Debug level, the most a
 * deployment can turn on.
 */
describe('log audit', () => {
  let stack: Stack;
  const credentials: string[] = [];
  const personal: string[] = [];
  const requestIds: string[] = [];
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const grid = data.nodes.find((n) => n.gridLevel === 3)!;

  /** A request with a fresh request id, remembered for the access-line check. */
  const gw = (method: 'get' | 'post' | 'put' | 'patch', path: string) => {
    const id = randomUUID();
    requestIds.push(id);
    return request(stack.gateway.url)[method](path).set('X-Request-Id', id);
  };
  const secret = <T extends string>(value: T): T => (credentials.push(value), value);

  beforeAll(async () => {
    stack = await startStack(
      { LOG_LEVEL: 'debug' },
      {
        identityOnly: true,
        identityEnv: { ADMIN_LOGIN: 'root', ADMIN_PASSWORD: secret('root-password-2026'), LOG_LEVEL: 'debug', LOGIN_FREE_FAILURES: '1000' },
        withTicketing: true,
        ticketingEnv: { LOG_LEVEL: 'debug' },
        withNotifications: true,
        notificationsEnv: { LOG_LEVEL: 'debug', WEBHOOKS_ALLOW_HTTP: 'true' },
        gatewayEnv: { LOG_LEVEL: 'debug' },
      },
    );
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('writes no credential and no personal number, one correlationId per line, one access line per request', async () => {
    // passwords, tokens, a refresh, a failed login
    const login = await gw('post', '/auth/login').send({ login: 'root', password: 'root-password-2026' }).expect(200);
    const admin = secret(login.body.access_token as string);
    secret(login.body.refresh_token as string);
    await gw('post', '/auth/login')
      .send({ login: 'root', password: secret('wrong-password-2026') })
      .expect(401);
    const refreshed = await gw('post', '/oauth/token').type('form').send({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token }).expect(200);
    secret(refreshed.body.access_token as string);
    secret(refreshed.body.refresh_token as string);
    const as = (method: 'get' | 'post' | 'put' | 'patch', path: string) => gw(method, path).set('Authorization', `Bearer ${admin}`);

    // the tree, an account with a password, its reset and change
    const chain: DemoNode[] = [];
    for (let n: DemoNode | undefined = grid; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) chain.unshift(n);
    for (const n of chain) {
      await as('post', '/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    const member = await as('post', '/api/v1/accounts')
      .send({ login: 'member.audit', password: secret('member-pass-2026'), roles: ['grid_member'], nodeScope: grid.code })
      .expect(201);
    const oneTime = secret((await as('post', `/api/v1/accounts/${member.body.id}/password-reset`).expect(200)).body.oneTimePassword as string);
    await gw('post', '/auth/password')
      .send({ login: 'member.audit', currentPassword: oneTime, newPassword: secret('member-pass-2027') })
      .expect(200);
    const memberLogin = await gw('post', '/auth/login').send({ login: 'member.audit', password: 'member-pass-2027' }).expect(200);
    const memberToken = secret(memberLogin.body.access_token as string);
    secret(memberLogin.body.refresh_token as string);
    // a photo, its signed URL used
    const photo = await as('post', '/api/v1/photos')
      .attach(
        'file',
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
          .jpeg()
          .toBuffer(),
        'p.jpg',
      )
      .expect(201);
    secret(/signature=([\w-]+)/.exec(photo.body.url as string)![1]!);
    await gw('get', photo.body.url as string).expect(200);
    // the member's own addresses, personal data
    const phone = '13912345678';
    personal.push(phone, 'member.audit@example.org');
    await gw('put', '/api/v1/me/notification-settings')
      .set('Authorization', `Bearer ${memberToken}`)
      .send({ phone, email: 'member.audit@example.org', channels: ['sms', 'email'] })
      .expect(200);
    await gw('post', '/auth/logout').send({ refresh_token: memberLogin.body.refresh_token }).expect(204);

    // an API client: its secret through client credentials, and as the Open311 key, in the query and in a header
    const client = await as('post', '/api/v1/clients')
      .send({ name: 'audit app', scopes: ['cases:read', 'cases:write'], nodeScope: '410102005' })
      .expect(201);
    const clientSecret = secret(client.body.clientSecret as string);
    const issued = await gw('post', '/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: client.body.clientId, client_secret: clientSecret }).expect(200);
    secret(issued.body.access_token as string);
    const apiKey = secret((await as('post', `/api/v1/clients/${client.body.id}/api-keys`).send({ label: 'audit app' }).expect(201)).body.key as string);
    const categories = (await as('get', '/api/v1/categories').expect(200)).body as Array<{ code: string; leaf: boolean }>;
    const serviceCode = categories.find((c) => c.leaf)!.code;
    const [lng, lat] = interiorPointOf(grid);
    const reporterPhone = '13712345678';
    const idNumber = '410102199001011234';
    personal.push(reporterPhone, idNumber);
    const posted = await gw('post', '/open311/v2/requests.json')
      .type('form')
      .send({ api_key: apiKey, service_code: serviceCode, lat: String(lat), long: String(lng), description: `井盖破损 联系${reporterPhone}`, first_name: '芳', last_name: '王', phone: reporterPhone })
      .expect(201);
    const caseId = (posted.body as Array<{ service_request_id: string }>)[0]!.service_request_id;
    await gw('get', `/open311/v2/requests.json?api_key=${encodeURIComponent(apiKey)}`).expect(200);
    await gw('get', `/open311/v2/requests/${caseId}.json`).set('X-Api-Key', apiKey).expect(200);
    await gw('get', `/open311/v2/nothing.json?api_key=${encodeURIComponent(apiKey)}`).expect(404);
    // misuse: personal numbers and a token in URLs
    await as('get', `/api/v1/residents?idNumber=${idNumber}&phone=${reporterPhone}`).expect(400);
    await gw('get', `/api/v1/cases?access_token=${admin}`).expect(401);
    // a webhook subscription: its signing secret, and a token in the subscriber's URL
    const hookToken = secret('hook-token-7f3a9c2e41');
    const hook = await as('post', '/api/v1/webhooks/subscriptions')
      .send({ url: `http://127.0.0.1:9/hooks?token=${hookToken}`, eventTypes: ['citygrid.case.filed.v1'] })
      .expect(201);
    secret(hook.body.secret as string);
    secret((await as('post', `/api/v1/webhooks/subscriptions/${hook.body.id}/rotate-secret`).expect(200)).body.secret as string);
    // case work, so that ticketing and notifications log their side
    await as('post', `/api/v1/cases/${caseId}/file`).send({}).expect(200);
    await as('post', `/api/v1/cases/${caseId}/dispatch`).send({ target: 'grid_staff' }).expect(200);

    // give the last lines time to reach the pipes
    await new Promise((r) => setTimeout(r, 1500));
    const services = [stack.gateway, stack.registry, stack.identity!, stack.ticketing!, stack.notifications!];
    const lines = services.flatMap((s) =>
      s
        .output()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((text) => ({ service: s.name, text })),
    );
    expect(lines.length).toBeGreaterThan(200);

    // no credential, whole or URL-encoded, and no JWT signature alone; no personal number
    for (const value of [...credentials, ...personal]) {
      const jwtSignature = /^[\w-]+\.[\w-]+\.([\w-]{20,})$/.exec(value)?.[1];
      for (const form of new Set([value, encodeURIComponent(value), ...(jwtSignature ? [jwtSignature] : [])])) {
        const leak = lines.find((l) => l.text.includes(form));
        if (leak) throw new Error(`${leak.service} logged a secret or personal value: ${leak.text.slice(0, 300)}`);
      }
    }

    // every line one JSON object, at most one correlationId key
    for (const { service, text } of lines) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${service} wrote a line that is not JSON: ${text.slice(0, 300)}`);
      }
      expect(typeof parsed).toBe('object');
      if ((text.match(/"correlationId":/g) ?? []).length > 1) throw new Error(`${service} wrote correlationId twice: ${text.slice(0, 300)}`);
    }

    // each request of the run: exactly one access line at the gateway, carrying its request id
    const access = lines.filter((l) => l.service === 'gateway').map((l) => JSON.parse(l.text) as { correlationId?: string; req?: unknown; res?: { statusCode: number } });
    for (const id of requestIds) {
      const mine = access.filter((l) => l.correlationId === id && l.req !== undefined);
      if (mine.length !== 1) throw new Error(`request ${id} has ${mine.length} access lines`);
    }
    // and the work it caused carries that id in the services that did it
    const dispatchId = requestIds[requestIds.length - 1]!;
    expect(lines.some((l) => l.service === 'ticketing' && l.text.includes(dispatchId))).toBe(true);
  }, 60000);
});
