export * from './kpis';
export * from './rebuild';
export * from './events';
export * from './rpc';
export * from './assessment';
export * from './exports';
export * from './live';
export * from './livelihood';
