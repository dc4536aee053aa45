import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

import { IsRfc3339Date } from '../common/dates';
import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';

/** Record a health lecture 健康知识讲座 that was held. */
export class CreateLectureDto {
  /** The station that held it. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  stationId!: string;

  /** The node it was held for (a community). */
  @ApiProperty({ example: '410102005001' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;

  /** Local date (YYYY-MM-DD). */
  @ApiProperty({ format: 'date', example: '2026-12-01' })
  @IsRfc3339Date()
  date!: string;

  /** Topic. */
  @ApiProperty({ example: '冬季高血压防治', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  topic!: string;

  /** Speaker. */
  @ApiProperty({ example: '王医生', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  speaker!: string;

  /** People who attended (at least the residents listed). */
  @ApiProperty({ minimum: 0, maximum: 100000 })
  @IsInt()
  @Min(0)
  @Max(100000)
  attendance!: number;

  /** Residents (grid-registry resident ids) among the attendees, when known. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attendeeResidentIds?: string[];
}

/** Correct a lecture: only the fields given change. */
export class UpdateLectureDto {
  /** Topic. */
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  topic?: string;

  /** Speaker. */
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  speaker?: string;

  /** Local date (YYYY-MM-DD). */
  @ApiPropertyOptional({ format: 'date' })
  @Optional()
  @IsRfc3339Date()
  date?: string;

  /** People who attended. */
  @ApiPropertyOptional({ minimum: 0, maximum: 100000 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(100000)
  attendance?: number;

  /** Residents among the attendees (replaces them). */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attendeeResidentIds?: string[];
}

/** RPC payload of a lecture correction. */
export class UpdateLectureRequest extends UpdateLectureDto {
  /** Lecture id. */
  @IsUUID()
  id!: string;
}

/** Identifies a lecture. */
export class LectureIdRequest {
  /** Lecture id (UUID). */
  @IsUUID()
  id!: string;
}

/** Filters for listing lectures. */
export class ListLecturesQuery extends PagingQuery {
  /** Only lectures held for nodes under this one (inclusive). */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** Only those of this station. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  stationId?: string;
}

/** A health lecture. */
export class LectureView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Station. */
  @ApiProperty({ format: 'uuid' }) stationId!: string;
  /** Node it was held for. */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down to `nodeCode`. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Local date. */
  @ApiProperty({ format: 'date' }) date!: string;
  /** Topic. */
  @ApiProperty() topic!: string;
  /** Speaker. */
  @ApiProperty() speaker!: string;
  /** People who attended. */
  @ApiProperty() attendance!: number;
  /** Residents among them. */
  @ApiProperty({ type: [String] }) attendeeResidentIds!: string[];
  /** Recorded at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Last corrected at. */
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
