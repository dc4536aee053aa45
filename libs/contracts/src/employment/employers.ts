import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEnum, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { PostingStatus, SEEKER_CATEGORIES, WorkHours } from './common';
import type { SeekerCategory } from './events';

/** `POST /api/v1/employment/employers`: an employer 用人单位. */
export class CreateEmployerDto {
  /** Registered name. */
  @ApiProperty({ description: 'Registered name.', maxLength: 200, example: '郑州金水物业服务有限公司' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** Unified social credit code 统一社会信用代码 (18 characters, GB 32100 check character); unique. */
  @ApiProperty({ description: 'Unified social credit code 统一社会信用代码 (18 characters, GB 32100 check character); unique.', example: '91410105MA44XXXXXX', minLength: 18, maxLength: 18 })
  @IsString()
  @MaxLength(18)
  creditCode!: string;

  /** The node (subdistrict, community or grid) the employer is registered at. */
  @ApiProperty({ description: 'The node (subdistrict, community or grid) the employer is registered at.', example: '410102005001' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode!: string;

  /** Contact person. */
  @ApiPropertyOptional({ description: 'Contact person.', maxLength: 100, example: '李经理' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  contactName?: string;

  /** Contact's mobile number (stored encrypted, masked to callers who may not see personal data). */
  @ApiPropertyOptional({ description: "Contact's mobile number (stored encrypted, masked to callers who may not see personal data).", example: '13900139000' })
  @Optional()
  @IsString()
  @MaxLength(20)
  contactPhone?: string;
}

/** `GET /api/v1/employment/employers`. */
export class ListEmployersQuery extends PagingQuery {
  /** Only employers under this node. */
  @ApiPropertyOptional({ description: 'Only employers under this node.', example: '410102005' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** An employer. */
export class EmployerView {
  @ApiProperty({ format: 'uuid', description: 'Employer id.' }) id!: string;
  @ApiProperty({ description: 'Registered name.' }) name!: string;
  @ApiProperty({ description: 'Unified social credit code.' }) creditCode!: string;
  @ApiProperty({ description: 'The node it is registered at.' }) nodeCode!: string;
  @ApiProperty({ type: [String], description: 'Node codes from the city down to `nodeCode`.' }) path!: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Contact person.' }) contactName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '139****9000', description: "Contact's mobile number, masked unless you may see personal data." }) contactPhone!: string | null;
  @ApiProperty({ description: 'Whether personal data in this answer is masked.' }) masked!: boolean;
  @ApiProperty({ format: 'date-time', description: 'When registered.' }) createdAt!: string;
}

/** `POST /api/v1/employment/postings`: a job posting of an employer; it is open when created. */
export class CreatePostingDto {
  /** The employer offering it (in your area). */
  @ApiProperty({ description: 'The employer offering it (in your area).', format: 'uuid' })
  @IsUUID()
  employerId!: string;

  /** Title. */
  @ApiProperty({ description: 'Title.', maxLength: 200, example: '小区保洁员' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  /** Job type (保洁, 电工 …): a seeker wishing it scores. */
  @ApiProperty({ description: 'Job type (保洁, 电工 …): a seeker wishing it scores.', maxLength: 50, example: '保洁' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  jobType!: string;

  /** Skills wanted, as tags. */
  @ApiProperty({ description: 'Skills wanted, as tags.', type: [String], maxItems: 30, example: ['保洁', '电工'] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  skills!: string[];

  /** Lowest monthly wage offered, yuan. */
  @ApiProperty({ description: 'Lowest monthly wage offered, yuan.', minimum: 0, maximum: 1000000, example: 2000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  wageMin!: number;

  /** Highest monthly wage offered, yuan (at least `wageMin`). */
  @ApiProperty({ description: 'Highest monthly wage offered, yuan (at least `wageMin`).', minimum: 0, maximum: 1000000, example: 2600 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  wageMax!: number;

  /** Places to fill. */
  @ApiProperty({ description: 'Places to fill.', minimum: 1, maximum: 10000, example: 3 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  openings!: number;

  /** Seeker categories it welcomes (e.g. public-welfare posts 公益性岗位 for `age_4050`). */
  @ApiPropertyOptional({ description: 'Seeker categories it welcomes (e.g. public-welfare posts 公益性岗位 for `age_4050`).', type: [String], enum: SEEKER_CATEGORIES, example: ['age_4050'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(SEEKER_CATEGORIES, { each: true })
  welcomes?: SeekerCategory[];

  /** Hours: `full_time` (default), `part_time` or `any`. */
  @ApiPropertyOptional({ description: 'Hours: `full_time` (default), `part_time` or `any`.', enum: WorkHours, enumName: 'WorkHours', default: WorkHours.FullTime })
  @Optional()
  @IsEnum(WorkHours)
  hours?: WorkHours;
}

/** `PATCH /api/v1/employment/postings/{id}`: close or reopen it, change its openings. */
export class UpdatePostingDto {
  /** `open` or `closed`. */
  @ApiPropertyOptional({ description: '`open` or `closed`.', enum: PostingStatus, enumName: 'PostingStatus' })
  @Optional()
  @IsEnum(PostingStatus)
  status?: PostingStatus;

  /** Places to fill. */
  @ApiPropertyOptional({ description: 'Places to fill.', minimum: 1, maximum: 10000 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  openings?: number;
}

/** RPC payload of a posting update. */
export class UpdatePostingRequest extends UpdatePostingDto {
  @IsUUID()
  id!: string;
}

/** `GET /api/v1/employment/postings`. */
export class ListPostingsQuery extends PagingQuery {
  /** Only postings of employers under this node. */
  @ApiPropertyOptional({ description: 'Only postings of employers under this node.', example: '410102005' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** Only postings in this status. */
  @ApiPropertyOptional({ description: 'Only postings in this status.', enum: PostingStatus, enumName: 'PostingStatus' })
  @Optional()
  @IsEnum(PostingStatus)
  status?: PostingStatus;

  /** Only this employer's postings. */
  @ApiPropertyOptional({ description: "Only this employer's postings.", format: 'uuid' })
  @Optional()
  @IsUUID()
  employerId?: string;
}

/** A job posting. */
export class PostingView {
  @ApiProperty({ format: 'uuid', description: 'Posting id.' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The employer.' }) employerId!: string;
  @ApiProperty({ description: "The employer's name." }) employerName!: string;
  @ApiProperty({ description: 'Title.' }) title!: string;
  @ApiProperty({ description: 'Job type.' }) jobType!: string;
  @ApiProperty({ type: [String], description: 'Skills wanted.' }) skills!: string[];
  @ApiProperty({ description: 'Lowest monthly wage, yuan.' }) wageMin!: number;
  @ApiProperty({ description: 'Highest monthly wage, yuan.' }) wageMax!: number;
  @ApiProperty({ description: 'Places to fill.' }) openings!: number;
  @ApiProperty({ type: [String], enum: SEEKER_CATEGORIES, description: 'Seeker categories it welcomes.' }) welcomes!: SeekerCategory[];
  @ApiProperty({ enum: WorkHours, enumName: 'WorkHours', description: 'Hours.' }) hours!: WorkHours;
  @ApiProperty({ enum: PostingStatus, enumName: 'PostingStatus', description: 'open or closed.' }) status!: PostingStatus;
  @ApiProperty({ description: "The employer's node." }) nodeCode!: string;
  @ApiProperty({ type: [String], description: 'Node codes from the city down to `nodeCode`.' }) path!: string[];
  @ApiProperty({ format: 'date-time', description: 'When posted.' }) createdAt!: string;
}
