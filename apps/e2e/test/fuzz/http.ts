/**
 * Raw HTTP for the fuzz: requests go out byte for byte as generated (no client normalises the
 * path, re-encodes the query or refuses a body), and each answer is judged against the error
 * format its operation promises.
 */
import { Agent, request as httpRequest } from 'node:http';

import { XMLParser } from 'fast-xml-parser';

import type { Operation } from './openapi';

/** One generated request. */
export interface FuzzRequest {
  method: string;
  /** Percent-encoded path, without the query. */
  path: string;
  /** Percent-encoded query string without `?`; empty for none. */
  query: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What the generator did, for the report (`valid`, `body.name ← "\u0000"`, …). */
  note: string;
}

/** An answer. */
export interface FuzzResponse {
  status: number;
  contentType: string;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/**
 * Send `req` to `baseUrl` exactly as generated. A server-sent-events answer (the live KPI feed)
 * stays open: it is read up to its first event (or for 3 s) and then closed, the text read so far
 * standing for its body.
 */
export function send(baseUrl: string, req: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.query ? `${req.path}?${req.query}` : req.path,
        headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        const contentType = String(res.headers['content-type'] ?? '');
        const answer = (): FuzzResponse => ({ status: res.statusCode ?? 0, contentType, text: Buffer.concat(chunks).toString('utf8') });
        if (/^text\/event-stream/.test(contentType)) {
          const stop = (): void => {
            clearTimeout(timer);
            resolve(answer());
            r.destroy();
          };
          const timer = setTimeout(stop, 3000);
          res.on('data', (c: Buffer) => {
            chunks.push(c);
            if (/event: [a-z]+\ndata: .*\n\n/.test(Buffer.concat(chunks).toString('utf8'))) stop();
          });
          res.on('end', stop);
          res.on('error', () => undefined);
          return;
        }
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(answer()));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Close the kept-alive sockets. */
export function closeConnections(): void {
  agent.destroy();
}

/** RFC 6749 §5.2 error codes. */
const OAUTH_ERRORS = ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'temporarily_unavailable'];

const xml = new XMLParser({ parseTagValue: false });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What is wrong with a 4xx answer to `op`, or `undefined` when it is in the promised format:
 * problem+json with `type`, `title` and `status` on the API; `{ error, error_description }`
 * (RFC 6749 §5.2) from the token endpoint; Open311's list of `{ code, description }` under
 * `/open311`, in JSON or XML as the path asks.
 */
export function errorFormatViolation(op: Operation, req: FuzzRequest, res: FuzzResponse): string | undefined {
  if (op.errorFormat === 'oauth') {
    if (!/^application\/json/.test(res.contentType)) return `content-type ${res.contentType || '(none)'}, not application/json (RFC 6749 §5.2)`;
    const body = parseJson(res.text);
    if (!isRecord(body) || typeof body['error'] !== 'string' || !OAUTH_ERRORS.includes(body['error'])) return 'body is not an RFC 6749 error ({ error, error_description })';
    if (body['error_description'] !== undefined && typeof body['error_description'] !== 'string') return 'error_description is not a string';
    return undefined;
  }
  if (op.errorFormat === 'open311') {
    // The format is the path's extension; one the gateway does not know is answered in JSON.
    if (/\.xml$/.test(req.path)) {
      if (!/^text\/xml/.test(res.contentType)) return `content-type ${res.contentType || '(none)'}, not text/xml for a .xml path`;
      const doc = (() => {
        try {
          return xml.parse(res.text) as unknown;
        } catch {
          return undefined;
        }
      })();
      const error = isRecord(doc) && isRecord(doc['errors']) ? doc['errors']['error'] : undefined;
      const first = Array.isArray(error) ? (error[0] as unknown) : error;
      if (!isRecord(first) || String(first['code']) !== String(res.status) || typeof first['description'] !== 'string')
        return 'body is not an Open311 <errors><error><code/><description/></error></errors> list';
      return undefined;
    }
    if (!/^application\/json/.test(res.contentType)) return `content-type ${res.contentType || '(none)'}, not application/json`;
    const body = parseJson(res.text);
    if (!Array.isArray(body) || body.length === 0) return 'body is not an Open311 error list';
    for (const e of body as unknown[]) {
      if (!isRecord(e) || e['code'] !== res.status || typeof e['description'] !== 'string') return 'an Open311 error is not { code: <status>, description }';
    }
    return undefined;
  }
  if (!/^application\/problem\+json/.test(res.contentType)) return `content-type ${res.contentType || '(none)'}, not application/problem+json`;
  const body = parseJson(res.text);
  if (!isRecord(body)) return 'body is not a JSON object';
  // CityGrid's problem types all live under one base; a title is words, not an enum constant.
  if (
    typeof body['type'] !== 'string' ||
    !body['type'].startsWith('https://citygrid.dev/problems/') ||
    typeof body['title'] !== 'string' ||
    /^[A-Z_]*$/.test(body['title']) ||
    body['status'] !== res.status
  ) {
    return `problem lacks a CityGrid type, a title or the status: ${res.text.slice(0, 200)}`;
  }
  return undefined;
}

/** The problem type of a problem+json answer (or the Open311/OAuth description), for coverage. */
export function problemType(res: FuzzResponse): string | undefined {
  const body = parseJson(res.text);
  return isRecord(body) && typeof body['type'] === 'string' ? body['type'] : undefined;
}
