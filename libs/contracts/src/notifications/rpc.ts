import type { DeadLetterIdRequest, DeadLetterReplayView, DeadLetterView, ListDeadLettersQuery } from '../common/dead-letters';
import type { Page, RpcDefinition } from '../common/rpc';
import type {
  DeliveryView,
  ListDeliveriesQuery,
  ListNotificationsQuery,
  MarkNotificationsReadRequest,
  MarkNotificationsReadView,
  NotificationPageView,
  NotificationRuleView,
  NotificationSettingsView,
  UpdateNotificationSettingsDto,
} from './notifications';
import type {
  CreateWebhookSubscriptionDto,
  ListWebhookDeliveriesRequest,
  ListWebhookSubscriptionsQuery,
  UpdateWebhookSubscriptionRequest,
  WebhookDeliveryIdRequest,
  WebhookDeliveryView,
  WebhookSubscriptionIdRequest,
  WebhookSubscriptionView,
  WebhookSubscriptionWithSecretView,
} from './webhooks';

/** RPC patterns answered by notifications (NATS request/reply, queue group `notifications`). */
export const NotificationsRpc = {
  rules: 'notifications.rule.list',
  inbox: 'notifications.inbox.list',
  markRead: 'notifications.inbox.mark-read',
  settingsGet: 'notifications.settings.get',
  settingsUpdate: 'notifications.settings.update',
  deliveries: 'notifications.delivery.list',
  deadLetterList: 'notifications.dead-letter.list',
  deadLetterReplay: 'notifications.dead-letter.replay',
  webhookCreate: 'notifications.webhook.create',
  webhookList: 'notifications.webhook.list',
  webhookGet: 'notifications.webhook.get',
  webhookUpdate: 'notifications.webhook.update',
  webhookDelete: 'notifications.webhook.delete',
  webhookRotateSecret: 'notifications.webhook.rotate-secret',
  webhookDeliveries: 'notifications.webhook.delivery.list',
  webhookRedeliver: 'notifications.webhook.delivery.redeliver',
} as const;

/** Typed map: pattern → request payload and response. */
export type NotificationsRpcMap = {
  'notifications.rule.list': RpcDefinition<Record<string, never>, NotificationRuleView[]>;
  'notifications.inbox.list': RpcDefinition<ListNotificationsQuery, NotificationPageView>;
  'notifications.inbox.mark-read': RpcDefinition<MarkNotificationsReadRequest, MarkNotificationsReadView>;
  'notifications.settings.get': RpcDefinition<Record<string, never>, NotificationSettingsView>;
  'notifications.settings.update': RpcDefinition<UpdateNotificationSettingsDto, NotificationSettingsView>;
  'notifications.delivery.list': RpcDefinition<ListDeliveriesQuery, Page<DeliveryView>>;
  'notifications.dead-letter.list': RpcDefinition<ListDeadLettersQuery, Page<DeadLetterView>>;
  'notifications.dead-letter.replay': RpcDefinition<DeadLetterIdRequest, DeadLetterReplayView>;
  'notifications.webhook.create': RpcDefinition<CreateWebhookSubscriptionDto, WebhookSubscriptionWithSecretView>;
  'notifications.webhook.list': RpcDefinition<ListWebhookSubscriptionsQuery, Page<WebhookSubscriptionView>>;
  'notifications.webhook.get': RpcDefinition<WebhookSubscriptionIdRequest, WebhookSubscriptionView>;
  'notifications.webhook.update': RpcDefinition<UpdateWebhookSubscriptionRequest, WebhookSubscriptionView>;
  'notifications.webhook.delete': RpcDefinition<WebhookSubscriptionIdRequest, WebhookSubscriptionView>;
  'notifications.webhook.rotate-secret': RpcDefinition<WebhookSubscriptionIdRequest, WebhookSubscriptionWithSecretView>;
  'notifications.webhook.delivery.list': RpcDefinition<ListWebhookDeliveriesRequest, Page<WebhookDeliveryView>>;
  'notifications.webhook.delivery.redeliver': RpcDefinition<WebhookDeliveryIdRequest, WebhookDeliveryView>;
};
