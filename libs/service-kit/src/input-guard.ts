import { FORBIDDEN_CONTROL_CHARACTERS, INPUT_LIMITS, type FieldError } from '@citygrid/contracts';

/** At most this many problems are reported for one input: enough to fix it, too few to flood. */
const MAX_REPORTED = 20;

/**
 * Checks untrusted input against `INPUT_LIMITS` before anything else looks at it: nesting depth,
 * array length, and control characters in every string and key. It walks with an explicit stack,
 * so a body of 100,000 nested arrays cannot overflow the call stack the way the validators' and
 * transformers' recursion would. Returns the problems found, each naming its field (`''` root).
 */
export function inputViolations(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length && errors.length < MAX_REPORTED) {
    const { value: v, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof v === 'string') {
      const i = v.search(FORBIDDEN_CONTROL_CHARACTERS);
      if (i >= 0) errors.push({ field: path || 'body', reason: `contains the control character U+${v.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')} at position ${i}; only tab, CR and LF are allowed` });
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
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      const childPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_CONTROL_CHARACTERS.test(key)) {
        errors.push({ field: JSON.stringify(key).slice(1, -1), reason: 'field name contains a control character' });
        continue;
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return errors;
}
