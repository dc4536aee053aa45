import { createLogger } from '@citygrid/service-kit';
import { CaseState, TicketingEvents } from '@citygrid/contracts/ticketing';
import { LockMode, raw } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import { Case } from './case.entity';
import { SYSTEM_ACTOR } from '../shared/actor';
import { CasesService } from './cases.service';
import { CLOCKED_STATES } from './transitions';

/** Cases escalated per transaction: keeps locks short when a backlog has built up. */
const BATCH = 50;

/**
 * The overdue timer. Every replica runs it; each scan locks the overdue cases it takes with
 * `FOR UPDATE SKIP LOCKED` and, in the same transaction, moves each one tier up, records
 * `citygrid.case.escalated.v1` and sets the new deadline. A case another replica holds is
 * skipped, and once committed its deadline is in the future, so no case is escalated twice for
 * one lapse. A case overdue at the city level, where it cannot go higher, raises the city alert
 * instead (`case.city-alerted`, a supervision flag with a new deadline), once. Deadlines live in
 * the database, so the timer survives restarts.
 */
@Injectable()
export class EscalationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly orm: MikroORM,
    private readonly cases: CasesService,
    @Inject(TICKETING_ENV) private readonly env: TicketingEnv,
  ) {
    this.logger = createLogger('ticketing-escalation', env.LOG_LEVEL);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.env.ESCALATION_SCAN_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One scan at a time per replica; a slow scan makes the next tick a no-op rather than a pile-up. */
  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.scanOnce()
      .then(async (n) => {
        if (n) this.logger.info({ escalated: n }, 'overdue cases escalated');
        const warned = await this.warnOnce();
        if (warned) this.logger.info({ warned }, 'handlers warned of cases due soon');
      })
      .catch((err: unknown) => this.logger.error({ err }, 'escalation scan failed'))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /**
   * Warn of up to one batch of cases due soon (预警): on the clock, their deadline not passed but
   * within `DUE_SOON_WORKING_HOURS` working hours, and not warned about for this deadline yet.
   * Records `citygrid.case.due-soon.v1` and remembers the deadline warned about, in the same
   * transaction, locked as the escalations are: once per deadline across replicas.
   */
  async warnOnce(): Promise<number> {
    return this.orm.em.fork().transactional(async (tx) => {
      const now = new Date();
      const horizon = await this.cases.dueSoonHorizon(tx, now);
      if (!horizon) return 0;
      const due = await tx.find(
        Case,
        {
          state: { $in: [...CLOCKED_STATES] },
          deadline: { $gt: now, $lte: horizon },
          // the warned deadline went through a JavaScript Date: compare at its millisecond precision
          [raw((alias) => `${alias}."due_soon_warned_for" is distinct from date_trunc('milliseconds', ${alias}."deadline")`)]: [],
        },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { deadline: 'asc' }, limit: BATCH },
      );
      for (const c of due) {
        c.dueSoonWarnedFor = c.deadline;
        c.updatedAt = now;
        this.cases.recordEvent(tx, TicketingEvents.caseDueSoon, c, 'due-soon', c.state, SYSTEM_ACTOR, {});
      }
      return due.length;
    });
  }

  /** Escalate up to one batch of overdue cases; returns how many. */
  async scanOnce(): Promise<number> {
    return this.orm.em.fork().transactional(async (tx) => {
      const due = await tx.find(
        Case,
        { state: { $in: [...CLOCKED_STATES] }, deadline: { $lt: new Date() }, $or: [{ level: { $gt: 0 } }, { level: 0, cityAlertedAt: null }] },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { deadline: 'asc' }, limit: BATCH },
      );
      for (const c of due) {
        const before: CaseState = c.state;
        c.updatedAt = new Date();
        if (c.level === 0) {
          // Nowhere higher to go: alert the city and put the case under supervision, once.
          const extra = await this.cases.cityAlert(tx, c);
          this.cases.recordEvent(tx, TicketingEvents.caseCityAlerted, c, 'city-alert', before, SYSTEM_ACTOR, extra);
          continue;
        }
        const extra = await this.cases.moveUp(tx, c, 'overdue');
        this.cases.recordEvent(tx, TicketingEvents.caseEscalated, c, 'escalate-overdue', before, SYSTEM_ACTOR, extra);
      }
      return due.length;
    });
  }
}
