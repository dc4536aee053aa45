import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { IDENTITY_ENV, type IdentityEnv } from '../config';

/** The outcome of claiming a login attempt. */
export type ThrottleClaim =
  /** Go ahead; `failures` counts this attempt (it stands as a failure unless `succeeded` follows). */
  | { allowed: true; failures: number }
  /** The source waits: refuse without checking the password. */
  | { allowed: false; retryAfterS: number };

const PURGE_EVERY_MS = 3600_000;

/**
 * The login throttle's table (`login_throttle`): failed logins per login and source address.
 *
 * Each attempt is counted before its password is checked, in one statement that also sets the
 * wait (`throttleDelayS`), and a success deletes the row: so concurrent guesses from one source
 * all count, and a source never gets more than `LOGIN_FREE_FAILURES` checks before it waits. A
 * source that is waiting is refused and its attempt not counted. Counts are forgotten
 * `LOGIN_THROTTLE_FORGET_S` after the last failure.
 */
@Injectable()
export class LoginThrottleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LoginThrottleService.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => {
      this.purge().catch((err: unknown) => this.logger.warn({ err }, 'could not purge the login throttle'));
    }, PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  /** Count an attempt of `login` from `source`, unless the source must still wait. */
  async claim(login: string, source: string): Promise<ThrottleClaim> {
    const em = this.orm.em.fork();
    const rows = await em.execute<Array<{ failures: number }>>(
      `insert into ${this.table()} as t ("login", "source", "failures", "last_failure_at", "blocked_until")
       values (?, ?, 1, now(), ${this.blockedUntil('1')})
       on conflict ("login", "source") do update set
         "failures" = ${this.failures()},
         "last_failure_at" = now(),
         "blocked_until" = ${this.blockedUntil(this.failures())}
       where t."blocked_until" is null or t."blocked_until" <= now()
       returning "failures"`,
      [login, source],
    );
    const counted = rows[0];
    if (counted) return { allowed: true, failures: Number(counted.failures) };
    const waiting = await em.execute<Array<{ retry_after_s: number | string | null }>>(
      `select ceil(extract(epoch from ("blocked_until" - now())))::int as retry_after_s from ${this.table()} where "login" = ? and "source" = ?`,
      [login, source],
    );
    return { allowed: false, retryAfterS: Math.max(1, Number(waiting[0]?.retry_after_s ?? 1)) };
  }

  /** A success from `source`: its count for `login` starts again. */
  async succeeded(login: string, source: string): Promise<void> {
    await this.orm.em.fork().execute(`delete from ${this.table()} where "login" = ? and "source" = ?`, [login, source]);
  }

  /** Delete counts that are forgotten anyway; returns how many. */
  async purge(): Promise<number> {
    const rows = await this.orm.em
      .fork()
      .execute<Array<{ login: string }>>(
        `delete from ${this.table()} where "last_failure_at" < now() - ${this.seconds(this.env.LOGIN_THROTTLE_FORGET_S)} and ("blocked_until" is null or "blocked_until" < now()) returning "login"`,
      );
    return rows.length;
  }

  private table(): string {
    return `"${this.env.DATABASE_SCHEMA}"."login_throttle"`;
  }

  /** The count after this attempt: one more, or 1 when the last failure is forgotten. */
  private failures(): string {
    return `(case when t."last_failure_at" < now() - ${this.seconds(this.env.LOGIN_THROTTLE_FORGET_S)} then 1 else t."failures" + 1 end)`;
  }

  /** `throttleDelayS` in SQL: when the source may try again after `failures`, or null while the failures are free. */
  private blockedUntil(failures: string): string {
    const free = int(this.env.LOGIN_FREE_FAILURES);
    return `(case when ${failures} >= ${free} then now() + least(${int(this.env.LOGIN_THROTTLE_MAX_S)}, ${int(this.env.LOGIN_THROTTLE_BASE_S)} * power(2, least(${failures} - ${free}, 30))) * interval '1 second' else null end)`;
  }

  private seconds(n: number): string {
    return `(${int(n)} * interval '1 second')`;
  }
}

/** Configuration integers go into the SQL as literals (the login and source are bound). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}
