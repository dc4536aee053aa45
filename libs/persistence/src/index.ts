export * from './orm-config';
export * from './audit';
