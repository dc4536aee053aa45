import { PagingQuery } from '../common/paging';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

import { IsRfc3339Date, IsRfc3339DateTime } from '../common/dates';

import { defineEvent, type JsonSchema } from '../common/cloudevent';
import type { Page, RpcDefinition } from '../common/rpc';
import { Optional } from '../common/optional';
import { PointDto } from '../grid-registry/geometry';
import { NODE_CODE_PATTERN } from '../grid-registry/nodes';
import { CATEGORY_CODE_PATTERN, type CreatedCaseView } from './cases';

/** Most positions a patrol track may hold (a position every few seconds over a long shift). */
export const TRACK_MAX_POSITIONS = 2000;

/** A patrol track: GeoJSON LineString (RFC 7946), WGS-84, 2 to 2000 positions. */
export class TrackDto {
  /** Always `LineString`. */
  @ApiProperty({ enum: ['LineString'], example: 'LineString' })
  @IsIn(['LineString'])
  type!: 'LineString';

  /** Positions `[lng, lat]`, in the order walked. Each position is checked by the service. */
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' } },
    minItems: 2,
    maxItems: TRACK_MAX_POSITIONS,
    example: [
      [113.6, 34.75],
      [113.601, 34.751],
    ],
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(TRACK_MAX_POSITIONS)
  coordinates!: number[][];
}

/** Log a patrol 巡查 of a level-3 grid. Who patrolled is the verified caller, never a body field. */
export class LogPatrolDto {
  /** Code of the grid patrolled (a level-3 grid, 16 digits). */
  @ApiProperty({ example: '4101020050010101' })
  @Matches(NODE_CODE_PATTERN, { message: 'gridCode must be a node code' })
  gridCode!: string;

  /** When the patrol started (ISO 8601 date-time). */
  @ApiProperty({ format: 'date-time', example: '2026-11-25T08:30:00+08:00' })
  @IsRfc3339DateTime()
  startedAt!: string;

  /** When it ended (ISO 8601 date-time, not before `startedAt`). */
  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00+08:00' })
  @IsRfc3339DateTime()
  endedAt!: string;

  /** The route walked, if the device recorded one. */
  @ApiPropertyOptional({ type: TrackDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => TrackDto)
  track?: TrackDto;

  /** Free notes. */
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

/** A logged patrol. */
export class PatrolView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Staff record id of the patroller, when the account belongs to one. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) staffId!: string | null;
  /** Name of the patroller (account name). */
  @ApiProperty() staffName!: string;
  /** Grid patrolled. */
  @ApiProperty() gridCode!: string;
  /** Codes from the city down to the grid. */
  @ApiProperty({ type: [String] }) gridPath!: string[];
  /** Day of the patrol in the city's time zone. */
  @ApiProperty({ example: '2026-11-25' }) day!: string;
  /** Started at. */
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  /** Ended at. */
  @ApiProperty({ format: 'date-time' }) endedAt!: string;
  /** Track, or null. */
  @ApiPropertyOptional({ nullable: true, type: TrackDto }) track!: TrackDto | null;
  /** Notes, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) notes!: string | null;
  /** Recorded at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Log a visit 走访 to a household (or a key location). The place must lie in `gridCode`. */
export class LogVisitDto {
  /** Code of the level-3 grid of the place. */
  @ApiProperty({ example: '4101020050010101' })
  @Matches(NODE_CODE_PATTERN, { message: 'gridCode must be a node code' })
  gridCode!: string;

  /** Id of the household (or key location) in grid-registry. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  placeId!: string;

  /** When the visit took place (ISO 8601 date-time). */
  @ApiProperty({ format: 'date-time' })
  @IsRfc3339DateTime()
  visitedAt!: string;

  /** What was found or discussed. Do not write ID numbers or phones here. */
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

/** A logged visit. */
export class VisitView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Staff record id of the visitor, when the account belongs to one. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) staffId!: string | null;
  /** Name of the visitor (account name). */
  @ApiProperty() staffName!: string;
  /** Grid of the place. */
  @ApiProperty() gridCode!: string;
  /** Codes from the city down to the grid. */
  @ApiProperty({ type: [String] }) gridPath!: string[];
  /** Place visited. */
  @ApiProperty({ format: 'uuid' }) placeId!: string;
  /** Kind of the place (`household` or `key_location`). */
  @ApiProperty() placeKind!: string;
  /** Day of the visit in the city's time zone. */
  @ApiProperty({ example: '2026-11-25' }) day!: string;
  /** Visited at. */
  @ApiProperty({ format: 'date-time' }) visitedAt!: string;
  /** Notes, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) notes!: string | null;
  /** Recorded at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Filters for patrol and visit logs. */
export class ListFieldLogsQuery extends PagingQuery {
  /** Only logs under this node (inclusive). */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** Only logs of this day (`YYYY-MM-DD`, city time). */
  @ApiPropertyOptional({ example: '2026-11-25' })
  @Optional()
  @IsRfc3339Date()
  date?: string;

  /** Only logs by this staff member. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  staffId?: string;
}

/** A node and a day: the coverage queries. */
export class CoverageQuery {
  /** Node whose level-3 grids (or key locations) are checked. */
  @ApiProperty({ example: '410102005001' })
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under!: string;

  /** Day (`YYYY-MM-DD`, city time); today when omitted. */
  @ApiPropertyOptional({ example: '2026-11-25' })
  @Optional()
  @IsRfc3339Date()
  date?: string;
}

/** A level-3 grid nobody patrolled on the day asked. */
export class UnpatrolledGridView {
  /** Grid code. */
  @ApiProperty() code!: string;
  /** Grid name. */
  @ApiProperty() name!: string;
  /** Codes from the city down to the grid. */
  @ApiProperty({ type: [String] }) path!: string[];
}

/** Grids not patrolled on a day. */
export class UnpatrolledView {
  /** The day checked. */
  @ApiProperty({ example: '2026-11-25' }) date!: string;
  /** The node checked. */
  @ApiProperty() under!: string;
  /** Level-3 grids under it. */
  @ApiProperty() totalGrids!: number;
  /** Those without a patrol that day, by code. */
  @ApiProperty({ type: [UnpatrolledGridView] }) items!: UnpatrolledGridView[];
}

/** A key location 重点场所 that lacked a patrol or a visit on the day asked. */
export class KeyLocationGapView {
  /** Place id. */
  @ApiProperty({ format: 'uuid' }) placeId!: string;
  /** Place name. */
  @ApiProperty() name!: string;
  /** Its level-3 grid. */
  @ApiProperty() gridCode!: string;
  /** Whether its grid was patrolled that day. */
  @ApiProperty() patrolled!: boolean;
  /** Whether it was visited that day. */
  @ApiProperty() visited!: boolean;
}

/** Key locations without both a patrol and a visit on a day. */
export class KeyLocationCoverageView {
  /** The day checked. */
  @ApiProperty({ example: '2026-11-25' }) date!: string;
  /** The node checked. */
  @ApiProperty() under!: string;
  /** Key locations under it. */
  @ApiProperty() totalKeyLocations!: number;
  /** Those lacking a patrol, a visit or both. */
  @ApiProperty({ type: [KeyLocationGapView] }) items!: KeyLocationGapView[];
}

/**
 * Raise a case from a patrol or visit: the case's source is `patrol` or `household_visit`, its
 * reporter the caller. The fields are passed to case intake as they are; see the case intake
 * contract for their meaning.
 */
export class RaiseCaseFromLogDto {
  /** Category (sub-class) code. */
  @ApiProperty({ example: 'CM05' })
  @Matches(CATEGORY_CODE_PATTERN, { message: 'categoryCode must be a category code' })
  categoryCode!: string;

  /** What was found. */
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  description!: string;

  /** Where (GeoJSON Point); for a visit, the place's location when omitted. */
  @ApiPropertyOptional({ type: PointDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location?: PointDto;

  /** Street address; for a visit, the place's address when omitted. */
  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @IsString()
  @Length(1, 300)
  address?: string;
}

/** Identifies a patrol or visit log by id. */
export class LogIdRequest {
  /** Log id (UUID). */
  @IsUUID()
  id!: string;
}

/** Raise a case from the log `id`. */
export class RaiseCaseFromLogRequest extends RaiseCaseFromLogDto {
  /** Log id (UUID). */
  @IsUUID()
  id!: string;
}

/** RPC patterns of patrols and visits (ticketing, queue group `ticketing`). */
export const PatrolsRpc = {
  patrolLog: 'ticketing.patrol.log',
  patrolGet: 'ticketing.patrol.get',
  patrolList: 'ticketing.patrol.list',
  patrolUnpatrolled: 'ticketing.patrol.unpatrolled',
  patrolKeyLocations: 'ticketing.patrol.key-locations',
  patrolRaiseCase: 'ticketing.patrol.raise-case',
  visitLog: 'ticketing.visit.log',
  visitGet: 'ticketing.visit.get',
  visitList: 'ticketing.visit.list',
  visitRaiseCase: 'ticketing.visit.raise-case',
} as const;

/** Typed map: pattern → request payload and response. Raising a case answers as case intake does. */
export type PatrolsRpcMap = {
  'ticketing.patrol.log': RpcDefinition<LogPatrolDto, PatrolView>;
  'ticketing.patrol.get': RpcDefinition<LogIdRequest, PatrolView>;
  'ticketing.patrol.list': RpcDefinition<ListFieldLogsQuery, Page<PatrolView>>;
  'ticketing.patrol.unpatrolled': RpcDefinition<CoverageQuery, UnpatrolledView>;
  'ticketing.patrol.key-locations': RpcDefinition<CoverageQuery, KeyLocationCoverageView>;
  'ticketing.patrol.raise-case': RpcDefinition<RaiseCaseFromLogRequest, CreatedCaseView>;
  'ticketing.visit.log': RpcDefinition<LogVisitDto, VisitView>;
  'ticketing.visit.get': RpcDefinition<LogIdRequest, VisitView>;
  'ticketing.visit.list': RpcDefinition<ListFieldLogsQuery, Page<VisitView>>;
  'ticketing.visit.raise-case': RpcDefinition<RaiseCaseFromLogRequest, CreatedCaseView>;
};

/** Payload of `citygrid.patrol.logged.v1`. No personal data: the patroller is a staff id only. */
export interface PatrolLoggedV1 {
  /** Patrol id. */
  id: string;
  /** Grid patrolled. */
  gridCode: string;
  /** Codes from the city down to the grid. */
  path: string[];
  /** Day (city time). */
  day: string;
  /** Started at. */
  startedAt: string;
  /** Ended at. */
  endedAt: string;
  /** Whether a track was recorded. */
  hasTrack: boolean;
}

/** Payload of `citygrid.visit.logged.v1`. No personal data: neither names nor notes. */
export interface VisitLoggedV1 {
  /** Visit id. */
  id: string;
  /** Grid of the place. */
  gridCode: string;
  /** Codes from the city down to the grid. */
  path: string[];
  /** Place visited. */
  placeId: string;
  /** Kind of place. */
  placeKind: string;
  /** Day (city time). */
  day: string;
  /** Visited at. */
  visitedAt: string;
}

const path: JsonSchema = { type: 'array', items: { type: 'string' }, description: 'Codes from the city down to the grid; filter by area with it.' };

/** Events of patrols and visits. */
export const PatrolEvents = {
  patrolLogged: defineEvent<PatrolLoggedV1>({
    service: 'ticketing',
    aggregate: 'patrol',
    event: 'logged',
    version: 1,
    summary: 'A grid patrol 巡查 was logged. Carries no personal data.',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        gridCode: { type: 'string' },
        path,
        day: { type: 'string', format: 'date' },
        startedAt: { type: 'string', format: 'date-time' },
        endedAt: { type: 'string', format: 'date-time' },
        hasTrack: { type: 'boolean' },
      },
      required: ['id', 'gridCode', 'path', 'day', 'startedAt', 'endedAt', 'hasTrack'],
    },
  }),
  visitLogged: defineEvent<VisitLoggedV1>({
    service: 'ticketing',
    aggregate: 'visit',
    event: 'logged',
    version: 1,
    summary: 'A household (or key location) visit 走访 was logged. Carries no personal data and no notes.',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        gridCode: { type: 'string' },
        path,
        placeId: { type: 'string', format: 'uuid' },
        placeKind: { type: 'string' },
        day: { type: 'string', format: 'date' },
        visitedAt: { type: 'string', format: 'date-time' },
      },
      required: ['id', 'gridCode', 'path', 'placeId', 'placeKind', 'day', 'visitedAt'],
    },
  }),
} as const;
