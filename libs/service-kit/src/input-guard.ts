import { FORBIDDEN_CONTROL_CHARACTERS, INPUT_LIMITS, UNPAIRED_SURROGATE, type FieldError } from '@citygrid/contracts';

/** At most this many problems are reported for one input: enough to fix it, too few to flood. */
const MAX_REPORTED = 20;

/** Why a string or key is refused: a forbidden control character or an unpaired surrogate, with its position. */
function badText(v: string): string | undefined {
  const control = v.search(FORBIDDEN_CONTROL_CHARACTERS);
  if (control >= 0) return `contains the control character ${codeUnit(v, control)} at position ${control}; only tab, CR and LF are allowed`;
  const surrogate = v.search(UNPAIRED_SURROGATE);
  if (surrogate >= 0) return `contains an unpaired surrogate ${codeUnit(v, surrogate)} at position ${surrogate}; text must be well-formed UTF-16`;
  return undefined;
}

const codeUnit = (v: string, i: number): string => `U+${v.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Checks untrusted input against `INPUT_LIMITS` before anything else looks at it: nesting depth,
 * array length, fields per object, and control characters and unpaired surrogates in every string
 * and key. It walks with an explicit stack, so a body of 100,000 nested arrays cannot overflow the
 * call stack the way the validators' and transformers' recursion would. Returns the problems
 * found, each naming its field (`''` root).
 */
export function inputViolations(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length && errors.length < MAX_REPORTED) {
    const { value: v, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof v === 'string') {
      const reason = badText(v);
      if (reason) errors.push({ field: path || 'body', reason });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= INPUT_LIMITS.maxDepth) {
      errors.push({ field: path || 'body', reason: `nests deeper than ${INPUT_LIMITS.maxDepth} levels of objects and arrays` });
      continue;
    }
    if (Array.isArray(v)) {
      if (v.length > INPUT_LIMITS.maxArrayLength) {
        errors.push({ field: path || 'body', reason: `has ${v.length} elements; at most ${INPUT_LIMITS.maxArrayLength} are allowed` });
        continue;
      }
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > INPUT_LIMITS.maxObjectKeys) {
      errors.push({ field: path || 'body', reason: `has ${entries.length} fields; at most ${INPUT_LIMITS.maxObjectKeys} are allowed` });
      continue;
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      const childPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_CONTROL_CHARACTERS.test(key) || UNPAIRED_SURROGATE.test(key)) {
        errors.push({
          field: JSON.stringify(key).slice(1, -1),
          reason: FORBIDDEN_CONTROL_CHARACTERS.test(key) ? 'field name contains a control character' : 'field name contains an unpaired surrogate',
        });
        continue;
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return errors;
}

/**
 * The first `max` characters of `text`, counted in code points as the validators' length limits
 * count them. `String.prototype.slice` counts UTF-16 units and can cut an emoji in half, leaving
 * an unpaired surrogate that the services then refuse.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n++ === max) break;
    out += ch;
  }
  return out;
}

/**
 * `text` with each unpaired surrogate replaced by U+FFFD, for text made here from someone else's
 * input: V8's JSON.parse error quotes the offending UTF-16 unit, half an emoji included.
 */
export function wellFormed(text: string): string {
  return text.replace(new RegExp(UNPAIRED_SURROGATE.source, 'g'), '\ufffd');
}
