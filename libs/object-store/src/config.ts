import { FsObjectStore } from './fs-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-store';

/** The environment an object store is configured from (see the gateway README). */
export interface ObjectStoreEnv {
  /** `fs` (default) or `s3`. */
  PHOTO_STORE_DRIVER?: string;
  /** Directory of the filesystem driver. */
  PHOTO_STORE_DIR?: string;
  /** HMAC secret signing the filesystem driver's URLs (at least 16 characters). */
  PHOTO_URL_SECRET?: string;
  S3_BUCKET?: string;
  S3_REGION?: string;
  S3_ENDPOINT?: string;
  S3_FORCE_PATH_STYLE?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_PREFIX?: string;
}

/** The store `env` names. */
export function objectStoreFromEnv(env: ObjectStoreEnv): ObjectStore {
  if (env.PHOTO_STORE_DRIVER === 's3') {
    if (!env.S3_BUCKET) throw new Error('S3_BUCKET is required with PHOTO_STORE_DRIVER=s3');
    return new S3ObjectStore({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION || 'us-east-1',
      ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
      ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
      ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
      ...(env.S3_PREFIX ? { prefix: env.S3_PREFIX } : {}),
    });
  }
  if (env.PHOTO_STORE_DRIVER && env.PHOTO_STORE_DRIVER !== 'fs') throw new Error(`PHOTO_STORE_DRIVER must be fs or s3, not ${env.PHOTO_STORE_DRIVER}`);
  if (!env.PHOTO_URL_SECRET) throw new Error('PHOTO_URL_SECRET is required with the filesystem photo store');
  return new FsObjectStore(env.PHOTO_STORE_DIR || 'var/photos', env.PHOTO_URL_SECRET);
}
