export * from './namespace';
export * from './processes';
export * from './infra';
export * from './tokens';
