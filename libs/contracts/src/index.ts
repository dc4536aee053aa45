export * from './common/cloudevent';
export * from './common/errors';
export * from './common/rpc';
export * from './catalogue';
export * from './asyncapi';
export * from './common/paging';
