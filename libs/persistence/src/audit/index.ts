export * from './audit-entry.entity';
export * from './audit-mask';
export * from './audit-writer';
export * from './audit-trail';
export * from './audit-migration';
export * from './event-recorder';
export * from './audit-trail.controller';
