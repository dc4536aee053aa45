import { MyNotificationsController, NotificationsController } from './notifications.controller';
import { WebhooksController } from './webhooks.controller';

/** Controllers of the notifications service's public API: my inbox and delivery settings, the rules, the deliveries, the webhooks. */
export const NOTIFICATIONS_CONTROLLERS = [MyNotificationsController, NotificationsController, WebhooksController];
