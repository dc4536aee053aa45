import { FieldCipher, type PiiEnv } from '@citygrid/pii';
import { ConfigError, DatabaseEnv, loadEnv, Secret } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** ticketing environment. */
export class TicketingEnv extends DatabaseEnv {
  override PORT = 3103;
  override DATABASE_SCHEMA = 'ticketing';

  /** How often each replica looks for overdue cases to escalate, ms. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(50)
  ESCALATION_SCAN_MS = 30000;

  /**
   * Working hours before its deadline at which a case on the clock raises `case.due-soon` (预警)
   * for its handler; 0 turns the warning off. With `TEST_DEADLINE_SECONDS`, the warning comes
   * in the second half of the shortened deadline instead.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  DUE_SOON_WORKING_HOURS = 4;

  /**
   * Tests and drills only: when > 0, every deadline (dispatch, escalation, extension) is this
   * many wall-clock seconds from now instead of the category's working-time limit.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  TEST_DEADLINE_SECONDS = 0;

  /** Days after closing during which a case may be reopened. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  REOPEN_WINDOW_DAYS = 7;

  /** Radius within which an open case of the same category is proposed as a duplicate, metres. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  DUPLICATE_RADIUS_M = 100;

  /** How far back duplicates are looked for, hours. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  DUPLICATE_WINDOW_H = 72;

  /** Most reports written by one intake statement (group commit). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(500)
  INTAKE_BATCH_MAX = 64;

  /** Intake statements running at once; reports arriving meanwhile wait and share the next one. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(16)
  INTAKE_STATEMENTS_IN_FLIGHT = 2;

  /** How often the copy of the grid index is compared with grid-registry's (and reloaded if it drifted), ms. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  GRID_INDEX_CHECK_MS = 30_000;

  /**
   * Sub-classes whose cases the handler may verify herself (comma-separated codes; default none):
   * everywhere else the verifier must be someone other than whoever handled the case.
   */
  @Matches(/^$|^[A-Z0-9]{2,16}(,[A-Z0-9]{2,16})*$/, { message: 'VERIFY_BY_HANDLER_CATEGORIES must be comma-separated category codes' })
  VERIFY_BY_HANDLER_CATEGORIES = '';

  /** IANA time zone of the working calendar. */
  @IsString()
  WORK_TIME_ZONE = 'Asia/Shanghai';

  /** Working periods of a working day, local time: `HH:MM-HH:MM[,HH:MM-HH:MM…]`. */
  @Matches(/^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*$/, { message: 'WORK_HOURS must look like 08:30-12:00,14:00-18:00' })
  WORK_HOURS = '08:30-12:00,14:00-18:00';

  /** Personal-data key ring (reporters' phones and emails are stored encrypted): `kid:base64key[,…]`; unset, the local-dev key (refused in production). */
  @Secret()
  @IsOptional()
  @IsString()
  PII_KEYS = '';
}

export const TICKETING_ENV = Symbol('TICKETING_ENV');

/** Load and validate the environment, the personal-data key ring included; every problem is named at once. */
export function loadTicketingEnv(overrides: Partial<TicketingEnv> = {}, source: NodeJS.ProcessEnv = process.env): TicketingEnv {
  const env = loadEnv(TicketingEnv, source, overrides);
  try {
    FieldCipher.fromEnv(piiEnvOf(env));
  } catch (err) {
    // the pii messages name the variable and never echo key material
    throw new ConfigError([err instanceof Error ? err.message : String(err)]);
  }
  return env;
}

/** The personal-data keys' variables of the environment. */
export function piiEnvOf(env: TicketingEnv): PiiEnv {
  return { NODE_ENV: env.NODE_ENV, PII_KEYS: env.PII_KEYS };
}
