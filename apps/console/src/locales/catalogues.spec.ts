import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import en from './en.json';
import zhCN from './zh-CN.json';

/** Every key of a catalogue, plural forms (`_one`, `_other`) folded into their base key. */
function keys(tree: object, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = `${prefix}${k.replace(/_(one|other)$/, '')}`;
    if (v && typeof v === 'object') for (const sub of keys(v as object, `${key}.`)) out.add(sub);
    else out.add(key);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.spec.ts') ? [readFileSync(p, 'utf8')] : [];
  });
}

describe('the message catalogues', () => {
  const zh = keys(zhCN);
  it('say the same things in Chinese and English', () => {
    expect([...keys(en)].sort()).toEqual([...zh].sort());
  });

  it('hold every message the screens ask for by name', () => {
    const used = new Set(sources(join(__dirname, '..')).flatMap((text) => [...text.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !zh.has(k))).toEqual([]);
  });
});
