/** Injection token of the JetStream/NATS connection used for events. */
export const EVENTS_NATS = Symbol('EVENTS_NATS');
