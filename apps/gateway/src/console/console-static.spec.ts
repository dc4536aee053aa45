import { isConsolePage } from './console-static';

const page = (path: string, accept = 'text/html,application/xhtml+xml', method = 'GET') => isConsolePage({ method, path, headers: { accept } });

describe('which requests the console answers', () => {
  it('answers a browser asking for a page of its own: the root and client routes', () => {
    expect(page('/')).toBe(true);
    expect(page('/cases/123')).toBe(true);
    expect(page('/reports', 'text/html', 'HEAD')).toBe(true);
  });

  it('leaves the API, Open311, identity, the docs, the probes and metrics alone, and every non-page request', () => {
    for (const path of [
      '/api/v1/cases',
      '/api',
      '/open311/v2/services.json',
      '/auth/login',
      '/oauth/token',
      '/docs',
      '/docs-json',
      '/docs-yaml',
      '/health/ready',
      '/metrics',
      '/.well-known/jwks.json',
      '/API/v1/x',
    ]) {
      expect(page(path)).toBe(false);
    }
    expect(page('/cases', 'application/json')).toBe(false);
    expect(page('/cases', '')).toBe(false);
    expect(page('/cases', 'text/html', 'POST')).toBe(false);
  });
});
