import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsUUID, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { SERVICE_CENTRES } from './centres';
import type { ServiceCentre } from './events';

/** `POST /api/v1/community-services/request-types`: a type of request a centre takes, for the centres of a node's area. */
export class CreateRequestTypeDto {
  /** The centre it belongs to. */
  @ApiProperty({ enum: SERVICE_CENTRES, example: 'property' })
  @IsIn(SERVICE_CENTRES)
  centre!: ServiceCentre;

  /** Code, unique within the centre: lower case letters, digits, `-` and `_`. */
  @ApiProperty({ example: 'elevator', pattern: '^[a-z][a-z0-9_-]{1,49}$' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{1,49}$/, { message: 'code must be 2-50 lower case letters, digits, - or _, starting with a letter' })
  code!: string;

  /** Name, e.g. `电梯维修`. */
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  /** What it covers. */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  /** Time limit in hours from intake (the request's `dueAt`); left out, no limit. */
  @ApiPropertyOptional({ minimum: 1, maximum: 8760, type: Number })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8760)
  timeLimitHours?: number;

  /** Whether the resident's satisfaction must be given when closing (default true). */
  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  asksSatisfaction?: boolean;

  /** The subdistrict or community whose centres use it (in the caller's area); left out, city-wide (system administrator and city operators only). */
  @ApiPropertyOptional({ example: '410102005' })
  @Optional()
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode?: string;
}

/** `PATCH /api/v1/community-services/request-types/{id}`: only the fields given change. */
export class UpdateRequestTypeDto {
  /** New name. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** New description. */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  /** New time limit in hours (applies to requests taken from now on). */
  @ApiPropertyOptional({ minimum: 1, maximum: 8760, type: Number })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8760)
  timeLimitHours?: number;

  /** Whether satisfaction is asked at closing. */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  asksSatisfaction?: boolean;

  /** Retire it (no new request of this type) or bring it back. */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  retired?: boolean;
}

/** RPC payload of a request type update. */
export class UpdateRequestTypeRequest extends UpdateRequestTypeDto {
  /** Request type id. */
  @IsUUID()
  id!: string;
}

/** Filters of the catalogue. */
export class ListRequestTypesQuery {
  /** Only this centre's types. */
  @ApiPropertyOptional({ enum: SERVICE_CENTRES })
  @Optional()
  @IsIn(SERVICE_CENTRES)
  centre?: ServiceCentre;
}

/** A type of request of a centre's catalogue. */
export class RequestTypeView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Centre. */
  @ApiProperty({ enum: SERVICE_CENTRES }) centre!: ServiceCentre;
  /** Code, unique within the centre and node. */
  @ApiProperty() code!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Description, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  /** Time limit in hours, or null (no limit). */
  @ApiPropertyOptional({ nullable: true, type: Number }) timeLimitHours!: number | null;
  /** Satisfaction is required when closing. */
  @ApiProperty() asksSatisfaction!: boolean;
  /** Node whose centres use it, or null (city-wide, seeded). */
  @ApiPropertyOptional({ nullable: true, type: String }) nodeCode!: string | null;
  /** Codes from the city down to `nodeCode` (empty for city-wide). */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Retired: takes no new request. */
  @ApiProperty() retired!: boolean;
}

/** Payload of `citygrid.service-request-type.changed.v1`. */
export interface ServiceRequestTypeChangedV1 {
  id: string;
  change: 'create' | 'update';
  centre: ServiceCentre;
  code: string;
  name: string;
  timeLimitHours: number | null;
  asksSatisfaction: boolean;
  nodeCode: string | null;
  path: string[];
  retired: boolean;
  changed: string[];
  by: string;
}
