import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { ProblemView } from './shared/http';

/** The OpenAPI document of the public API. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CityGrid API')
    .setDescription(
      'Public API of CityGrid, the grid-management platform (网格化管理): the five-level tree (city → district → subdistrict → community → grid), ' +
        'point lookup, staff, linked departments, places and bulk imports. Errors are RFC 9457 problem+json. Coordinates are GeoJSON [lng, lat] in WGS-84.',
    )
    .setVersion('1')
    .addServer('/', 'This deployment (the gateway that serves this document)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login (staff) or /oauth/token (API clients).' })
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'OAuth 2.0 client credentials for other city systems; each operation names the scope it needs.',
        flows: {
          clientCredentials: {
            tokenUrl: '/oauth/token',
            scopes: {
              'registry:read': 'Read the registry',
              'registry:write': 'Change the registry',
              'cases:read': 'Read cases, categories, the calendar and the reports',
              'cases:write': 'Report cases',
            },
          },
        },
      },
      'clientCredentials',
    )
    .build();
  return finish(SwaggerModule.createDocument(app, config, { extraModels: [ProblemView] }));
}

type Schema = Record<string, unknown>;

/**
 * What the decorators cannot say, so that generated clients read the document as meant (and
 * `@redocly/cli lint` with its recommended rules finds nothing wrong):
 * - an operation that needs no token (logging in, the token endpoint, the key set) says so with
 *   `security: []`, not by saying nothing;
 * - a nullable enum property (`allOf` of a `$ref` and `nullable`) carries its enum's `type` beside
 *   `nullable`, as OpenAPI 3.0 requires.
 */
export function finish(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const typeOf = (ref: unknown): unknown => (typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')]?.['type'] : undefined);
  for (const schema of Object.values(schemas)) {
    for (const property of Object.values((schema['properties'] ?? {}) as Record<string, Schema>)) {
      const allOf = property['allOf'] as Array<{ $ref?: string }> | undefined;
      if (property['nullable'] === true && property['type'] === undefined && allOf?.length === 1) {
        const type = typeOf(allOf[0]?.$ref);
        if (type) property['type'] = type;
      }
    }
  }
  return doc;
}

/** Serve the UI at `/docs` and the document at `/docs-json`. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
