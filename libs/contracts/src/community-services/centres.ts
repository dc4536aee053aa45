import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsUUID, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import type { ServiceCentre } from './events';

/** The four centres of the generic workflow: 物业 property, 家政 housekeeping, 文化 culture, 计生 family planning. */
export const SERVICE_CENTRES: readonly ServiceCentre[] = ['property', 'housekeeping', 'culture', 'family_planning'];

/** `POST /api/v1/community-services/centres`: a centre run by a subdistrict or a community. */
export class CreateCentreDto {
  /** Which centre it is. */
  @ApiProperty({ enum: SERVICE_CENTRES, example: 'property' })
  @IsIn(SERVICE_CENTRES)
  kind!: ServiceCentre;

  /** Its name, e.g. `林山寨街道物业服务中心`. */
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** Code of the subdistrict or community that runs it (in the caller's area). */
  @ApiProperty({ example: '410102005' })
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;

  /** Where residents find it (the centre's office, not a person's address). */
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @MaxLength(500)
  address?: string;

  /** Opening hours as shown to residents, e.g. `周一至周五 8:30-17:30`. */
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  hours?: string;

  /** The centre's public service telephone. */
  @ApiPropertyOptional({ maxLength: 40, example: '0371-66668888' })
  @Optional()
  @IsString()
  @Matches(/^[0-9+\-() ]{3,40}$/, { message: 'phone must be a telephone number' })
  phone?: string;
}

/** `PATCH /api/v1/community-services/centres/{id}`: only the fields given change. */
export class UpdateCentreDto {
  /** New name. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  /** New address. */
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @MaxLength(500)
  address?: string;

  /** New opening hours. */
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  hours?: string;

  /** New service telephone. */
  @ApiPropertyOptional({ maxLength: 40 })
  @Optional()
  @IsString()
  @Matches(/^[0-9+\-() ]{3,40}$/, { message: 'phone must be a telephone number' })
  phone?: string;

  /** Close it (`true`: it takes no new request) or open it again. */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  retired?: boolean;
}

/** RPC payload of a centre update. */
export class UpdateCentreRequest extends UpdateCentreDto {
  /** Centre id. */
  @IsUUID()
  id!: string;
}

/** Filters of the centre list (always within the caller's area). */
export class ListCentresQuery extends PagingQuery {
  /** Only centres of this kind. */
  @ApiPropertyOptional({ enum: SERVICE_CENTRES })
  @Optional()
  @IsIn(SERVICE_CENTRES)
  kind?: ServiceCentre;

  /** Only centres at this node or beneath it. */
  @ApiPropertyOptional({ example: '410102005' })
  @Optional()
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** A centre. */
export class CentreView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Which centre. */
  @ApiProperty({ enum: SERVICE_CENTRES }) kind!: ServiceCentre;
  /** Name. */
  @ApiProperty() name!: string;
  /** Node that runs it. */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down to `nodeCode`. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Address, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) address!: string | null;
  /** Opening hours, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) hours!: string | null;
  /** Service telephone, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  /** Closed: takes no new request. */
  @ApiProperty() retired!: boolean;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Last changed at. */
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Payload of `citygrid.service-centre.changed.v1`. */
export interface ServiceCentreChangedV1 {
  id: string;
  change: 'create' | 'update' | 'delete';
  kind: ServiceCentre;
  name: string;
  nodeCode: string;
  path: string[];
  retired: boolean;
  changed: string[];
  by: string;
}
