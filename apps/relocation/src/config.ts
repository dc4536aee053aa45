import { DatabaseEnv, loadEnv } from '@citygrid/service-kit';
import { IsTimeZone } from 'class-validator';

/** relocation environment. It keeps no personal data (names, phones and ID numbers stay in grid-registry and schooling). */
export class RelocationEnv extends DatabaseEnv {
  override PORT = 3111;
  override DATABASE_SCHEMA = 'relocation';

  /**
   * The working time zone: the day of the daily report, the meeting agenda and each point of the
   * progress curve is a day of this zone (a step at 23:30 in Zhengzhou counts on that day, not on
   * the UTC one). Keep it equal to ticketing's and reporting's `WORK_TIME_ZONE`.
   */
  @IsTimeZone()
  WORK_TIME_ZONE = 'Asia/Shanghai';
}

export const RELOCATION_ENV = Symbol('RELOCATION_ENV');

/** Load and validate the environment; every problem is named at once. */
export function loadRelocationEnv(overrides: Partial<RelocationEnv> = {}, source: NodeJS.ProcessEnv = process.env): RelocationEnv {
  return loadEnv(RelocationEnv, source, overrides);
}
