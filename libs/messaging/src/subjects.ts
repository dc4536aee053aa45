/**
 * Subject and stream naming. A deployment (or a test file) may set `NATS_SUBJECT_PREFIX` so that
 * several isolated CityGrid instances can share one NATS server without seeing each other's
 * traffic; every subject the lib publishes or subscribes to goes through these helpers.
 */

/** The deployment prefix from `NATS_SUBJECT_PREFIX`, or `''` when unset. */
export function subjectPrefix(): string {
  return (process.env.NATS_SUBJECT_PREFIX ?? '').trim();
}

function withPrefix(subject: string): string {
  const prefix = subjectPrefix();
  return prefix ? `${prefix}.${subject}` : subject;
}

/** NATS subject for a request/reply pattern, e.g. `ticketing.case.open` → `<prefix>.ticketing.case.open`. */
export function rpcSubject(pattern: string): string {
  return withPrefix(pattern);
}

/** NATS subject for an event subject from the catalogue, e.g. `citygrid.ticketing.case.closed`. */
export function eventSubject(subject: string): string {
  return withPrefix(subject);
}

/** JetStream stream holding all domain events: `EVENT_STREAM`, default `CITYGRID`. */
export function streamName(): string {
  return (process.env.EVENT_STREAM ?? '').trim() || 'CITYGRID';
}

/** Subjects captured by the event stream: `<prefix>.citygrid.>` or `citygrid.>`. */
export function streamSubjects(): string[] {
  return [eventSubject('citygrid.>')];
}
