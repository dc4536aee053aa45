import { defineEvent } from '../common/cloudevent';
import type { NotificationRaisedV1 } from './notifications';

/** Events published by notifications. */
export const NotificationEvents = {
  notificationRaised: defineEvent<NotificationRaisedV1>({
    service: 'notifications',
    aggregate: 'notification',
    event: 'raised',
    version: 1,
    summary: "A notification was put in an account's inbox (and queued on the channels named): who was told, by which rule, about which case or grid. Never its text or an address.",
    schema: {
      type: 'object',
      required: ['id', 'rule', 'accountId', 'caseId', 'nodeCode', 'channels'],
      properties: {
        id: { type: 'string', format: 'uuid', description: 'Notification id.' },
        rule: { type: 'string', description: 'The rule that raised it (dispatched, due-soon, overdue, escalated, returned, reworked, city-alert, supervised, unpatrolled).' },
        accountId: { type: 'string', description: 'Recipient account id.' },
        caseId: { type: ['string', 'null'], format: 'uuid', description: 'The case, or null (an unpatrolled grid).' },
        nodeCode: { type: 'string', description: "The node it concerns (the case's level-3 grid, or the grid)." },
        channels: { type: 'array', items: { type: 'string' }, description: 'Channels a delivery was queued on besides the inbox (email, sms, wecom, dingtalk).' },
      },
    },
  }),
} as const;
