export * from './notifications';
export * from './rpc';
export * from './events';
export * from './webhooks';
