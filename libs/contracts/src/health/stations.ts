import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { PointDto } from '../grid-registry/geometry';

/** `HH:MM`, 00:00 … 24:00. */
export const TIME_OF_DAY_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A service tag: lower-case letters, digits and `-`/`_` (e.g. `general-practice`, `vaccination`, `tcm`). */
export const SERVICE_TAG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Mainland mobile or landline number, digits with an optional `+86`/area-code dash. */
export const PHONE_PATTERN = /^(\+?86)?[0-9][0-9-]{5,19}$/;

/** One opening range of a weekday. */
export class OpeningRangeDto {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  @ApiProperty({ minimum: 1, maximum: 7, example: 1 })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  /** Opens at (local time, `HH:MM`). */
  @ApiProperty({ example: '08:00' })
  @Matches(TIME_OF_DAY_PATTERN, { message: 'opens must be a time of day, HH:MM' })
  opens!: string;

  /** Closes at (local time, `HH:MM`, after `opens`). */
  @ApiProperty({ example: '17:30' })
  @Matches(TIME_OF_DAY_PATTERN, { message: 'closes must be a time of day, HH:MM' })
  closes!: string;
}

/** A doctor working at a station. The phone is stored encrypted and masked for callers who may not see personal data. */
export class DoctorDto {
  /** Name. */
  @ApiProperty({ example: '王医生', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;

  /** Professional title 职称 (e.g. 全科主治医师). */
  @ApiProperty({ example: '全科主治医师', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  title!: string;

  /** Phone number. */
  @ApiPropertyOptional({ example: '13800138000' })
  @Optional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number' })
  phone?: string;
}

/** Register a community health station 社区卫生服务站. */
export class CreateStationDto {
  /** Name. */
  @ApiProperty({ example: '林山寨社区卫生服务站', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  /** The node (community or grid) the station sits in; resolved through grid-registry (422 when unknown). */
  @ApiProperty({ example: '410102005001' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;

  /** Location (GeoJSON Point, WGS-84). */
  @ApiProperty({ type: PointDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location!: PointDto;

  /** Opening hours: ranges per weekday (none = hours not published). */
  @ApiPropertyOptional({ type: [OpeningRangeDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OpeningRangeDto)
  openingHours?: OpeningRangeDto[];

  /** Services offered, as tags. */
  @ApiPropertyOptional({ type: [String], example: ['general-practice', 'vaccination'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(SERVICE_TAG_PATTERN, { each: true, message: 'each service must be a tag (a-z, 0-9, - and _)' })
  services?: string[];

  /** Doctors. */
  @ApiPropertyOptional({ type: [DoctorDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DoctorDto)
  doctors?: DoctorDto[];
}

/** Change a station: only the fields given change (the node stays). */
export class UpdateStationDto {
  /** Name. */
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  name?: string;

  /** Location (GeoJSON Point, WGS-84). */
  @ApiPropertyOptional({ type: PointDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location?: PointDto;

  /** Opening hours (replaces them). */
  @ApiPropertyOptional({ type: [OpeningRangeDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OpeningRangeDto)
  openingHours?: OpeningRangeDto[];

  /** Services offered (replaces them). */
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(SERVICE_TAG_PATTERN, { each: true, message: 'each service must be a tag (a-z, 0-9, - and _)' })
  services?: string[];

  /** Doctors (replaces them). */
  @ApiPropertyOptional({ type: [DoctorDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DoctorDto)
  doctors?: DoctorDto[];
}

/** RPC payload of a station update. */
export class UpdateStationRequest extends UpdateStationDto {
  /** Station id. */
  @IsUUID()
  id!: string;
}

/** Identifies a station. */
export class StationIdRequest {
  /** Station id (UUID). */
  @IsUUID()
  id!: string;
}

/** Filters for listing stations. */
export class ListStationsQuery extends PagingQuery {
  /** Only stations under this node (inclusive). */
  @ApiPropertyOptional({ example: '410102005' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** `active` (default): not retired; `retired`; `all`. */
  @ApiPropertyOptional({ enum: ['active', 'retired', 'all'] })
  @Optional()
  @IsIn(['active', 'retired', 'all'])
  status?: 'active' | 'retired' | 'all';
}

/** A doctor as answered. */
export class DoctorView {
  /** Name. */
  @ApiProperty() name!: string;
  /** Professional title. */
  @ApiProperty() title!: string;
  /** Phone; masked (`138****8000`) for callers who may not see personal data; null when none. */
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
}

/** An opening range as answered. */
export class OpeningRangeView {
  /** ISO weekday (1 = Monday). */
  @ApiProperty() weekday!: number;
  /** Opens at, `HH:MM`. */
  @ApiProperty() opens!: string;
  /** Closes at, `HH:MM`. */
  @ApiProperty() closes!: string;
}

/** A community health station. */
export class StationView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** The node it sits in. */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down to `nodeCode`. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Location. */
  @ApiProperty({ type: PointDto }) location!: PointDto;
  /** Opening hours per weekday. */
  @ApiProperty({ type: [OpeningRangeView] }) openingHours!: OpeningRangeView[];
  /** Services offered. */
  @ApiProperty({ type: [String] }) services!: string[];
  /** Doctors. */
  @ApiProperty({ type: [DoctorView] }) doctors!: DoctorView[];
  /** Retired stations count for no coverage and are listed only on request. */
  @ApiProperty() retired!: boolean;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Updated at. */
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A GeoJSON Feature of a station (properties without doctors). */
export class StationFeatureView {
  /** Always `Feature`. */
  @ApiProperty({ enum: ['Feature'] }) type!: 'Feature';
  /** The station id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The location. */
  @ApiProperty({ type: PointDto }) geometry!: PointDto;
  /** `name`, `nodeCode`, `services`, `retired`. */
  @ApiProperty({ type: 'object', additionalProperties: true }) properties!: { name: string; nodeCode: string; services: string[]; retired: boolean };
}

/** Stations as a GeoJSON FeatureCollection. */
export class StationCollectionView {
  /** Always `FeatureCollection`. */
  @ApiProperty({ enum: ['FeatureCollection'] }) type!: 'FeatureCollection';
  /** One feature per station. */
  @ApiProperty({ type: [StationFeatureView] }) features!: StationFeatureView[];
}
