import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The committed client types are what openapi-typescript makes of the committed document. */
describe('libs/api-client/src/schema.ts', () => {
  it('is generated from docs/openapi.json (run `npm run openapi` after changing the API)', () => {
    const root = resolve(__dirname, '../../..');
    const target = resolve(__dirname, 'schema.ts');
    const dir = mkdtempSync(join(tmpdir(), 'citygrid-client-'));
    try {
      // the CLI, as `npm run openapi` runs it and prettier's (both load ES modules, which jest's CommonJS runtime cannot)
      const cli = spawnSync(process.execPath, [resolve(root, 'node_modules/openapi-typescript/bin/cli.js'), resolve(root, 'docs/openapi.json'), '-o', join(dir, 'schema.ts')], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(cli.status).toBe(0);
      const formatted = spawnSync(process.execPath, [resolve(root, 'node_modules/prettier/bin/prettier.cjs'), '--stdin-filepath', target], {
        cwd: root,
        encoding: 'utf8',
        input: readFileSync(join(dir, 'schema.ts'), 'utf8'),
      });
      expect(formatted.status).toBe(0);
      const generated = formatted.stdout;
      expect(readFileSync(target, 'utf8')).toBe(generated);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
