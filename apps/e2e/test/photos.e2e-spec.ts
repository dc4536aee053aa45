import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { eventually } from '@citygrid/testing';
import * as exifr from 'exifr';
import sharp from 'sharp';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/** How long a signed photo URL works in this run, seconds (short, to see it expire). */
const TTL_S = 3;

/**
 * The photo store against the running stack, with its embedded default (the filesystem driver:
 * nothing installed): a multipart upload is checked by its bytes, re-encoded without EXIF and
 * written to the store; its signed URL serves it until it expires; a case cites it by id.
 */
describe('photo store', () => {
  let stack: Stack;
  let adminToken: string;
  let dir: string;
  let point: [number, number];
  let categoryCode: string;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const grid = data.nodes.find((n) => n.gridLevel === 3)!;
  const admin = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${adminToken}`);

  /** A JPEG that says where it was taken (EXIF GPS: 34°46'12"N 113°36'E). */
  const withGps = () =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'CityGrid test camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 46/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 36/1 0/1' } })
      .toBuffer();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-photos-'));
    stack = await startStack(
      {},
      {
        identityOnly: true,
        identityEnv: { ADMIN_LOGIN: 'root', ADMIN_PASSWORD: 'root-password-2026' },
        withTicketing: true,
        gatewayEnv: { PHOTO_STORE_DIR: dir, PHOTO_URL_SECRET: 'photos-e2e-secret-0123456789', PHOTO_URL_TTL_S: String(TTL_S) },
      },
    );
    adminToken = (await request(stack.gateway.url).post('/auth/login').send({ login: 'root', password: 'root-password-2026' }).expect(200)).body.access_token;
    const chain: DemoNode[] = [];
    for (let n: DemoNode | undefined = grid; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) chain.unshift(n);
    for (const n of chain) {
      await admin()
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    categoryCode = ((await admin().get('/api/v1/categories').expect(200)).body as Array<{ code: string; leaf: boolean }>).find((c) => c.leaf)!.code;
    point = interiorPointOf(grid);
  }, 180000);

  /** The newest event of case `id` whose action is `action`, from the stream (newest first). */
  async function caseEvent(id: string, action: string): Promise<{ data: { id: string; action: string; photoIds?: string[] } } | undefined> {
    const jsm = await stack.nc.jetstreamManager();
    const info = await jsm.streams.info(stack.stream);
    for (let seq = info.state.last_seq; seq >= info.state.first_seq && seq > info.state.last_seq - 5000; seq--) {
      const m = await jsm.streams.getMessage(stack.stream, { seq }).catch(() => undefined);
      if (!m || !m.subject.startsWith(`${stack.ns}.`) || !m.subject.includes('.ticketing.case.')) continue;
      const e = m.json<{ data: { id: string; action: string; photoIds?: string[] } }>();
      if (e.data.id === id && e.data.action === action) return e;
    }
    return undefined;
  }

  afterAll(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60000);

  it('stores an upload in the filesystem store, serves it re-encoded without EXIF through a signed URL, and refuses it once expired or altered', async () => {
    const original = await withGps();
    expect(await exifr.gps(original)).toMatchObject({ latitude: expect.closeTo(34.77, 3), longitude: expect.closeTo(113.6, 3) });
    // the client's Content-Type is not believed: the bytes are
    const up = await admin().post('/api/v1/photos').attach('file', original, { filename: 'x.bin', contentType: 'application/octet-stream' }).expect(201);
    const photo = up.body as { id: string; url: string; expiresAt: string; contentType: string; size: number; sha256: string; takenAt: { coordinates: [number, number] } | null };
    expect(photo).toMatchObject({ contentType: 'image/jpeg', url: expect.stringMatching(new RegExp(`^/api/v1/photos/${photo.id}/content\\?expires=\\d+&signature=[\\w-]{43}$`)) });
    // EXIF GPS is kept as data
    expect(photo.takenAt!.coordinates[0]).toBeCloseTo(113.6, 3);
    expect(photo.takenAt!.coordinates[1]).toBeCloseTo(34.77, 3);

    const file = join(dir, 'photos', photo.id);
    expect((await stat(file)).size).toBe(photo.size);
    const served = await request(stack.gateway.url).get(photo.url).buffer(true).expect(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(served.body as Buffer, await readFile(file))).toBe(0);
    expect(await exifr.gps(served.body as Buffer).catch(() => undefined)).toBeUndefined();
    expect((await sharp(served.body as Buffer).metadata()).exif).toBeUndefined();
    expect((await sharp(served.body as Buffer).metadata()).width).toBe(64);

    const signature = new URL(photo.url, 'http://x').searchParams.get('signature')!;
    const tampered = photo.url.replace(signature, `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
    const refused = await request(stack.gateway.url).get(tampered).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.text).not.toContain(signature.slice(1));
    await request(stack.gateway.url)
      .get(photo.url.replace(/expires=\d+/, (m) => `expires=${Number(m.slice(8)) + 600}`))
      .expect(403);
    await request(stack.gateway.url).get(`/api/v1/photos/${photo.id}/content`).expect(403);

    await new Promise((r) => setTimeout(r, (TTL_S + 1) * 1000));
    const expired = await request(stack.gateway.url).get(photo.url).expect(403);
    expect(expired.body.detail).toMatch(/expired/);
    // a fresh URL works again
    const again = (await admin().get(`/api/v1/photos/${photo.id}`).expect(200)).body as { url: string };
    await request(stack.gateway.url).get(again.url).expect(200);
  }, 60000);

  it('answers 413, 415 and 400 (problem+json naming the field) for a file too big, not an image, or missing', async () => {
    const big = await admin()
      .post('/api/v1/photos')
      .attach('file', Buffer.alloc(5 * 1024 * 1024 + 1, 0xff), { filename: 'big.jpg', contentType: 'image/jpeg' })
      .expect(413);
    expect(big.headers['content-type']).toMatch(/application\/problem\+json/);
    const fake = await admin().post('/api/v1/photos').attach('file', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), { filename: 'photo.jpg', contentType: 'image/jpeg' }).expect(415);
    expect(fake.body).toMatchObject({ status: 415, errors: [{ field: 'file' }] });
    const truncated = await admin()
      .post('/api/v1/photos')
      .attach('file', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), { filename: 'photo.jpg', contentType: 'image/jpeg' })
      .expect(415);
    expect(truncated.body).toMatchObject({ status: 415 });
    const missing = await admin().post('/api/v1/photos').field('other', 'x').expect(400);
    expect(missing.body).toMatchObject({ status: 400, errors: [{ field: 'file' }] });
    await admin().post('/api/v1/photos').send({ file: 'not multipart' }).expect(400);
    await request(stack.gateway.url)
      .post('/api/v1/photos')
      .attach('file', await withGps(), 'a.jpg')
      .expect(401);
  });

  it('replays an upload retried with the same Idempotency-Key', async () => {
    const bytes = await withGps();
    const first = await admin().post('/api/v1/photos').set('Idempotency-Key', 'photo-retry-1').attach('file', bytes, 'a.jpg').expect(201);
    const again = await admin().post('/api/v1/photos').set('Idempotency-Key', 'photo-retry-1').attach('file', bytes, 'a.jpg').expect(201);
    expect(again.body.id).toBe(first.body.id);
  });

  it('shows a case filed with an uploaded photo with a signed URL for it, keeps old references, and refuses an unknown photo id with 422', async () => {
    const photo = (
      await admin()
        .post('/api/v1/photos')
        .attach('file', await withGps(), 'a.jpg')
        .expect(201)
    ).body as { id: string; size: number };
    const created = await admin()
      .post('/api/v1/cases')
      .send({
        source: 'patrol',
        categoryCode,
        description: 'overflowing bins, photographed',
        location: { type: 'Point', coordinates: point },
        address: '伏牛路 2 号',
        photos: [{ photoId: photo.id }, { url: 's3://citygrid-photos/2026/11/25/old.jpg', contentType: 'image/jpeg', size: 1000 }],
      })
      .expect(201);
    const view = (await admin().get(`/api/v1/cases/${created.body.id}`).expect(200)).body as { photos: Array<Record<string, unknown>> };
    expect(view.photos).toEqual([
      { photoId: photo.id, url: expect.stringMatching(new RegExp(`^/api/v1/photos/${photo.id}/content\\?expires=`)), contentType: 'image/jpeg', size: photo.size, stage: 'report' },
      { url: 's3://citygrid-photos/2026/11/25/old.jpg', contentType: 'image/jpeg', size: 1000, stage: 'report' },
    ]);
    const served = await request(stack.gateway.url)
      .get(view.photos[0]!['url'] as string)
      .expect(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    // the reported event names the uploaded photo by id (and nothing of the old reference)
    const reported = await eventually(() => caseEvent(created.body.id as string, 'report'), 15000);
    expect(reported.data.photoIds).toEqual([photo.id]);
    expect(JSON.stringify(reported)).not.toContain('old.jpg');
    const unknown = await admin()
      .post('/api/v1/cases')
      .send({ source: 'patrol', categoryCode, description: 'x', location: { type: 'Point', coordinates: point }, address: 'x', photos: [{ photoId: '00000000-0000-4000-8000-000000000000' }] })
      .expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'photos[0].photoId', reason: 'no photo you uploaded has this id' }]);
  });
});
