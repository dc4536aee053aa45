import { PagingQuery } from '../common/paging';
import { IsRfc3339Date } from '../common/dates';
import { Optional } from '../common/optional';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsEnum, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

import { PointDto } from '../grid-registry/geometry';
import { DepartmentKind } from '../grid-registry/enums';
import { CalendarDayKind, CasePriority, CaseSource, CaseState, CaseTier, CategoryKind, DispatchTarget, TimeUnit } from './enums';

/** Largest photo accepted, bytes (5 MB); a larger one is refused with 413 naming the field. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Most photos on one case. */
export const MAX_PHOTOS = 9;
/** Content types accepted for photos. */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** A category code: two capitals and 2 or 4 digits (`CM05`, `SJ0201`). */
export const CATEGORY_CODE_PATTERN = /^[A-Z]{2}(\d{2}){0,2}$/;
/** A department code as grid-registry keeps them. */
export const DEPARTMENT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A photo stored elsewhere (object storage): ticketing keeps the reference only. */
export class PhotoDto {
  /** Object URL or storage key. */
  @ApiProperty({ example: 's3://citygrid-photos/2026/11/25/abc.jpg', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  url!: string;

  /** Content type. */
  @ApiProperty({ enum: PHOTO_CONTENT_TYPES })
  @IsIn(PHOTO_CONTENT_TYPES)
  contentType!: (typeof PHOTO_CONTENT_TYPES)[number];

  /** Size in bytes, at most 5 MB (a larger photo gets 413). */
  @ApiProperty({ example: 204800, minimum: 1 })
  @IsInt()
  @Min(1)
  size!: number;
}

/**
 * Who reported it. Only a display name: phones and other contacts are personal data ticketing
 * does not need to keep, so it does not accept them.
 */
export class ReporterDto {
  /** Name or nickname. */
  @ApiProperty({ example: '王先生', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;
}

/** Report a case. It is resolved to the level-3 grid containing `location` (422 outside every grid). */
export class CreateCaseDto {
  /** Source. */
  @ApiProperty({ enum: CaseSource, enumName: 'CaseSource' })
  @IsEnum(CaseSource)
  source!: CaseSource;

  /** Sub-class code (`GET /categories`); unknown or not a sub-class → 422. */
  @ApiProperty({ example: 'CM05' })
  @IsString()
  @Length(1, 20)
  categoryCode!: string;

  /** What was found. */
  @ApiProperty({ example: '伏牛路88号院东侧私搭乱建', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  description!: string;

  /** Location (GeoJSON Point, WGS-84). */
  @ApiProperty({ type: PointDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location!: PointDto;

  /** Street address. */
  @ApiProperty({ example: '郑州市中原区伏牛路88号院', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  address!: string;

  /** Priority (default normal). */
  @ApiPropertyOptional({ enum: CasePriority, enumName: 'CasePriority' })
  @Optional()
  @IsEnum(CasePriority)
  priority?: CasePriority;

  /** Reporter (optional). */
  @ApiPropertyOptional({ type: ReporterDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;

  /** Up to 9 photos, each at most 5 MB. */
  @ApiPropertyOptional({ type: [PhotoDto], maxItems: MAX_PHOTOS })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_PHOTOS)
  @ValidateNested({ each: true })
  @Type(() => PhotoDto)
  photos?: PhotoDto[];
}

/** A reason (reject, return, cancel). */
export class ReasonDto {
  /** Why. */
  @ApiProperty({ example: '不属于本辖区事项', maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** Optional notes (file, accept, resume, approvals). */
export class NotesDto {
  /** Notes. */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

/** Dispatch 派遣 to a department or to the grid staff of the case's grid. */
export class DispatchDto {
  /** Target. */
  @ApiProperty({ enum: DispatchTarget, enumName: 'DispatchTarget' })
  @IsEnum(DispatchTarget)
  target!: DispatchTarget;

  /** Department code (target `department`). */
  @ApiPropertyOptional({ example: 'lsz-police' })
  @Optional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'departmentCode must be a department code' })
  departmentCode?: string;

  /** Notes. */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

/** Handling reported 处置反馈. */
export class HandleDto {
  /** What was done. */
  @ApiProperty({ example: '已拆除违建部分', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  notes!: string;

  /** Photos after handling. */
  @ApiPropertyOptional({ type: [PhotoDto], maxItems: MAX_PHOTOS })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_PHOTOS)
  @ValidateNested({ each: true })
  @Type(() => PhotoDto)
  photos?: PhotoDto[];
}

/** On-site verification 核查. */
export class VerifyDto {
  /** Passed (→ closed) or failed (→ rework). */
  @ApiProperty()
  @IsBoolean()
  passed!: boolean;

  /** Findings; required in practice when it failed. */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

/** Extension request 延期申请. */
export class ExtendDto {
  /** Extra time. */
  @ApiProperty({ minimum: 1, maximum: 720 })
  @IsInt()
  @Min(1)
  @Max(720)
  amount!: number;

  /** Unit of `amount`. */
  @ApiProperty({ enum: TimeUnit, enumName: 'TimeUnit' })
  @IsEnum(TimeUnit)
  unit!: TimeUnit;

  /** Why. */
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** Push-down 交办: hand the case to a lower level. */
export class PushDownDto {
  /** Code of a node on the case's path below its current level; default one level down. */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @Matches(/^\d{6,16}$/, { message: 'toCode must be a node code' })
  toCode?: string;

  /** Why. */
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** Merge this case into another one (a duplicate). */
export class MergeDto {
  /** The case that stays open and keeps both reporters. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  intoId!: string;
}

/** One case by id. */
export class CaseIdRequest {
  /** Case id. */
  @IsUUID()
  id!: string;
}

/** RPC request: id plus a reason. */
export class CaseReasonRequest extends ReasonDto {
  @IsUUID()
  id!: string;
}

/** RPC request: id plus optional notes. */
export class CaseNotesRequest extends NotesDto {
  @IsUUID()
  id!: string;
}

/** RPC request: dispatch. */
export class CaseDispatchRequest extends DispatchDto {
  @IsUUID()
  id!: string;
}

/** RPC request: handling report. */
export class CaseHandleRequest extends HandleDto {
  @IsUUID()
  id!: string;
}

/** RPC request: verification. */
export class CaseVerifyRequest extends VerifyDto {
  @IsUUID()
  id!: string;
}

/** RPC request: extension. */
export class CaseExtendRequest extends ExtendDto {
  @IsUUID()
  id!: string;
}

/** RPC request: push-down. */
export class CasePushDownRequest extends PushDownDto {
  @IsUUID()
  id!: string;
}

/** RPC request: merge. */
export class CaseMergeRequest extends MergeDto {
  @IsUUID()
  id!: string;
}

/** List cases in the caller's area. */
export class ListCasesQuery extends PagingQuery {
  /** Only cases in this state. */
  @ApiPropertyOptional({ enum: CaseState, enumName: 'CaseState' })
  @Optional()
  @IsEnum(CaseState)
  state?: CaseState;

  /** Only cases under this node code (inclusive). */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @Matches(/^\d{6,16}$/, { message: 'under must be a node code' })
  under?: string;

  /** Only this sub-class. */
  @ApiPropertyOptional()
  @Optional()
  @Matches(CATEGORY_CODE_PATTERN, { message: 'categoryCode must be a category code' })
  categoryCode?: string;

  /** Only overdue cases. */
  @ApiPropertyOptional()
  @Optional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}

/** Set a calendar day (holiday or make-up working day). */
export class SetHolidayDto {
  /** Local date `YYYY-MM-DD`. */
  @ApiProperty({ example: '2026-10-01' })
  @IsRfc3339Date()
  date!: string;

  /** `holiday` (day off) or `workday` (调休 working day). */
  @ApiProperty({ enum: CalendarDayKind, enumName: 'CalendarDayKind' })
  @IsEnum(CalendarDayKind)
  kind!: CalendarDayKind;

  /** Name, e.g. 国庆节. */
  @ApiProperty({ example: '国庆节', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;
}

/** Holidays in a year. */
export class ListHolidaysQuery {
  /** Year (default: all). */
  @ApiPropertyOptional({ example: 2026 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** A calendar day. */
export class HolidayView {
  @ApiProperty() date!: string;
  @ApiProperty({ enum: CalendarDayKind, enumName: 'CalendarDayKind' }) kind!: CalendarDayKind;
  @ApiProperty() name!: string;
}

/** A category: a class or a sub-class (only sub-classes carry a department kind and a limit). */
export class CategoryView {
  @ApiProperty({ example: 'CM05' }) code!: string;
  @ApiProperty({ type: String, nullable: true }) parentCode!: string | null;
  @ApiProperty({ example: '违法建设' }) name!: string;
  @ApiProperty({ enum: CategoryKind, enumName: 'CategoryKind' }) kind!: CategoryKind;
  /** True for a sub-class cases can be filed under. */
  @ApiProperty() leaf!: boolean;
  @ApiProperty({ enum: DepartmentKind, enumName: 'DepartmentKind', nullable: true }) departmentKind!: DepartmentKind | null;
  @ApiProperty({ type: Number, nullable: true }) limitAmount!: number | null;
  @ApiProperty({ enum: TimeUnit, enumName: 'TimeUnit', nullable: true }) limitUnit!: TimeUnit | null;
}

/** Largest time limit amount of a sub-class (in its unit). */
export const MAX_CATEGORY_LIMIT = 720;

/** Largest position of a category in listings: well inside the 32-bit column that stores it. */
export const MAX_CATEGORY_SORT_ORDER = 1_000_000;

/**
 * Add a node to the category tree (operators of subdistrict level and above, and the system
 * admin). A sub-class (`leaf: true`) needs a parent class, a default department kind and a time
 * limit; a class carries neither. The code is unique (409); an unknown parent, or a parent that is
 * itself a sub-class, is 422.
 */
export class CreateCategoryDto {
  /** Code: two capitals and 2 or 4 digits (`CM08`, `SJ0501`); unique across the tree. */
  @ApiProperty({ example: 'CM08', pattern: CATEGORY_CODE_PATTERN.source })
  @Matches(CATEGORY_CODE_PATTERN, { message: 'code must be a category code (two capitals and 2 or 4 digits)' })
  code!: string;

  /** Parent class code; required for a sub-class, absent for a root class. */
  @ApiPropertyOptional({ example: 'CM' })
  @ValidateIf((o: CreateCategoryDto) => o.leaf === true || o.parentCode !== undefined)
  @IsDefined({ message: 'parentCode is required for a sub-class' })
  @Matches(CATEGORY_CODE_PATTERN, { message: 'parentCode must be a category code' })
  parentCode?: string;

  /** Name. */
  @ApiProperty({ example: '共享单车乱停放', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;

  /** Kind; defaults to the parent's (and must equal it when given); required for a root class. */
  @ApiPropertyOptional({ enum: CategoryKind, enumName: 'CategoryKind' })
  @Optional()
  @IsEnum(CategoryKind)
  kind?: CategoryKind;

  /** True for a sub-class 小类 cases can be filed under; false for a class 大类. */
  @ApiProperty({ example: true })
  @IsBoolean()
  leaf!: boolean;

  /** Default handling department kind (sub-classes only, required there). */
  @ApiPropertyOptional({ enum: DepartmentKind, enumName: 'DepartmentKind' })
  @ValidateIf((o: CreateCategoryDto) => o.leaf === true || o.departmentKind !== undefined)
  @IsEnum(DepartmentKind)
  departmentKind?: DepartmentKind;

  /** Time limit amount, in `limitUnit` (sub-classes only, required there). */
  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: MAX_CATEGORY_LIMIT })
  @ValidateIf((o: CreateCategoryDto) => o.leaf === true || o.limitAmount !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_CATEGORY_LIMIT)
  limitAmount?: number;

  /** Time limit unit: working hours or working days (sub-classes only, required there). */
  @ApiPropertyOptional({ enum: TimeUnit, enumName: 'TimeUnit' })
  @ValidateIf((o: CreateCategoryDto) => o.leaf === true || o.limitUnit !== undefined)
  @IsEnum(TimeUnit)
  limitUnit?: TimeUnit;

  /** Position in listings; after the last node when omitted. */
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CATEGORY_SORT_ORDER })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_CATEGORY_SORT_ORDER)
  sortOrder?: number;
}

/**
 * Change a category (operators of subdistrict level and above, and the system admin). The code,
 * the parent and whether it is a sub-class do not change (cases and children refer to them).
 * Department kind and time limit exist on sub-classes only (422 on a class).
 *
 * A changed time limit applies only to deadlines computed afterwards (cases dispatched from now
 * on, and clocks restarted by a later escalation): deadlines already set on cases do not move.
 */
export class UpdateCategoryDto {
  /** Name. */
  @ApiPropertyOptional({ example: '违法建设', maxLength: 50 })
  @Optional()
  @IsString()
  @Length(1, 50)
  name?: string;

  /** Default handling department kind (sub-classes). */
  @ApiPropertyOptional({ enum: DepartmentKind, enumName: 'DepartmentKind' })
  @Optional()
  @IsEnum(DepartmentKind)
  departmentKind?: DepartmentKind;

  /** Time limit amount (sub-classes); only cases dispatched afterwards get the new limit. */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CATEGORY_LIMIT })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_CATEGORY_LIMIT)
  limitAmount?: number;

  /** Time limit unit (sub-classes); only cases dispatched afterwards get the new limit. */
  @ApiPropertyOptional({ enum: TimeUnit, enumName: 'TimeUnit' })
  @Optional()
  @IsEnum(TimeUnit)
  limitUnit?: TimeUnit;

  /** Position in listings. */
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CATEGORY_SORT_ORDER })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_CATEGORY_SORT_ORDER)
  sortOrder?: number;
}

/** RPC request: update the category `code`. */
export class UpdateCategoryRequest extends UpdateCategoryDto {
  /** Category code. */
  @Matches(CATEGORY_CODE_PATTERN, { message: 'code must be a category code' })
  code!: string;
}

/** A photo reference as stored. */
export class PhotoView {
  @ApiProperty() url!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
  /** `report` or `handling`. */
  @ApiProperty() stage!: string;
}

/** A pending request (extension or suspension) waiting for approval. */
export class PendingRequestView {
  @ApiProperty({ enum: ['extension', 'suspension'] }) kind!: 'extension' | 'suspension';
  @ApiProperty() reason!: string;
  @ApiPropertyOptional() amount?: number;
  @ApiPropertyOptional({ enum: TimeUnit, enumName: 'TimeUnit' }) unit?: TimeUnit;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() requestedAt!: string;
}

/** A case as staff in scope see it. */
export class CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CM05-20261125-0001' }) number!: string;
  @ApiProperty({ enum: CaseSource, enumName: 'CaseSource' }) source!: CaseSource;
  @ApiProperty() categoryCode!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: PointDto }) location!: { type: 'Point'; coordinates: [number, number] };
  @ApiProperty() address!: string;
  @ApiProperty({ enum: CasePriority, enumName: 'CasePriority' }) priority!: CasePriority;
  @ApiProperty({ enum: CaseState, enumName: 'CaseState' }) state!: CaseState;
  /** The level-3 grid. */
  @ApiProperty() gridCode!: string;
  /** Codes from the city to the grid. */
  @ApiProperty({ type: [String] }) gridPath!: string[];
  /** Index into `gridPath` of the level responsible now. */
  @ApiProperty() level!: number;
  /** Code of the node responsible now. */
  @ApiProperty() levelCode!: string;
  @ApiProperty({ enum: CaseTier, enumName: 'CaseTier' }) tier!: CaseTier;
  @ApiProperty({ enum: DispatchTarget, enumName: 'DispatchTarget', nullable: true }) dispatchTarget!: DispatchTarget | null;
  @ApiProperty({ type: String, nullable: true }) departmentCode!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deadline!: string | null;
  @ApiProperty({ type: [ReporterDto] }) reporters!: Array<{ name: string }>;
  @ApiProperty({ type: [PhotoView] }) photos!: PhotoView[];
  @ApiProperty({ type: PendingRequestView, nullable: true }) pendingRequest!: PendingRequestView | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) handlingNotes!: string | null;
  @ApiProperty() reworkCount!: number;
  @ApiProperty() escalationCount!: number;
  @ApiProperty({ type: String, nullable: true }) mergedIntoId!: string | null;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() version!: number;
}

/** A probable duplicate found on intake. */
export class DuplicateView {
  @ApiProperty() id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ enum: CaseState, enumName: 'CaseState' }) state!: CaseState;
  /** Metres from the new case. */
  @ApiProperty() distanceM!: number;
}

/** The answer to intake: the case and its probable duplicates. */
export class CreatedCaseView extends CaseView {
  @ApiProperty({ type: [DuplicateView] }) possibleDuplicates!: DuplicateView[];
}
