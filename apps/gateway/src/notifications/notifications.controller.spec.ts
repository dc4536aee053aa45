import 'reflect-metadata';

import { DeliveryStatus, NotificationChannel, NotificationRule, NotificationsRpc } from '@citygrid/contracts/notifications';
import { RpcClient } from '@citygrid/service-kit';
import { fakeRpc } from '@citygrid/testing';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { OpenAPIObject } from '@nestjs/swagger';

import { buildOpenApi } from '../openapi';
import { NOTIFICATIONS_CONTROLLERS } from '.';
import { MyNotificationsController, NotificationsController } from './notifications.controller';

const SETTINGS = { email: 'z***@example.org', phone: null, wecomWebhook: null, dingtalkWebhook: null, channels: [NotificationChannel.Email] };

function setup() {
  const fake = fakeRpc({
    [NotificationsRpc.inbox]: () => ({ items: [], total: 0, unread: 0 }),
    [NotificationsRpc.markRead]: () => ({ marked: 1, unread: 0 }),
    [NotificationsRpc.settingsGet]: () => SETTINGS,
    [NotificationsRpc.settingsUpdate]: () => SETTINGS,
    [NotificationsRpc.rules]: () => [],
    [NotificationsRpc.deliveries]: () => ({ items: [], total: 0, offset: 0, limit: 100 }),
  });
  return { fake, me: new MyNotificationsController(fake.client), admin: new NotificationsController(fake.client) };
}

describe('notifications at the gateway', () => {
  it('forwards each request to its notifications pattern with the input as given', async () => {
    const { fake, me, admin } = setup();
    await expect(me.list({ unread: 'true', rule: NotificationRule.Escalated, limit: 20 })).resolves.toEqual({ items: [], total: 0, unread: 0 });
    await expect(me.markRead({ ids: ['6f1c1a40-3a57-4b8e-9a36-0d4c2f6f5f10'] })).resolves.toEqual({ marked: 1, unread: 0 });
    await expect(me.settings()).resolves.toEqual(SETTINGS);
    await expect(me.updateSettings({ email: 'zhang.wei@example.org', channels: [NotificationChannel.Email] })).resolves.toEqual(SETTINGS);
    await expect(admin.rules()).resolves.toEqual([]);
    await expect(admin.deliveries({ status: DeliveryStatus.Failed })).resolves.toMatchObject({ total: 0 });
    expect(fake.calls).toEqual([
      { pattern: NotificationsRpc.inbox, payload: { unread: 'true', rule: NotificationRule.Escalated, limit: 20 } },
      { pattern: NotificationsRpc.markRead, payload: { ids: ['6f1c1a40-3a57-4b8e-9a36-0d4c2f6f5f10'] } },
      { pattern: NotificationsRpc.settingsGet, payload: {} },
      { pattern: NotificationsRpc.settingsUpdate, payload: { email: 'zhang.wei@example.org', channels: [NotificationChannel.Email] } },
      { pattern: NotificationsRpc.rules, payload: {} },
      { pattern: NotificationsRpc.deliveries, payload: { status: DeliveryStatus.Failed } },
    ]);
  });

  describe('OpenAPI', () => {
    let app: INestApplication;
    let doc: OpenAPIObject;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ controllers: NOTIFICATIONS_CONTROLLERS, providers: [{ provide: RpcClient, useValue: setup().fake.client }] }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      app.setGlobalPrefix('api/v1');
      await app.init();
      doc = buildOpenApi(app);
    });

    afterAll(async () => {
      await app?.close();
    });

    const op = (path: string, method: 'get' | 'post' | 'put') => {
      const operation = doc.paths[path]?.[method];
      if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
      return operation;
    };

    it.each([
      ['/api/v1/me/notifications', 'get', '200', 'NotificationPageView'],
      ['/api/v1/me/notifications/read', 'post', '200', 'MarkNotificationsReadView'],
      ['/api/v1/me/notification-settings', 'get', '200', 'NotificationSettingsView'],
      ['/api/v1/me/notification-settings', 'put', '200', 'NotificationSettingsView'],
      ['/api/v1/notifications/rules', 'get', '200', 'NotificationRuleView'],
      ['/api/v1/notifications/deliveries', 'get', '200', 'DeliveryView'],
    ] as const)('documents %s %s: its answer, its refusals, a summary, and that API clients may not call it', (path, method, status, schema) => {
      const operation = op(path, method);
      expect(operation.summary).toBeTruthy();
      expect(operation.description).toBeTruthy();
      expect(JSON.stringify(operation.responses[status])).toContain(`#/components/schemas/${schema}`);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '503']));
      expect((operation as unknown as Record<string, unknown>)['x-citygrid-client-access']).toBe('staff only: API clients may not call this operation');
      // a bearer token only: no OAuth scope admits a client
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.tags).toEqual(['Notifications']);
    });

    it('documents the inputs: the inbox and delivery filters, and the bodies', () => {
      const params = (path: string) => (op(path, 'get').parameters ?? []).map((p) => ('name' in p ? p.name : '')).sort();
      expect(params('/api/v1/me/notifications')).toEqual(['limit', 'offset', 'rule', 'unread']);
      expect(params('/api/v1/notifications/deliveries')).toEqual(['limit', 'offset', 'status']);
      expect(JSON.stringify(op('/api/v1/me/notifications/read', 'post').requestBody)).toContain('MarkNotificationsReadRequest');
      expect(JSON.stringify(op('/api/v1/me/notification-settings', 'put').requestBody)).toContain('UpdateNotificationSettingsDto');
      expect(Object.keys(op('/api/v1/me/notification-settings', 'put').responses)).toContain('422');
      expect(doc.components?.schemas?.['NotificationRule']).toMatchObject({ enum: Object.values(NotificationRule) });
      expect(doc.components?.schemas?.['DeliveryStatus']).toMatchObject({ enum: Object.values(DeliveryStatus) });
    });
  });
});
