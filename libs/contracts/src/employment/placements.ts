import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { IsRfc3339Date } from '../common/dates';
import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { PLACEMENT_KINDS, PlacementStatus, SEEKER_CATEGORIES } from './common';
import type { PlacementKind, SeekerCategory } from './events';

/** `POST /api/v1/employment/placements`: a seeker found work 新增就业; the seeker becomes `placed`. */
export class RecordPlacementDto {
  /** The seeker (in your area, `seeking`). */
  @ApiProperty({ description: 'The seeker (in your area, `seeking`).', format: 'uuid' })
  @IsUUID()
  seekerId!: string;

  /** The day the work started (YYYY-MM-DD): it counts in that year. */
  @ApiProperty({ description: 'The day the work started (YYYY-MM-DD): it counts in that year.', format: 'date', example: '2026-03-02' })
  @IsRfc3339Date()
  date!: string;

  /** `employed` (give `employerId`), `self_employed` or `public_welfare` 公益性岗位. */
  @ApiProperty({ description: '`employed` (give `employerId`), `self_employed` or `public_welfare` 公益性岗位.', enum: PLACEMENT_KINDS })
  @IsIn(PLACEMENT_KINDS)
  kind!: PlacementKind;

  /** The employer, required when `employed` (optional for a public-welfare post). */
  @ApiPropertyOptional({ description: 'The employer, required when `employed` (optional for a public-welfare post).', format: 'uuid' })
  @Optional()
  @IsUUID()
  employerId?: string;

  /** The posting filled, if any (of that employer). */
  @ApiPropertyOptional({ description: 'The posting filled, if any (of that employer).', format: 'uuid' })
  @Optional()
  @IsUUID()
  postingId?: string;
}

/** `POST /api/v1/employment/placements/{id}/cancel`: withdraw a placement recorded by mistake. */
export class CancelPlacementDto {
  @ApiProperty({ maxLength: 500, example: '重复录入', description: 'Why it is withdrawn.' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

/** RPC payload of a cancellation. */
export class CancelPlacementRequest extends CancelPlacementDto {
  @IsUUID()
  id!: string;
}

/** `POST /api/v1/employment/placements/{id}/follow-ups`: a follow-up visit or call 跟踪回访. */
export class RecordFollowUpDto {
  @ApiProperty({ format: 'date', example: '2026-06-02', description: 'The day of the follow-up.' })
  @IsRfc3339Date()
  date!: string;

  @ApiProperty({ description: 'Whether the person is still in work.' })
  @IsBoolean()
  stillEmployed!: boolean;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Notes.' })
  @Optional()
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

/** RPC payload of a follow-up. */
export class RecordFollowUpRequest extends RecordFollowUpDto {
  @IsUUID()
  id!: string;
}

/** `GET /api/v1/employment/placements`. */
export class ListPlacementsQuery extends PagingQuery {
  @ApiPropertyOptional({ example: '410102005', description: 'Only placements of seekers under this node.' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  @ApiPropertyOptional({ example: 2026, description: 'Only placements dated in this year.' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: PlacementStatus, enumName: 'PlacementStatus', description: 'Only placements in this status.' })
  @Optional()
  @IsEnum(PlacementStatus)
  status?: PlacementStatus;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this seeker's placements." })
  @Optional()
  @IsUUID()
  seekerId?: string;
}

/** `GET /api/v1/employment/follow-ups`: follow-ups due, 3 and 6 months after each placement that counts. */
export class ListFollowUpsDueQuery extends PagingQuery {
  @ApiPropertyOptional({ example: '410102005', description: 'Only placements under this node.' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Only follow-ups due on or before this day; default: all not done yet.' })
  @Optional()
  @IsRfc3339Date()
  dueBy?: string;
}

/** A follow-up recorded. */
export class FollowUpView {
  @ApiProperty({ format: 'uuid', description: 'Follow-up id.' }) id!: string;
  @ApiProperty({ format: 'date', description: 'The day.' }) date!: string;
  @ApiProperty({ description: 'Still in work.' }) stillEmployed!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Notes.' }) notes!: string | null;
  @ApiProperty({ description: 'Who recorded it.' }) by!: string;
}

/** A placement 新增就业. */
export class PlacementView {
  @ApiProperty({ format: 'uuid', description: 'Placement id.' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The seeker.' }) seekerId!: string;
  @ApiProperty({ description: "The seeker's name." }) seekerName!: string;
  @ApiProperty({ enum: PLACEMENT_KINDS, description: 'employed, self_employed or public_welfare.' }) kind!: PlacementKind;
  @ApiProperty({ format: 'date', description: 'The day the work started.' }) date!: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The employer.' }) employerId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The posting filled.' }) postingId!: string | null;
  @ApiProperty({ description: "The seeker's node." }) nodeCode!: string;
  @ApiProperty({ type: [String], description: 'Node codes from the city down to `nodeCode`.' }) path!: string[];
  @ApiProperty({ type: [String], enum: SEEKER_CATEGORIES, description: "The seeker's categories when placed." }) categories!: SeekerCategory[];
  @ApiProperty({ enum: PlacementStatus, enumName: 'PlacementStatus', description: 'recorded (counts) or cancelled.' }) status!: PlacementStatus;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why it was cancelled.' }) cancelReason!: string | null;
  @ApiProperty({ type: [FollowUpView], description: 'Follow-ups, oldest first.' }) followUps!: FollowUpView[];
  @ApiProperty({ format: 'date-time', description: 'When recorded.' }) createdAt!: string;
}

/** A follow-up due. */
export class FollowUpDueView {
  @ApiProperty({ format: 'uuid', description: 'The placement.' }) placementId!: string;
  @ApiProperty({ format: 'uuid', description: 'The seeker.' }) seekerId!: string;
  @ApiProperty({ description: "The seeker's name." }) seekerName!: string;
  @ApiProperty({ description: "The seeker's node." }) nodeCode!: string;
  @ApiProperty({ format: 'date', description: 'The day the work started.' }) placedOn!: string;
  @ApiProperty({ enum: [3, 6], description: 'Months after the placement: 3 or 6.' }) months!: 3 | 6;
  @ApiProperty({ format: 'date', description: 'When it is due.' }) dueDate!: string;
}
