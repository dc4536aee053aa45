import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';

import { IsRfc3339Date } from '../common/dates';
import { Optional } from '../common/optional';
import { NODE_CODE_PATTERN } from '../common/node-code';
import { PagingQuery } from '../common/paging';

/** A condition tag: `elderly`, `hypertension`, `diabetes`, … (lower-case letters, digits, `-`, `_`). */
export const CONDITION_TAG_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

/** Put a resident on the home-visit follow-up list. */
export class CreateFollowUpDto {
  /** The resident (grid-registry resident id); their node is the resident's grid. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  residentId!: string;

  /** Condition tags. */
  @ApiProperty({ type: [String], example: ['elderly', 'hypertension'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(CONDITION_TAG_PATTERN, { each: true, message: 'each condition must be a tag (a-z, 0-9, - and _)' })
  conditions!: string[];

  /** Days between two visits. */
  @ApiProperty({ minimum: 1, maximum: 366, example: 30 })
  @IsInt()
  @Min(1)
  @Max(366)
  intervalDays!: number;
}

/** Change a follow-up: only the fields given change. */
export class UpdateFollowUpDto {
  /** Condition tags (replace them). */
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(CONDITION_TAG_PATTERN, { each: true, message: 'each condition must be a tag (a-z, 0-9, - and _)' })
  conditions?: string[];

  /** Days between two visits. */
  @ApiPropertyOptional({ minimum: 1, maximum: 366 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(366)
  intervalDays?: number;

  /** `false` takes the resident off the list (kept, no longer due). */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  active?: boolean;
}

/** RPC payload of a follow-up change. */
export class UpdateFollowUpRequest extends UpdateFollowUpDto {
  /** Follow-up id. */
  @IsUUID()
  id!: string;
}

/** Identifies a follow-up. */
export class FollowUpIdRequest {
  /** Follow-up id (UUID). */
  @IsUUID()
  id!: string;
}

/** Log a home visit. */
export class LogHomeVisitDto {
  /** Local date of the visit (YYYY-MM-DD, not in the future). */
  @ApiProperty({ format: 'date', example: '2026-12-01' })
  @IsRfc3339Date()
  date!: string;

  /** The doctor who visited (name). */
  @ApiProperty({ example: '王医生', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  doctor!: string;

  /** Notes. */
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

/** RPC payload of a visit. */
export class LogHomeVisitRequest extends LogHomeVisitDto {
  /** Follow-up id. */
  @IsUUID()
  id!: string;
}

/** Filters for listing follow-ups. */
export class ListFollowUpsQuery extends PagingQuery {
  /** Only residents under this node (inclusive). */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** Only those carrying this condition. */
  @ApiPropertyOptional({ example: 'diabetes' })
  @Optional()
  @Matches(CONDITION_TAG_PATTERN, { message: 'condition must be a tag' })
  condition?: string;

  /** `true`: only those due or overdue for a visit today (active ones). */
  @ApiPropertyOptional()
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  due?: boolean;
}

/** A home visit. */
export class HomeVisitView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Local date. */
  @ApiProperty({ format: 'date' }) date!: string;
  /** Doctor. */
  @ApiProperty() doctor!: string;
  /** Notes. */
  @ApiPropertyOptional({ nullable: true, type: String }) notes!: string | null;
  /** Logged by (account name). */
  @ApiProperty() loggedBy!: string;
  /** Logged at. */
  @ApiProperty({ format: 'date-time' }) loggedAt!: string;
}

/** `due`: the next visit is today; `overdue`: it was before; `scheduled`: later; `inactive`: off the list. */
export type FollowUpStatus = 'scheduled' | 'due' | 'overdue' | 'inactive';

/** A resident on the follow-up list. */
export class HomeVisitFollowUpView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Resident (grid-registry) id. */
  @ApiProperty({ format: 'uuid' }) residentId!: string;
  /** The resident's grid. */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down to the grid. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Condition tags. */
  @ApiProperty({ type: [String] }) conditions!: string[];
  /** Days between visits. */
  @ApiProperty() intervalDays!: number;
  /** Still followed up. */
  @ApiProperty() active!: boolean;
  /** Date of the last visit; null before the first. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) lastVisitOn!: string | null;
  /** Date the next visit is due (the first is due the day of enrolment). */
  @ApiProperty({ format: 'date' }) nextDueOn!: string;
  /** Where it stands today. */
  @ApiProperty({ enum: ['scheduled', 'due', 'overdue', 'inactive'] }) status!: FollowUpStatus;
  /** Days past `nextDueOn` (0 unless overdue). */
  @ApiProperty() overdueDays!: number;
  /** Visits, newest first (on a single follow-up only; empty in lists). */
  @ApiProperty({ type: [HomeVisitView] }) visits!: HomeVisitView[];
  /** Enrolled at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
