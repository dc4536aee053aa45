import { NODE_CODE_PATTERN } from '../common/node-code';
import { PagingQuery } from '../common/paging';
import { Optional } from '../common/optional';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

import { NodeKind, NodeStatus } from './enums';
import { BoundaryDto } from './geometry';

export { NODE_CODE_PATTERN };

/** Create a node of the tree (city, district, subdistrict, community or grid). */
export class CreateNodeDto {
  /**
   * Hierarchical code: city/district 6 digits (GB/T 2260, e.g. `410102`), subdistrict +3
   * (`410102005`), community +3, level-2 grid +2, level-3 grid +2. Starts with the parent's code.
   */
  @ApiProperty({ example: '41010200500101', pattern: NODE_CODE_PATTERN.source })
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'code must be 6, 9, 12, 14 or 16 digits (GB/T 2260 prefix then local numbers)' })
  code!: string;

  /** Chinese name, e.g. `林山寨社区第一网格`. */
  @ApiProperty({ example: '林山寨社区第一网格', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  /** Optional English or pinyin name. */
  @ApiPropertyOptional({ example: 'Linshanzhai Community Grid 1', maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  nameEn?: string;

  /** Kind of node. */
  @ApiProperty({ enum: NodeKind, enumName: 'NodeKind' })
  @IsEnum(NodeKind)
  kind!: NodeKind;

  /** Grid level inside the subdistrict: 1 for the subdistrict, 2 or 3 for grids; omitted otherwise. */
  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @Optional()
  @IsInt()
  @IsIn([1, 2, 3])
  gridLevel?: 1 | 2 | 3;

  /** Code of the parent node; omitted only for a city. */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'parentCode must be a node code' })
  parentCode?: string;

  /** Boundary polygon (GeoJSON, WGS-84). Must lie within the parent's boundary. */
  @ApiProperty({ type: BoundaryDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BoundaryDto)
  boundary!: BoundaryDto;
}

/** Change a node's names or boundary. Code, kind and parent are fixed for life. */
export class UpdateNodeDto {
  /** New Chinese name. */
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  name?: string;

  /** New English name. */
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  nameEn?: string;

  /** New boundary; must stay within the parent and still contain every child. */
  @ApiPropertyOptional({ type: BoundaryDto })
  @Optional()
  @ValidateNested()
  @Type(() => BoundaryDto)
  boundary?: BoundaryDto;
}

/** Retire a node (it stops resolving points; history is kept). */
export class RetireNodeDto {
  /** Why the node is retired. */
  @ApiProperty({ example: 'merged into 41010200500102' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

/** A node of the tree as returned by the API. */
export class NodeView {
  /** Node id (UUID). */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Hierarchical code. */
  @ApiProperty() code!: string;
  /** Chinese name. */
  @ApiProperty() name!: string;
  /** English name. */
  @ApiPropertyOptional({ nullable: true, type: String }) nameEn!: string | null;
  /** Kind of node. */
  @ApiProperty({ enum: NodeKind, enumName: 'NodeKind' }) kind!: NodeKind;
  /** Grid level (1, 2, 3) or null. */
  @ApiPropertyOptional({ nullable: true, enum: [1, 2, 3] }) gridLevel!: 1 | 2 | 3 | null;
  /** Parent node id, null for a city. */
  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String }) parentId!: string | null;
  /** Parent code, null for a city. */
  @ApiPropertyOptional({ nullable: true, type: String }) parentCode!: string | null;
  /** Depth from the root (city = 0). */
  @ApiProperty() depth!: number;
  /** Codes from the root down to this node. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Active or retired. */
  @ApiProperty({ enum: NodeStatus, enumName: 'NodeStatus' }) status!: NodeStatus;
  /** Boundary (GeoJSON). */
  @ApiProperty({ type: BoundaryDto }) boundary!: BoundaryDto;
  /** Created at (UTC ISO-8601). */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Updated at (UTC ISO-8601). */
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  /** Incremented on each change (optimistic concurrency). */
  @ApiProperty() version!: number;
}

/** A node without its boundary, with its children: the tree view. */
export class NodeTreeView {
  /** Node id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Code. */
  @ApiProperty() code!: string;
  /** Chinese name. */
  @ApiProperty() name!: string;
  /** Kind. */
  @ApiProperty({ enum: NodeKind, enumName: 'NodeKind' }) kind!: NodeKind;
  /** Grid level or null. */
  @ApiPropertyOptional({ nullable: true, enum: [1, 2, 3] }) gridLevel!: 1 | 2 | 3 | null;
  /** Status. */
  @ApiProperty({ enum: NodeStatus, enumName: 'NodeStatus' }) status!: NodeStatus;
  /** Children, ordered by code. */
  @ApiProperty({ type: () => [NodeTreeView] }) children!: NodeTreeView[];
}

/** Filters for listing nodes. */
export class ListNodesQuery extends PagingQuery {
  /** Only nodes of this kind. */
  @ApiPropertyOptional({ enum: NodeKind, enumName: 'NodeKind' })
  @Optional()
  @IsEnum(NodeKind)
  kind?: NodeKind;

  /** Only grids of this level. */
  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @IsIn([1, 2, 3])
  gridLevel?: number;

  /** Only nodes in the subtree of this code (inclusive). */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN)
  under?: string;

  /** Include retired nodes. */
  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsIn(['true', 'false'])
  includeRetired?: 'true' | 'false';

  /** Page offset. */
}

/** Result of a point lookup: the deepest active node containing the point, and its ancestors. */
export class LookupResultView {
  /** The deepest node (a level-3 grid where grids exist). */
  @ApiProperty({ type: NodeView }) node!: NodeView;
  /** Codes from the root to the node. */
  @ApiProperty({ type: [String] }) path!: string[];
}

/**
 * A page of the active nodes with their boundaries, ordered by code: what a service that resolves
 * points itself (ticketing's copy of the grid index) loads at start, then keeps in step by the
 * grid events. Asked by services only (the NATS permissions say which); boundaries are not
 * personal data.
 */
export class GridIndexQuery {
  /** Start after this code (the previous page's `nextAfterCode`); omit for the first page. */
  @ApiPropertyOptional({ pattern: NODE_CODE_PATTERN.source })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'afterCode must be a node code' })
  afterCode?: string;

  /** Page size, 1–1000 (default 500). */
  @ApiPropertyOptional({ default: 500, minimum: 1, maximum: 1000 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** One page of {@link GridIndexQuery}. */
export class GridIndexPage {
  /** Changes whenever an active node is added, changed or retired: compare to know whether a copy is current. */
  @ApiProperty() fingerprint!: string;
  /** Active nodes, by code. */
  @ApiProperty({ type: [NodeView] }) items!: NodeView[];
  /** The code to ask after for the next page; null on the last page. */
  @ApiPropertyOptional({ nullable: true }) nextAfterCode!: string | null;
}
