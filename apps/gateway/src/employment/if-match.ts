import { ServiceError } from '@citygrid/service-kit';

/**
 * The version an `If-Match` header names (`"3"`, as the `ETag` of the answer read), or undefined
 * without the header. Anything else is a 400 naming the header.
 */
export function versionOfIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw ServiceError.validation([{ field: 'If-Match', reason: 'must be the ETag of the record read, e.g. "3"' }]);
  return Number(m[1]);
}
