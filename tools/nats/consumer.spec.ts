import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { AckPolicy, DeliverPolicy, type JsMsg } from 'nats';

import { addSystem, consumerNames, inboxPrefix, invalidSystemName, listSystems, removeSystem } from './consumer-users';
import { SERVICE_PASSWORDS as PASSWORDS, startNatsServer, type TestNatsServer } from './test-server';

/**
 * One NATS user per consuming city system (`npm run nats:consumer -- <system>`), checked on a real
 * nats-server started with the deployed auth.conf plus the users the command wrote, and the recipe
 * of docs/consuming-events.md followed step by step as an external system would.
 */
const ROOT = resolve(__dirname, '../..');
const AUTH_CONF = readFileSync(join(ROOT, 'deploy/nats/auth.conf'), 'utf8');
const encoder = new TextEncoder();

function event(n: number, subject = 'citygrid.ticketing.case.reported'): { subject: string; id: string; body: Uint8Array } {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const type = `citygrid.case.${subject.split('.').pop()}.v1`;
  return {
    subject,
    id,
    body: encoder.encode(
      JSON.stringify({ specversion: '1.0', id, source: '/citygrid/ticketing', type, subject: `case-${n}`, time: new Date().toISOString(), datacontenttype: 'application/json', data: { n } }),
    ),
  };
}

describe('npm run nats:consumer', () => {
  it('writes a user for the system into the file, prints its password once, lists and removes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'citygrid-consumer-'));
    try {
      const file = join(dir, 'auth.conf');
      writeFileSync(file, AUTH_CONF);
      const run = (...args: string[]) => spawnSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'tools/nats/consumer.ts'), ...args, '--file', file], { cwd: ROOT, encoding: 'utf8' });
      const added = run('hotline-12345');
      expect(added.status).toBe(0);
      const password = added.stdout.trim();
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(added.stderr).toContain('_INBOX_hotline-12345');
      const conf = readFileSync(file, 'utf8');
      expect(conf).toContain('user: "hotline-12345"');
      expect(conf).not.toContain(password);
      expect(conf).toMatch(/password: "\$2[aby]\$11\$/);
      expect(run('--list').stdout).toBe('hotline-12345\n');
      expect(run('hotline-12345', 'dashboard').status).toBe(2);
      expect(run('Bad Name').stderr).toMatch(/lower-case letters/);
      expect(run('reporting').stderr).toMatch(/taken by a CityGrid service/);
      expect(run('dashboard', '--remove').stderr).toMatch(/no city system "dashboard"/);
      expect(run('hotline-12345', '--remove').status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(AUTH_CONF);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30000);

  it('refuses names that are not slugs or belong to a service', () => {
    expect(invalidSystemName('hotline-12345')).toBeUndefined();
    for (const bad of ['h', 'Hotline', '12345', 'a.b', 'x>', 'hotline-', 'identity', 'reporting-x']) expect(invalidSystemName(bad)).toBeDefined();
  });

  it('gives a system a new password when it has one, keeping one user', () => {
    const first = addSystem(AUTH_CONF, 'dashboard');
    const second = addSystem(first.conf, 'dashboard');
    expect(second.password).not.toBe(first.password);
    expect(listSystems(second.conf)).toEqual(['dashboard']);
    expect(listSystems(addSystem(second.conf, 'hotline-12345').conf)).toEqual(['dashboard', 'hotline-12345']);
    expect(removeSystem(second.conf, 'dashboard')).toBe(AUTH_CONF);
  });
});

describe('a city system consuming the event stream (docs/consuming-events.md)', () => {
  let server: TestNatsServer;
  let hotline: string;
  let dashboard: string;
  let conf: string;

  beforeAll(async () => {
    const a = addSystem(AUTH_CONF, 'hotline-12345');
    const b = addSystem(a.conf, 'dashboard');
    hotline = a.password;
    dashboard = b.password;
    conf = b.conf;
    server = await startNatsServer({ 'auth.conf': conf }, PASSWORDS, ['ticketing', PASSWORDS.NATS_TICKETING_PASSWORD]);
    // the stream as the services create it, and events in it
    const { nc } = await server.as('ticketing', PASSWORDS.NATS_TICKETING_PASSWORD);
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'CITYGRID', subjects: ['citygrid.>'] });
    const js = nc.jetstream();
    for (let n = 1; n <= 6; n++) {
      const e = event(n, n % 3 === 0 ? 'citygrid.ticketing.case.closed' : 'citygrid.ticketing.case.reported');
      await js.publish(e.subject, e.body, { msgID: e.id });
    }
    await nc.close();
  }, 30000);

  afterAll(() => server?.stop());

  const connectAs = (user: string, pass: string) => server.as(user, pass, { inboxPrefix: inboxPrefix(user) });

  it('reads the events it filters through its durable consumer, acknowledges them, and resumes where it stopped', async () => {
    const { nc, errors } = await connectAs('hotline-12345', hotline);
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info('CITYGRID')).state.messages).toBeGreaterThanOrEqual(6);
    await jsm.consumers.add('CITYGRID', { durable_name: 'hotline-12345', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: 'citygrid.ticketing.case.reported' });
    const consumer = await nc.jetstream().consumers.get('CITYGRID', 'hotline-12345');
    const seen: string[] = [];
    for (const _ of [1, 2]) {
      const m = (await consumer.next({ expires: 2000 })) as JsMsg;
      seen.push((m.json() as { id: string }).id);
      expect(await m.ackAck()).toBe(true);
    }
    await nc.close();
    // a restart: the durable consumer remembers what was acknowledged
    const again = await connectAs('hotline-12345', hotline);
    const rest: string[] = [];
    for await (const m of await (await again.nc.jetstream().consumers.get('CITYGRID', 'hotline-12345')).fetch({ max_messages: 10, expires: 1000 })) {
      rest.push((m.json() as { id: string }).id);
      m.ack();
    }
    expect([...seen, ...rest]).toEqual([1, 2, 4, 5].map((n) => event(n).id));
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await again.nc.close();
  }, 20000);

  it('replays from a sequence and from a time through its replay consumer', async () => {
    const { nc, errors } = await connectAs('hotline-12345', hotline);
    const jsm = await nc.jetstreamManager();
    const replay = async (opts: { deliver_policy: DeliverPolicy; opt_start_seq?: number; opt_start_time?: string }): Promise<number[]> => {
      await jsm.consumers.delete('CITYGRID', 'hotline-12345-replay').catch(() => false);
      await jsm.consumers.add('CITYGRID', { durable_name: 'hotline-12345-replay', ack_policy: AckPolicy.None, filter_subject: 'citygrid.ticketing.>', ...opts });
      const got: number[] = [];
      for await (const m of await (await nc.jetstream().consumers.get('CITYGRID', 'hotline-12345-replay')).fetch({ max_messages: 100, expires: 1000 })) got.push(m.seq);
      expect(await jsm.consumers.delete('CITYGRID', 'hotline-12345-replay')).toBe(true);
      return got;
    };
    expect(await replay({ deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 4 })).toEqual([4, 5, 6]);
    expect(await replay({ deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(Date.now() - 60_000).toISOString() })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await replay({ deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(errors).toEqual([]);
    await nc.close();
  }, 20000);

  it('keeps a system to its own consumers and inbox: no other consumer, no publishing, no one else’s replies', async () => {
    const { nc, errors } = await connectAs('dashboard', dashboard);
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add('CITYGRID', { durable_name: 'dashboard', ack_policy: AckPolicy.Explicit, filter_subject: 'citygrid.>' });
    for (const name of consumerNames('dashboard')) expect(name.startsWith('dashboard')).toBe(true);
    // another system's consumer, a service's consumer, an unnamed (ephemeral) one: refused
    await expect(jsm.consumers.info('CITYGRID', 'hotline-12345')).rejects.toThrow();
    await expect(jsm.consumers.add('CITYGRID', { durable_name: 'reporting', ack_policy: AckPolicy.Explicit })).rejects.toThrow();
    await expect(jsm.consumers.add('CITYGRID', { ack_policy: AckPolicy.None })).rejects.toThrow();
    await expect(jsm.consumers.delete('CITYGRID', 'hotline-12345')).rejects.toThrow();
    nc.publish('citygrid.ticketing.case.reported', encoder.encode('{}'));
    nc.subscribe('_INBOX.>');
    nc.subscribe(`${inboxPrefix('hotline-12345')}.>`);
    await nc.flush().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    expect(errors.filter((e) => /PERMISSIONS_VIOLATION/.test(e)).length).toBeGreaterThanOrEqual(3);
    await nc.close().catch(() => undefined);
    // a wrong password or a system that was never added: refused at the door
    await expect(server.as('dashboard', hotline)).rejects.toThrow();
    await expect(server.as('city-consumer', 'cc-pass')).rejects.toThrow();
  }, 20000);

  it('shuts a removed system out once nats-server reloads', async () => {
    writeFileSync(join(server.dir, 'auth.conf'), removeSystem(conf, 'dashboard'));
    await server.reload();
    await expect(server.as('dashboard', dashboard)).rejects.toThrow();
    const { nc } = await connectAs('hotline-12345', hotline);
    await nc.close();
  }, 20000);
});
