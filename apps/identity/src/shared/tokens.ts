/** The service's own NATS connection (events, and requests it makes itself). */
export { EVENTS_NATS } from '@citygrid/service-kit';
