import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';

import { assertKey, type ObjectStore, type SignedUrl, type StoredObject } from './object-store';

/** Where an S3-compatible store is and how to reach it. */
export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** The store's URL (MinIO, another S3-compatible store); absent for AWS S3 itself. */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), as MinIO and most self-hosted stores want. */
  forcePathStyle?: boolean;
  /** Credentials; absent to use the SDK's default chain (environment, instance role, …). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Prefix of every key in the bucket (e.g. `citygrid/`). */
  prefix?: string;
}

/** Objects in an S3-compatible bucket, through the real S3 API; URLs are presigned GETs. */
export class S3ObjectStore implements ObjectStore {
  readonly driver = 's3' as const;
  readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    const config: S3ClientConfig = { region: options.region, forcePathStyle: options.forcePathStyle ?? false };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.accessKeyId && options.secretAccessKey) config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    this.client = new S3Client(config);
  }

  private keyOf(key: string): string {
    assertKey(key);
    return `${this.options.prefix ?? ''}${key}`;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key), Body: body, ContentType: contentType, ContentLength: body.length }));
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
      if (!(out.Body instanceof Readable)) throw new Error('the S3 answer carried no stream');
      return { body: out.Body, contentType: out.ContentType ?? 'application/octet-stream', size: out.ContentLength ?? 0 };
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<SignedUrl> {
    const url = await getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }), { expiresIn: ttlSeconds });
    return { url, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
  }
}
