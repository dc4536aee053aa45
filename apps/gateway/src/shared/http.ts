import { CLIENT_ACCESS, type RpcPattern } from '@citygrid/contracts';
import { NODE_CODE_PATTERN } from '@citygrid/contracts/grid-registry';
import { flattenValidationErrors, inputViolations, ServiceError } from '@citygrid/service-kit';
import { applyDecorators, type ArgumentMetadata, Injectable, ParseUUIDPipe, type PipeTransform, type Type, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiExtraModels, ApiOAuth2, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** RFC 9457 problem document, as documented in OpenAPI. */
export class ProblemView {
  /** Problem type URI (`https://citygrid.dev/problems/<code>`). */
  @ApiProperty({ example: 'https://citygrid.dev/problems/validation-failed' }) type!: string;
  /** Short summary. */
  @ApiProperty({ example: 'Validation failed' }) title!: string;
  /** HTTP status. */
  @ApiProperty({ example: 400 }) status!: number;
  /** What went wrong here. */
  @ApiProperty() detail!: string;
  /** The request path. */
  @ApiProperty() instance!: string;
  /** Request id to quote to an operator. */
  @ApiPropertyOptional() requestId?: string;
  /** Field-level reasons. */
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' }, line: { type: 'integer' } } } })
  errors?: Array<{ field: string; reason: string; line?: number }>;
}

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid input: `errors` names each field and reason.',
  404: 'Not found.',
  409: 'Conflicts with current state (e.g. duplicate code).',
  413: 'Payload too large.',
  422: 'Well-formed but impossible (e.g. unknown parent, location outside every grid).',
  503: 'A service, the message bus or a database behind the gateway is unavailable; `Retry-After` says in how many seconds to try again (repeat a write with the same `Idempotency-Key`).',
};

/** Document problem+json responses. */
export function ApiProblems(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...[...statuses, 503].map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_TEXT[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) } } },
        ...(status === 503 ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } } } : {}),
      }),
    ),
  );
}

/** Document a paged list of `model`. */
export function ApiPage(model: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['items', 'total', 'offset', 'limit'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          total: { type: 'integer' },
          offset: { type: 'integer' },
          limit: { type: 'integer' },
        },
      },
    }),
  );
}

/**
 * Validation of bodies, queries and path parameters. First the input limits every service
 * applies (`inputViolations`: depth, array length, control characters), which walk without
 * recursion so that no input can exhaust the stack; then the DTO: unknown fields are refused and
 * every bad field is named.
 */
@Injectable()
export class HttpInputPipe implements PipeTransform {
  private readonly validation = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => ServiceError.validation(flattenValidationErrors(errors)),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const limits = inputViolations(value, metadata.type === 'body' || (metadata.type === 'query' && !metadata.data) ? '' : (metadata.data ?? ''));
    if (limits.length) throw ServiceError.validation(limits, 'The request breaks an input limit: `errors` names each field and the limit.');
    return this.validation.transform(value, metadata);
  }
}

/** A node code in the path. */
@Injectable()
export class ParseNodeCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!NODE_CODE_PATTERN.test(value)) throw ServiceError.validation([{ field: 'code', reason: 'must be a node code (6, 9, 12, 14 or 16 digits)' }]);
    return value;
  }
}

/** A UUID in the path. */
export const parseId = new ParseUUIDPipe({ exceptionFactory: () => ServiceError.validation([{ field: 'id', reason: 'must be a UUID' }]) });

/**
 * The RPC operation a handler forwards to. It documents in OpenAPI who may call it: staff with a
 * bearer token (their role and node scope decide), and API clients holding the OAuth scope that
 * `CLIENT_ACCESS` in `@citygrid/contracts` names for the operation (the service enforces it).
 */
export function Calls(pattern: RpcPattern): MethodDecorator {
  const access = CLIENT_ACCESS[pattern];
  return applyDecorators(
    ApiBearerAuth(),
    // OpenAPI lists alternatives as separate requirements: any one of the scopes will do.
    ...(access === 'staff-only' ? [] : access.map((scope) => ApiOAuth2([scope], 'clientCredentials'))),
    ApiExtension('x-citygrid-client-access', access === 'staff-only' ? 'staff only: API clients may not call this operation' : `API clients need the OAuth scope ${access.join(' or ')}`),
  );
}
