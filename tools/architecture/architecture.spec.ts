/**
 * The shape of the code, checked: what a newcomer copies must be the one way of doing it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === 'node_modules') continue;
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (entry.endsWith('.ts') && !entry.endsWith('.spec.ts') && !entry.endsWith('-spec.ts')) out.push(full);
  }
  return out;
}

const rel = (f: string): string => path.relative(ROOT, f);
const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^import [^;]*? from '([^']+)';/gms)].map((m) => m[1]!);

describe('architecture', () => {
  const apps = readdirSync(path.join(ROOT, 'apps')).filter((a) => statSync(path.join(ROOT, 'apps', a, 'src'), { throwIfNoEntry: false })?.isDirectory() === true);

  it('keeps committed migrations frozen: they import nothing of ours, so a library change never rewrites them', () => {
    const offenders: string[] = [];
    for (const app of apps) {
      const dir = path.join(ROOT, 'apps', app, 'src', 'migrations');
      let files: string[] = [];
      try {
        files = sourceFiles(dir);
      } catch {
        continue;
      }
      for (const f of files) for (const spec of importsOf(f)) if (spec !== '@mikro-orm/migrations') offenders.push(`${rel(f)} imports ${spec}`);
    }
    expect(offenders).toEqual([]);
  });

  it('asks other services only through the one RPC client', () => {
    const offenders: string[] = [];
    for (const base of ['apps', 'libs']) {
      for (const f of sourceFiles(path.join(ROOT, base))) {
        if (f.includes(`${path.sep}test${path.sep}`) || rel(f) === path.join('libs', 'service-kit', 'src', 'rpc-client.ts')) continue;
        const text = readFileSync(f, 'utf8');
        // Nest's own clients, by their names as whole words (an app's `ApiClientsModule` is none of them).
        if (/\.request\(\s*(rpcSubject|subject|pattern)/.test(text) || /\b(ClientProxy|ClientsModule|NatsRecordBuilder)\b/.test(text)) offenders.push(rel(f));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('layers the libraries bottom-up: contracts, then messaging, auth, service-kit, persistence; nothing imports upward', () => {
    const order = ['contracts', 'pii', 'geo', 'messaging', 'auth', 'service-kit', 'persistence'];
    const offenders: string[] = [];
    for (const lib of order) {
      for (const f of sourceFiles(path.join(ROOT, 'libs', lib, 'src'))) {
        for (const spec of importsOf(f)) {
          const m = /^@citygrid\/([a-z-]+)/.exec(spec);
          if (!m || m[1] === lib) continue;
          const target = order.indexOf(m[1]!);
          if (target === -1 || target > order.indexOf(lib) || ((lib === 'pii' || lib === 'geo') && m[1] !== 'contracts') || (lib === 'messaging' && (m[1] === 'pii' || m[1] === 'geo')))
            offenders.push(`${rel(f)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('gives every feature folder that answers requests a Nest module of its own (folder = module)', () => {
    const missing: string[] = [];
    for (const app of apps) {
      const src = path.join(ROOT, 'apps', app, 'src');
      for (const folder of readdirSync(src)) {
        if (!statSync(path.join(src, folder)).isDirectory()) continue;
        const files = readdirSync(path.join(src, folder));
        if (files.some((f) => f.endsWith('.rpc.controller.ts')) && !files.includes(`${folder}.module.ts`)) missing.push(`apps/${app}/src/${folder}/${folder}.module.ts`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no import cycle between the feature folders of an app', () => {
    const cycles: string[] = [];
    for (const app of apps) {
      const src = path.join(ROOT, 'apps', app, 'src');
      const graph = new Map<string, Set<string>>();
      for (const f of sourceFiles(src)) {
        const from = path.relative(src, f).split(path.sep)[0]!;
        if (from.endsWith('.ts')) continue; // files at the root compose the app
        for (const spec of importsOf(f)) {
          if (!spec.startsWith('.')) continue;
          const to = path.relative(src, path.resolve(path.dirname(f), spec)).split(path.sep)[0]!;
          if (to === from || to.startsWith('..') || !statSync(path.join(src, to), { throwIfNoEntry: false })?.isDirectory()) continue;
          if (!graph.has(from)) graph.set(from, new Set());
          graph.get(from)!.add(to);
        }
      }
      const state = new Map<string, 'open' | 'done'>();
      const visit = (node: string, trail: string[]): void => {
        if (state.get(node) === 'done') return;
        if (state.get(node) === 'open') {
          cycles.push(`${app}: ${[...trail.slice(trail.indexOf(node)), node].join(' → ')}`);
          return;
        }
        state.set(node, 'open');
        for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
        state.set(node, 'done');
      };
      for (const node of graph.keys()) visit(node, []);
    }
    expect(cycles).toEqual([]);
  });
});
