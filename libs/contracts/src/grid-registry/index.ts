export * from './enums';
export * from './geometry';
export * from './nodes';
export * from './people';
export * from './places';
export * from './events';
export * from './rpc';
export * from './residents';
export { AuditEntryView, ListAuditQuery } from '../common/audit';
