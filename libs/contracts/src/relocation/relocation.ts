/** The relocation service: relocation projects 征拆 with their red line, households, work packages, help requests and reports. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { BoundaryDto } from '../grid-registry/geometry';
import { NODE_CODE_PATTERN } from '../grid-registry/nodes';
import { HOUSEHOLD_STATES, type HelpState, type HouseholdState } from './events';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Status of a project. */
export const PROJECT_STATUSES = ['active', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Open a relocation project with its red line 红线. */
export class CreateRelocationProjectDto {
  /** Project name (e.g. the road it clears the way for). */
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  /** The subdistrict (or any node) the project belongs to; in your area (422 otherwise). */
  @ApiProperty({ example: '410102005' })
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;

  /** The red line: a GeoJSON Polygon. */
  @ApiProperty({ type: BoundaryDto })
  @IsObject()
  redLine!: BoundaryDto;

  /** First day of the project, `YYYY-MM-DD`. */
  @ApiProperty({ format: 'date', example: '2026-11-01' })
  @IsDateString({ strict: true })
  @Matches(DATE, { message: 'startDate must be a date, YYYY-MM-DD' })
  startDate!: string;
}

/** Change a project's status. */
export class UpdateRelocationProjectDto {
  /** `active` or `closed`. */
  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @Optional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;
}

/** A project. */
export class RelocationProjectView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Node code. */
  @ApiProperty() nodeCode!: string;
  /** Node codes from the city down. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** The red line (GeoJSON Polygon). */
  @ApiProperty({ type: BoundaryDto }) redLine!: BoundaryDto;
  /**
   * Every node on the paths of the grids holding a place inside the red line: the community and
   * grid staff of those nodes see the project and record its households' steps, though it was
   * opened above them.
   */
  @ApiProperty({ type: [String], example: ['410100', '410102', '410102005', '410102005001', '41010200500101'] }) reach!: string[];
  /** First day. */
  @ApiProperty({ format: 'date' }) startDate!: string;
  /** Status. */
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  /** Units inside the red line. */
  @ApiProperty() units!: number;
  /** Buildings inside the red line. */
  @ApiProperty() buildings!: number;
  /** Households inside the red line. */
  @ApiProperty() households!: number;
  /** When the red line was last resolved against the registry, or null. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A place inside the red line (unit, building or household), snapshotted from grid-registry. */
export class RelocationPlaceView {
  /** Id in the project. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The grid-registry place. */
  @ApiProperty({ format: 'uuid' }) placeId!: string;
  /** `unit`, `building` or `household`. */
  @ApiProperty({ enum: ['unit', 'building', 'household'] }) kind!: 'unit' | 'building' | 'household';
  /** Name. */
  @ApiProperty() name!: string;
  /** Grid code. */
  @ApiProperty() gridCode!: string;
  /** Households: current state, null before the first visit. */
  @ApiProperty({ enum: HOUSEHOLD_STATES, nullable: true, type: String }) state!: HouseholdState | null;
  /** Households: the work package responsible, or null. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) packageId!: string | null;
  /** Households: a holdout 钉子户. */
  @ApiProperty() holdout!: boolean;
  /** Households: why it holds out. */
  @ApiProperty({ type: [String] }) holdoutReasons!: string[];
  /** Households: when it was last visited, or null. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastVisitAt!: string | null;
  /** Whether the last resolve still found it inside the red line. */
  @ApiProperty() inside!: boolean;
}

/** A household's step. */
export class HouseholdStepView {
  /** State reached. */
  @ApiProperty({ enum: HOUSEHOLD_STATES }) state!: HouseholdState;
  /** When it happened. */
  @ApiProperty({ format: 'date-time' }) at!: string;
  /** Note. */
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  /** Who recorded it. */
  @ApiProperty() by!: string;
}

/** A household with its steps. */
export class RelocationHouseholdView extends RelocationPlaceView {
  /** Steps, oldest first. */
  @ApiProperty({ type: [HouseholdStepView] }) steps!: HouseholdStepView[];
}

/** List places of a project. */
export class ListRelocationPlacesQuery extends PagingQuery {
  /** Only this kind. */
  @ApiPropertyOptional({ enum: ['unit', 'building', 'household'] })
  @Optional()
  @IsIn(['unit', 'building', 'household'])
  kind?: 'unit' | 'building' | 'household';

  /** Only households in this state (`none`: not yet visited). */
  @ApiPropertyOptional({ enum: [...HOUSEHOLD_STATES, 'none'] })
  @Optional()
  @IsIn([...HOUSEHOLD_STATES, 'none'])
  state?: HouseholdState | 'none';

  /** Only holdouts (true) or the others (false). */
  @ApiPropertyOptional({ type: Boolean })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  holdout?: boolean;

  /** Only households of this package. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  packageId?: string;
}

/** Move a household one step on (visited → agreed → signed → moved → demolished). */
export class AdvanceHouseholdDto {
  /** The state reached: the next one after the current. */
  @ApiProperty({ enum: HOUSEHOLD_STATES })
  @IsIn(HOUSEHOLD_STATES)
  state!: HouseholdState;

  /** When it happened (for data entry; default now): never in the future, never before the previous step. */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsDateString({ strict: true })
  at?: string;

  /** Note. */
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

/** Mark or clear a holdout. */
export class SetHoldoutDto {
  /** Whether the household holds out. */
  @ApiProperty()
  @IsBoolean()
  holdout!: boolean;

  /** Reasons (required, at least one, when `holdout` is true). */
  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  reasons?: string[];
}

/** Open a work package: one leader's or one work group's households. */
export class CreateWorkPackageDto {
  /** The responsible leader's name (领导分包). */
  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  leader!: string;

  /** The work group doing the work. */
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  group!: string;
}

/** Assign households to a package (一户包到底: one package per household). */
export class AssignHouseholdsDto {
  /** Household ids of the project. */
  @ApiProperty({ type: [String], format: 'uuid', maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  householdIds!: string[];
}

/** A work package. */
export class WorkPackageView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Project. */
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  /** Leader. */
  @ApiProperty() leader!: string;
  /** Work group. */
  @ApiProperty() group!: string;
  /** Households assigned. */
  @ApiProperty() households!: number;
}

/** The schooling service's enrolment details. */
export class SchoolingHelpDto {
  /** The household's grid-registry place (a household). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  placeId!: string;
  /** Child's name. */
  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  childName!: string;
  /** Birth date, `YYYY-MM-DD`. */
  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true })
  @Matches(DATE, { message: 'childBirthDate must be a date, YYYY-MM-DD' })
  childBirthDate!: string;
  /** Gender. */
  @ApiProperty({ enum: ['male', 'female'] })
  @IsIn(['male', 'female'])
  childGender!: 'male' | 'female';
  /** Guardian's name. */
  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  guardianName!: string;
  /** Guardian's mobile number (kept by the schooling service only). */
  @ApiProperty({ example: '13800138000' })
  @IsString()
  @Matches(/^1\d{10}$/, { message: 'guardianPhone must be a mainland mobile number (11 digits)' })
  guardianPhone!: string;
  /** Grade 1-9. */
  @ApiProperty({ minimum: 1, maximum: 9 })
  @IsInt()
  @Min(1)
  @Max(9)
  grade!: number;
}

/** Raise a help request for a household of a project. */
export class CreateHelpRequestDto {
  /**
   * An id of your own for the help request, to make the call safe to retry: a second create with
   * the same id gives back the first one's request, and schooling help is raised in the schooling
   * service under the same id, so a retry after a failure never raises it twice. Omitted, the
   * service picks one.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  id?: string;

  /** The household (id in the project). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  householdId!: string;

  /** `schooling` (sent to the schooling service) or `rental`. */
  @ApiProperty({ enum: ['schooling', 'rental'] })
  @IsIn(['schooling', 'rental'])
  kind!: 'schooling' | 'rental';

  /** Schooling: the child and guardian, as the schooling service takes them. */
  @ApiPropertyOptional({ type: SchoolingHelpDto })
  @Optional()
  @ValidateNested()
  @Type(() => SchoolingHelpDto)
  schooling?: SchoolingHelpDto;

  /** Note. */
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

/** Move a rental help request on: received → arranged → closed. */
export class AdvanceHelpRequestDto {
  /** `arranged` or `closed`. */
  @ApiProperty({ enum: ['arranged', 'closed'] })
  @IsIn(['arranged', 'closed'])
  state!: 'arranged' | 'closed';
  /** Note. */
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

/** A help request. */
export class HelpRequestView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Project. */
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  /** Household in the project. */
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  /** Kind. */
  @ApiProperty({ enum: ['schooling', 'rental'] }) kind!: 'schooling' | 'rental';
  /** State here (`requested` for schooling: see `schoolingState`). */
  @ApiProperty({ enum: ['received', 'arranged', 'closed', 'requested'] }) state!: HelpState;
  /** The schooling service's request id. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) schoolingRequestId!: string | null;
  /** The schooling service's state of it, when read one by one (null otherwise or when unreachable). */
  @ApiProperty({ type: String, nullable: true }) schoolingState!: string | null;
  /** Note. */
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A day, for reports. */
export class ReportDateQuery {
  /** `YYYY-MM-DD` (UTC day); default today. */
  @ApiPropertyOptional({ format: 'date' })
  @Optional()
  @IsDateString({ strict: true })
  @Matches(DATE, { message: 'date must be a date, YYYY-MM-DD' })
  date?: string;
}

/** Households per state, each at its furthest step. */
export class StateCountsView {
  /** Not visited yet. */
  @ApiProperty() none!: number;
  /** Visited 入户. */
  @ApiProperty() visited!: number;
  /** Agreed 同意. */
  @ApiProperty() agreed!: number;
  /** Signed 签约. */
  @ApiProperty() signed!: number;
  /** Moved 搬迁. */
  @ApiProperty() moved!: number;
  /** Demolished 拆除. */
  @ApiProperty() demolished!: number;
}

/** One package in a report. */
export class PackageReportView {
  /** Package id. */
  @ApiProperty({ format: 'uuid' }) packageId!: string;
  /** Leader. */
  @ApiProperty() leader!: string;
  /** Work group. */
  @ApiProperty() group!: string;
  /** Households. */
  @ApiProperty() households!: number;
  /** Counts per state at the day's end. */
  @ApiProperty({ type: StateCountsView }) counts!: StateCountsView;
  /** Signed or further at the day's end. */
  @ApiProperty() signedOrLater!: number;
}

/** Daily report 一天一上报. */
export class DailyReportView {
  /** Project. */
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  /** Day. */
  @ApiProperty({ format: 'date' }) date!: string;
  /** Households in the red line. */
  @ApiProperty() households!: number;
  /** Counts per state (current state as of the day's end). */
  @ApiProperty({ type: StateCountsView }) counts!: StateCountsView;
  /** Steps reached that day, per state. */
  @ApiProperty({ type: StateCountsView }) changes!: StateCountsView;
  /** Per package. */
  @ApiProperty({ type: [PackageReportView] }) packages!: PackageReportView[];
  /** Holdouts (current). */
  @ApiProperty({ type: [RelocationPlaceView] }) holdouts!: RelocationPlaceView[];
}

/** Meeting agenda 两天一碰头. */
export class MeetingAgendaView {
  /** Project. */
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  /** Day. */
  @ApiProperty({ format: 'date' }) date!: string;
  /** Holdouts. */
  @ApiProperty({ type: [RelocationPlaceView] }) holdouts!: RelocationPlaceView[];
  /** The median share signed-or-later over packages. */
  @ApiProperty() medianSignedShare!: number;
  /** Packages whose signed share is below the median. */
  @ApiProperty({ type: [PackageReportView] }) packagesBehind!: PackageReportView[];
  /** Help requests not closed. */
  @ApiProperty({ type: [HelpRequestView] }) openHelpRequests!: HelpRequestView[];
  /** Households not yet moved without a visit in the last 2 days. */
  @ApiProperty({ type: [RelocationPlaceView] }) notVisited!: RelocationPlaceView[];
}

/** One day of the progress curve. */
export class ProgressPointView {
  /** Day number (1 = start date). */
  @ApiProperty() day!: number;
  /** Date. */
  @ApiProperty({ format: 'date' }) date!: string;
  /** Signed or further by that day's end. */
  @ApiProperty() signed!: number;
  /** Moved or further. */
  @ApiProperty() moved!: number;
  /** Demolished. */
  @ApiProperty() demolished!: number;
  /** Day 3, 10 or 30. */
  @ApiProperty() milestone!: boolean;
}

/** Progress curves since the start. */
export class ProgressCurveView {
  /** Project. */
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  /** Households. */
  @ApiProperty() households!: number;
  /** Per day, from the start to the date asked (or today). */
  @ApiProperty({ type: [ProgressPointView] }) points!: ProgressPointView[];
}

/** By id. */
export class RelocationIdRequest {
  /** Id. */
  @IsUUID()
  id!: string;
}

/** Project list. */
export class ListRelocationProjectsQuery extends PagingQuery {
  /** Only under this node. */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN)
  under?: string;
}

/** A project's item (household, package, help request) over RPC. */
export class RelocationItemRequest {
  /** Project id. */
  @IsUUID()
  projectId!: string;
  /** Item id. */
  @IsUUID()
  id!: string;
}

/** A project's list or report over RPC. */
export class RelocationProjectRequest {
  /** Project id. */
  @IsUUID()
  projectId!: string;
}

/** Change a project over RPC. */
export class UpdateRelocationProjectRequest extends UpdateRelocationProjectDto {
  /** Project id. */
  @IsUUID()
  id!: string;
}

/** List a project's places over RPC. */
export class ListRelocationPlacesRequest extends ListRelocationPlacesQuery {
  /** Project id. */
  @IsUUID()
  projectId!: string;
}

/** A household's step over RPC. */
export class AdvanceHouseholdRequest extends AdvanceHouseholdDto {
  /** Project id. */
  @IsUUID()
  projectId!: string;
  /** Household id. */
  @IsUUID()
  id!: string;
}

/** A household's holdout mark over RPC. */
export class SetHoldoutRequest extends SetHoldoutDto {
  /** Project id. */
  @IsUUID()
  projectId!: string;
  /** Household id. */
  @IsUUID()
  id!: string;
}

/** Open a package over RPC. */
export class CreateWorkPackageRequest extends CreateWorkPackageDto {
  /** Project id. */
  @IsUUID()
  projectId!: string;
}

/** Assign households over RPC. */
export class AssignHouseholdsRequest extends AssignHouseholdsDto {
  /** Project id. */
  @IsUUID()
  projectId!: string;
  /** Package id. */
  @IsUUID()
  id!: string;
}

/** Raise help over RPC. */
export class CreateHelpRequestRequest extends CreateHelpRequestDto {
  /** Project id. */
  @IsUUID()
  projectId!: string;
}

/** List help requests over RPC. */
export class ListHelpRequestsRequest extends PagingQuery {
  /** Project id. */
  @IsUUID()
  projectId!: string;
}

/** Move help on over RPC. */
export class AdvanceHelpRequestRequest extends AdvanceHelpRequestDto {
  /** Project id. */
  @IsUUID()
  projectId!: string;
  /** Help request id. */
  @IsUUID()
  id!: string;
}

/** A report over RPC. */
export class RelocationReportRequest extends ReportDateQuery {
  /** Project id. */
  @IsUUID()
  projectId!: string;
}
