import { NotificationRule } from '@citygrid/contracts/notifications';
import { TicketingEvents } from '@citygrid/contracts/ticketing';

/** A rule as the catalogue documents it. */
export interface RuleDefinition {
  key: NotificationRule;
  name: string;
  nameEn: string;
  trigger: string;
  recipients: string;
}

/** The rules, in the order a case meets them. */
export const RULES: readonly RuleDefinition[] = [
  {
    key: NotificationRule.Dispatched,
    name: '派遣通知',
    nameEn: 'Dispatched',
    trigger: TicketingEvents.caseDispatched.type,
    recipients: "the officers of the department it was dispatched to, or the grid staff of the case's level-3 grid",
  },
  {
    key: NotificationRule.DueSoon,
    name: '到期预警',
    nameEn: 'Due soon',
    trigger: `${TicketingEvents.caseDueSoon.type} (ticketing's DUE_SOON_WORKING_HOURS)`,
    recipients: 'its handler: the account that accepted it, else the officers or grid staff it was dispatched to',
  },
  {
    key: NotificationRule.Overdue,
    name: '超期提醒',
    nameEn: 'Overdue',
    trigger: `${TicketingEvents.caseEscalated.type} with action escalate-overdue, ${TicketingEvents.caseCityAlerted.type}`,
    recipients: 'its handler and the operators of the level that ran out of time',
  },
  {
    key: NotificationRule.Escalated,
    name: '升级通知',
    nameEn: 'Escalated',
    trigger: TicketingEvents.caseEscalated.type,
    recipients: 'the operators of the level the case reached (an operator role scoped to that node)',
  },
  {
    key: NotificationRule.Returned,
    name: '退回通知',
    nameEn: 'Returned',
    trigger: TicketingEvents.caseReturned.type,
    recipients: "the account that dispatched it (the operators of the case's level when the system did)",
  },
  {
    key: NotificationRule.Reworked,
    name: '返工通知',
    nameEn: 'Reworked',
    trigger: TicketingEvents.caseReworked.type,
    recipients: "the account that dispatched it (the operators of the case's level when the system did), and its handler",
  },
  {
    key: NotificationRule.CityAlert,
    name: '市级告警',
    nameEn: 'City alert',
    trigger: TicketingEvents.caseCityAlerted.type,
    recipients: "the city's operators and the supervisors whose scope covers the case",
  },
  {
    key: NotificationRule.Supervised,
    name: '督办通知',
    nameEn: 'Supervised',
    trigger: TicketingEvents.caseSupervised.type,
    recipients: 'its handler',
  },
  {
    key: NotificationRule.Unpatrolled,
    name: '未巡查提醒',
    nameEn: 'Not patrolled',
    trigger: 'the daily check at UNPATROLLED_AT on working days',
    recipients: 'the grid leaders and responsible persons scoped to the grid or the level-2 grid above it',
  },
];
