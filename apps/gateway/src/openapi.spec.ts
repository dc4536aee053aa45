import type { OpenAPIObject } from '@nestjs/swagger';

import { finish } from './openapi';

const doc = (paths: OpenAPIObject['paths']): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas: {} } });

describe('the OpenAPI document', () => {
  it('refuses two operations of one operation id (a generated client would have one method for both)', () => {
    const twice = doc({
      '/api/v1/relocation/projects/{id}/progress': { get: { operationId: 'getRelocationProgress', responses: {} } },
      '/api/v1/reports/relocation': { get: { operationId: 'getRelocationProgress', responses: {} } },
    });
    expect(() => finish(twice)).toThrow('operation id getRelocationProgress is both GET /api/v1/relocation/projects/{id}/progress and GET /api/v1/reports/relocation');
  });

  it('marks an operation without security as needing no token', () => {
    const out = finish(doc({ '/auth/login': { post: { operationId: 'login', responses: {} } } }));
    expect(out.paths['/auth/login']?.post?.security).toEqual([]);
  });
});
