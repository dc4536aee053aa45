export * from './orm-config';
