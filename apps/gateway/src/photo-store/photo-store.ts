import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { MAX_PHOTO_BYTES, PHOTO_CONTENT_TYPES, TicketingRpc, type UploadedPhotoView } from '@citygrid/contracts/ticketing';
import { FsObjectStore, objectStoreFromEnv, type ObjectStore, type SignedUrl } from '@citygrid/object-store';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as exifr from 'exifr';
import sharp from 'sharp';

import { GATEWAY_ENV, type GatewayEnv } from '../config';

/** A photo type as stored and served. */
type PhotoType = (typeof PHOTO_CONTENT_TYPES)[number];

/** The image formats sharp reads that a photo may be in, by the content type served. */
const FORMATS: Readonly<Record<string, PhotoType>> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The path the gateway serves an uploaded photo's bytes at (the filesystem driver's signed URLs). */
export function photoContentPath(id: string): string {
  return `/api/v1/photos/${id}/content`;
}

/** The object key of a photo: its id names it, so a URL can be signed without a lookup. */
export function photoKey(id: string): string {
  return `photos/${id}`;
}

/** An upload as received. */
export interface PhotoUpload {
  buffer: Buffer;
  size: number;
  /** The multipart field it came in (named in errors). */
  field: string;
}

/** Where it was taken and when, from EXIF. */
interface Taken {
  takenLat?: number;
  takenLng?: number;
  takenAt?: string;
}

/**
 * The photo store as the gateway uses it: checks an upload (size; type by its bytes, never the
 * client's Content-Type), re-encodes it without metadata (EXIF, GPS: what is served says nothing
 * of where it was taken), keeps EXIF GPS as data on the record, writes the bytes to the object
 * store (bytes never travel over NATS) and records the photo in ticketing. Signs read URLs.
 */
@Injectable()
export class PhotoStore {
  readonly store: ObjectStore;
  readonly ttlSeconds: number;

  constructor(
    @Inject(GATEWAY_ENV) env: GatewayEnv,
    private readonly ticketing: RpcClient,
  ) {
    this.ttlSeconds = env.PHOTO_URL_TTL_S;
    let secret = env.PHOTO_URL_SECRET;
    if (env.PHOTO_STORE_DRIVER === 'fs' && !secret) {
      secret = randomBytes(32).toString('base64url');
      new Logger('photos').warn('PHOTO_URL_SECRET is not set: photo URLs are signed with a random secret of this process (set one shared by every replica)');
    }
    this.store = objectStoreFromEnv({
      PHOTO_STORE_DRIVER: env.PHOTO_STORE_DRIVER,
      PHOTO_STORE_DIR: env.PHOTO_STORE_DIR,
      PHOTO_URL_SECRET: secret,
      S3_BUCKET: env.S3_BUCKET,
      S3_REGION: env.S3_REGION,
      S3_ENDPOINT: env.S3_ENDPOINT,
      S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE,
      S3_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY,
      S3_PREFIX: env.S3_PREFIX,
    });
  }

  /** Check, clean, store and record an upload, as the current caller; the answer carries a signed URL. */
  async upload(file: PhotoUpload): Promise<UploadedPhotoView> {
    const fieldError = (reason: string): FieldError[] => [{ field: file.field, reason }];
    if (file.size > MAX_PHOTO_BYTES || file.buffer.length > MAX_PHOTO_BYTES) {
      throw new ServiceError(ErrorCode.PayloadTooLarge, `The photo is larger than ${MAX_PHOTO_BYTES} bytes (5 MB).`, fieldError(`larger than ${MAX_PHOTO_BYTES} bytes`));
    }
    const type = await sniff(file.buffer);
    if (!type) {
      throw new ServiceError(
        ErrorCode.UnsupportedMediaType,
        `The file is not a photo of an accepted type (${PHOTO_CONTENT_TYPES.join(', ')}), judged by its bytes.`,
        fieldError(`must be ${PHOTO_CONTENT_TYPES.join(', ')}`),
      );
    }
    const taken = await takenOf(file.buffer);
    let clean: Buffer;
    try {
      clean = await reencode(file.buffer, type);
    } catch {
      throw new ServiceError(ErrorCode.UnsupportedMediaType, 'The photo could not be read (damaged or truncated).', fieldError('is not a readable image'));
    }
    if (clean.length > MAX_PHOTO_BYTES)
      throw new ServiceError(ErrorCode.PayloadTooLarge, `The photo is larger than ${MAX_PHOTO_BYTES} bytes (5 MB) once re-encoded.`, fieldError(`larger than ${MAX_PHOTO_BYTES} bytes`));
    const id = randomUUID();
    const key = photoKey(id);
    await this.store.put(key, clean, type);
    try {
      const record = await this.ticketing.send(TicketingRpc.photoRecord, { id, key, contentType: type, size: clean.length, sha256: createHash('sha256').update(clean).digest('hex'), ...taken });
      const signed = await this.sign(id);
      return { ...record, url: signed.url, expiresAt: signed.expiresAt.toISOString() };
    } catch (err) {
      // not recorded (refused, or ticketing down): the bytes go too
      await this.store.delete(key).catch(() => undefined);
      throw err;
    }
  }

  /** A signed URL reading photo `id` for the configured time. */
  sign(id: string): Promise<SignedUrl> {
    return this.store.signedUrl(photoKey(id), this.ttlSeconds, photoContentPath(id));
  }

  /** Why a signed content path of photo `id` is refused, or null (filesystem driver only; with S3 every such path is refused). */
  check(id: string, expires: unknown, signature: unknown): 'invalid' | 'expired' | null {
    return this.store instanceof FsObjectStore ? this.store.check(photoContentPath(id), expires, signature) : 'invalid';
  }
}

/** The photo type of `bytes` by what they are (magic numbers read by the image decoder), or null. */
async function sniff(bytes: Buffer): Promise<PhotoType | null> {
  if (bytes.length === 0) return null;
  try {
    const meta = await sharp(bytes).metadata();
    return (meta.format && FORMATS[meta.format]) || null;
  } catch {
    // not an image sharp knows (it throws at once for some inputs, rejects for others)
    return null;
  }
}

/** The same picture, upright, in the same format, without any metadata (sharp keeps none unless told). */
async function reencode(bytes: Buffer, type: PhotoType): Promise<Buffer> {
  const img = sharp(bytes, { failOn: 'error' }).rotate();
  if (type === 'image/png') return img.png().toBuffer();
  if (type === 'image/webp') return img.webp({ quality: 85 }).toBuffer();
  return img.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
}

/** Where and when the photo says it was taken (EXIF GPS and DateTimeOriginal), if it does. */
async function takenOf(bytes: Buffer): Promise<Taken> {
  const out: Taken = {};
  const gps = await Promise.resolve()
    .then(() => exifr.gps(bytes))
    .catch(() => undefined);
  if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude) && Math.abs(gps.latitude) <= 90 && Math.abs(gps.longitude) <= 180) {
    out.takenLat = gps.latitude;
    out.takenLng = gps.longitude;
  }
  const tags: unknown = await Promise.resolve()
    .then(() => exifr.parse(bytes, ['DateTimeOriginal']))
    .catch(() => undefined);
  const when = (tags as { DateTimeOriginal?: unknown } | undefined)?.DateTimeOriginal;
  if (when instanceof Date && !Number.isNaN(when.getTime())) out.takenAt = when.toISOString();
  return out;
}
