import { GRID_STAFF_ROLES, Role } from '@citygrid/contracts/identity';
import { NotificationRule } from '@citygrid/contracts/notifications';
import { executeBound } from '@citygrid/persistence';
import { createLogger, ServiceConsumers } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import { NOTIFICATIONS_ENV, rulesOff, type NotificationsEnv } from '../config';
import { DirectoryService } from '../directory/directory.service';
import { InboxService } from '../inbox/inbox.service';
import { textOf } from './texts';

/** Grid staff told of an unpatrolled grid: its leader and its responsible person (网格长, 网格责任人). */
const TOLD: ReadonlySet<string> = new Set(GRID_STAFF_ROLES.filter((r) => r !== Role.GridMember));

/** Local date (`YYYY-MM-DD`) and time (`HH:MM`) of `now` in `timeZone`. */
export function localDayAndTime(now: Date, timeZone: string): { day: string; time: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((x) => [x.type, x.value]),
  );
  return { day: `${p['year']}-${p['month']}-${p['day']}`, time: `${p['hour']}:${p['minute']}` };
}

/**
 * 未巡查提醒: on each working day, once `UNPATROLLED_AT` has come in the working time zone, every
 * level-3 grid in service with no patrol logged that day is reported to its leader and
 * responsible person (scoped to the grid or to the level-2 grid above it), once the consumers
 * have caught up with the stream (a patrol still queued is not a missing one). Once per day across
 * replicas: the replica that records the day's check in `unpatrolled_check` does it, in the same
 * transaction as the notifications.
 */
@Injectable()
export class UnpatrolledCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly orm: MikroORM,
    private readonly directory: DirectoryService,
    private readonly inbox: InboxService,
    private readonly moduleRef: ModuleRef,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {
    this.logger = createLogger('notifications-unpatrolled', env.LOG_LEVEL);
  }

  onApplicationBootstrap(): void {
    if (rulesOff(this.env).has(NotificationRule.Unpatrolled)) return;
    this.timer = setInterval(() => void this.tick(), this.env.UNPATROLLED_CHECK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.caughtUp()
      .then((current) => (current ? this.checkOnce(new Date()) : null))
      .then((n) => {
        if (n !== null) this.logger.info({ notifications: n }, 'unpatrolled grids reported');
      })
      .catch((err: unknown) => this.logger.error({ err }, 'unpatrolled check failed'))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /**
   * Whether the consumers have applied every event on the stream: the day's patrols (and the grids)
   * must all be in before grids are called unpatrolled. Delivered but not yet acknowledged counts
   * as not in: an event being applied is not applied yet.
   */
  private async caughtUp(): Promise<boolean> {
    const lag = await this.moduleRef.get(ServiceConsumers, { strict: false }).lag();
    return Object.values(lag).every((l) => l.pending === 0 && l.unacknowledged === 0);
  }

  /** The day's check if its hour has come and nobody did it yet: the notifications raised, or null when it was not this replica's to do. */
  async checkOnce(now: Date): Promise<number | null> {
    const { day, time } = localDayAndTime(now, this.env.WORK_TIME_ZONE);
    if (time < this.env.UNPATROLLED_AT) return null;
    return this.orm.em.fork().transactional(async (tx) => {
      if (!(await this.directory.isWorkingDay(tx, day))) return null;
      const grids = await this.directory.unpatrolledGrids(tx, day);
      const schema = tx.config.get('schema');
      const claimed = await executeBound(tx, `insert into ${schema ? `"${schema}".` : ''}"unpatrolled_check" ("day", "checked_at", "grids") values (?, ?, ?) on conflict do nothing returning "day"`, [
        day,
        now,
        grids.length,
      ]);
      if (!claimed.length) return null;
      let raised = 0;
      for (const g of grids) {
        const parent = g.path.at(-2) ?? null;
        const recipients = await this.directory.scopedTo(tx, TOLD, parent ? [g.code, parent] : [g.code]);
        raised += await this.inbox.raise(tx, {
          rule: NotificationRule.Unpatrolled,
          occurrence: `grid:${g.code}:${day}`,
          recipients,
          ...textOf(NotificationRule.Unpatrolled, { place: g.name, day }),
          caseId: null,
          caseNumber: null,
          nodeCode: g.code,
        });
      }
      return raised;
    });
  }
}
