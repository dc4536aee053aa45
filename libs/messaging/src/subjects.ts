/**
 * Subject and stream naming. A deployment (or a test file) may set a subject prefix so that
 * several isolated CityGrid instances can share one NATS server without seeing each other's
 * traffic, and its own stream name; every subject the libs publish or subscribe to goes through
 * {@link Subjects}, built from the service's validated config (`NATS_SUBJECT_PREFIX`,
 * `EVENT_STREAM` of `BaseEnv`). Nothing here reads the environment.
 */

/** The stream holding all domain events when a deployment names none. */
export const DEFAULT_EVENT_STREAM = 'CITYGRID';

/** How a deployment names its subjects and stream. */
export interface SubjectNaming {
  /** One subject token put before every subject; `''` (or unset) for none. */
  prefix?: string;
  /** JetStream stream holding the events; unset or `''`: {@link DEFAULT_EVENT_STREAM}. */
  stream?: string;
}

/** The naming variables of a service's validated config (`BaseEnv`). */
export interface SubjectNamingConfig {
  NATS_SUBJECT_PREFIX?: string;
  EVENT_STREAM?: string;
}

/** `subject` under `prefix`, e.g. `dev1` + `ticketing.case.open` → `dev1.ticketing.case.open`. */
function withPrefix(subject: string, prefix: string): string {
  const p = prefix.trim();
  return p ? `${p}.${subject}` : subject;
}

/** The subjects and stream of one deployment. Services get theirs injected (`Subjects` is its own token). */
export class Subjects {
  /** The deployment prefix, `''` for none. */
  readonly prefix: string;
  /** The event stream's name. */
  readonly stream: string;

  constructor(naming: SubjectNaming = {}) {
    this.prefix = (naming.prefix ?? '').trim();
    this.stream = (naming.stream ?? '').trim() || DEFAULT_EVENT_STREAM;
  }

  /** From a service's validated config. */
  static fromConfig(config: SubjectNamingConfig): Subjects {
    return new Subjects({ prefix: config.NATS_SUBJECT_PREFIX, stream: config.EVENT_STREAM });
  }

  /** NATS subject of a request/reply pattern, e.g. `ticketing.case.open` → `<prefix>.ticketing.case.open`. */
  rpc(pattern: string): string {
    return withPrefix(pattern, this.prefix);
  }

  /** NATS subject of an event subject from the catalogue, e.g. `citygrid.ticketing.case.closed`. */
  event(subject: string): string {
    return withPrefix(subject, this.prefix);
  }

  /** Subjects captured by the event stream: `<prefix>.citygrid.>` or `citygrid.>`. */
  streamSubjects(): string[] {
    return [this.event('citygrid.>')];
  }

  /** The RPC pattern a subject stands for: the subject without this deployment's prefix. */
  patternOf(subject: string): string {
    return this.prefix && subject.startsWith(`${this.prefix}.`) ? subject.slice(this.prefix.length + 1) : subject;
  }
}

/**
 * NATS subject of a request/reply pattern under `prefix` (none by default). A handler declares
 * the bare pattern (`@MessagePattern(GridRegistryRpc.nodeGet)`, or this function without a prefix,
 * which is the same): the service's RPC server subscribes it under the deployment's prefix.
 */
export function rpcSubject(pattern: string, prefix = ''): string {
  return withPrefix(pattern, prefix);
}

/**
 * NATS subject of an event subject under `prefix`. Services use their injected {@link Subjects}
 * (`subjects.event(...)`).
 *
 * @param prefix the deployment prefix from the validated config
 */
export function eventSubject(subject: string, prefix: string): string {
  return withPrefix(subject, prefix);
}

/** The event stream's name: `stream` (`EVENT_STREAM` of the validated config), or {@link DEFAULT_EVENT_STREAM} when empty. */
export function streamName(stream: string): string {
  return new Subjects({ stream }).stream;
}

/** Subjects captured by the event stream under `prefix`: `<prefix>.citygrid.>` or `citygrid.>`. */
export function streamSubjects(prefix: string): string[] {
  return new Subjects({ prefix }).streamSubjects();
}
