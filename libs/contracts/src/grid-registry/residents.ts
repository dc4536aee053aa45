import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';

import { PageQuery } from './people';
import { Optional } from '../common/optional';

/**
 * Shape of a resident ID number 居民身份证号码: 17 digits and a digit or X (either case). The
 * service also checks the birth date and the GB 11643 check character.
 */
export const RESIDENT_ID_NUMBER_PATTERN = /^\d{17}[\dXx]$/;
/** A mainland mobile number: 1[3-9] and nine digits. */
export const MOBILE_PHONE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * Register a resident of a household. The ID number and phone are encrypted at rest and never
 * leave the registry in clear except to callers whose role needs them.
 */
export class RegisterResidentDto {
  /** Id of the household (a place of kind `household`) the resident lives in. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  householdId!: string;

  /** Full name. */
  @ApiProperty({ example: '张三', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  /** 18-character resident ID number (GB 11643, valid birth date and check character). */
  @ApiProperty({ example: '11010519491231002X', description: 'Never put it in a URL: it travels only in bodies.' })
  @IsString()
  @Matches(RESIDENT_ID_NUMBER_PATTERN, { message: 'idNumber must be an 18-character resident ID number' })
  idNumber!: string;

  /** Mainland mobile number. */
  @ApiPropertyOptional({ example: '13812345678' })
  @Optional()
  @IsString()
  @Matches(MOBILE_PHONE_PATTERN, { message: 'phone must be a mainland mobile number (11 digits)' })
  phone?: string;
}

/** A resident. `idNumber` and `phone` are masked unless the caller's role needs the full values. */
export class ResidentView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Household (place) id. */
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  /** Full name. */
  @ApiProperty() name!: string;
  /** ID number, full or masked (`410102********1234`). */
  @ApiProperty({ example: '410102********1234' }) idNumber!: string;
  /** Mobile, full or masked (`138****5678`), or null. */
  @ApiPropertyOptional({ nullable: true, type: String, example: '138****5678' }) phone!: string | null;
  /** True when `idNumber` and `phone` are masked for this caller. */
  @ApiProperty() masked!: boolean;
  /** Code of the level-3 grid of the household. */
  @ApiProperty() gridCode!: string;
  /** Registered at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Filters for listing residents (always within the caller's subtree). */
export class ListResidentsQuery extends PageQuery {
  /** Only residents of this household. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  household?: string;
}

/**
 * Find residents by exact ID number or phone (exactly one). Sent in a body, never in a URL or
 * query string, which end up in access logs.
 */
export class FindResidentQuery {
  /** Exact ID number. */
  @ApiPropertyOptional({ example: '11010519491231002X' })
  @Optional()
  @IsString()
  @Matches(RESIDENT_ID_NUMBER_PATTERN, { message: 'idNumber must be an 18-character resident ID number' })
  idNumber?: string;

  /** Exact mobile number. */
  @ApiPropertyOptional({ example: '13812345678' })
  @Optional()
  @IsString()
  @Matches(MOBILE_PHONE_PATTERN, { message: 'phone must be a mainland mobile number (11 digits)' })
  phone?: string;
}
