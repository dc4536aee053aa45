import type { Caller } from '@citygrid/contracts/identity';
import {
  ListDeliveriesQuery,
  ListNotificationsQuery,
  MarkNotificationsReadRequest,
  NotificationsRpc,
  UpdateNotificationSettingsDto,
  type DeliveryView,
  type MarkNotificationsReadView,
  type NotificationPageView,
  type NotificationRuleView,
  type NotificationSettingsView,
} from '@citygrid/contracts/notifications';
import type { Page } from '@citygrid/contracts';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { NOTIFICATIONS_ENV, rulesOff, type NotificationsEnv } from '../config';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { RULES } from '../rules/catalogue';
import { SettingsService } from '../settings/settings.service';
import { InboxService } from '../inbox/inbox.service';

/** NATS handlers of notifications: validate, call one service method. */
@RpcController()
export class NotificationsRpcController {
  constructor(
    private readonly inbox: InboxService,
    private readonly settings: SettingsService,
    private readonly deliveries: DeliveriesService,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {}

  @MessagePattern(NotificationsRpc.rules)
  rules(): NotificationRuleView[] {
    const off = rulesOff(this.env);
    return RULES.map((r) => ({ ...r, enabled: !off.has(r.key) }));
  }

  @MessagePattern(NotificationsRpc.inbox)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListNotificationsQuery): Promise<NotificationPageView> {
    return this.inbox.list(caller, q);
  }

  @MessagePattern(NotificationsRpc.markRead)
  markRead(@CurrentCaller() caller: Caller, @Payload('payload') req: MarkNotificationsReadRequest): Promise<MarkNotificationsReadView> {
    return this.inbox.markRead(caller, req);
  }

  @MessagePattern(NotificationsRpc.settingsGet)
  getSettings(@CurrentCaller() caller: Caller): Promise<NotificationSettingsView> {
    return this.settings.get(caller);
  }

  @MessagePattern(NotificationsRpc.settingsUpdate)
  updateSettings(@CurrentCaller() caller: Caller, @Payload('payload') dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsView> {
    return this.settings.update(caller, dto);
  }

  @MessagePattern(NotificationsRpc.deliveries)
  listDeliveries(@CurrentCaller() caller: Caller, @Payload('payload') q: ListDeliveriesQuery): Promise<Page<DeliveryView>> {
    return this.deliveries.list(caller, q);
  }
}
