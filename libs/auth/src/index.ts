export * from './auth.providers';
export * from './caller-context';
export * from './grants';
export * from './scope';
export * from './token-verifier';
