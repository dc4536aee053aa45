import { BaseEnv, loadEnv } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Min } from 'class-validator';

/** Gateway environment. */
export class GatewayEnv extends BaseEnv {
  override PORT = 3000;

  /**
   * Port of the Prometheus scrape endpoint `/metrics`, apart from the public API so that process
   * internals never reach the internet (expose it to the cluster only). 0 turns it off.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  METRICS_PORT = 9464;

  /** Largest JSON request body accepted (imports carry whole files). */
  @IsString()
  BODY_LIMIT = '1mb';

  /**
   * Open311 jurisdictions this deployment serves, comma separated (e.g. `zhengzhou.gov.cn`): a
   * request naming another `jurisdiction_id` is 404 in the specification's format. Empty: one
   * jurisdiction, and `jurisdiction_id` is not checked.
   */
  @Matches(/^$|^[A-Za-z0-9.-]{1,100}(,[A-Za-z0-9.-]{1,100})*$/, { message: 'OPEN311_JURISDICTIONS must be jurisdiction ids (letters, digits, dots, hyphens), comma separated' })
  OPEN311_JURISDICTIONS = '';

  /**
   * `true`: reading Open311 requests needs an `api_key`. Default `false`, as the specification
   * has it: without a key, requests are public and carry nothing personal (no reporter, address,
   * photos or notes; personal numbers masked in the text); with one, the client's area as given.
   */
  @IsIn(['true', 'false'])
  OPEN311_REQUIRE_KEY_FOR_READS: 'true' | 'false' = 'false';

  /** Browser origins allowed by CORS, comma separated (`*` for any); empty: no cross-origin access. */
  @IsString()
  CORS_ORIGINS = '';

  /**
   * Which proxies in front of the gateway are trusted to name the client (`X-Forwarded-For`), as
   * Express's `trust proxy`: a hop count (`1`), or addresses, subnets and `loopback`,
   * `linklocal`, `uniquelocal`, comma separated. Empty: none, the peer is the client. The rate
   * limits and identity's login throttle key on the client address: behind a load balancer or
   * ingress set this, or every client shares the balancer's address (one guesser would make
   * everyone wait). Never `true`: anyone could then claim any address.
   */
  @Matches(/^(?!\s*true\s*$)(|\d{1,2}|[0-9A-Za-z.:/, -]+)$/i, {
    message: 'TRUST_PROXY must be empty, a hop count, or proxy addresses, subnets and loopback/linklocal/uniquelocal, comma separated (not true)',
  })
  TRUST_PROXY = '';

  /** Requests per minute one client address may make to the API (login and token have their own, lower limit). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;

  /** Requests per minute one client address may make to each of login, logout and the token endpoint. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 10;

  /** The live KPI feed sends a node's dashboard at most this often, ms, however busy the stream. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  REPORTS_LIVE_MIN_INTERVAL_MS = 1000;

  /** The live KPI feed re-reads a dashboard at least this often, ms, with or without changes (`overdueNow` and the days move without events). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  REPORTS_LIVE_REFRESH_MS = 60_000;

  /** A comment line keeps an idle live feed open through proxies this often, ms. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  REPORTS_LIVE_HEARTBEAT_MS = 15_000;

  /**
   * The built admin console served at `/` (`npx nx build console`; relative to the repository
   * root). Missing: the gateway starts without it and `/` says how to build it.
   */
  @IsString()
  CONSOLE_DIR = 'dist/apps/console';

  /** Where uploaded photos are stored: `fs` (default: files under `PHOTO_STORE_DIR`, nothing to install) or `s3` (any S3-compatible store: AWS S3, MinIO, …). */
  @IsIn(['fs', 's3'])
  PHOTO_STORE_DRIVER: 'fs' | 's3' = 'fs';

  /** Directory of the filesystem photo store (created if missing; put it on a persistent volume). */
  @IsString()
  PHOTO_STORE_DIR = 'var/photos';

  /**
   * Secret (at least 16 characters) signing the filesystem store's photo URLs with HMAC-SHA256;
   * every gateway replica needs the same one. Empty: a random one per process (URLs then work only
   * on the replica that signed them, and not after a restart: set it in production).
   */
  @Matches(/^$|^.{16,}$/, { message: 'PHOTO_URL_SECRET must be at least 16 characters (or empty)' })
  PHOTO_URL_SECRET = '';

  /** How long a signed photo URL works, seconds. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  PHOTO_URL_TTL_S = 900;

  /** S3 bucket of photos (`PHOTO_STORE_DRIVER=s3`). */
  @IsString()
  S3_BUCKET = '';

  /** S3 region. */
  @IsString()
  S3_REGION = 'us-east-1';

  /** URL of an S3-compatible store (MinIO: `http://minio:9000`); empty for AWS S3. */
  @IsString()
  S3_ENDPOINT = '';

  /** `true` for path-style URLs (`endpoint/bucket/key`), as MinIO and most self-hosted stores want. */
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'false';

  /** S3 access key id; empty to use the SDK's default credentials chain (instance role, …). */
  @IsString()
  S3_ACCESS_KEY_ID = '';

  /** S3 secret access key (never logged). */
  @IsString()
  S3_SECRET_ACCESS_KEY = '';

  /** Prefix of every photo key in the bucket (e.g. `citygrid/`). */
  @IsString()
  S3_PREFIX = '';
}

export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

/** `TRUST_PROXY` as Express's `trust proxy` setting: false (none), a hop count, or a list. */
export function trustProxySetting(value: string): false | number | string {
  const v = value.trim();
  if (v === '') return false;
  return /^\d+$/.test(v) ? Number(v) : v;
}

export function loadGatewayEnv(overrides: Partial<GatewayEnv> = {}): GatewayEnv {
  return loadEnv(GatewayEnv, process.env, overrides);
}
