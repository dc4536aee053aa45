import { eventually } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/**
 * Identity end to end, as production runs it: grid-registry and the gateway trust identity's keys
 * only (fetched over NATS), and learn of revoked sessions from identity's events.
 */
describe('logging in, refreshing and revoking through the gateway', () => {
  let stack: Stack;
  const login = (body: Record<string, string>) => request(stack.gateway.url).post('/auth/login').send(body);
  /** A login from `address`, as a trusted proxy in front of the gateway reports it. */
  const loginFrom = (address: string, body: Record<string, string>) => request(stack.gateway.url).post('/auth/login').set('X-Forwarded-For', address).send(body);
  const token = (form: Record<string, string>) => request(stack.gateway.url).post('/oauth/token').type('form').send(form);
  const nodes = (accessToken: string) => request(stack.gateway.url).get('/api/v1/nodes?limit=1').set('Authorization', `Bearer ${accessToken}`);

  beforeAll(async () => {
    // The tests stand in for a proxy on loopback that names the client in X-Forwarded-For.
    stack = await startStack({}, { identityOnly: true, identityEnv: { ADMIN_LOGIN: 'root', ADMIN_PASSWORD: 'root-password-2026', ACCESS_TOKEN_TTL_S: '60' }, gatewayEnv: { TRUST_PROXY: 'loopback' } });
  }, 120000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('publishes the signing keys and issues tokens every service accepts', async () => {
    const jwks = await request(stack.gateway.url).get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    const res = await login({ login: 'root', password: 'root-password-2026' }).expect(200);
    const t = res.body as Tokens;
    expect(t.token_type).toBe('Bearer');
    expect(t.expires_in).toBe(60);
    await nodes(t.access_token).expect(200);
  });

  it('answers a wrong password and an unknown login alike, with 401', async () => {
    const a = await login({ login: 'root', password: 'wrong-password' }).expect(401);
    const b = await login({ login: 'nobody-here', password: 'wrong-password' }).expect(401);
    expect(a.body.detail).toBe(b.body.detail);
  });

  it('refuses tampered tokens', async () => {
    const t = (await login({ login: 'root', password: 'root-password-2026' }).expect(200)).body as Tokens;
    const [h, p, s] = t.access_token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${s}`;
    await nodes(forged).expect(401);
    await nodes(`${t.access_token.slice(0, -4)}AAAA`).expect(401);
  });

  it('rotates refresh tokens; reusing an old one revokes the whole session, and its access tokens stop working', async () => {
    const first = (await login({ login: 'root', password: 'root-password-2026' }).expect(200)).body as Tokens;
    const second = (await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }).expect(200)).body as Tokens;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await nodes(second.access_token).expect(200);

    const reuse = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }).expect(400);
    expect(reuse.body.error).toBe('invalid_grant');
    // The family is gone: the newest refresh token is refused too …
    expect((await token({ grant_type: 'refresh_token', refresh_token: second.refresh_token }).expect(400)).body.error).toBe('invalid_grant');
    // … and grid-registry refuses the session's access tokens once it hears of the revocation.
    await eventually(async () => (await nodes(second.access_token)).status === 401, 10000, 200);
    await nodes(first.access_token).expect(401);
  });

  it('logout revokes the session', async () => {
    const t = (await login({ login: 'root', password: 'root-password-2026' }).expect(200)).body as Tokens;
    await nodes(t.access_token).expect(200);
    await request(stack.gateway.url).post('/auth/logout').send({ refresh_token: t.refresh_token }).expect(204);
    expect((await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token }).expect(400)).body.error).toBe('invalid_grant');
    await eventually(async () => (await nodes(t.access_token)).status === 401, 10000, 200);
  });

  it('gives an API client a token for its scopes only, in the OAuth error format when it is wrong', async () => {
    const admin = (await login({ login: 'root', password: 'root-password-2026' }).expect(200)).body as Tokens;
    const created = await request(stack.gateway.url)
      .post('/api/v1/clients')
      .set('Authorization', `Bearer ${admin.access_token}`)
      .send({ name: 'hotline', scopes: ['registry:read'] })
      .expect(201);
    const ok = await token({ grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: created.body.clientSecret }).expect(200);
    expect(ok.body.refresh_token).toBeUndefined();
    expect(ok.body.scope).toBe('registry:read');
    const bad = await token({ grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: 'not-the-secret' }).expect(401);
    expect(bad.body.error).toBe('invalid_client');
    // A client scoped to nothing sees nothing; it cannot write.
    await request(stack.gateway.url)
      .post('/api/v1/nodes')
      .set('Authorization', `Bearer ${ok.body.access_token}`)
      .send({
        code: '410100',
        name: 'x',
        kind: 'city',
        boundary: {
          type: 'Polygon',
          coordinates: [
            [
              [113, 34],
              [114, 34],
              [114, 35],
              [113, 34],
            ],
          ],
        },
      })
      .expect(403);
    // The creation is in identity's audit trail, with who did it and never the secret.
    const trail = await request(stack.gateway.url)
      .get(`/api/v1/audit?source=identity&entityId=${created.body.id as string}`)
      .set('Authorization', `Bearer ${admin.access_token}`)
      .expect(200);
    expect(trail.body.items).toEqual([expect.objectContaining({ action: expect.stringMatching(/^citygrid\.client\./), actorName: 'root', actorRoles: ['system_admin'] })]);
    expect(JSON.stringify(trail.body)).not.toContain(created.body.clientSecret as string);
  });

  it('throttles repeated logins from one address with a 429 problem', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login({ login: 'root', password: `guess-${i}` })).status);
    expect(statuses).toContain(429);
    const limited = await login({ login: 'root', password: 'root-password-2026' }).expect(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('makes only the guessing address wait, with a 429 and Retry-After; the owner logs in from elsewhere', async () => {
    const attacker = '203.0.113.7';
    for (let i = 0; i < 5; i++) await loginFrom(attacker, { login: 'root', password: `guess-${i}` }).expect(401);
    // The right password from the guessing address waits too (identity does not even check it) …
    const limited = await loginFrom(attacker, { login: 'root', password: 'root-password-2026' }).expect(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ type: 'https://citygrid.dev/problems/rate-limited', status: 429, detail: 'Too many failed logins from this address; try again later.' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    // … while the account's owner, from another address, is not locked out.
    const owner = await loginFrom('198.51.100.20', { login: 'root', password: 'root-password-2026' }).expect(200);
    await nodes((owner.body as Tokens).access_token).expect(200);
  });

  it('throttles an unknown login exactly like a known one', async () => {
    const statuses = async (address: string, who: string) => {
      const out: Array<[number, string]> = [];
      for (let i = 0; i < 6; i++) {
        const res = await loginFrom(address, { login: who, password: `guess-${i}` });
        out.push([res.status, String(res.body.detail)]);
      }
      return out;
    };
    const known = await statuses('203.0.113.8', 'root');
    expect(known.map(([status]) => status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(await statuses('203.0.113.9', 'nobody-here')).toEqual(known);
  });
});
