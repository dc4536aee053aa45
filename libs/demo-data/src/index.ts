export * from './linshanzhai';
