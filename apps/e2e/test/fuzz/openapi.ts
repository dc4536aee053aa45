/**
 * The operations the fuzz exercises: every operation of the gateway's OpenAPI document, plus
 * Open311 GeoReport v2, which the document leaves out (it has its own specification) and is
 * described here by hand.
 */

/** The subset of JSON Schema the gateway's document uses. */
export interface JsonSchema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  enum?: ReadonlyArray<string | number>;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  allOf?: readonly JsonSchema[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
}

/** The parts of an OpenAPI 3 document the fuzz reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A parameter of an operation, its schema resolved. */
export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One operation to fuzz. */
export interface Operation {
  /** `METHOD template`, e.g. `POST /api/v1/nodes/{code}/retire`: what `FUZZ_ONLY` matches. */
  key: string;
  method: HttpMethod;
  /** Path template with `{name}` parameters. */
  template: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The request body, when the operation takes one. */
  body?: { contentTypes: string[]; schema: JsonSchema };
  /** How errors look: RFC 9457 problems, RFC 6749 token errors, or Open311's error list. */
  errorFormat: 'problem' | 'oauth' | 'open311';
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Resolves `$ref` and single-element `allOf` against the document's components, recursively. */
export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema | undefined, seen: ReadonlySet<string> = new Set()): JsonSchema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return {};
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved schema reference ${schema.$ref}`);
    return resolveSchema(doc, target, new Set([...seen, name]));
  }
  if (schema.allOf?.length === 1) {
    const { allOf, ...rest } = schema;
    return { ...rest, ...resolveSchema(doc, allOf[0], seen) };
  }
  const out: JsonSchema = { ...schema };
  if (schema.items) out.items = resolveSchema(doc, schema.items, seen);
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolveSchema(doc, v, seen)]));
  return out;
}

/** Every operation of the document, in document order. */
export function documentOperations(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase() as HttpMethod;
      if (!METHODS.includes(method)) continue;
      const params = (op.parameters ?? []).map((p) => ({ in: p.in, param: { name: p.name, required: p.required === true, schema: resolveSchema(doc, p.schema) } }));
      const content = op.requestBody?.content;
      const first = content ? Object.values(content)[0] : undefined;
      out.push({
        key: `${method} ${template}`,
        method,
        template,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.param),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.param),
        ...(content && first ? { body: { contentTypes: Object.keys(content), schema: resolveSchema(doc, first.schema) } } : {}),
        errorFormat: template === '/oauth/token' ? 'oauth' : 'problem',
      });
    }
  }
  return out;
}

const str = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
const format: Parameter = { name: 'format', required: true, schema: str({ enum: ['json', 'xml'] }) };
const apiKey: Parameter = { name: 'api_key', required: true, schema: str() };

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as the gateway serves it under
 * `/open311/v2`: not in the OpenAPI document, so described here. The format is part of the path
 * (`requests.json`); `POST requests` takes a form-encoded body that carries the `api_key`.
 */
export const OPEN311_OPERATIONS: readonly Operation[] = [
  { key: 'GET /open311/v2/discovery.{format}', method: 'GET', template: '/open311/v2/discovery.{format}', pathParams: [format], queryParams: [], errorFormat: 'open311' },
  { key: 'GET /open311/v2/services.{format}', method: 'GET', template: '/open311/v2/services.{format}', pathParams: [format], queryParams: [apiKey], errorFormat: 'open311' },
  {
    key: 'GET /open311/v2/services/{service_code}.{format}',
    method: 'GET',
    template: '/open311/v2/services/{service_code}.{format}',
    pathParams: [{ name: 'service_code', required: true, schema: str() }, format],
    queryParams: [apiKey],
    errorFormat: 'open311',
  },
  {
    key: 'POST /open311/v2/requests.{format}',
    method: 'POST',
    template: '/open311/v2/requests.{format}',
    pathParams: [format],
    queryParams: [],
    body: {
      contentTypes: ['application/x-www-form-urlencoded'],
      schema: {
        type: 'object',
        required: ['api_key', 'service_code', 'lat', 'long', 'description'],
        properties: {
          api_key: str(),
          service_code: str(),
          lat: str({ format: 'number' }),
          long: str({ format: 'number' }),
          address_string: str(),
          description: str({ maxLength: 4000 }),
          first_name: str(),
          last_name: str(),
          email: str(),
          phone: str(),
          media_url: str(),
          device_id: str(),
          account_id: str(),
        },
      },
    },
    errorFormat: 'open311',
  },
  {
    key: 'GET /open311/v2/requests.{format}',
    method: 'GET',
    template: '/open311/v2/requests.{format}',
    pathParams: [format],
    queryParams: [
      apiKey,
      { name: 'service_request_id', required: false, schema: str() },
      { name: 'service_code', required: false, schema: str() },
      { name: 'start_date', required: false, schema: str({ format: 'date-time' }) },
      { name: 'end_date', required: false, schema: str({ format: 'date-time' }) },
      { name: 'status', required: false, schema: str({ enum: ['open', 'closed', 'open,closed'] }) },
    ],
    errorFormat: 'open311',
  },
  {
    key: 'GET /open311/v2/requests/{service_request_id}.{format}',
    method: 'GET',
    template: '/open311/v2/requests/{service_request_id}.{format}',
    pathParams: [{ name: 'service_request_id', required: true, schema: str({ format: 'uuid' }) }, format],
    queryParams: [apiKey],
    errorFormat: 'open311',
  },
  {
    key: 'GET /open311/v2/tokens/{token}.{format}',
    method: 'GET',
    template: '/open311/v2/tokens/{token}.{format}',
    pathParams: [{ name: 'token', required: true, schema: str({ format: 'uuid' }) }, format],
    queryParams: [apiKey],
    errorFormat: 'open311',
  },
];
