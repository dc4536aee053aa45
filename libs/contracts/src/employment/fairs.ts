import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { IsRfc3339Date } from '../common/dates';
import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { FairKind } from './common';

/** `POST /api/v1/employment/fairs`: a job fair 用工洽谈会 or a campaign event (春风行动 `spring_breeze`, 就业援助月 `aid_month`). */
export class CreateFairDto {
  /** `job_fair`, `spring_breeze` or `aid_month`. */
  @ApiProperty({ description: '`job_fair`, `spring_breeze` or `aid_month`.', enum: FairKind, enumName: 'FairKind' })
  @IsEnum(FairKind)
  kind!: FairKind;

  /** Title. */
  @ApiProperty({ description: 'Title.', maxLength: 200, example: '2026年春风行动林山寨专场招聘会' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  /** The day it takes place (YYYY-MM-DD). */
  @ApiProperty({ description: 'The day it takes place (YYYY-MM-DD).', format: 'date', example: '2026-02-20' })
  @IsRfc3339Date()
  date!: string;

  /** The node holding it. */
  @ApiProperty({ description: 'The node holding it.', example: '410102005' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode!: string;

  /** Employers attending (in your area). */
  @ApiPropertyOptional({ description: 'Employers attending (in your area).', type: [String], format: 'uuid', maxItems: 500 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  employerIds?: string[];
}

/** `POST /api/v1/employment/fairs/{id}/attendance`: seekers who came (added to those recorded; twice is once). */
export class RecordAttendanceDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 500, description: 'Seekers who attended.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  seekerIds!: string[];
}

/** RPC payload of attendance. */
export class RecordAttendanceRequest extends RecordAttendanceDto {
  @IsUUID()
  id!: string;
}

/** `POST /api/v1/employment/fairs/{id}/offers`: an offer made at the fair (a seeker × a posting of an attending employer). */
export class RecordOfferDto {
  @ApiProperty({ format: 'uuid', description: 'The seeker offered the job (must have attended).' })
  @IsUUID()
  seekerId!: string;

  @ApiProperty({ format: 'uuid', description: 'The posting offered (of an employer attending).' })
  @IsUUID()
  postingId!: string;
}

/** RPC payload of an offer. */
export class RecordOfferRequest extends RecordOfferDto {
  @IsUUID()
  id!: string;
}

/** `GET /api/v1/employment/fairs`. */
export class ListFairsQuery extends PagingQuery {
  @ApiPropertyOptional({ example: '410102005', description: 'Only fairs under this node.' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  @ApiPropertyOptional({ enum: FairKind, enumName: 'FairKind', description: 'Only fairs of this kind.' })
  @Optional()
  @IsEnum(FairKind)
  kind?: FairKind;

  @ApiPropertyOptional({ example: 2026, description: 'Only fairs of this calendar year.' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** An offer made at a fair. */
export class FairOfferView {
  @ApiProperty({ format: 'uuid', description: 'Offer id.' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The seeker.' }) seekerId!: string;
  @ApiProperty({ format: 'uuid', description: 'The posting.' }) postingId!: string;
  @ApiProperty({ format: 'uuid', description: "The posting's employer." }) employerId!: string;
  @ApiProperty({ format: 'date-time', description: 'When recorded.' }) createdAt!: string;
}

/** A job fair or campaign event. */
export class FairView {
  @ApiProperty({ format: 'uuid', description: 'Fair id.' }) id!: string;
  @ApiProperty({ enum: FairKind, enumName: 'FairKind', description: 'Kind.' }) kind!: FairKind;
  @ApiProperty({ description: 'Title.' }) title!: string;
  @ApiProperty({ format: 'date', description: 'The day.' }) date!: string;
  @ApiProperty({ description: 'The node holding it.' }) nodeCode!: string;
  @ApiProperty({ type: [String], description: 'Node codes from the city down to `nodeCode`.' }) path!: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Employers attending.' }) employerIds!: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Seekers who attended.' }) seekerIds!: string[];
  @ApiProperty({ type: [FairOfferView], description: 'Offers made.' }) offers!: FairOfferView[];
  @ApiProperty({ format: 'date-time', description: 'When created.' }) createdAt!: string;
}
