export * from './events';
export * from './stations';
export * from './coverage';
export * from './lectures';
export * from './visits';
export * from './rpc';
