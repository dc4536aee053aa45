import { createHash } from 'node:crypto';

/**
 * The variables the personal-data keys are read from: the service's validated config (e.g.
 * grid-registry's `piiEnvOf(env)`), never `process.env` by itself.
 */
export interface PiiEnv {
  NODE_ENV?: string;
  PII_KEYS?: string;
  PII_INDEX_KEY?: string;
}

/** True when the process runs in production, where local-dev default keys are refused. */
export function isProduction(env: PiiEnv): boolean {
  return env.NODE_ENV === 'production';
}

/**
 * A fixed, public, derived key for local runs and tests only. Its name says so, and production
 * refuses it: data encrypted with it is as good as plain text.
 */
export function localDevKey(label: string): Buffer {
  return createHash('sha256').update(`citygrid-local-dev-INSECURE-${label}`).digest();
}

/**
 * Decode a 32-byte key given as hex (64 characters) or base64/base64url. Anything else is refused,
 * naming `variable` but never echoing the value.
 */
export function decodeKey(text: string, variable: string, minBytes = 32): Buffer {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64,}$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < minBytes) throw new Error(`${variable}: a key must be at least ${minBytes} bytes (hex or base64)`);
  return bytes;
}
