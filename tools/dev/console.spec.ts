import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { consoleBuildReason } from './console';

describe('npm start builds the console when it must', () => {
  let root: string;
  const file = (rel: string, at: number) => {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, 'x');
    utimesSync(p, at, at);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'console-build-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds a console never built, again after a source changed, and not when the build is newer', () => {
    expect(consoleBuildReason(root)).toBeNull(); // no console in this checkout: nothing to build
    file('apps/console/index.html', 1000);
    file('apps/console/src/App.tsx', 1000);
    expect(consoleBuildReason(root)).toBe('missing');
    file('dist/apps/console/index.html', 2000);
    expect(consoleBuildReason(root)).toBeNull();
    file('libs/api-client/src/schema.ts', 3000);
    expect(consoleBuildReason(root)).toBe('stale');
    file('dist/apps/console/index.html', 4000);
    file('apps/console/src/pages/MapPage.tsx', 5000);
    expect(consoleBuildReason(root)).toBe('stale');
  });
});
