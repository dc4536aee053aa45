import { NODE_CODE_PATTERN } from '@citygrid/contracts/grid-registry';
import { flattenValidationErrors, ServiceError } from '@citygrid/service-kit';
import { applyDecorators, Injectable, ParseUUIDPipe, type PipeTransform, type Type, ValidationPipe } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

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
  503: 'A service behind the gateway did not answer.',
};

/** Document problem+json responses. */
export function ApiProblems(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...[...statuses, 503].map((status) =>
      ApiResponse({ status, description: PROBLEM_TEXT[status] ?? 'Problem', content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) } } } }),
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

/** Validation of bodies and queries: unknown fields are refused, every bad field is named. */
export function httpValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => ServiceError.validation(flattenValidationErrors(errors)),
  });
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
