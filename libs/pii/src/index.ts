export * from './blind-index';
export * from './field-cipher';
export * from './keys';
export * from './mask';
export * from './validators';
export * from './payload-mask';
