/** Injection token of the JetStream/NATS connection used for events and for asking grid-registry. */
export const EVENTS_NATS = Symbol('EVENTS_NATS');
