export * from './orm-config';
export * from './audit';
export * from './bound-sql';
