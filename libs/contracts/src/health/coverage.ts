import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, Matches } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { PointDto } from '../grid-registry/geometry';

/** How walking times were found: over the imported road graph, or straight line × detour factor. */
export type CoverageMethod = 'graph' | 'straight_line';

/** Identifies the node whose coverage is asked (its subtree). */
export class CoverageNodeRequest {
  /** Node code (a grid, community or subdistrict). */
  @ApiProperty({ example: '410102005001' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;
}

/** A household outside the walking limit. */
export class UncoveredHouseholdView {
  /** Household (grid-registry place) id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Address, masked as grid-registry answers it to the caller. */
  @ApiProperty() address!: string;
  /** Walking minutes to the nearest station (2 decimals); null when no station can be reached. */
  @ApiPropertyOptional({ nullable: true, type: Number, example: 16.25 }) minutes!: number | null;
}

/** The 15-minute coverage of one level-3 grid. */
export class GridCoverageView {
  /** The grid. */
  @ApiProperty() gridCode!: string;
  /** Codes from the city down to the grid. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Households with a location in the grid. */
  @ApiProperty() households!: number;
  /** Of them, within the walking limit of an active station. */
  @ApiProperty() covered!: number;
  /** Of them, not. */
  @ApiProperty() uncovered!: number;
  /** The households not covered, nearest first. */
  @ApiProperty({ type: [UncoveredHouseholdView] }) uncoveredHouseholds!: UncoveredHouseholdView[];
}

/** The 15-minute coverage of a node's subtree, grid by grid, with totals. */
export class NodeCoverageView {
  /** The node asked. */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down to the node. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Households in the subtree (with a location). */
  @ApiProperty() households!: number;
  /** Of them, covered. */
  @ApiProperty() covered!: number;
  /** Of them, not. */
  @ApiProperty() uncovered!: number;
  /** covered / households, 0 … 1, 4 decimals; null without households. */
  @ApiPropertyOptional({ nullable: true, type: Number }) rate!: number | null;
  /** Walking limit, minutes. */
  @ApiProperty() limitMinutes!: number;
  /** `graph` or `straight_line`. */
  @ApiProperty({ enum: ['graph', 'straight_line'] }) method!: CoverageMethod;
  /** When computed. */
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
  /** Each level-3 grid of the subtree. */
  @ApiProperty({ type: [GridCoverageView] }) grids!: GridCoverageView[];
}

/** A household as a GeoJSON Feature. */
export class HouseholdFeatureView {
  /** Always `Feature`. */
  @ApiProperty({ enum: ['Feature'] }) type!: 'Feature';
  /** Household id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Location. */
  @ApiProperty({ type: PointDto }) geometry!: PointDto;
  /** `gridCode`, `covered`, `minutes` (null when unreachable). */
  @ApiProperty({ type: 'object', additionalProperties: true }) properties!: { gridCode: string; covered: boolean; minutes: number | null };
}

/** Coverage as a GeoJSON FeatureCollection of the households. */
export class CoverageCollectionView {
  /** Always `FeatureCollection`. */
  @ApiProperty({ enum: ['FeatureCollection'] }) type!: 'FeatureCollection';
  /** One point per household. */
  @ApiProperty({ type: [HouseholdFeatureView] }) features!: HouseholdFeatureView[];
}

/**
 * Import the road graph walked over (replaces the one before): a GeoJSON FeatureCollection of
 * LineString (or MultiLineString) features, WGS-84. Each coordinate is a vertex; consecutive
 * coordinates are an edge walkable both ways, as long as their haversine distance; lines meet
 * where they share a coordinate. A file with any bad feature imports nothing: 400 listing each.
 */
export class ImportRoadGraphDto {
  /** The node whose coverage is recomputed after the import (the area the graph covers). */
  @ApiProperty({ example: '410102005' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;

  /** The FeatureCollection. */
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'LineString',
            coordinates: [
              [113.6, 34.75],
              [113.601, 34.751],
            ],
          },
        },
      ],
    },
  })
  @IsObject()
  graph!: Record<string, unknown>;
}

/** The road graph in use. */
export class RoadGraphView {
  /** `imported` when one is in use, `none` otherwise (straight line × detour factor). */
  @ApiProperty({ enum: ['imported', 'none'] }) status!: 'imported' | 'none';
  /** Features imported. */
  @ApiProperty() features!: number;
  /** Distinct vertices. */
  @ApiProperty() vertices!: number;
  /** Edges. */
  @ApiProperty() edges!: number;
  /** Total length, metres. */
  @ApiProperty() lengthMetres!: number;
  /** Node given at import. */
  @ApiPropertyOptional({ nullable: true, type: String }) nodeCode!: string | null;
  /** When imported. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) importedAt!: string | null;
}

/** Whether to clear the graph. */
export class ClearRoadGraphDto {
  /** The node whose coverage is recomputed after the graph is cleared. */
  @ApiProperty({ example: '410102005' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;

  /** Must be `clear`. */
  @ApiProperty({ enum: ['clear'] })
  @IsIn(['clear'])
  confirm!: 'clear';
}
