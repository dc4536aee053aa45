/**
 * Limits on untrusted input, the same at the gateway and in every service (a request straight
 * over NATS is judged like one through the gateway). Each refusal is a 400 naming the field and
 * the limit.
 */
export const INPUT_LIMITS = {
  /** Deepest nesting of objects and arrays in a body or payload (a MultiPolygon boundary needs 6). */
  maxDepth: 20,
  /** Most elements in any one array. */
  maxArrayLength: 10_000,
  /**
   * Most fields in any one object. No request has more than a few dozen; the class-transformer
   * step every DTO goes through is quadratic in the number of keys (100,000 keys take 20 s).
   */
  maxObjectKeys: 1_000,
  /**
   * Most positions in one boundary (all rings of all polygons together). The self-intersection
   * check is quadratic in the ring size: 5,000 positions take about 0.4 s on a 2-core server.
   */
  maxBoundaryPositions: 5_000,
} as const;

/**
 * Control characters refused in every string: C0 controls and DEL, except tab, line feed and
 * carriage return (which CSV files and multi-line notes carry). PostgreSQL cannot store U+0000 at
 * all; the others only ever arrive by mistake or as an attack on logs and exports.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const FORBIDDEN_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * A UTF-16 surrogate without its other half: not a character, cannot be written as UTF-8, and
 * PostgreSQL refuses the `\ud800` escape JSON gives it in a `jsonb` column (an event, an audit
 * entry). JSON can carry one (`"\ud800"`), so input must be checked for it.
 */
export const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
