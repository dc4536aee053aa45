import type { Page } from '@citygrid/contracts';
import {
  DeliveryView,
  ListDeliveriesQuery,
  ListNotificationsQuery,
  MarkNotificationsReadRequest,
  MarkNotificationsReadView,
  NotificationPageView,
  NotificationRuleView,
  NotificationSettingsView,
  NotificationsRpc,
  UpdateNotificationSettingsDto,
} from '@citygrid/contracts/notifications';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls } from '../shared/http';

const OWN = 'Each staff account has its own: nobody reads or changes another’s, whatever the role. API clients get 403 (they have no inbox).';

/**
 * The logged-in person's notifications (站内消息): what the rules of the notifications service
 * raised for her (a case dispatched to her, due soon, overdue, escalated to her level, returned,
 * reworked, supervised, a grid not patrolled), and where else she wants them sent.
 */
@ApiTags('Notifications')
@Controller('me')
export class MyNotificationsController {
  constructor(private readonly notifications: RpcClient) {}

  @Get('notifications')
  @ApiOperation({
    summary: 'My notifications, newest first, with how many are unread',
    description: `\`unread=true\` lists only the unread ones, \`rule\` those of one rule; \`unread\` in the answer counts all of my unread notifications whatever the filters. Texts name cases by number and category and never hold personal data. ${OWN} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: NotificationPageView })
  @ApiProblems(400, 401, 403)
  @Calls(NotificationsRpc.inbox)
  list(@Query() q: ListNotificationsQuery): Promise<NotificationPageView> {
    return this.notifications.send(NotificationsRpc.inbox, q);
  }

  @Post('notifications/read')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark some (`ids`) or all (`all: true`) of my notifications read',
    description: `\`marked\` says how many changed: an id that is not one of mine, or read already, changes nothing (it is not an error, and tells nothing about whose it is); \`unread\` is what remains. At most 500 ids. ${OWN} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: MarkNotificationsReadView })
  @ApiProblems(400, 401, 403)
  @Calls(NotificationsRpc.markRead)
  markRead(@Body() body: MarkNotificationsReadRequest): Promise<MarkNotificationsReadView> {
    return this.notifications.send(NotificationsRpc.markRead, body);
  }

  @Get('notification-settings')
  @ApiOperation({
    summary: 'My delivery settings: my addresses (masked) and the channels I chose besides the inbox',
    description: `Addresses are stored encrypted and only ever answered masked (\`z***@example.org\`, \`138****5678\`, a robot by its host). Nothing set yet: every address null and no channel. ${OWN}`,
  })
  @ApiOkResponse({ type: NotificationSettingsView })
  @ApiProblems(401, 403)
  @Calls(NotificationsRpc.settingsGet)
  settings(): Promise<NotificationSettingsView> {
    return this.notifications.send(NotificationsRpc.settingsGet, {});
  }

  @Put('notification-settings')
  @ApiOperation({
    summary: 'Change my addresses and channels (e-mail, SMS, WeCom and DingTalk group robots)',
    description: `Only the fields given change; \`null\` removes an address, and a removed address takes its channel with it unless \`channels\` names it again. Each chosen channel needs its address: 422 naming the channel otherwise. Answers the settings as \`GET\` does, masked. ${OWN} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: NotificationSettingsView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(NotificationsRpc.settingsUpdate)
  updateSettings(@Body() body: UpdateNotificationSettingsDto): Promise<NotificationSettingsView> {
    return this.notifications.send(NotificationsRpc.settingsUpdate, body);
  }
}

/** The rules that decide who is told what, and (for the system administrator) the deliveries made on other channels. */
@ApiTags('Notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: RpcClient) {}

  @Get('rules')
  @ApiOperation({
    summary: 'Every notification rule: what sets it off, who is told, and whether this deployment runs it',
    description: 'Staff only: API clients get 403. `enabled: false` for the rules the deployment switched off (`NOTIFY_RULES_OFF`).',
  })
  @ApiOkResponse({ type: [NotificationRuleView] })
  @ApiProblems(401, 403)
  @Calls(NotificationsRpc.rules)
  rules(): Promise<NotificationRuleView[]> {
    return this.notifications.send(NotificationsRpc.rules, {});
  }

  @Get('deliveries')
  @ApiOperation({
    summary: 'Deliveries of notifications on e-mail, SMS and the group robots, newest first (system administrator only)',
    description:
      'By `status`: `pending` (waiting for its first attempt or its next retry at `nextAttemptAt`), `sent`, `failed` (refused for good, or out of attempts; `lastError` says why, never with an address or a secret). Addresses are masked. Anyone but the system administrator gets 403. Bad input: 400 naming each field.',
  })
  @ApiPage(DeliveryView)
  @ApiProblems(400, 401, 403)
  @Calls(NotificationsRpc.deliveries)
  deliveries(@Query() q: ListDeliveriesQuery): Promise<Page<DeliveryView>> {
    return this.notifications.send(NotificationsRpc.deliveries, q);
  }
}
