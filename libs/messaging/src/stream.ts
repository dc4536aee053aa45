import { NatsConnection, NatsError, StorageType, StreamInfo, nanos } from 'nats';

/** Options of {@link ensureStream}. */
export interface EnsureStreamOptions {
  /** Stream name, e.g. `subjects.stream` (see `Subjects`). */
  name: string;
  /** Captured subjects, e.g. `subjects.streamSubjects()`. */
  subjects: string[];
  /**
   * How long JetStream remembers `Nats-Msg-Id`s to drop duplicates. It must cover the longest
   * time a relay may take to retry a publish it is unsure of (crash between publish and mark).
   */
  duplicateWindowMs?: number;
  /** Discard events older than this; default: keep forever (reporting rebuilds by replay). */
  maxAgeMs?: number;
}

/** True when a JetStream API error says the stream or consumer does not exist. */
export function isJetStreamNotFound(err: unknown): boolean {
  if (!(err instanceof NatsError)) return false;
  // 10059 stream not found, 10014 consumer not found
  const code = err.api_error?.err_code;
  return err.api_error?.code === 404 || code === 10059 || code === 10014;
}

/**
 * Create the stream, or bring an existing one to this configuration. Safe to call on every
 * service start and from several replicas at once (a lost create race is retried as an update).
 */
export async function ensureStream(nc: NatsConnection, opts: EnsureStreamOptions): Promise<StreamInfo> {
  const jsm = await nc.jetstreamManager();
  const updatable = {
    subjects: opts.subjects,
    duplicate_window: nanos(opts.duplicateWindowMs ?? 120_000),
    max_age: opts.maxAgeMs ? nanos(opts.maxAgeMs) : 0,
  };
  try {
    await jsm.streams.info(opts.name);
  } catch (err) {
    if (!isJetStreamNotFound(err)) throw err;
    try {
      return await jsm.streams.add({ name: opts.name, storage: StorageType.File, ...updatable });
    } catch (addErr) {
      // another replica created it in between: fall through to update
      if (!(addErr instanceof NatsError) || addErr.api_error?.err_code !== 10058) throw addErr;
    }
  }
  return jsm.streams.update(opts.name, updatable);
}
