import type { Readable } from 'node:stream';

/** What is known of a stored object. */
export interface StoredObject {
  /** The object's bytes, streamed. */
  body: Readable;
  /** Content type it was stored with. */
  contentType: string;
  /** Size in bytes. */
  size: number;
}

/** A signed, expiring URL for reading an object. */
export interface SignedUrl {
  url: string;
  /** When it stops working. */
  expiresAt: Date;
}

/**
 * Where binary objects (photos, attachments) live, behind one interface: the filesystem driver
 * (the embedded local default) or any S3-compatible store (MinIO, AWS S3, …).
 */
export interface ObjectStore {
  /** Which driver this is (`fs` or `s3`). */
  readonly driver: 'fs' | 's3';
  /** Store `body` under `key` (replacing any object there). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object under `key`, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Remove the object under `key` (nothing when there is none). */
  delete(key: string): Promise<void>;
  /**
   * A URL that reads the object for `ttlSeconds`. The S3 driver presigns a URL of the store; the
   * filesystem driver signs `pathUrl` (a path of the application that serves objects) with HMAC.
   */
  signedUrl(key: string, ttlSeconds: number, pathUrl: string): Promise<SignedUrl>;
}

/** A key: segments of letters, digits, `-`, `_` and `.` separated by `/`; no `..`, no leading `/`, at most 512 characters. */
const KEY = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/** Throws when `key` is not a safe object key (one that could leave the store's directory or bucket prefix). */
export function assertKey(key: string): void {
  if (key.length > 512 || !KEY.test(key)) throw new Error(`object key ${JSON.stringify(key.slice(0, 80))} is not a safe key`);
}
