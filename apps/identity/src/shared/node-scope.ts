/**
 * Node-code containment for accounts. Codes are hierarchical (a child's code starts with its
 * parent's) except a district under its city, which shares only the first four digits (GB/T 2260:
 * city 410100, district 410102). So a city's subtree is every code starting with its first four
 * digits.
 */
export function scopePrefix(scope: string): string {
  return /^\d{4}00$/.test(scope) ? scope.slice(0, 4) : scope;
}

/** True when node `target` lies in the subtree of `scope` (itself included). */
export function nodeWithin(scope: string, target: string): boolean {
  return target.startsWith(scopePrefix(scope));
}
