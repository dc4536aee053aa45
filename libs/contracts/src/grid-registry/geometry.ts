import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, Max, Min } from 'class-validator';

/** A GeoJSON position: `[longitude, latitude]` in WGS-84. */
export type Position = number[];

/**
 * A grid boundary: GeoJSON Polygon or MultiPolygon (RFC 7946), WGS-84, `[lng, lat]`.
 * Rings must be closed, have at least four positions and must not intersect themselves; a
 * boundary holds at most 5,000 positions in all (`INPUT_LIMITS.maxBoundaryPositions`).
 */
export class BoundaryDto {
  /** `Polygon` or `MultiPolygon`. */
  @ApiProperty({ enum: ['Polygon', 'MultiPolygon'], example: 'Polygon' })
  @IsIn(['Polygon', 'MultiPolygon'])
  type!: 'Polygon' | 'MultiPolygon';

  /** Polygon: rings of positions (first ring outer, others holes). MultiPolygon: polygons of rings. */
  @ApiProperty({
    description:
      'GeoJSON coordinates: Polygon → Position[][]; MultiPolygon → Position[][][]. Position = [lng, lat]. At most 5,000 positions in all rings together (the self-intersection check is quadratic).',
    type: 'array',
    items: {},
    example: [
      [
        [113.6, 34.75],
        [113.61, 34.75],
        [113.61, 34.76],
        [113.6, 34.76],
        [113.6, 34.75],
      ],
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  coordinates!: Position[][] | Position[][][];
}

/** A GeoJSON Point (RFC 7946), WGS-84. */
export class PointDto {
  /** Always `Point`. */
  @ApiProperty({ enum: ['Point'], example: 'Point' })
  @IsIn(['Point'])
  type!: 'Point';

  /** `[longitude, latitude]`. */
  @ApiProperty({ type: [Number], example: [113.605, 34.755], minItems: 2, maxItems: 2 })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  coordinates!: Position;
}

/** Query for point → grid lookup. */
export class LookupPointQuery {
  /** Longitude, WGS-84 degrees. */
  @ApiProperty({ example: 113.605, minimum: -180, maximum: 180 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng!: number;

  /** Latitude, WGS-84 degrees. */
  @ApiProperty({ example: 34.755, minimum: -90, maximum: 90 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;
}
