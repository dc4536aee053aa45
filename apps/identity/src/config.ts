import { ConsumerEnv, loadEnv, PLACEHOLDER_SECRET, Secret } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }): unknown => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Local-development key for the private signing keys. Anyone can read it here: with
 * `NODE_ENV=production` identity refuses to start unless `IDENTITY_KEY_SECRET` is set to another.
 */
export const DEV_KEY_SECRET = Buffer.alloc(32, 'citygrid-identity-local-dev-only').toString('base64');

/** Local default of `ADMIN_PASSWORD`: public, so refused in production. */
export const DEFAULT_ADMIN_PASSWORD = 'citygrid-admin';

/**
 * identity environment. It runs a durable consumer (staff assignments from grid-registry), so it
 * reads `CONSUMER_MAX_DELIVER` and `CONSUMER_BACKOFF_MS` too (`ConsumerEnv`).
 */
export class IdentityEnv extends ConsumerEnv {
  override PORT = 3102;
  override DATABASE_SCHEMA = 'identity';

  /** Lifetime of refresh tokens, seconds (30 days). */
  @Transform(toNumber)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;

  /**
   * Login throttle: failed logins one source address may make for one login before it has to
   * wait (`LoginRequest.sourceAddress`; an IPv6 client counts by its /64). No account is ever
   * locked: other addresses log in as usual, and a success from the address clears its count.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_FREE_FAILURES = 5;

  /** How long a one-time password issued by a reset works, hours. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(720)
  ONE_TIME_PASSWORD_TTL_H = 24;

  /**
   * The first wait after the free failures, seconds: after each further failure from that
   * address the next attempt waits twice as long (30 s, 60 s, 2 min … up to `LOGIN_THROTTLE_MAX_S`).
   * An attempt made before the wait is over is refused with 429 and `Retry-After`, its password
   * not even checked, and does not count.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  LOGIN_THROTTLE_BASE_S = 30;

  /** The longest wait between attempts from a throttled address, seconds (15 minutes). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  LOGIN_THROTTLE_MAX_S = 900;

  /**
   * An address's failures are forgotten this long after its last one, seconds (a day); such rows
   * are purged hourly.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(60)
  LOGIN_THROTTLE_FORGET_S = 86400;

  /**
   * AES-256 key (32 bytes, base64) encrypting the private signing keys at rest. Empty: the public
   * local-dev key `DEV_KEY_SECRET`, and with `NODE_ENV=production` (empty or that key) identity
   * refuses to start.
   */
  @Secret({ refuseInProduction: ['', DEV_KEY_SECRET] })
  @IsOptional()
  @Matches(/^$|^[A-Za-z0-9+/]{43}=$/, { message: 'IDENTITY_KEY_SECRET must be 32 bytes, base64' })
  IDENTITY_KEY_SECRET = '';

  /** Login of the system administrator created at start when there is no account at all. */
  @Matches(/^[A-Za-z0-9._@-]{3,64}$/, { message: 'ADMIN_LOGIN must be 3-64 letters, digits, ".", "_", "-" or "@"' })
  ADMIN_LOGIN = 'admin';

  /**
   * Its initial password. The local default `citygrid-admin` and placeholders (`change-me…`) are
   * refused with `NODE_ENV=production`: identity does not start on them.
   */
  @Secret({ refuseInProduction: [DEFAULT_ADMIN_PASSWORD, PLACEHOLDER_SECRET] })
  @IsString()
  @Length(10, 256)
  ADMIN_PASSWORD = DEFAULT_ADMIN_PASSWORD;
}

export const IDENTITY_ENV = Symbol('IDENTITY_ENV');

/** Load and validate; with `NODE_ENV=production` a dev key secret or a default admin password stops the start. */
export function loadIdentityEnv(overrides: Partial<IdentityEnv> = {}, source: NodeJS.ProcessEnv = process.env): IdentityEnv {
  return loadEnv(IdentityEnv, source, overrides);
}
