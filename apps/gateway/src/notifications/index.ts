import { MyNotificationsController, NotificationsController } from './notifications.controller';

/** Controllers of the notifications service's public API: my inbox and delivery settings, the rules, the deliveries. */
export const NOTIFICATIONS_CONTROLLERS = [MyNotificationsController, NotificationsController];
