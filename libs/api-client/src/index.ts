import createClient, { type Client, type Middleware } from 'openapi-fetch';

import type { components, operations, paths } from './schema';

/**
 * A typed client of the CityGrid public API, generated from its OpenAPI document
 * (`npm run openapi` writes docs/openapi.json and `./schema.ts` from it; an e2e test fails when
 * they differ from what the gateway serves). Paths, parameters, bodies and answers are checked by
 * the TypeScript compiler: `client.POST('/api/v1/cases', { body })` takes a `CreateCaseDto` and
 * gives a `CaseView` or the problem of a 4xx.
 */
export type { components, operations, paths };

/** A schema of the document by name: `Schema<'CaseView'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The client: `GET`, `POST`, `PATCH`, `PUT`, `DELETE` by path, as openapi-fetch gives them. */
export type CityGridClient = Client<paths>;

/** Options of {@link createCityGridClient}. */
export interface CityGridClientOptions {
  /** Where the gateway is, e.g. `https://citygrid.example.org`. */
  baseUrl: string;
  /** The access token to send as `Authorization: Bearer`, or a function giving the current one (refreshed by the caller). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Another fetch (tests, a proxy agent); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

/** A client for one gateway, sending the caller's token on every request that has none of its own. */
export function createCityGridClient(opts: CityGridClientOptions): CityGridClient {
  const client = createClient<paths>({ baseUrl: opts.baseUrl.replace(/\/+$/, ''), fetch: opts.fetch });
  const token = opts.token;
  if (token !== undefined) {
    const auth: Middleware = {
      async onRequest({ request }) {
        if (request.headers.has('authorization')) return request;
        const value = typeof token === 'function' ? await token() : token;
        if (value) request.headers.set('authorization', `Bearer ${value}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

/**
 * Headers for a POST that may be retried after a timeout: the same `key` on every attempt, so the
 * gateway files it once and replays the first answer (`Idempotency-Key`, kept 24 h per caller).
 */
export function idempotent(key: string): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': key };
}

/** Headers for a change that must not overwrite someone else's: the `ETag` the caller last read (`If-Match`; a stale one is 412). */
export function ifMatch(etag: string): { 'If-Match': string } {
  return { 'If-Match': etag };
}
