import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsObject, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

import { ImportKind, ImportStatus, PlaceKind, UnitType } from './enums';
import { PointDto } from './geometry';
import { PageQuery } from './people';
import type { FieldError } from '../common/errors';
import { Optional } from '../common/optional';

/** 18-character unified social credit code 统一社会信用代码 (GB 32100). */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * Register a place. It is resolved to the level-3 grid containing `location`; a location outside
 * every grid is refused with 422.
 */
export class RegisterPlaceDto {
  /** Kind of place. */
  @ApiProperty({ enum: PlaceKind, enumName: 'PlaceKind' })
  @IsEnum(PlaceKind)
  kind!: PlaceKind;

  /** Display name (unit name, building name, key location name; households: the address). */
  @ApiProperty({ example: '伏牛路88号院3号楼', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Street address. */
  @ApiProperty({ example: '郑州市中原区伏牛路88号院3号楼2单元501', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  address!: string;

  /** Location (GeoJSON Point, WGS-84). */
  @ApiProperty({ type: PointDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location!: PointDto;

  /** Households: number of members. */
  @ApiPropertyOptional({ minimum: 1, maximum: 50 })
  @ValidateIf((o: RegisterPlaceDto) => o.kind === PlaceKind.Household)
  @IsInt()
  @Min(1)
  @Max(50)
  members?: number;

  /** Units: type of unit. */
  @ApiPropertyOptional({ enum: UnitType, enumName: 'UnitType' })
  @ValidateIf((o: RegisterPlaceDto) => o.kind === PlaceKind.Unit)
  @IsEnum(UnitType)
  unitType?: UnitType;

  /** Units: unified social credit code (optional). */
  @ApiPropertyOptional({ example: '91410102MA44XXXX1X' })
  @Optional()
  @Matches(CREDIT_CODE_PATTERN, { message: 'creditCode must be an 18-character unified social credit code' })
  creditCode?: string;

  /** Key locations: category, e.g. `gas_station`, `school`, `market`. */
  @ApiPropertyOptional({ example: 'gas_station' })
  @ValidateIf((o: RegisterPlaceDto) => o.kind === PlaceKind.KeyLocation)
  @Matches(/^[a-z_]{2,40}$/, { message: 'category must be 2-40 lowercase letters or underscores' })
  category?: string;
}

/** Move a place to a new location (it is re-resolved to its grid). */
export class MovePlaceDto {
  /** New location. */
  @ApiProperty({ type: PointDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location!: PointDto;

  /** New address, if it changed. */
  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @IsString()
  @Length(1, 300)
  address?: string;
}

/** A registered place. */
export class PlaceView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Kind. */
  @ApiProperty({ enum: PlaceKind, enumName: 'PlaceKind' }) kind!: PlaceKind;
  /** Name. */
  @ApiProperty() name!: string;
  /** Address. */
  @ApiProperty() address!: string;
  /** Location. */
  @ApiProperty({ type: PointDto }) location!: PointDto;
  /** Id of the level-3 grid the place lies in. */
  @ApiProperty({ format: 'uuid' }) gridId!: string;
  /** Code of that grid. */
  @ApiProperty() gridCode!: string;
  /** Kind-specific attributes (members, unitType, creditCode, category). */
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes!: Record<string, string | number>;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Updated at. */
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Filters for listing places. */
export class ListPlacesQuery extends PageQuery {
  /** Only places of this kind. */
  @ApiPropertyOptional({ enum: PlaceKind, enumName: 'PlaceKind' })
  @Optional()
  @IsEnum(PlaceKind)
  kind?: PlaceKind;
}

/** Largest import file accepted, in bytes (requests travel over NATS, whose default message limit is 1 MiB). */
export const IMPORT_MAX_BYTES = 900_000;

/** Start a bulk import. The whole file is validated first; a file with any bad row imports nothing. */
export class StartImportDto {
  /** What the file holds. */
  @ApiProperty({ enum: ImportKind, enumName: 'ImportKind' })
  @IsEnum(ImportKind)
  kind!: ImportKind;

  /**
   * File content: GeoJSON FeatureCollection text for grids, CSV text (UTF-8, header row) otherwise.
   * At most `IMPORT_MAX_BYTES` bytes (UTF-8); split larger files.
   */
  @ApiProperty({ description: 'File content as text (UTF-8, at most 900 000 bytes).' })
  @IsString()
  @MaxLength(IMPORT_MAX_BYTES)
  content!: string;

  /** Original file name, for the record. */
  @ApiPropertyOptional({ example: 'households.csv' })
  @Optional()
  @IsString()
  @MaxLength(200)
  fileName?: string;
}

/** A bulk import job and its progress. */
export class ImportJobView {
  /** Job id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** What is imported. */
  @ApiProperty({ enum: ImportKind, enumName: 'ImportKind' }) kind!: ImportKind;
  /** File name. */
  @ApiPropertyOptional({ nullable: true, type: String }) fileName!: string | null;
  /** State. */
  @ApiProperty({ enum: ImportStatus, enumName: 'ImportStatus' }) status!: ImportStatus;
  /** Rows (or features) in the file. */
  @ApiProperty() total!: number;
  /** Rows checked or written so far. */
  @ApiProperty() processed!: number;
  /** Rows imported (only when completed). */
  @ApiProperty() imported!: number;
  /** Every bad row with its line and reason (when failed). */
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' }, line: { type: 'integer' } } } })
  errors!: FieldError[];
  /** Started at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Finished at. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
}
