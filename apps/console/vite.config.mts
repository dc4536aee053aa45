import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

/**
 * The console is a static single-page app: `nx build console` writes it to dist/apps/console, which
 * the gateway serves at `/`. `CONSOLE_TILE_URL` (optional, read at build time) adds a raster tile
 * layer under the grids; without it the map needs no tile server at all.
 */
export default defineConfig({
  root: here,
  base: '/',
  envPrefix: ['VITE_', 'CONSOLE_'],
  plugins: [react()],
  resolve: { alias: { '@citygrid/api-client': resolve(root, 'libs/api-client/src/index.ts') } },
  build: { outDir: resolve(root, 'dist/apps/console'), emptyOutDir: true, chunkSizeWarningLimit: 3000, sourcemap: false },
  server: {
    port: 4200,
    // `nx run console:serve`-style development against a running gateway
    proxy: Object.fromEntries(['/api', '/auth', '/oauth'].map((p) => [p, { target: 'http://localhost:3000', changeOrigin: false }])),
  },
});
