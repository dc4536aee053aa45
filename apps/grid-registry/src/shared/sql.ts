/** `s` with the LIKE wildcards (and the escape character) escaped, for a `like ... escape '\\'` pattern. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
