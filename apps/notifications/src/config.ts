import { ConfigError, ConsumerEnv, loadEnv, Secret } from '@citygrid/service-kit';
import { NotificationRule } from '@citygrid/contracts/notifications';
import { FieldCipher, type PiiEnv } from '@citygrid/pii';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }): unknown => (value === undefined || value === '' ? undefined : Number(value));

const RULES = Object.values(NotificationRule).join('|');

/**
 * notifications environment. It runs durable consumers (case, patrol, calendar, grid and account
 * events), so it reads `CONSUMER_MAX_DELIVER` and `CONSUMER_BACKOFF_MS` too (`ConsumerEnv`).
 */
export class NotificationsEnv extends ConsumerEnv {
  override PORT = 3105;
  override DATABASE_SCHEMA = 'notifications';

  /** Rules this deployment does not run, comma separated (e.g. `unpatrolled`); default none. */
  @Matches(new RegExp(`^$|^(${RULES})(,(${RULES}))*$`), { message: `NOTIFY_RULES_OFF must be rule keys, comma separated (${Object.values(NotificationRule).join(', ')})` })
  NOTIFY_RULES_OFF = '';

  /** Local time of each working day at which level-3 grids not patrolled yet that day are reported (未巡查提醒), `HH:MM`. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'UNPATROLLED_AT must be a time of day, HH:MM' })
  UNPATROLLED_AT = '16:00';

  /** IANA time zone of the working day; keep it equal to ticketing's `WORK_TIME_ZONE`. */
  @IsString()
  WORK_TIME_ZONE = 'Asia/Shanghai';

  /** How often the daily check looks whether its hour has come, ms. */
  @Transform(toNumber)
  @IsInt()
  @Min(50)
  UNPATROLLED_CHECK_MS = 60_000;

  /** `log` (default: one log line per delivery, addresses masked) or `smtp`. */
  @IsIn(['log', 'smtp'])
  EMAIL_DRIVER: 'log' | 'smtp' = 'log';

  /** SMTP server for `EMAIL_DRIVER=smtp`: `smtp://user:password@host:587` or `smtps://…:465`. */
  @Secret({ url: true })
  @IsString()
  SMTP_URL = '';

  /** From address of the mail sent. */
  @IsString()
  MAIL_FROM = 'CityGrid <noreply@citygrid.local>';

  /** `log` (default) or `http` (an SMS gateway: `SMS_GATEWAY_URL`, `SMS_GATEWAY_TOKEN`). */
  @IsIn(['log', 'http'])
  SMS_DRIVER: 'log' | 'http' = 'log';

  @IsString()
  SMS_GATEWAY_URL = '';

  @Secret()
  @IsString()
  SMS_GATEWAY_TOKEN = '';

  /** WeCom and DingTalk group robots: `log` (default) or `http`. */
  @IsIn(['log', 'http'])
  WEBHOOK_DRIVER: 'log' | 'http' = 'log';

  @Transform(toNumber)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 5000;

  /** DingTalk robot signing secret, when the robot is set to sign. */
  @Secret()
  @IsString()
  DINGTALK_SECRET = '';

  /** How often the delivery worker looks for deliveries due, ms. */
  @Transform(toNumber)
  @IsInt()
  @Min(50)
  DELIVERY_POLL_MS = 2000;

  /** Attempts of a delivery before it is given up as failed. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(50)
  DELIVERY_MAX_ATTEMPTS = 6;

  /** Wait before each retry of a delivery, ms, comma separated, the last value repeating. */
  @Matches(/^\d{1,9}(,\d{1,9}){0,19}$/, { message: 'DELIVERY_BACKOFF_MS must be 1-20 delays in ms, comma separated' })
  DELIVERY_BACKOFF_MS = '10000,60000,300000,1800000';

  /** Webhook targets may be `http://` (loopback receivers, tests); otherwise `https://` only. Meant for loopback receivers and tests. */
  @Transform(({ value }: { value: unknown }) => value === true || value === 'true')
  @IsBoolean()
  WEBHOOKS_ALLOW_HTTP = false;

  /** Attempts of a webhook delivery before it is dead-lettered for its subscription. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOKS_MAX_ATTEMPTS = 10;

  /** First retry delay of a webhook delivery, ms; each next one doubles (full jitter), up to `WEBHOOKS_BACKOFF_MAX_MS`. */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  WEBHOOKS_BACKOFF_BASE_MS = 5000;

  /** Longest wait between two attempts (a `Retry-After` too), ms. */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  WEBHOOKS_BACKOFF_MAX_MS = 3_600_000;

  /** Time allowed for one attempt (connect, send, answer), ms. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  WEBHOOKS_TIMEOUT_MS = 10_000;

  /** Personal-data key ring (the addresses are stored encrypted): `kid:base64key[,…]`; unset, the local-dev key (refused in production). */
  @Secret()
  @IsOptional()
  @IsString()
  PII_KEYS = '';
}

export const NOTIFICATIONS_ENV = Symbol('NOTIFICATIONS_ENV');

/** Load and validate the environment, the personal-data key ring included; every problem is named at once. */
export function loadNotificationsEnv(overrides: Partial<NotificationsEnv> = {}, source: NodeJS.ProcessEnv = process.env): NotificationsEnv {
  const env = loadEnv(NotificationsEnv, source, overrides);
  try {
    FieldCipher.fromEnv(piiEnvOf(env));
  } catch (err) {
    // the pii messages name the variable and never echo key material
    throw new ConfigError([err instanceof Error ? err.message : String(err)]);
  }
  return env;
}

/** The personal-data keys' variables of the environment. */
export function piiEnvOf(env: NotificationsEnv): PiiEnv {
  return { NODE_ENV: env.NODE_ENV, PII_KEYS: env.PII_KEYS };
}

/** The rules switched off. */
export function rulesOff(env: NotificationsEnv): ReadonlySet<NotificationRule> {
  return new Set(env.NOTIFY_RULES_OFF.split(',').filter(Boolean) as NotificationRule[]);
}
