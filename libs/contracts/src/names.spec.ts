import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.ts` file under `dir`, specs left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('contract names', () => {
  it('gives every exported class its own name: the OpenAPI document names its schemas by class, so two of a name would merge into one', () => {
    const seen = new Map<string, string[]>();
    for (const file of sources(__dirname)) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/^export (?:abstract )?class ([A-Za-z0-9_]+)/gm)) {
        seen.set(name!, [...(seen.get(name!) ?? []), file.slice(__dirname.length + 1)]);
      }
    }
    expect([...seen].filter(([, files]) => files.length > 1)).toEqual([]);
    expect(seen.size).toBeGreaterThan(100);
  });
});
