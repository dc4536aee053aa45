import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { SEEKER_CATEGORIES, SeekerStatus, WorkHours } from './common';
import type { SeekerCategory } from './events';

/** What a job seeker wants. */
export class SeekerWishesDto {
  /** Job types wished (保洁, 电工, 保安 …); a posting of one of them scores. */
  @ApiProperty({ description: 'Job types wished (保洁, 电工, 保安 …); a posting of one of them scores.', type: [String], maxItems: 20, example: ['保洁', '家政'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  jobTypes!: string[];

  /** Lowest monthly wage accepted, yuan; null: none. */
  @ApiPropertyOptional({ description: 'Lowest monthly wage accepted, yuan; null: none.', type: Number, nullable: true, minimum: 0, maximum: 1000000, example: 1800 })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  wageFloor?: number | null;

  /** Hours wanted: `full_time`, `part_time` or `any` (default). */
  @ApiPropertyOptional({ description: 'Hours wanted: `full_time`, `part_time` or `any` (default).', enum: WorkHours, enumName: 'WorkHours', default: WorkHours.Any })
  @Optional()
  @IsEnum(WorkHours)
  hours?: WorkHours;

  /** Where the seeker wants to work, in words (e.g. 金水区内); null: anywhere. */
  @ApiPropertyOptional({ description: 'Where the seeker wants to work, in words (e.g. 金水区内); null: anywhere.', type: String, nullable: true, maxLength: 100, example: '林山寨街道附近' })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(100)
  area?: string | null;
}

/** What a seeker wants, as answered. */
export class SeekerWishesView {
  @ApiProperty({ type: [String], description: 'Job types wished.' }) jobTypes!: string[];
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Lowest monthly wage accepted, yuan.' }) wageFloor!: number | null;
  @ApiProperty({ enum: WorkHours, enumName: 'WorkHours', description: 'Hours wanted.' }) hours!: WorkHours;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Where the seeker wants to work.' }) area!: string | null;
}

/**
 * `POST /api/v1/employment/seekers`: a job seeker, either a resident of the registry (`residentId`:
 * the name and node come from the resident, the node being the resident's grid) or, when not
 * registered, given by `name` and `nodeCode`.
 */
export class CreateSeekerDto {
  /** A resident of grid-registry the caller may see; omit to give `name` and `nodeCode` instead. */
  @ApiPropertyOptional({ description: 'A resident of grid-registry the caller may see; omit to give `name` and `nodeCode` instead.', format: 'uuid' })
  @Optional()
  @IsUUID()
  residentId?: string;

  /** Name, when not linked to a resident. */
  @ApiPropertyOptional({ description: 'Name, when not linked to a resident.', maxLength: 100, example: '张秀英' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** The node (community or grid) the seeker belongs to, when not linked to a resident. */
  @ApiPropertyOptional({ description: 'The node (community or grid) the seeker belongs to, when not linked to a resident.', example: '410102005001' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode?: string;

  /** One or more categories: `laid_off` 下岗失业, `age_4050` (women over 40, men over 50 out of work), `graduate` 离校未就业高校毕业生, `relocated`, `disabled`, `other`. */
  @ApiProperty({
    description: 'One or more categories: `laid_off` 下岗失业, `age_4050` (women over 40, men over 50 out of work), `graduate` 离校未就业高校毕业生, `relocated`, `disabled`, `other`.',
    type: [String],
    enum: SEEKER_CATEGORIES,
    minItems: 1,
    example: ['age_4050'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @IsIn(SEEKER_CATEGORIES, { each: true })
  categories!: SeekerCategory[];

  /** Skills, as tags (电工, 焊工, 驾驶 …). */
  @ApiPropertyOptional({ description: 'Skills, as tags (电工, 焊工, 驾驶 …).', type: [String], maxItems: 30, example: ['保洁'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  skills?: string[];

  /** What the seeker wants; default: nothing in particular. */
  @ApiPropertyOptional({ description: 'What the seeker wants; default: nothing in particular.', type: SeekerWishesDto })
  @Optional()
  @ValidateNested()
  @Type(() => SeekerWishesDto)
  wishes?: SeekerWishesDto;

  /** Mobile number (stored encrypted, answered masked to callers who may not see personal data). */
  @ApiPropertyOptional({ description: 'Mobile number (stored encrypted, answered masked to callers who may not see personal data).', example: '13800138000' })
  @Optional()
  @IsString()
  @MaxLength(20)
  phone?: string;
}

/** `PATCH /api/v1/employment/seekers/{id}`: only the fields given change. `placed` comes from a placement only. Send `If-Match` with the version read. */
export class UpdateSeekerDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Name (seekers not linked to a resident).' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: [String], enum: SEEKER_CATEGORIES, minItems: 1, description: 'Categories, replacing the old ones.' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @IsIn(SEEKER_CATEGORIES, { each: true })
  categories?: SeekerCategory[];

  @ApiPropertyOptional({ type: [String], maxItems: 30, description: 'Skills, replacing the old ones.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ type: SeekerWishesDto, description: 'Wishes, replacing the old ones.' })
  @Optional()
  @ValidateNested()
  @Type(() => SeekerWishesDto)
  wishes?: SeekerWishesDto;

  /** `seeking` or `inactive` (no longer looking); `placed` is set by recording a placement. */
  @ApiPropertyOptional({ description: '`seeking` or `inactive` (no longer looking); `placed` is set by recording a placement.', enum: [SeekerStatus.Seeking, SeekerStatus.Inactive] })
  @Optional()
  @IsIn([SeekerStatus.Seeking, SeekerStatus.Inactive])
  status?: SeekerStatus.Seeking | SeekerStatus.Inactive;

  /** Mobile number; null removes it. */
  @ApiPropertyOptional({ description: 'Mobile number; null removes it.', type: String, nullable: true })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(20)
  phone?: string | null;
}

/** RPC payload of a seeker update: the id, the changes and the version the caller read (`If-Match`). */
export class UpdateSeekerRequest extends UpdateSeekerDto {
  @IsUUID()
  id!: string;

  /** Version from `If-Match`; absent: no precondition. */
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/** `GET /api/v1/employment/seekers`. */
export class ListSeekersQuery extends PagingQuery {
  /** Only seekers under this node (inside your own area). */
  @ApiPropertyOptional({ description: 'Only seekers under this node (inside your own area).', example: '410102005001' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** Only seekers of this category. */
  @ApiPropertyOptional({ description: 'Only seekers of this category.', enum: SEEKER_CATEGORIES })
  @Optional()
  @IsIn(SEEKER_CATEGORIES)
  category?: SeekerCategory;

  /** Only seekers in this status. */
  @ApiPropertyOptional({ description: 'Only seekers in this status.', enum: SeekerStatus, enumName: 'SeekerStatus' })
  @Optional()
  @IsEnum(SeekerStatus)
  status?: SeekerStatus;
}

/** A job seeker. */
export class SeekerView {
  @ApiProperty({ format: 'uuid', description: 'Seeker id.' }) id!: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The grid-registry resident, when linked.' }) residentId!: string | null;
  @ApiProperty({ description: 'Name.' }) name!: string;
  @ApiProperty({ description: 'The node the seeker belongs to.' }) nodeCode!: string;
  @ApiProperty({ type: [String], description: 'Node codes from the city down to `nodeCode`.' }) path!: string[];
  @ApiProperty({ type: [String], enum: SEEKER_CATEGORIES, description: 'Categories.' }) categories!: SeekerCategory[];
  @ApiProperty({ type: [String], description: 'Skills.' }) skills!: string[];
  @ApiProperty({ type: SeekerWishesView, description: 'What the seeker wants.' }) wishes!: SeekerWishesView;
  @ApiProperty({ enum: SeekerStatus, enumName: 'SeekerStatus', description: 'seeking, placed or inactive.' }) status!: SeekerStatus;
  @ApiPropertyOptional({ type: String, nullable: true, example: '138****8000', description: 'Mobile number, masked unless you may see personal data.' }) phone!: string | null;
  @ApiProperty({ description: 'Whether personal data in this answer is masked.' }) masked!: boolean;
  @ApiProperty({ description: 'Version: send it back as `If-Match`.' }) version!: number;
  @ApiProperty({ format: 'date-time', description: 'When registered.' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Last change.' }) updatedAt!: string;
}
