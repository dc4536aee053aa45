export * from './roles';
export * from './dto';
export * from './events';
export * from './rpc';
