import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

// s3rver: an S3-compatible server in-process, so the S3 driver speaks the real S3 API in this test
import S3rver from 's3rver';

import { assertKey, checkSignedPath, FsObjectStore, objectStoreFromEnv, S3ObjectStore, type ObjectStore } from './index';

async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The behaviour both drivers share. */
async function roundTrip(store: ObjectStore): Promise<void> {
  await store.put('photos/a/1.jpg', Buffer.from('hello photo'), 'image/jpeg');
  const got = await store.get('photos/a/1.jpg');
  expect(got).toMatchObject({ contentType: 'image/jpeg', size: 11 });
  expect(await text(got!.body)).toBe('hello photo');
  expect(await store.get('photos/a/none.jpg')).toBeNull();
  await store.delete('photos/a/1.jpg');
  expect(await store.get('photos/a/1.jpg')).toBeNull();
  await expect(store.put('../escape', Buffer.from('x'), 'image/jpeg')).rejects.toThrow('not a safe key');
}

describe('object keys', () => {
  it('accepts plain segmented keys and refuses traversal, absolute and odd keys', () => {
    expect(() => assertKey('photos/2026/abc-1_2.jpg')).not.toThrow();
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/./b', '.', '..', 'a\\b', 'a b', '', 'x'.repeat(513), 'a/..']) expect(() => assertKey(bad)).toThrow();
  });
});

describe('filesystem driver', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores, reads and deletes files under its directory only', async () => {
    const store = new FsObjectStore(dir, 'a-secret-of-16-chars!');
    await roundTrip(store);
    await store.put('k/one', Buffer.from('1'), 'image/png');
    expect(await readFile(join(dir, 'k/one'), 'utf8')).toBe('1');
    expect((await stat(join(dir, 'k/one'))).isFile()).toBe(true);
  });

  it('signs URLs with HMAC that expire, refuses tampered ones', async () => {
    const store = new FsObjectStore(dir, 'a-secret-of-16-chars!');
    const { url, expiresAt } = await store.signedUrl('photos/x', 60, '/api/v1/photos/x/content');
    const u = new URL(url, 'http://h');
    expect(u.pathname).toBe('/api/v1/photos/x/content');
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const [expires, signature] = [u.searchParams.get('expires'), u.searchParams.get('signature')];
    expect(store.check('/api/v1/photos/x/content', expires, signature)).toBeNull();
    expect(store.check('/api/v1/photos/y/content', expires, signature)).toBe('invalid');
    expect(store.check('/api/v1/photos/x/content', String(Number(expires) + 1), signature)).toBe('invalid');
    expect(store.check('/api/v1/photos/x/content', expires, `${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`)).toBe('invalid');
    expect(store.check('/api/v1/photos/x/content', expires, undefined)).toBe('invalid');
    expect(checkSignedPath('/api/v1/photos/x/content', expires, signature, 'a-secret-of-16-chars!', Date.now() + 61_000)).toBe('expired');
    expect(checkSignedPath('/api/v1/photos/x/content', expires, signature, 'another-secret-16-chars', Date.now())).toBe('invalid');
  });

  it('is the default driver from the environment', () => {
    expect(objectStoreFromEnv({ PHOTO_STORE_DIR: dir, PHOTO_URL_SECRET: 'a-secret-of-16-chars!' }).driver).toBe('fs');
    expect(() => objectStoreFromEnv({ PHOTO_STORE_DIR: dir })).toThrow('PHOTO_URL_SECRET');
    expect(() => objectStoreFromEnv({ PHOTO_STORE_DRIVER: 's3' })).toThrow('S3_BUCKET');
  });
});

describe('S3 driver against an S3-compatible server (s3rver)', () => {
  let dir: string;
  let server: S3rver;
  let endpoint: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-s3-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'citygrid-photos', configs: [] }] });
    const addr = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  function store(): S3ObjectStore {
    return objectStoreFromEnv({
      PHOTO_STORE_DRIVER: 's3',
      S3_BUCKET: 'citygrid-photos',
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_PREFIX: 'test/',
    }) as S3ObjectStore;
  }

  it('puts, gets and deletes objects through the S3 API', async () => {
    await roundTrip(store());
  });

  it('presigns GET URLs that read the object and stop working once expired', async () => {
    const s = store();
    await s.put('photos/p', Buffer.from('presigned bytes'), 'image/webp');
    const { url } = await s.signedUrl('photos/p', 2);
    expect(url).toContain('X-Amz-Signature=');
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/webp');
    expect(await ok.text()).toBe('presigned bytes');
    // s3rver checks the key id and the expiry of a presigned URL (not the SigV4 signature itself)
    const foreign = await fetch(url.replace('X-Amz-Credential=S3RVER', 'X-Amz-Credential=SOMEONE'));
    expect(foreign.status).toBe(403);
    await new Promise((r) => setTimeout(r, 3100));
    expect((await fetch(url)).status).toBe(403);
  });
});
