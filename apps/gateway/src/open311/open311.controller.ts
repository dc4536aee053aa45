import { createHash } from 'node:crypto';

import { Public } from '@citygrid/auth';
import { ERROR_HTTP_STATUS } from '@citygrid/contracts';
import { IdentityRpc } from '@citygrid/contracts/identity';
import { CaseSource, CaseState, MAX_PHOTOS, SETTLED_CASE_STATES, TicketingRpc, TimeUnit, type CaseUpdateView, type CaseView, type CategoryView } from '@citygrid/contracts/ticketing';
import { clip, currentContext, dependencyUnavailable, isDependencyUnavailable, RpcClient, runInContext, ServiceError, UNAVAILABLE_RETRY_AFTER_S } from '@citygrid/service-kit';
import { Body, Controller, Get, Headers, Inject, Logger, Param, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { GATEWAY_ENV, type GatewayEnv } from '../config';
import { PhotoStore } from '../photo-store/photo-store';
import { renderList, renderObject, type Open311Created, type Open311Format, type Open311Request, type Open311Service, type Open311Update } from './geo-report';

/** A query string as Express reads it: a parameter given twice (`a=1&a=2`) is an array. */
type QueryParams = Record<string, string | string[] | undefined>;

/** Why a request failed, in the specification's error format. */
class Open311Failure extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * Longest a key's token is reused without asking identity again: a revoked key stops working
 * within this bound.
 */
export const API_KEY_TOKEN_CACHE_MS = 60_000;

/** The header a client may send its key in instead of the `api_key` parameter (kept out of URLs and logs). */
const API_KEY_HEADER = 'x-api-key';

/** A case id (a UUID): anything else names no request and is not asked for. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longest description a request may carry (never cut: a longer one is a 400). */
export const OPEN311_DESCRIPTION_MAX = 4000;

/** Content types a request may be posted in (the specification's form encoding, and multipart with files). */
const POST_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** True when every character of `s` is a CJK ideograph (a Chinese name: family name first, no space). */
const CJK = /^[\u3400-\u9fff\uf900-\ufaff·]+$/u;

/**
 * A reporter's name from Open311's `first_name` and `last_name`, as its locale writes it: a
 * Chinese name family name first with no space (`王` + `芳` → `王芳`), others given name first
 * (`Jane` `Doe` → `Jane Doe`).
 */
export function reporterName(first: string | undefined, last: string | undefined): string {
  const parts = [first?.trim(), last?.trim()].filter((p): p is string => Boolean(p));
  if (parts.length < 2) return parts[0] ?? '';
  return parts.every((p) => CJK.test(p)) ? `${last?.trim()}${first?.trim()}` : parts.join(' ');
}

/**
 * Open311 GeoReport v2 for citizen apps and other systems. Service requests are CityGrid cases;
 * services are case sub-categories. Discovery, the service list and service definitions are
 * public, as the specification has them. Posting requests needs `api_key` (or an `X-Api-Key`
 * header): an Open311 API key the system administrator issued for a CityGrid API client (its own
 * credential, not the OAuth client secret), exchanged here for the client's access token (cached
 * at most 60 s, so a revoked key stops working within a minute), so the client's scopes and node
 * scope apply as everywhere else. A deployment that
 * declares its jurisdictions (`OPEN311_JURISDICTIONS`) answers any other `jurisdiction_id` 404.
 */
@ApiExcludeController()
@Public()
@Controller('open311/v2')
export class Open311Controller {
  private readonly logger = new Logger('Open311');
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  private readonly jurisdictions: ReadonlySet<string>;
  private readonly requireKeyForReads: boolean;

  constructor(
    private readonly ticketing: RpcClient,
    private readonly identity: RpcClient,
    private readonly photos: PhotoStore,
    @Inject(GATEWAY_ENV) env: Pick<GatewayEnv, 'OPEN311_JURISDICTIONS' | 'OPEN311_REQUIRE_KEY_FOR_READS'>,
  ) {
    this.jurisdictions = new Set(env.OPEN311_JURISDICTIONS.split(',').filter(Boolean));
    this.requireKeyForReads = env.OPEN311_REQUIRE_KEY_FOR_READS === 'true';
  }

  /** A `jurisdiction_id` this deployment does not serve is 404 (not checked when none is declared). */
  private checkJurisdiction(value: unknown): void {
    if (Array.isArray(value)) throw new Open311Failure(400, 'jurisdiction_id was given more than once');
    if (this.jurisdictions.size && typeof value === 'string' && value !== '' && !this.jurisdictions.has(value)) throw new Open311Failure(404, `jurisdiction_id ${value} is not served here`);
  }

  /** Reads of requests: as the client `apiKey` names, or anonymously unless the deployment requires keys for them. */
  private reader<T>(apiKey: string | string[] | undefined, fn: () => Promise<T>): Promise<T> {
    return this.requireKeyForReads ? this.as(apiKey, fn) : this.maybeAs(apiKey, fn);
  }

  /** Run `fn` as the API client `apiKey` names, or anonymously when there is none (public reads). */
  private maybeAs<T>(apiKey: string | string[] | undefined, fn: () => Promise<T>): Promise<T> {
    return apiKey === undefined || apiKey === '' ? runInContext({ ...currentContext(), authorization: undefined }, fn) : this.as(apiKey, fn);
  }

  @Get('discovery.:format')
  discovery(@Param('format') format: string, @Req() req: Request, @Res() res: Response): void {
    this.respond(res, format, async (f) => {
      const base = `${req.protocol}://${req.get('host') ?? 'localhost'}/open311/v2`;
      return renderObject(
        'discovery',
        {
          changeset: '2026-11-25T00:00:00Z',
          contact: 'CityGrid platform operators',
          key_service: 'API keys are issued per API client by a CityGrid system administrator (POST /api/v1/clients/{id}/api-keys).',
          endpoints:
            f === 'xml'
              ? {
                  endpoint: [
                    { specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-11-25T00:00:00Z', type: 'production', formats: { format: ['text/xml', 'application/json'] } },
                  ],
                }
              : [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-11-25T00:00:00Z', type: 'production', formats: ['text/xml', 'application/json'] }],
        },
        f,
      );
    });
  }

  @Get('services.:format')
  services(
    @Param('format') format: string,
    @Query('api_key') apiKey: string | string[] | undefined,
    @Res() res: Response,
    @Query('jurisdiction_id') jurisdiction?: string | string[],
    @Headers(API_KEY_HEADER) headerKey?: string,
  ): void {
    this.respond(res, format, async (f) =>
      this.maybeAs(keyOf(apiKey, headerKey), async () => {
        this.checkJurisdiction(jurisdiction);
        const categories = await this.ticketing.send(TicketingRpc.categoryList, {});
        const byCode = new Map(categories.map((c) => [c.code, c]));
        return renderList(
          'services',
          // a retired sub-class takes no new request
          categories.filter((c) => c.leaf && !c.retired).map((c) => toService(c, byCode)),
          f,
        );
      }),
    );
  }

  @Get('services/:code.:format')
  serviceDefinition(
    @Param('code') code: string,
    @Param('format') format: string,
    @Query('api_key') apiKey: string | string[] | undefined,
    @Res() res: Response,
    @Query('jurisdiction_id') jurisdiction?: string | string[],
    @Headers(API_KEY_HEADER) headerKey?: string,
  ): void {
    this.respond(res, format, async (f) =>
      this.maybeAs(keyOf(apiKey, headerKey), async () => {
        this.checkJurisdiction(jurisdiction);
        const category = (await this.ticketing.send(TicketingRpc.categoryList, {})).find((c) => c.code === code && c.leaf && !c.retired);
        if (!category) throw new Open311Failure(404, `service_code ${code} does not exist`);
        // Categories need no extra attributes: description, location and photos say it all.
        return renderObject('service_definition', { service_code: category.code, attributes: [] }, f);
      }),
    );
  }

  /**
   * A request, form-encoded or multipart (FixMyStreet posts photos as `media` files). Any other
   * or no body is a 400. Each `media` file goes through the photo store (size and type checked by
   * its bytes, re-encoded without EXIF) and is attached to the case as a photo; a `media_url` is
   * kept as a photo reference.
   */
  @Post('requests.:format')
  @UseInterceptors(AnyFilesInterceptor({ limits: { files: 9, fileSize: 5 * 1024 * 1024, fields: 200, fieldSize: 64 * 1024 } }))
  create(
    @Param('format') format: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFiles() files: Array<{ fieldname: string; size: number; buffer: Buffer }> | undefined,
  ): void {
    this.respond(res, format, async (f) =>
      this.posted(req, body, 'request', async (field) => {
        const serviceCode = field('service_code');
        if (!serviceCode) throw new Open311Failure(400, 'service_code was not provided');
        const lat = Number(field('lat'));
        const long = Number(field('long'));
        if (!field('lat') || !field('long') || !Number.isFinite(lat) || !Number.isFinite(long)) throw new Open311Failure(400, 'lat and long are required (address_string alone cannot be located)');
        const description = field('description');
        if (!description) throw new Open311Failure(400, 'description was not provided');
        const text = description;
        if ([...text].length > OPEN311_DESCRIPTION_MAX) throw new Open311Failure(400, `description is longer than ${OPEN311_DESCRIPTION_MAX} characters`);
        const { photos, uploaded } = await this.mediaOf(field('media_url'), files);
        const name = clip(reporterName(field('first_name'), field('last_name')), 50);
        const [email, phone] = [field('email')?.trim(), field('phone')?.trim()];
        // a reporter who left only a contact still wants an answer: she is kept, unnamed
        const reporter = name || email || phone ? { name: name || UNNAMED_REPORTER, ...(email ? { email } : {}), ...(phone ? { phone } : {}) } : undefined;
        const created = await this.ticketing.send(TicketingRpc.caseCreate, {
          source: CaseSource.Open311,
          categoryCode: serviceCode,
          description: text,
          location: { type: 'Point', coordinates: [long, lat] },
          address: field('address_string') ?? `${lat},${long}`,
          ...(reporter ? { reporter } : {}),
          ...(photos.length ? { photos } : {}),
        });
        const notice = uploaded ? `CityGrid case ${created.number} (${uploaded} photo${uploaded > 1 ? 's' : ''} attached)` : `CityGrid case ${created.number}`;
        const out: Open311Created = { service_request_id: created.id, service_notice: notice, account_id: '' };
        return renderList('requests', [out], f);
      }),
    );
  }

  /**
   * Requests newest first, between `start_date` (default: 90 days ago) and `end_date`, at most
   * 1,000, filtered by `status` and `service_code` or listed by `service_request_id`: paged in the
   * database. Without a key (unless `OPEN311_REQUIRE_KEY_FOR_READS`), public requests with nothing
   * personal; with one, the client's area.
   */
  @Get('requests.:format')
  list(@Param('format') format: string, @Query() query: QueryParams, @Res() res: Response, @Headers(API_KEY_HEADER) headerKey?: string): void {
    this.respond(res, format, async (f) =>
      this.reader(keyOf(query['api_key'], headerKey), async () => {
        this.checkJurisdiction(query['jurisdiction_id']);
        const q = once(query, ['service_request_id', 'service_code', 'start_date', 'end_date', 'status']);
        const ids = q['service_request_id']
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const start = q['start_date'] ? Date.parse(q['start_date']) : Date.now() - 90 * 86_400_000;
        const end = q['end_date'] ? Date.parse(q['end_date']) : undefined;
        if (Number.isNaN(start) || (end !== undefined && Number.isNaN(end))) throw new Open311Failure(400, 'start_date and end_date must be w3c date-times');
        const statuses = q['status']?.split(',').map((s) => s.trim());
        if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Failure(400, 'status must be open, closed or both');
        const settled = statuses && statuses.length === 1 ? (statuses[0] === 'closed' ? 'true' : 'false') : undefined;
        const cases = ids?.length
          ? // listed requests: by id whatever their date (an id that is no case id is simply not found)
            await this.ticketing.send(TicketingRpc.caseRequests, { ids: ids.filter((id) => CASE_ID.test(id)).slice(0, 100), limit: 100 })
          : await this.ticketing.send(TicketingRpc.caseRequests, {
              from: new Date(start).toISOString(),
              ...(end !== undefined ? { to: new Date(end).toISOString() } : {}),
              ...(settled ? { settled } : {}),
              ...(q['service_code'] ? { categoryCode: q['service_code'] } : {}),
              limit: 1000,
            });
        const categories = new Map((await this.ticketing.send(TicketingRpc.categoryList, {})).map((c) => [c.code, c]));
        await this.signPhotos(cases, res.req);
        return renderList(
          'requests',
          cases.map((c) => toRequest(c, categories)),
          f,
        );
      }),
    );
  }

  @Get('requests/:id.:format')
  one(@Param('id') id: string, @Param('format') format: string, @Query('api_key') apiKey: string | string[] | undefined, @Res() res: Response, @Headers(API_KEY_HEADER) headerKey?: string): void {
    this.respond(res, format, async (f) =>
      this.reader(keyOf(apiKey, headerKey), async () => {
        const [c] = CASE_ID.test(id) ? await this.ticketing.send(TicketingRpc.caseRequests, { ids: [id], limit: 1 }) : [];
        if (!c) throw new Open311Failure(404, `Case ${id} does not exist.`);
        const categories = new Map((await this.ticketing.send(TicketingRpc.categoryList, {})).map((x) => [x.code, x]));
        await this.signPhotos([c], res.req);
        return renderList('requests', [toRequest(c, categories)], f);
      }),
    );
  }

  /**
   * The GeoReport v2 updates extension FixMyStreet reads: every step of the client's requests
   * between `start_date` (default: a day ago) and `end_date` (default: now), oldest first, at most
   * 1,000 (ask again from the last `updated_datetime` for more).
   */
  @Get('servicerequestupdates.:format')
  requestUpdates(@Param('format') format: string, @Query() query: QueryParams, @Res() res: Response, @Headers(API_KEY_HEADER) headerKey?: string): void {
    this.respond(res, format, async (f) =>
      this.as(keyOf(query['api_key'], headerKey), async () => {
        this.checkJurisdiction(query['jurisdiction_id']);
        const q = once(query, ['start_date', 'end_date']);
        const start = q['start_date'] ? Date.parse(q['start_date']) : Date.now() - 86_400_000;
        const end = q['end_date'] ? Date.parse(q['end_date']) : undefined;
        if (Number.isNaN(start) || (end !== undefined && Number.isNaN(end))) throw new Open311Failure(400, 'start_date and end_date must be w3c date-times');
        const updates = await this.ticketing.send(TicketingRpc.caseUpdates, {
          since: new Date(start).toISOString(),
          ...(end !== undefined ? { until: new Date(end).toISOString() } : {}),
          limit: 1000,
        });
        // an uploaded photo is cited as photo:<id>: the client gets a signed URL it can open
        await Promise.all(updates.map(async (u) => (u.photoUrls = await Promise.all(u.photoUrls.map((url) => (url.startsWith('photo:') ? this.signedUrl(url.slice(6), res.req) : url))))));
        return renderList('updates', updates.map(toUpdate), f);
      }),
    );
  }

  /**
   * A citizen's update to her request, as FixMyStreet posts it (form-encoded or multipart, with
   * `service_request_id`, `description`, `status` OPEN or CLOSED, `first_name`/`last_name`,
   * `media` files or `media_url`): a public note on the case, in its timeline and in the update
   * feed. `status=OPEN` on a settled case is a reopen request for its operators. Answers the
   * note's `update_id`; the same `update_id_ext` sent again answers the first note's.
   */
  @Post('servicerequestupdates.:format')
  @UseInterceptors(AnyFilesInterceptor({ limits: { files: 9, fileSize: 5 * 1024 * 1024, fields: 200, fieldSize: 64 * 1024 } }))
  postUpdate(
    @Param('format') format: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFiles() files: Array<{ fieldname: string; size: number; buffer: Buffer }> | undefined,
  ): void {
    this.respond(res, format, async (f) =>
      this.posted(req, body, 'update', async (field) => {
        const id = field('service_request_id');
        if (!id) throw new Open311Failure(400, 'service_request_id was not provided');
        const description = field('description');
        if (!description) throw new Open311Failure(400, 'description was not provided');
        if ([...description].length > OPEN311_DESCRIPTION_MAX) throw new Open311Failure(400, `description is longer than ${OPEN311_DESCRIPTION_MAX} characters`);
        const status = field('status')?.toUpperCase();
        if (status !== undefined && status !== 'OPEN' && status !== 'CLOSED') throw new Open311Failure(400, 'status must be OPEN or CLOSED');
        const at = field('updated_datetime');
        if (at !== undefined && Number.isNaN(Date.parse(at))) throw new Open311Failure(400, 'updated_datetime must be a w3c date-time');
        if (!CASE_ID.test(id)) throw new Open311Failure(404, `service_request_id ${id} does not exist`);
        const c = await this.ticketing.send(TicketingRpc.caseGet, { id });
        const { photos } = await this.mediaOf(field('media_url'), files);
        const author = clip(reporterName(field('first_name'), field('last_name')), 50);
        const note = await this.ticketing.send(TicketingRpc.caseComment, {
          id: c.id,
          text: description,
          // the citizen says it is not settled: a reopen request for a case that is
          ...(status === 'OPEN' && SETTLED_CASE_STATES.includes(c.state) ? { reopenRequested: true } : {}),
          ...(author ? { author } : {}),
          ...(photos.length ? { photos } : {}),
          ...(field('update_id_ext') ? { externalId: clip(field('update_id_ext') ?? '', 100) } : {}),
        });
        return renderList('updates', [{ update_id: note.updateId }], f);
      }),
    );
  }

  /**
   * A posted form (`what`: a request or an update), checked as both take it: form-encoded or
   * multipart (else 400), `api_key` once, a served jurisdiction; then `fn` runs as the client
   * the key names, reading the form's text fields.
   */
  private posted<T>(req: Request, body: Record<string, unknown> | undefined, what: 'request' | 'update', fn: (field: (name: string) => string | undefined) => Promise<T>): Promise<T> {
    if (!req.is(POST_TYPES) || typeof body !== 'object' || body === null) {
      throw new Open311Failure(400, `the ${what} must be posted as application/x-www-form-urlencoded or multipart/form-data`);
    }
    const field = formField(body);
    if (Array.isArray(body['api_key'])) throw new Open311Failure(400, 'api_key was given more than once');
    this.checkJurisdiction(body['jurisdiction_id']);
    return this.as(keyOf(field('api_key'), req.headers[API_KEY_HEADER]), () => fn(field));
  }

  /**
   * The photos of a posted request or update: each `media` file through the photo store (size and
   * type checked by its bytes, re-encoded without EXIF) as the client, cited by id; a `media_url`
   * kept as a reference.
   */
  private async mediaOf(
    mediaUrl: string | undefined,
    files: Array<{ fieldname: string; size: number; buffer: Buffer }> | undefined,
  ): Promise<{ photos: Array<{ photoId: string } | { url: string }>; uploaded: number }> {
    if (mediaUrl && !/^https?:\/\/\S{1,490}$/i.test(mediaUrl)) throw new Open311Failure(400, 'media_url must be an http(s) URL of at most 500 characters');
    const media = (files ?? []).filter((file) => /^media(\[\d*\])?$/.test(file.fieldname));
    if (media.length > MAX_PHOTOS) throw new Open311Failure(400, `at most ${MAX_PHOTOS} media files`);
    const uploaded = [];
    for (const file of media) uploaded.push(await this.photos.upload({ buffer: file.buffer, size: file.size, field: file.fieldname }));
    return { photos: [...uploaded.map((p) => ({ photoId: p.id })), ...(mediaUrl ? [{ url: mediaUrl }] : [])], uploaded: uploaded.length };
  }

  /** Requests are created at once, so a token is the request id itself. */
  @Get('tokens/:token.:format')
  token(
    @Param('token') token: string,
    @Param('format') format: string,
    @Query('api_key') apiKey: string | string[] | undefined,
    @Res() res: Response,
    @Headers(API_KEY_HEADER) headerKey?: string,
  ): void {
    this.respond(res, format, async (f) =>
      this.as(keyOf(apiKey, headerKey), async () => {
        const c = await this.ticketing.send(TicketingRpc.caseGet, { id: token });
        return renderList('requests', [{ service_request_id: c.id, token }], f);
      }),
    );
  }

  /** Give each uploaded photo of `cases` (its `media_url`) a signed URL, absolute as Open311 clients expect. */
  private async signPhotos(cases: CaseView[], req: Request): Promise<void> {
    await Promise.all(
      cases.flatMap((c) =>
        c.photos.map(async (p) => {
          if (p.photoId && p.url.startsWith('photo:')) p.url = await this.signedUrl(p.photoId, req);
        }),
      ),
    );
  }

  /** A signed, expiring URL of an uploaded photo, absolute. */
  private async signedUrl(photoId: string, req: Request): Promise<string> {
    const url = (await this.photos.sign(photoId)).url;
    return url.startsWith('/') ? `${req.protocol}://${req.get('host') ?? 'localhost'}${url}` : url;
  }

  /**
   * Run `fn` on behalf of the API client whose Open311 API key `apiKey` is (issued under
   * `/api/v1/clients/{id}/api-keys`), exchanged with identity for the client's access token. The
   * token is cached per key for at most {@link API_KEY_TOKEN_CACHE_MS}, so a revoked key (or a
   * disabled client) is refused within that bound.
   */
  private async as<T>(apiKey: string | string[] | undefined, fn: () => Promise<T>): Promise<T> {
    if (Array.isArray(apiKey)) throw new Open311Failure(400, 'api_key was given more than once');
    if (!apiKey) throw new Open311Failure(401, 'api_key was not provided');
    // keyed by the key's hash, so that no key stays in the gateway's memory longer than its request
    const slot = createHash('sha256').update(apiKey).digest('base64url');
    const cached = this.tokens.get(slot);
    let token = cached && cached.expiresAt > Date.now() ? cached.token : undefined;
    if (!token) {
      const issued = await this.identity.send(IdentityRpc.apiKeyExchange, { key: apiKey }).catch((e: unknown) => {
        throw e instanceof ServiceError && ERROR_HTTP_STATUS[e.code] >= 500 ? e : new Open311Failure(401, 'api_key is not valid');
      });
      token = issued.access_token;
      if (this.tokens.size > 1000) this.tokens.clear();
      this.tokens.set(slot, { token, expiresAt: Date.now() + Math.min(API_KEY_TOKEN_CACHE_MS, (issued.expires_in - 10) * 1000) });
    }
    const bearer = `Bearer ${token}`;
    // the client's own token stands in for the api_key for the rest of the request
    return runInContext({ ...currentContext(), authorization: bearer }, fn);
  }

  private respond(res: Response, format: string, fn: (f: Open311Format) => Promise<{ body: string; contentType: string }>): void {
    const f: Open311Format = format === 'xml' ? 'xml' : 'json';
    const send = (status: number, out: { body: string; contentType: string }) => void res.status(status).type(out.contentType).send(out.body);
    if (format !== 'json' && format !== 'xml') {
      send(404, renderList('errors', [{ code: 404, description: `format ${format} is not supported; use json or xml` }], 'json'));
      return;
    }
    fn(f)
      .then((out) => send(res.req.method === 'POST' ? 201 : 200, out))
      .catch((raw: unknown) => {
        // a dependency of the gateway's own that is down is a 503 too
        const err = !(raw instanceof Open311Failure) && !(raw instanceof ServiceError) && isDependencyUnavailable(raw) ? dependencyUnavailable() : raw;
        const [status, description] =
          err instanceof Open311Failure
            ? [err.status, err.description]
            : err instanceof ServiceError
              ? [ERROR_HTTP_STATUS[err.code] === 500 ? 500 : ERROR_HTTP_STATUS[err.code], describe(err)]
              : [500, 'unexpected error'];
        if (status === 500) this.logger.error({ err: raw }, 'Open311 request failed');
        // when to come back (RFC 9110 §10.2.3): as the service says, or the time a restart takes
        const retryAfterS = err instanceof ServiceError ? err.retryAfterS : undefined;
        if (retryAfterS !== undefined || status === 503) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterS ?? UNAVAILABLE_RETRY_AFTER_S))));
        send(status, renderList('errors', [{ code: status, description }], f));
      });
  }
}

/** A single text field of a posted form (`undefined` when absent, empty or not text). */
function formField(body: Record<string, unknown>): (name: string) => string | undefined {
  return (name) => (typeof body[name] === 'string' && body[name] !== '' ? (body[name] as string) : undefined);
}

/** The name of a reporter who left a contact but no name. */
const UNNAMED_REPORTER = '未留名';

/** The key of a request: the `api_key` parameter or the `X-Api-Key` header (both, differing: 400). */
function keyOf(param: string | string[] | undefined, header: string | string[] | undefined): string | string[] | undefined {
  if (Array.isArray(header)) throw new Open311Failure(400, 'X-Api-Key was given more than once');
  if (header === undefined || header === '') return param;
  if (param !== undefined && param !== '' && param !== header) throw new Open311Failure(400, 'api_key and X-Api-Key name different keys');
  return header;
}

/** The parameters `names` of `query`, each given at most once (else a 400 naming it). */
function once(query: QueryParams, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const v = query[name];
    if (Array.isArray(v)) throw new Open311Failure(400, `${name} was given more than once`);
    out[name] = v;
  }
  return out;
}

function describe(err: ServiceError): string {
  const fields = err.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ');
  return fields ? `${err.detail} (${fields})` : err.detail;
}

function toService(c: CategoryView, byCode: Map<string, CategoryView>): Open311Service {
  const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.limitAmount ? `${c.name} (handled within ${c.limitAmount} ${c.limitUnit === TimeUnit.WorkingHours ? 'working hours' : 'working days'})` : c.name,
    metadata: false,
    type: 'realtime',
    keywords: [c.name, parent?.name].filter(Boolean).join(','),
    group: parent?.name ?? '',
  };
}

/** A case state as the updates extension names it. */
const UPDATE_STATUS: Readonly<Record<CaseState, string>> = {
  [CaseState.Reported]: 'open',
  [CaseState.Filed]: 'investigating',
  [CaseState.Rejected]: 'not_councils_responsibility',
  [CaseState.Dispatched]: 'action_scheduled',
  [CaseState.Accepted]: 'in_progress',
  [CaseState.Returned]: 'investigating',
  [CaseState.Handled]: 'in_progress',
  [CaseState.Closed]: 'fixed',
  [CaseState.Cancelled]: 'closed',
  [CaseState.Suspended]: 'action_scheduled',
  [CaseState.Merged]: 'duplicate',
};

function toUpdate(u: CaseUpdateView): Open311Update {
  const step = u.type.replace(/^citygrid\.case\./, '').replace(/\.v\d+$/, '');
  return {
    update_id: u.id,
    service_request_id: u.caseId,
    status: UPDATE_STATUS[u.stateAfter] ?? 'open',
    updated_datetime: u.at,
    description: [`${u.number}: ${step}`, u.reason].filter(Boolean).join(' — '),
    media_url: u.photoUrls[0] ?? '',
  };
}

function toRequest(c: CaseView, categories: Map<string, CategoryView>): Open311Request {
  const closed = SETTLED_CASE_STATES.includes(c.state);
  return {
    service_request_id: c.id,
    status: closed ? 'closed' : 'open',
    status_notes: [`${c.number}: ${c.state}`, c.reason].filter(Boolean).join(' — '),
    service_name: categories.get(c.categoryCode)?.name ?? c.categoryCode,
    service_code: c.categoryCode,
    description: c.description,
    agency_responsible: c.departmentCode ?? c.levelCode,
    service_notice: '',
    requested_datetime: c.createdAt,
    updated_datetime: c.updatedAt,
    expected_datetime: c.deadline ?? '',
    address: c.address,
    address_id: '',
    zipcode: '',
    lat: c.location.coordinates[1],
    long: c.location.coordinates[0],
    media_url: c.photos[0]?.url ?? '',
  };
}
