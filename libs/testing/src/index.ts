export * from './namespace';
export * from './processes';
export * from './infra';
export * from './tokens';
export * from './in-memory-db';
export * from './fake-rpc';
export * from './clock';
