export * from './events';
export * from './centres';
export * from './request-types';
export * from './requests';
export * from './rpc';
