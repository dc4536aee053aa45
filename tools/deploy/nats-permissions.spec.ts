import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { AckPolicy, connect, consumerOpts, DeliverPolicy, nanos, type NatsConnection } from 'nats';

import { SERVICE_PASSWORDS as PASSWORDS, startNatsServer, type TestNatsServer } from '../nats/test-server';

/**
 * The subject permissions in deploy/nats/auth.conf, checked on a real nats-server started with
 * that configuration: a service may publish its own events only and answer its own patterns only.
 */
const AUTH_CONF = resolve(__dirname, '../../deploy/nats/auth.conf');

describe('NATS per-service permissions (deploy/nats/auth.conf)', () => {
  let server: TestNatsServer;
  let port: number;

  beforeAll(async () => {
    // The deployed auth.conf, included by a throwaway server config on a free loopback port.
    server = await startNatsServer({ 'auth.conf': readFileSync(AUTH_CONF, 'utf8') }, PASSWORDS, ['gateway', PASSWORDS.NATS_GATEWAY_PASSWORD]);
    port = Number(server.url.split(':')[1]);
  }, 20000);

  afterAll(() => server?.stop());

  async function as(user: string, pass: string): Promise<{ nc: NatsConnection; errors: string[] }> {
    return server.as(user, pass, { reconnect: true });
  }

  it('is included by the deployed server configuration, which nats-server accepts', async () => {
    const check = spawn('nats-server', ['-t', '-c', resolve(__dirname, '../../deploy/nats/nats.conf')], { env: { ...process.env, ...PASSWORDS } });
    const code = await new Promise<number | null>((r) => check.once('exit', r));
    expect(code).toBe(0);
  });

  it('refuses wrong passwords', async () => {
    await expect(connect({ servers: `127.0.0.1:${port}`, user: 'grid-registry', pass: 'nope' })).rejects.toThrow();
  });

  it("lets grid-registry publish its own events but not identity's, and not answer identity patterns", async () => {
    const { nc, errors } = await as('grid-registry', PASSWORDS.NATS_GRID_REGISTRY_PASSWORD);
    nc.publish('citygrid.grid-registry.grid.created', new Uint8Array());
    await nc.flush();
    expect(errors).toEqual([]);
    nc.publish('citygrid.identity.session.revoked', new Uint8Array());
    await nc.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    await nc.close();
    const second = await as('grid-registry', PASSWORDS.NATS_GRID_REGISTRY_PASSWORD);
    second.nc.subscribe('identity.auth.login');
    await second.nc.flush().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    await second.nc.close();
  });

  it('lets the gateway send requests but publish no events', async () => {
    const { nc, errors } = await as('gateway', PASSWORDS.NATS_GATEWAY_PASSWORD);
    nc.publish('grid-registry.node.get', new Uint8Array());
    await nc.flush();
    expect(errors).toEqual([]);
    nc.publish('citygrid.grid-registry.grid.created', new Uint8Array());
    await nc.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    await nc.close();
  });

  it('lets the gateway keep idempotency keys in its own bucket, shared by its replicas, and touch no other bucket', async () => {
    const { nc, errors } = await as('gateway', PASSWORDS.NATS_GATEWAY_PASSWORD);
    // the calls IdempotencyStore makes: open (create) the bucket, create a key, read it, update it, delete it
    const kv = await nc.jetstream().views.kv('CITYGRID_IDEMPOTENCY', { history: 1, ttl: 86_400_000 });
    const revision = await kv.create('k1', '{"fingerprint":"fp"}');
    await kv.update('k1', '{"fingerprint":"fp","answer":{}}', revision);
    // another replica, another connection: the same entry
    const other = await as('gateway', PASSWORDS.NATS_GATEWAY_PASSWORD);
    const seen = await (await other.nc.jetstream().views.kv('CITYGRID_IDEMPOTENCY', { history: 1, ttl: 86_400_000 })).get('k1');
    expect(seen?.string()).toBe('{"fingerprint":"fp","answer":{}}');
    await kv.delete('k1');
    expect([...errors, ...other.errors]).toEqual([]);
    await expect(nc.jetstream().views.kv('SOMEONE_ELSES')).rejects.toThrow();
    await nc.close();
    await other.nc.close();
  });

  it('lets ticketing publish its events and ask grid-registry for lookups, but not change the registry', async () => {
    const { nc, errors } = await as('ticketing', PASSWORDS.NATS_TICKETING_PASSWORD);
    nc.publish('citygrid.ticketing.case.reported', new Uint8Array());
    nc.publish('grid-registry.node.lookup', new Uint8Array());
    await nc.flush();
    expect(errors).toEqual([]);
    nc.publish('grid-registry.node.create', new Uint8Array());
    await nc.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    await nc.close();
  });

  it('lets ticketing follow the grid events through an ordered consumer and load the grid index', async () => {
    const registry = await as('grid-registry', PASSWORDS.NATS_GRID_REGISTRY_PASSWORD);
    await (await registry.nc.jetstreamManager()).streams.add({ name: 'CITYGRID', subjects: ['citygrid.>'] });
    const ticketing = await as('ticketing', PASSWORDS.NATS_TICKETING_PASSWORD);
    // an ordered consumer as ticketing's EventFollower makes it (libs/messaging)
    const o = consumerOpts();
    o.orderedConsumer();
    o.deliverNew();
    o.filterSubject('citygrid.grid-registry.grid.*');
    o.bindStream('CITYGRID');
    const sub = await ticketing.nc.jetstream().subscribe('citygrid.grid-registry.grid.*', o);
    await registry.nc.jetstream().publish('citygrid.grid-registry.grid.retired', new TextEncoder().encode('{}'));
    const heard: string[] = [];
    for await (const m of sub) {
      heard.push(m.subject);
      break;
    }
    expect(heard).toEqual(['citygrid.grid-registry.grid.retired']);
    // following is no licence to remove someone else's consumer
    await expect((await ticketing.nc.jetstreamManager()).consumers.delete('CITYGRID', 'identity')).rejects.toThrow(/Permissions Violation/);
    await new Promise((r) => setTimeout(r, 200));
    expect(ticketing.errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    ticketing.errors.length = 0;
    ticketing.nc.publish('grid-registry.grid.index', new Uint8Array());
    await ticketing.nc.flush();
    sub.unsubscribe();
    expect(ticketing.errors).toEqual([]);
    expect(registry.errors).toEqual([]);
    await ticketing.nc.close();
    await registry.nc.close();
  });

  it("lets identity keep its own durable consumer of grid-registry's staff events, and no one else's", async () => {
    const { nc } = await as('identity', PASSWORDS.NATS_IDENTITY_PASSWORD);
    const jsm = await nc.jetstreamManager({ timeout: 2000 });
    // as ensureStream does at start (the stream may be there already)
    await jsm.streams.info('CITYGRID').catch(() => jsm.streams.add({ name: 'CITYGRID', subjects: ['citygrid.>'] }));
    const registry = await as('grid-registry', PASSWORDS.NATS_GRID_REGISTRY_PASSWORD);
    await registry.nc.jetstream().publish('citygrid.grid-registry.staff.assigned', new TextEncoder().encode('{}'), { msgID: 'e-1' });
    // as IdempotentConsumer does: create (or update) the durable, inspect it, pull, acknowledge
    await jsm.consumers.add('CITYGRID', { durable_name: 'identity', ack_policy: AckPolicy.Explicit, filter_subject: 'citygrid.grid-registry.staff.>', max_deliver: -1 });
    await jsm.consumers.update('CITYGRID', 'identity', { ack_wait: nanos(30_000), max_deliver: -1 });
    expect((await jsm.consumers.info('CITYGRID', 'identity')).config.filter_subject).toBe('citygrid.grid-registry.staff.>');
    const consumer = await nc.jetstream().consumers.get('CITYGRID', 'identity');
    const msg = await consumer.next({ expires: 2000 });
    expect(msg?.subject).toBe('citygrid.grid-registry.staff.assigned');
    expect(await msg?.ackAck()).toBe(true);
    await expect(jsm.consumers.add('CITYGRID', { durable_name: 'reporting', ack_policy: AckPolicy.Explicit })).rejects.toThrow();
    await expect(jsm.consumers.info('CITYGRID', 'reporting')).rejects.toThrow();
    await registry.nc.close();
    await nc.close();
  }, 20000);

  it("lets reporting keep its own durable consumers of ticketing's and the grid events and its rebuild consumer, publish its own events only, and nothing else", async () => {
    const { nc, errors } = await as('reporting', PASSWORDS.NATS_REPORTING_PASSWORD);
    const jsm = await nc.jetstreamManager({ timeout: 2000 });
    await jsm.streams.info('CITYGRID').catch(() => jsm.streams.add({ name: 'CITYGRID', subjects: ['citygrid.>'] }));
    const registry = await as('grid-registry', PASSWORDS.NATS_GRID_REGISTRY_PASSWORD);
    const ticketing = await as('ticketing', PASSWORDS.NATS_TICKETING_PASSWORD);
    await registry.nc.jetstream().publish('citygrid.grid-registry.grid.created', new TextEncoder().encode('{}'), { msgID: 'r-1' });
    await ticketing.nc.jetstream().publish('citygrid.ticketing.case.reported', new TextEncoder().encode('{}'), { msgID: 'r-2' });
    await ticketing.nc.jetstream().publish('citygrid.ticketing.supervision.flagged', new TextEncoder().encode('{}'), { msgID: 'r-3' });
    await ticketing.nc.jetstream().publish('citygrid.ticketing.inspection.recorded', new TextEncoder().encode('{}'), { msgID: 'r-4' });
    await registry.nc.jetstream().publish('citygrid.grid-registry.staff.assigned', new TextEncoder().encode('{}'), { msgID: 'r-5' });
    await registry.nc.jetstream().publish('citygrid.grid-registry.place.registered', new TextEncoder().encode('{}'), { msgID: 'r-6' });
    // as IdempotentConsumer does for each of its two consumers: create (or update) the durable, inspect it, pull, acknowledge
    // (the stream holds the other tests' events too: each consumer gets the first of its filter)
    for (const [name, filter, prefix] of [
      ['reporting', 'citygrid.ticketing.>', 'citygrid.ticketing.'],
      ['reporting-grid', 'citygrid.grid-registry.grid.>', 'citygrid.grid-registry.grid.'],
      ['reporting-place', 'citygrid.grid-registry.place.>', 'citygrid.grid-registry.place.'],
      ['reporting-supervision', 'citygrid.ticketing.supervision.>', 'citygrid.ticketing.supervision.'],
      ['reporting-inspection', 'citygrid.ticketing.inspection.>', 'citygrid.ticketing.inspection.'],
      ['reporting-staff', 'citygrid.grid-registry.staff.>', 'citygrid.grid-registry.staff.'],
    ] as const) {
      await jsm.consumers.add('CITYGRID', { durable_name: name, ack_policy: AckPolicy.Explicit, filter_subject: filter, max_deliver: -1 });
      await jsm.consumers.update('CITYGRID', name, { ack_wait: nanos(30_000), max_deliver: -1 });
      expect((await jsm.consumers.info('CITYGRID', name)).num_pending).toBeGreaterThanOrEqual(0);
      const msg = await (await nc.jetstream().consumers.get('CITYGRID', name)).next({ expires: 2000 });
      expect(msg?.subject.startsWith(prefix)).toBe(true);
      expect(await msg?.ackAck()).toBe(true);
    }
    // as a rebuild does: a consumer of the whole stream from its start, read without acks, then deleted
    await jsm.consumers.add('CITYGRID', { durable_name: 'reporting-rebuild', ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, filter_subject: 'citygrid.>' });
    const replayed: string[] = [];
    for await (const m of await (await nc.jetstream().consumers.get('CITYGRID', 'reporting-rebuild')).fetch({ max_messages: 10, expires: 1000 })) replayed.push(m.subject);
    expect(replayed).toEqual(expect.arrayContaining(['citygrid.grid-registry.grid.created', 'citygrid.ticketing.case.reported']));
    expect(await jsm.consumers.delete('CITYGRID', 'reporting-rebuild')).toBe(true);
    nc.publish('citygrid.reporting.read-model.rebuilt', new Uint8Array());
    nc.publish('citygrid.reporting.assessment-rule.created', new Uint8Array());
    await nc.flush();
    expect(errors).toEqual([]);
    // no one else's durable consumer
    await expect(jsm.consumers.add('CITYGRID', { durable_name: 'identity', ack_policy: AckPolicy.Explicit })).rejects.toThrow();
    nc.publish('citygrid.ticketing.case.closed', new Uint8Array());
    await nc.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    await nc.close();
    const second = await as('reporting', PASSWORDS.NATS_REPORTING_PASSWORD);
    second.nc.subscribe('ticketing.case.get');
    await second.nc.flush().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    await second.nc.close();
    await registry.nc.close();
    await ticketing.nc.close();
  }, 20000);

  it('lets the gateway ask reporting', async () => {
    const { nc, errors } = await as('gateway', PASSWORDS.NATS_GATEWAY_PASSWORD);
    nc.publish('reporting.kpi.query', new Uint8Array());
    await nc.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(errors).toEqual([]);
    await nc.close();
  });

  it('lets reporting signal changed figures and the gateway hear it, but not other subjects', async () => {
    const gateway = await as('gateway', PASSWORDS.NATS_GATEWAY_PASSWORD);
    const reporting = await as('reporting', PASSWORDS.NATS_REPORTING_PASSWORD);
    const heard: string[] = [];
    gateway.nc.subscribe('reporting.kpi.changed', { callback: (_err, msg) => heard.push(msg.string()) });
    await gateway.nc.flush();
    reporting.nc.publish('reporting.kpi.changed', '{"nodes":["410102005"],"all":false}');
    await reporting.nc.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual(['{"nodes":["410102005"],"all":false}']);
    expect(gateway.errors).toEqual([]);
    expect(reporting.errors).toEqual([]);
    // nothing else of reporting's RPC subjects
    gateway.nc.subscribe('reporting.kpi.query', { callback: () => undefined });
    await gateway.nc.flush().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(gateway.errors).toEqual(['PERMISSIONS_VIOLATION']);
    await gateway.nc.close().catch(() => undefined);
    await reporting.nc.close();
  });

  it("lets notifications keep its own durable consumers of ticketing's, the account and the grid events, publish its own events only, and nothing else", async () => {
    const { nc, errors } = await as('notifications', PASSWORDS.NATS_NOTIFICATIONS_PASSWORD);
    const jsm = await nc.jetstreamManager({ timeout: 2000 });
    await jsm.streams.info('CITYGRID').catch(() => jsm.streams.add({ name: 'CITYGRID', subjects: ['citygrid.>'] }));
    const registry = await as('grid-registry', PASSWORDS.NATS_GRID_REGISTRY_PASSWORD);
    const identity = await as('identity', PASSWORDS.NATS_IDENTITY_PASSWORD);
    const ticketing = await as('ticketing', PASSWORDS.NATS_TICKETING_PASSWORD);
    await ticketing.nc.jetstream().publish('citygrid.ticketing.case.dispatched', new TextEncoder().encode('{}'), { msgID: 'n-1' });
    await identity.nc.jetstream().publish('citygrid.identity.account.created', new TextEncoder().encode('{}'), { msgID: 'n-2' });
    await registry.nc.jetstream().publish('citygrid.grid-registry.grid.updated', new TextEncoder().encode('{}'), { msgID: 'n-3' });
    // as IdempotentConsumer does for each of its three consumers: create (or update) the durable, inspect it, pull, acknowledge
    // (the stream holds the other tests' events too: each consumer gets the first of its filter)
    for (const [name, filter, prefix] of [
      ['notifications', 'citygrid.ticketing.>', 'citygrid.ticketing.'],
      ['notifications-account', 'citygrid.identity.account.>', 'citygrid.identity.account.'],
      ['notifications-grid', 'citygrid.grid-registry.grid.>', 'citygrid.grid-registry.grid.'],
    ] as const) {
      await jsm.consumers.add('CITYGRID', { durable_name: name, ack_policy: AckPolicy.Explicit, filter_subject: filter, max_deliver: -1 });
      await jsm.consumers.update('CITYGRID', name, { ack_wait: nanos(30_000), max_deliver: -1 });
      expect((await jsm.consumers.info('CITYGRID', name)).config.filter_subject).toBe(filter);
      const msg = await (await nc.jetstream().consumers.get('CITYGRID', name)).next({ expires: 2000 });
      expect(msg?.subject.startsWith(prefix)).toBe(true);
      expect(await msg?.ackAck()).toBe(true);
    }
    // its outbox publishes to the stream and gets the acknowledgement
    expect((await nc.jetstream().publish('citygrid.notifications.notification.raised', new TextEncoder().encode('{}'), { msgID: 'n-4' })).stream).toBe('CITYGRID');
    // and asks identity for its keys to verify tokens
    nc.publish('identity.keys.jwks', new Uint8Array());
    await nc.flush();
    expect(errors).toEqual([]);
    // no one else's durable consumer, and none it may remove
    await expect(jsm.consumers.add('CITYGRID', { durable_name: 'reporting', ack_policy: AckPolicy.Explicit })).rejects.toThrow();
    await expect(jsm.consumers.delete('CITYGRID', 'notifications-account')).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    await nc.close();
    // nobody else's events, and no request to another service beyond identity's keys
    for (const subject of ['citygrid.ticketing.case.closed', 'citygrid.identity.account.created', 'ticketing.case.get', 'identity.account.list']) {
      const other = await as('notifications', PASSWORDS.NATS_NOTIFICATIONS_PASSWORD);
      other.nc.publish(subject, new Uint8Array());
      await other.nc.flush();
      await new Promise((r) => setTimeout(r, 200));
      expect([subject, other.errors.join()]).toEqual([subject, expect.stringMatching(/PERMISSIONS_VIOLATION/)]);
      await other.nc.close();
    }
    // nor answer another service's patterns
    const second = await as('notifications', PASSWORDS.NATS_NOTIFICATIONS_PASSWORD);
    second.nc.subscribe('reporting.kpi.query');
    await second.nc.flush().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.errors.join()).toMatch(/PERMISSIONS_VIOLATION/);
    await second.nc.close();
    await registry.nc.close();
    await identity.nc.close();
    await ticketing.nc.close();
  }, 30000);

  it('lets notifications answer its own patterns and the gateway ask them', async () => {
    const notifications = await as('notifications', PASSWORDS.NATS_NOTIFICATIONS_PASSWORD);
    const gateway = await as('gateway', PASSWORDS.NATS_GATEWAY_PASSWORD);
    notifications.nc.subscribe('notifications.inbox.list', { queue: 'notifications', callback: (_err, msg) => msg.respond('{"items":[],"total":0,"unread":0}') });
    await notifications.nc.flush();
    const reply = await gateway.nc.request('notifications.inbox.list', new Uint8Array(), { timeout: 2000 });
    expect(reply.string()).toBe('{"items":[],"total":0,"unread":0}');
    gateway.nc.publish('notifications.dead-letter.list', new Uint8Array());
    await gateway.nc.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(gateway.errors).toEqual([]);
    expect(notifications.errors).toEqual([]);
    await gateway.nc.close();
    await notifications.nc.close();
  });
});
