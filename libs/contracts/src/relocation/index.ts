export * from './events';
export * from './relocation';
export * from './rpc';
