/** The service's own NATS connection (events, and requests it makes itself). */
export { SERVICE_NATS } from '@citygrid/service-kit';
