import type { CityGridCloudEvent } from '@citygrid/contracts';
import { NotificationRule } from '@citygrid/contracts/notifications';
import { TicketingEvents, type CaseEventV1 } from '@citygrid/contracts/ticketing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { NOTIFICATIONS_ENV, rulesOff, type NotificationsEnv } from '../config';
import type { CaseRef } from '../directory/directory.entities';
import { DirectoryService, type Recipient } from '../directory/directory.service';
import { InboxService } from '../inbox/inbox.service';
import { localDeadline, textOf } from './texts';

/**
 * The rules of the case events, applied in the transaction that records the event in the inbox:
 * the case's directory entry first (so that the rule sees who dispatched and accepted it), then
 * each rule the event sets off, choosing its recipients from the directory. A rule with no one
 * to tell raises nothing (a grid with no staff account yet); a rule switched off
 * (`NOTIFY_RULES_OFF`) neither.
 */
@Injectable()
export class Notifier {
  private readonly off: ReadonlySet<NotificationRule>;

  constructor(
    private readonly directory: DirectoryService,
    private readonly inbox: InboxService,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {
    this.off = rulesOff(env);
  }

  async onCaseEvent(tx: EntityManager, event: CityGridCloudEvent): Promise<void> {
    const d = event.data as CaseEventV1;
    const c = await this.directory.applyCase(tx, d);
    // one per event of the case (its version), however often the event comes
    const occurrence = `case:${d.id}:${d.version !== undefined ? `v${d.version}` : event.id}`;
    const raise = async (rule: NotificationRule, recipients: Recipient[], place?: string): Promise<void> => {
      if (this.off.has(rule) || !recipients.length) return;
      const text = textOf(rule, {
        number: d.number,
        category: await this.directory.categoryName(tx, d.categoryCode),
        place,
        deadline: localDeadline(d.deadline, this.env.WORK_TIME_ZONE),
        reason: d.reason,
      });
      await this.inbox.raise(tx, { rule, occurrence, recipients, ...text, caseId: d.id, caseNumber: d.number, nodeCode: d.path.at(-1) ?? d.path[0] ?? '' });
    };
    const nodeAt = (level: number | undefined): string | undefined => (level === undefined ? undefined : d.path[level]);
    switch (event.type) {
      case TicketingEvents.caseDispatched.type:
        return raise(NotificationRule.Dispatched, await this.directory.dispatchRecipients(tx, c));
      case TicketingEvents.caseDueSoon.type:
        return raise(NotificationRule.DueSoon, await this.directory.handlersOf(tx, c));
      case TicketingEvents.caseEscalated.type: {
        const reached = nodeAt(d.level);
        if (reached) await raise(NotificationRule.Escalated, await this.directory.operatorsOf(tx, reached), await this.directory.gridName(tx, reached));
        const lapsed = nodeAt(d.levelBefore);
        if (d.action === 'escalate-overdue' && lapsed) {
          await raise(NotificationRule.Overdue, [...(await this.handlers(tx, c)), ...(await this.directory.operatorsOf(tx, lapsed))], await this.directory.gridName(tx, lapsed));
        }
        return;
      }
      case TicketingEvents.caseCityAlerted.type: {
        const city = d.path[0] ?? '';
        await raise(NotificationRule.CityAlert, [...(await this.directory.operatorsOf(tx, city)), ...(await this.directory.supervisorsOver(tx, d.path))]);
        return raise(NotificationRule.Overdue, await this.handlers(tx, c), await this.directory.gridName(tx, city));
      }
      case TicketingEvents.caseReturned.type:
        return raise(NotificationRule.Returned, await this.dispatcher(tx, c));
      case TicketingEvents.caseReworked.type:
        return raise(NotificationRule.Reworked, [...(await this.dispatcher(tx, c)), ...(await this.handlers(tx, c))]);
      case TicketingEvents.caseSupervised.type:
        return raise(NotificationRule.Supervised, await this.directory.handlersOf(tx, c));
    }
  }

  /** Whoever dispatched the case; for one the system dispatched (a sub-class's auto-dispatch), the operators of its level. */
  private async dispatcher(tx: EntityManager, c: CaseRef): Promise<Recipient[]> {
    const account = await this.directory.dispatcherOf(tx, c);
    if (account.length) return account;
    const level = c.path[c.level];
    return level ? this.directory.operatorsOf(tx, level) : [];
  }

  /** The handler of a case that has been dispatched (before a dispatch nobody handles it). */
  private async handlers(tx: EntityManager, c: CaseRef): Promise<Recipient[]> {
    return c.dispatchTarget ? this.directory.handlersOf(tx, c) : [];
  }
}
