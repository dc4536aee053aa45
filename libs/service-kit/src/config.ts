import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** A placeholder secret from the examples (`change-me`, `CHANGE-ME-…`): never a real one. */
export const PLACEHOLDER_SECRET = /change-me/i;

/** How an error about a secret variable may show its value. */
export interface SecretOptions {
  /**
   * The value is a URL (or a comma-separated list of URLs) whose secrets are its credentials and
   * query (`?password=`): errors show it as `scheme://***@host:port/path`, or not at all when it
   * does not parse.
   */
  url?: boolean;
  /**
   * Values refused with `NODE_ENV=production`, so that a service never runs on a public default:
   * the local-dev key, the default password, a placeholder (`PLACEHOLDER_SECRET`). A string
   * matches exactly, a pattern anywhere; for a URL secret they are matched against its password.
   */
  refuseInProduction?: ReadonlyArray<string | RegExp>;
}

/** Secret-marked properties of each env class, keyed by its prototype (inherited through the chain). */
const secretRegistry = new WeakMap<object, Map<string, SecretOptions>>();

/**
 * Marks an environment property as a secret (a key, a password, credentials in a URL): no error
 * of `loadEnv` ever prints its value, whatever the rule's message says.
 */
export function Secret(options: SecretOptions = {}): PropertyDecorator {
  return (target, key) => {
    if (typeof key !== 'string') return;
    const own = secretRegistry.get(target) ?? new Map<string, SecretOptions>();
    own.set(key, options);
    secretRegistry.set(target, own);
  };
}

/** The `@Secret()` options of `property` of `cls` (or of a class it extends), `undefined` when it is no secret. */
export function secretOptions(cls: abstract new () => object, property: string): SecretOptions | undefined {
  return secretProperties(cls).get(property);
}

/**
 * Every property `@Secret()` marks on `cls` (or a class it extends), with its options. Used by
 * `loadEnv`; exported for tests and tools that print a configuration.
 */
export function secretProperties(cls: abstract new () => object): Map<string, SecretOptions> {
  const out = new Map<string, SecretOptions>();
  for (let proto: object | null = cls.prototype as object; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const [key, options] of secretRegistry.get(proto) ?? []) if (!out.has(key)) out.set(key, options);
  }
  return out;
}

/** Environment every service reads. Each field has a working local default. */
export class BaseEnv {
  /**
   * NATS server URL(s), comma separated; a service's NATS user and password go in it
   * (`nats://user:password@host:4222`). A placeholder password is refused in production.
   */
  @Secret({ url: true, refuseInProduction: [PLACEHOLDER_SECRET] })
  @IsString()
  NATS_URL = 'nats://127.0.0.1:4222';

  /** `production` refuses to start on a public local-dev secret or a placeholder (see `@Secret()`). */
  @IsOptional()
  @IsString()
  NODE_ENV = 'development';

  /** HTTP port (public API for the gateway; health and metrics for the others). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** pino log level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Prefix for every NATS subject (RPC and events), to run several deployments on one NATS. */
  @IsOptional()
  @Matches(/^([a-z0-9_-]+)?$/i, { message: 'NATS_SUBJECT_PREFIX must be one subject token (letters, digits, _ or -)' })
  NATS_SUBJECT_PREFIX = '';

  /** JetStream stream holding the events. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'EVENT_STREAM must be a valid stream name' })
  EVENT_STREAM = 'CITYGRID';

  /**
   * Longest wait for another service's reply over NATS, ms. A request being served passes on only
   * the time it has left (see `RpcClient`); at the gateway it is also each HTTP request's deadline,
   * after which the answer is 503 and nothing has been changed.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(100)
  RPC_TIMEOUT_MS = 5000;

  /**
   * Lifetime of access tokens, seconds (identity issues them so; the others remember a revoked
   * session this long); in identity also how long a retired signing key stays in the key set.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(86400)
  ACCESS_TOKEN_TTL_S = 600;

  /**
   * A pinned JSON Web Key Set (JSON) trusted for access tokens: instead of identity's keys, or in
   * identity beside its own (tests, air-gapped installs, key migrations). Empty: ask identity.
   */
  @IsOptional()
  @IsString()
  AUTH_JWKS = '';

  /** How long to let in-flight NATS requests finish on shutdown, in ms. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS = 1000;
}

/** Environment of a service that owns a PostgreSQL schema. */
export class DatabaseEnv extends BaseEnv {
  /** PostgreSQL connection URL, with its password when the server asks for one (a placeholder is refused in production). */
  @Secret({ url: true, refuseInProduction: [PLACEHOLDER_SECRET] })
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/citygrid';

  /** Schema owned by this service. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA = 'public';

  /** Apply pending migrations at start (local runs). In production run the migrate command instead. */
  @IsIn(['true', 'false'])
  MIGRATE_ON_START = 'false';
}

/**
 * Environment of a service that runs durable event consumers (`serviceConsumerProviders`): how
 * hard a consumer tries an event before it gives up on it and keeps it as a dead letter for an
 * operator to list and replay.
 */
export class ConsumerEnv extends DatabaseEnv {
  /**
   * Deliveries of an event, the first one included, before its consumer gives up and moves it to
   * the `dead_letter` table (a message that is no event at all is moved at once).
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(100)
  CONSUMER_MAX_DELIVER = 5;

  /**
   * Wait before each redelivery of a failed event, ms, comma separated: the first value after the
   * first failure, the next after the second, the last one repeating. The default tries for about
   * six minutes, long enough to ride out a database failover, before dead-lettering.
   */
  @Matches(/^\d{1,8}(,\d{1,8}){0,19}$/, { message: 'CONSUMER_BACKOFF_MS must be 1-20 delays in ms, comma separated (e.g. 1000,10000,60000)' })
  CONSUMER_BACKOFF_MS = '1000,10000,60000,300000';
}

/** `CONSUMER_BACKOFF_MS` as numbers. */
export function consumerBackoff(env: ConsumerEnv): number[] {
  return env.CONSUMER_BACKOFF_MS.split(',').map(Number);
}

/** Thrown when the environment is invalid; lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Longest value quoted in an error. */
const MAX_SHOWN = 120;

/**
 * Read and validate the environment into `cls`. Unset or empty variables keep the class
 * default; every invalid variable is reported at once so an admin fixes them in one go. Each
 * problem names the variable and the rules it breaks; the value is quoted only for variables
 * that are not `@Secret()` (a URL secret without its credentials), and a secret's value is cut
 * out of the rules' messages too. With `NODE_ENV=production` a secret that is one of its
 * `refuseInProduction` values is a problem as well: the service does not start on it.
 */
export function loadEnv<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env, overrides: Partial<T> = {}): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : value;
  }
  const given: Record<string, unknown> = { ...raw, ...overrides };
  const instance = plainToInstance(cls, given);
  const secrets = secretProperties(cls);
  const problems = validateSync(instance, { whitelist: false }).map((e) => describeProblem(e.property, e.constraints ?? {}, given[e.property], secrets.get(e.property)));
  if ((instance as Record<string, unknown>)['NODE_ENV'] === 'production') problems.push(...productionProblems(instance as Record<string, unknown>, secrets));
  if (problems.length > 0) throw new ConfigError(problems);
  return instance;
}

/** Secrets left at a public default or a placeholder, named without their value. */
function productionProblems(instance: Record<string, unknown>, secrets: Map<string, SecretOptions>): string[] {
  const out: string[] = [];
  for (const [key, options] of secrets) {
    const value = instance[key];
    if (!options.refuseInProduction?.length || typeof value !== 'string') continue;
    const candidates = options.url ? urlPasswords(value) : [value];
    if (candidates.some((c) => options.refuseInProduction?.some((refused) => (typeof refused === 'string' ? c === refused : refused.test(c))))) {
      out.push(`${key}: unset, a public local-dev default or a placeholder is refused with NODE_ENV=production (value hidden: secret); set a real secret`);
    }
  }
  return out;
}

/** `NAME: message (rule) …` and the value, unless it is a secret. */
function describeProblem(property: string, constraints: Record<string, string>, value: unknown, secret: SecretOptions | undefined): string {
  const rules = Object.entries(constraints).map(([rule, message]) => `${secret ? redact(message, value, secret) : message} (${rule})`);
  return `${property}: ${rules.join('; ')}${shownValue(value, secret)}`;
}

function shownValue(value: unknown, secret: SecretOptions | undefined): string {
  if (!secret) return ` (got ${quote(value)})`;
  if (secret.url && typeof value === 'string') {
    const shown = withoutCredentials(value);
    if (shown !== undefined) return ` (got ${quote(shown)}; credentials and query hidden)`;
  }
  return ' (value hidden: secret)';
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/**
 * `value` with every URL's user, password and query removed, or `undefined` when a part is not plainly
 * `scheme://host…` (a mistyped URL may carry its password anywhere).
 */
function withoutCredentials(value: string): string | undefined {
  const parts: string[] = [];
  for (const part of value.split(',')) {
    const text = part.trim();
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || !URL.canParse(text)) return undefined;
    const url = new URL(text);
    if (!url.host) return undefined;
    if (url.username || url.password) {
      url.username = '***';
      url.password = '';
    }
    url.search = '';
    url.hash = '';
    if (url.href.replace('//***@', '//').includes('@')) return undefined;
    parts.push(url.href);
  }
  return parts.join(',');
}

/** A rule's message with the secret's text cut out: the whole value, and each key of a list or the credentials of a URL. */
function redact(message: string, value: unknown, secret: SecretOptions): string {
  if (typeof value !== 'string' || value === '') return message;
  const pieces = [value, JSON.stringify(value), ...(secret.url ? urlCredentials(value) : value.split(/[,:\s]+/).filter((p) => p.length >= 4))];
  let out = message;
  for (const piece of pieces.sort((a, b) => b.length - a.length)) out = out.split(piece).join('[hidden]');
  return out;
}

/** Passwords (decoded) of the URLs in `value` that parse; the whole value for a part that does not. */
function urlPasswords(value: string): string[] {
  return value.split(',').map((part) => {
    const text = part.trim();
    if (!URL.canParse(text)) return text;
    return safeDecode(new URL(text).password);
  });
}

/** User names and passwords (raw and decoded) of the URLs in `value` that parse. */
function urlCredentials(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(',')) {
    const text = part.trim();
    if (!URL.canParse(text)) continue;
    const url = new URL(text);
    for (const c of [url.username, url.password]) if (c) out.push(c, safeDecode(c));
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
