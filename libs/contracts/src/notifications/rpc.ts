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
};
