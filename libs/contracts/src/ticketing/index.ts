export * from './enums';
export * from './dto';
export * from './events';
export * from './rpc';
export * from './patrols';
export * from './standups';
export * from './supervision';
export * from './campaigns';
