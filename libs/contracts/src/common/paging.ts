import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

import { Optional } from './optional';

/** Paging of every list query: extend it, do not repeat it. */
export class PagingQuery {
  /** Offset; at most 2^53 - 1, the largest integer JSON numbers carry exactly (larger ones overflowed the database's bigint). */
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: Number.MAX_SAFE_INTEGER })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset?: number;

  /** Page size (max 500). */
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
