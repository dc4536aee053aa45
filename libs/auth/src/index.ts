export * from './grants';
export * from './scope';
export * from './token-verifier';
export * from './public';
