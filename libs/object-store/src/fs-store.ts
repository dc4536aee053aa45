import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

import { assertKey, type ObjectStore, type SignedUrl, type StoredObject } from './object-store';

/** Sign `path` until `expires` (unix seconds) with `secret`: HMAC-SHA256, base64url. */
export function signPath(path: string, expires: number, secret: string): string {
  return createHmac('sha256', secret).update(`${path}\n${expires}`).digest('base64url');
}

/** Why a signed path is refused, or null when it is good. */
export function checkSignedPath(path: string, expires: unknown, signature: unknown, secret: string, now = Date.now()): 'invalid' | 'expired' | null {
  if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof signature !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return 'invalid';
  const expected = Buffer.from(signPath(path, Number(expires), secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return Number(expires) * 1000 <= now ? 'expired' : null;
}

/**
 * Objects as files under one directory (the embedded local default: nothing to install). Keys are
 * checked (no `..`, no absolute paths) and each resolved path is checked to stay in the directory.
 * Content types live beside each object in a `.meta.json` file. URLs are the serving path of the
 * application signed with HMAC-SHA256 (`?expires=…&signature=…`).
 */
export class FsObjectStore implements ObjectStore {
  readonly driver = 'fs' as const;
  private readonly root: string;

  constructor(
    dir: string,
    private readonly secret: string,
  ) {
    if (secret.length < 16) throw new Error('the object store signing secret must be at least 16 characters');
    this.root = resolve(dir);
  }

  /** The file of `key` (throws for an unsafe key). */
  pathOf(key: string): string {
    assertKey(key);
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error('object key leaves the store directory');
    return path;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // written aside, then renamed: a reader never sees half an object
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, body);
    await writeFile(`${path}.meta.json`, JSON.stringify({ contentType }));
    await rename(tmp, path);
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const meta = JSON.parse(await readFile(`${path}.meta.json`, 'utf8').catch(() => '{}')) as { contentType?: string };
    return { body: createReadStream(path), contentType: meta.contentType ?? 'application/octet-stream', size: info.size };
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    await rm(`${path}.meta.json`, { force: true });
  }

  async signedUrl(key: string, ttlSeconds: number, pathUrl: string): Promise<SignedUrl> {
    assertKey(key);
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    const signature = signPath(pathUrl, expires, this.secret);
    return { url: `${pathUrl}?expires=${expires}&signature=${signature}`, expiresAt: new Date(expires * 1000) };
  }

  /** Why the signed `pathUrl` is refused, or null when it is good. */
  check(pathUrl: string, expires: unknown, signature: unknown): 'invalid' | 'expired' | null {
    return checkSignedPath(pathUrl, expires, signature, this.secret);
  }
}
