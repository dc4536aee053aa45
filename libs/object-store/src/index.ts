export * from './object-store';
export * from './fs-store';
export * from './s3-store';
export * from './config';
