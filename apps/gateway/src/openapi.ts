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
  return SwaggerModule.createDocument(app, config, { extraModels: [ProblemView] });
}

/** Serve the UI at `/docs` and the document at `/docs-json`. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
