import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';

/** `PUT /api/v1/employment/targets/{nodeCode}`: a node's yearly target of new urban jobs 新增就业目标. */
export class SetTargetDto {
  @ApiProperty({ example: 2026, minimum: 2000, maximum: 2100, description: 'Calendar year.' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: 2580, minimum: 0, maximum: 10000000, description: 'New urban jobs to reach (0 removes the target).' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  target!: number;
}

/** RPC payload of setting a target. */
export class SetTargetRequest extends SetTargetDto {
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode!: string;
}

/** One child's share of a split. */
export class TargetShareDto {
  @ApiProperty({ example: '410102005001', description: 'A child node of the one split.' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode!: string;

  @ApiProperty({ example: 500, minimum: 0, maximum: 10000000, description: "The child's target." })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  target!: number;
}

/** `POST /api/v1/employment/targets/{nodeCode}/split`: split a node's target to its children; together they may not exceed it. */
export class SplitTargetDto {
  @ApiProperty({ example: 2026, minimum: 2000, maximum: 2100, description: 'Calendar year (the node must have a target for it).' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ type: [TargetShareDto], minItems: 1, maxItems: 200, description: 'Children and their targets.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TargetShareDto)
  children!: TargetShareDto[];
}

/** RPC payload of a split. */
export class SplitTargetRequest extends SplitTargetDto {
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode!: string;
}

/** `GET /api/v1/employment/targets/{nodeCode}/progress`. */
export class ProgressQuery {
  @ApiPropertyOptional({ example: 2026, minimum: 2000, maximum: 2100, description: 'Calendar year; default: the current one.' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** RPC payload of a progress query. */
export class ProgressRequest extends ProgressQuery {
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode!: string;
}

/** A node's target for a year. */
export class TargetView {
  @ApiProperty({ description: 'The node.' }) nodeCode!: string;
  @ApiProperty({ type: [String], description: 'Node codes from the city down to `nodeCode`.' }) path!: string[];
  @ApiProperty({ description: 'Calendar year.' }) year!: number;
  @ApiProperty({ description: 'New urban jobs to reach.' }) target!: number;
  @ApiProperty({ format: 'date-time', description: 'When last set.' }) updatedAt!: string;
}

/** Actual against target of one node. */
export class NodeProgressView {
  @ApiProperty({ description: 'The node.' }) nodeCode!: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Its target; null when none is set.' }) target!: number | null;
  @ApiProperty({ description: 'Placements that count, dated in the year, over its whole subtree.' }) actual!: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: '100.85', description: 'actual / target × 100, rounded half up to two places; null without a target.' }) percent!: string | null;
}

/** Actual against target of a node, with each child's. */
export class ProgressView extends NodeProgressView {
  @ApiProperty({ type: [String], description: 'Node codes from the city down to `nodeCode`.' }) path!: string[];
  @ApiProperty({ description: 'Calendar year.' }) year!: number;
  @ApiProperty({ type: [NodeProgressView], description: 'Children with a target or a placement, by code.' }) children!: NodeProgressView[];
}
