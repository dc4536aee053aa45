import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** The repository root (apps/gateway/src/console → ../../../..): relative `CONSOLE_DIR`s are taken from here. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/**
 * Paths the console never answers: the API, Open311, identity's public endpoints, the OpenAPI UI
 * and document, the probes and metrics. Anything else that a browser asks for as a page is a
 * client route of the console and gets its index.html.
 */
const RESERVED = /^\/(api|open311|auth|oauth|docs|docs-json|docs-yaml|health|metrics|\.well-known)(\/|$)/i;

export function consoleDir(configured: string): string {
  return isAbsolute(configured) ? configured : resolve(REPO_ROOT, configured);
}

/** Whether a request is a browser asking for a page of the console (not the API, not a file). */
export function isConsolePage(req: Pick<Request, 'method' | 'path' | 'headers'>): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (RESERVED.test(req.path)) return false;
  // only an explicit text/html: API clients (curl, SDKs, supertest) send none or JSON and keep their 404s
  return /\btext\/html\b/i.test(String(req.headers['accept'] ?? ''));
}

/**
 * Serve the built console (`nx build console` → dist/apps/console) at `/`: its files as they are
 * (hashed assets cached for a year, index.html never), and index.html for the console's client
 * routes. Without a build the gateway still starts, and `/` says how to make one.
 */
export function mountConsole(app: NestExpressApplication, configuredDir: string): void {
  const dir = consoleDir(configuredDir);
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.path !== '/' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        next();
        return;
      }
      res
        .status(404)
        .type('text/plain; charset=utf-8')
        .send(`The admin console is not built (no ${index}).\nBuild it with: npx nx build console   (npm start does this for you)\nThe API is at /api/v1, its documentation at /docs.\n`);
    });
    return;
  }
  app.use('/assets', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    next();
  });
  app.useStaticAssets(dir, { index: false, fallthrough: true, redirect: false, setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isConsolePage(req)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
