/** Cases: intake, the lifecycle's requests, and the case as the API shows it. */
import { IsRfc3339DateTime } from '../common/dates';
import { PagingQuery } from '../common/paging';
import { Optional } from '../common/optional';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  ValidateIf,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PointDto } from '../grid-registry/geometry';
import { CasePriority, CaseSource, CaseState, CaseTier, DispatchTarget, EvaluationOutcome, SatisfactionChannel, SatisfactionLevel, TimeUnit } from './enums';

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

/**
 * A photo of a case: an upload (`photoId`, from `POST /api/v1/photos`; the case view then gives a
 * signed `url` for it) or a reference to one stored elsewhere (`url`, e.g. `s3://…` or an
 * Open311 `media_url`).
 */
export class PhotoDto {
  /** An uploaded photo's id (`POST /api/v1/photos`); its type and size are the upload's. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  photoId?: string;

  /** Object URL or storage key (required without `photoId`; ignored with it). */
  @ApiPropertyOptional({ example: 's3://citygrid-photos/2026/11/25/abc.jpg', maxLength: 500 })
  @ValidateIf((o: PhotoDto) => o.photoId === undefined || o.url !== undefined)
  @IsString()
  @Length(1, 500)
  url?: string;

  /** Content type, if known (taken from the upload with `photoId`). */
  @ApiPropertyOptional({ enum: PHOTO_CONTENT_TYPES })
  @Optional()
  @IsIn(PHOTO_CONTENT_TYPES)
  contentType?: (typeof PHOTO_CONTENT_TYPES)[number];

  /** Size in bytes, if known, at most 5 MB (a larger photo gets 413). */
  @ApiPropertyOptional({ example: 204800, minimum: 1 })
  @Optional()
  @IsInt()
  @Min(1)
  size?: number;
}

/**
 * Who reported it, and how to reach her if she wants a call back. The phone and email are
 * personal data: encrypted at rest, masked in every case view and never in events; staff with a
 * need to know read them through `GET /api/v1/cases/{id}/reporters`.
 */
export class ReporterDto {
  /** Name or nickname. */
  @ApiProperty({ example: '王先生', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;

  /** Phone to call back on (digits, with an optional leading `+`, spaces, dashes or brackets). */
  @ApiPropertyOptional({ example: '13812345678', maxLength: 30 })
  @Optional()
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{3,28}[0-9]$/, { message: 'phone must be a phone number (digits, optional +, spaces, dashes or brackets)' })
  phone?: string;

  /** Email to answer to. */
  @ApiPropertyOptional({ example: 'wang@example.com', maxLength: 254 })
  @Optional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;
}

/** A reporter as a case view shows her: her contact masked. */
export class ReporterView {
  /** Name or nickname. */
  @ApiProperty({ example: '王先生' }) name!: string;
  /** Phone, masked (`138****5678`), or null when none was given. */
  @ApiProperty({ type: String, nullable: true, example: '138****5678' }) phone!: string | null;
  /** Email, masked (`w***@example.com`), or null when none was given. */
  @ApiProperty({ type: String, nullable: true, example: 'w***@example.com' }) email!: string | null;
}

/** A reporter's contact in full, for staff with a need to know who call her back. */
export class ReporterContactView {
  /** Name or nickname. */
  @ApiProperty({ example: '王先生' }) name!: string;
  /** Phone, in full, or null. */
  @ApiProperty({ type: String, nullable: true, example: '13812345678' }) phone!: string | null;
  /** Email, in full, or null. */
  @ApiProperty({ type: String, nullable: true, example: 'wang@example.com' }) email!: string | null;
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

  /** What was found (up to 4,000 characters, the length Open311 clients send). */
  @ApiProperty({ example: '伏牛路88号院东侧私搭乱建', maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
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

/** The evaluation 综合评价 of a closed case, by its platform's operator or a supervisor: once. */
export class EvaluateDto {
  /** Outcome. */
  @ApiProperty({ enum: EvaluationOutcome, enumName: 'EvaluationOutcome' })
  @IsEnum(EvaluationOutcome)
  outcome!: EvaluationOutcome;

  /** Remarks (kept in the case's audit trail and view, never in its event). */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

/** RPC request: evaluation. */
export class CaseEvaluateRequest extends EvaluateDto {
  @IsUUID()
  id!: string;
}

/**
 * The reporter's satisfaction with a closed case she reported (a citizen, the 12345 hotline, an
 * Open311 client): recorded once, by the API client that reported it or an operator in scope.
 */
export class SatisfactionDto {
  /** How satisfied the reporter is. */
  @ApiProperty({ enum: SatisfactionLevel, enumName: 'SatisfactionLevel' })
  @IsEnum(SatisfactionLevel)
  level!: SatisfactionLevel;

  /** How it was collected. */
  @ApiProperty({ enum: SatisfactionChannel, enumName: 'SatisfactionChannel' })
  @IsEnum(SatisfactionChannel)
  channel!: SatisfactionChannel;

  /** The reporter's words (kept in the case's audit trail and view, never in its event). */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

/** RPC request: satisfaction. */
export class CaseSatisfactionRequest extends SatisfactionDto {
  @IsUUID()
  id!: string;
}

/**
 * A public note on a case: a citizen's comment (through Open311's `servicerequestupdates` or the
 * API) or an operator's note. It shows in the case's timeline and in the update feed other
 * systems read, its personal numbers masked there; the event carries no words.
 */
export class CommentDto {
  /** What the note says. */
  @ApiProperty({ example: '问题仍未解决，违建又搭起来了', maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  text!: string;

  /** The reporter says the matter is not settled and asks for the case to be reopened (operators decide). */
  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean()
  reopenRequested?: boolean;

  /** Who wrote it, when not the caller (a citizen commenting through an app); kept in the audit trail. */
  @ApiPropertyOptional({ example: '王先生', maxLength: 50 })
  @Optional()
  @IsString()
  @Length(1, 50)
  author?: string;

  /** Photos with the note. */
  @ApiPropertyOptional({ type: [PhotoDto], maxItems: MAX_PHOTOS })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_PHOTOS)
  @ValidateNested({ each: true })
  @Type(() => PhotoDto)
  photos?: PhotoDto[];

  /**
   * The note's id in the caller's own system (Open311's `update_id_ext`): a note sent again with
   * the same id on the same case is not added twice; the first one's answer comes back.
   */
  @ApiPropertyOptional({ example: '4711', maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  externalId?: string;
}

/** RPC request: a public note. */
export class CaseCommentRequest extends CommentDto {
  @IsUUID()
  id!: string;
}

/** A note once recorded. */
export class CaseCommentView {
  /** Id of the note in the update feed (`update_id` in Open311's `servicerequestupdates`). */
  @ApiProperty({ example: '40214' }) updateId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** A case's evaluation as shown. */
export class EvaluationView {
  @ApiProperty({ enum: EvaluationOutcome, enumName: 'EvaluationOutcome' }) outcome!: EvaluationOutcome;
  @ApiPropertyOptional({ type: String, nullable: true }) notes!: string | null;
  /** Who evaluated (account id). */
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** A case's reporter satisfaction as shown. */
export class SatisfactionView {
  @ApiProperty({ enum: SatisfactionLevel, enumName: 'SatisfactionLevel' }) level!: SatisfactionLevel;
  @ApiProperty({ enum: SatisfactionChannel, enumName: 'SatisfactionChannel' }) channel!: SatisfactionChannel;
  @ApiPropertyOptional({ type: String, nullable: true }) comment!: string | null;
  /** Who recorded it (account or client id). */
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
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

/** Orders of the case list. */
export const CASE_LIST_SORTS = ['reported_desc', 'reported_asc', 'deadline_asc'] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

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

  /** Only cases from this source (patrol, hotline …). */
  @ApiPropertyOptional({ enum: CaseSource, enumName: 'CaseSource' })
  @Optional()
  @IsEnum(CaseSource)
  source?: CaseSource;

  /** Only cases reported at or after this instant (RFC 3339, e.g. `2026-12-01T00:00:00+08:00`). */
  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00+08:00' })
  @Optional()
  @IsRfc3339DateTime()
  reportedFrom?: string;

  /** Only cases reported before this instant (RFC 3339). */
  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-08T00:00:00+08:00' })
  @Optional()
  @IsRfc3339DateTime()
  reportedBefore?: string;

  /** Order: newest reported first (default), oldest first, or the nearest deadline first (cases without one last). */
  @ApiPropertyOptional({ enum: CASE_LIST_SORTS, default: 'reported_desc' })
  @Optional()
  @IsIn(CASE_LIST_SORTS)
  sort?: CaseListSort;
}

/**
 * `GET /api/v1/cases/nearby`: the open cases near a point that the caller may see, as intake
 * would list them as probable duplicates: within the duplicate radius (ticketing's
 * `DUPLICATE_RADIUS_M`, 100 m) and reported in the duplicate window (`DUPLICATE_WINDOW_H`, 72 h).
 * An operator taking a phone report asks before filing, to add the caller to an existing case.
 */
export class NearbyCasesQuery {
  /** Longitude (WGS 84). */
  @ApiProperty({ example: 113.6078 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lng must be a number' })
  @Min(-180)
  @Max(180)
  lng!: number;

  /** Latitude (WGS 84). */
  @ApiProperty({ example: 34.7599 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lat must be a number' })
  @Min(-90)
  @Max(90)
  lat!: number;
}

/** A photo of a case. */
export class PhotoView {
  /** An uploaded photo's id, when it was uploaded through `POST /api/v1/photos`. */
  @ApiPropertyOptional({ format: 'uuid' }) photoId?: string;
  /** Where to read it: for an uploaded photo a signed URL that expires (ask for the case again for a fresh one); else the reference given. */
  @ApiProperty() url!: string;
  /** Content type, if known. */
  @ApiPropertyOptional() contentType?: string;
  /** Size in bytes, if known. */
  @ApiPropertyOptional() size?: number;
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
  @ApiProperty({ type: [ReporterView] }) reporters!: ReporterView[];
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
  /** The evaluation 综合评价 after closing, if made. */
  @ApiProperty({ type: EvaluationView, nullable: true }) evaluation!: EvaluationView | null;
  /** The reporter's satisfaction, if recorded. */
  @ApiProperty({ type: SatisfactionView, nullable: true }) satisfaction!: SatisfactionView | null;
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

/** Who made a step of a case's timeline. */
export class TimelineActorView {
  /** Account or client id (`system` for the overdue timer). */
  @ApiProperty() id!: string;
  /** Display name. */
  @ApiProperty() name!: string;
  /** Roles at the time. */
  @ApiProperty({ type: [String] }) roles!: string[];
}

/**
 * One step in a case's life (`GET /api/v1/cases/{id}/timeline`): every transition, oldest first,
 * with who made it, when, the note or reason given, the deadline it left, and the photos it added.
 * Built from the case's audit trail, so it holds exactly what was recorded, never reconstructed.
 */
export class CaseTimelineEntryView {
  /** When it happened. */
  @ApiProperty({ format: 'date-time' }) at!: string;
  /** The event recorded (`citygrid.case.filed.v1`, …). */
  @ApiProperty() type!: string;
  /** The action (`report`, `file`, `dispatch`, `escalate-overdue`, …). */
  @ApiProperty() action!: string;
  /** State before (null for the report). */
  @ApiPropertyOptional({ type: String, nullable: true }) stateBefore!: string | null;
  /** State after. */
  @ApiProperty() stateAfter!: string;
  /** Who made it. */
  @ApiProperty({ type: TimelineActorView }) actor!: TimelineActorView;
  /** The level responsible after the step (index into the grid path: 5 grid … 0 city). */
  @ApiPropertyOptional({ type: Number, nullable: true }) level!: number | null;
  /** The deadline in force after the step, if any. */
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) deadline!: string | null;
  /** Department the case is dispatched to after the step, if any. */
  @ApiPropertyOptional({ type: String, nullable: true }) departmentCode!: string | null;
  /** The note given with the step (file, accept, handle, verify, approvals), if any. */
  @ApiPropertyOptional({ type: String, nullable: true }) notes!: string | null;
  /** The reason given (reject, return, extension, suspension, reopen, escalation), if any. */
  @ApiPropertyOptional({ type: String, nullable: true }) reason!: string | null;
  /** Photos the step added (report, handling). */
  @ApiProperty({ type: [PhotoDto] }) photos!: PhotoDto[];
  /** Request id of the call that made it (empty for timers). */
  @ApiPropertyOptional({ type: String, nullable: true }) correlationId!: string | null;
}

/** What a person must do with a case in her work queue. */
export enum WorkKind {
  /** A new report at her level: file or reject it (operators). */
  Triage = 'triage',
  /** Filed or returned at her level: dispatch it (operators). */
  Dispatch = 'dispatch',
  /** An extension or suspension requested at her level: decide it (operators). */
  Approve = 'approve',
  /** Dispatched to her (her department, or grid staff of her grid): accept or return it. */
  Accept = 'accept',
  /** Accepted by her side: handle it. */
  Handle = 'handle',
  /** Handled by someone else in her area: verify it (grid staff, supervisors). */
  Verify = 'verify',
  /** Escalated to her level (overdue, or declared beyond the level below): re-dispatch it, push it down or escalate it further (operators). */
  Escalated = 'escalated',
}

/** `GET /api/v1/me/work`: one kind only, and how many items. */
export class WorkQueueQuery {
  /** Only this kind of work. */
  @ApiPropertyOptional({ enum: WorkKind, enumName: 'WorkKind' })
  @Optional()
  @IsEnum(WorkKind)
  kind?: WorkKind;

  /** Items to list, 1–500 (default 100); the counts cover the whole queue. */
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** One case waiting on the caller. */
export class WorkItemView {
  /** What she must do. */
  @ApiProperty({ enum: WorkKind, enumName: 'WorkKind' }) kind!: WorkKind;
  /** The case. */
  @ApiProperty({ type: CaseView }) case!: CaseView;
  /** Whether its deadline has passed. */
  @ApiProperty() overdue!: boolean;
}

/**
 * What the caller must act on now, soonest deadline first (cases without one after, oldest
 * first): new reports and returned cases at her level for operators, cases dispatched to her side
 * for handlers, handled cases of others for verifiers. An operator's queue holds the cases whose
 * responsible level is her node: an escalated case leaves the lower queue for the upper one.
 */
export class WorkQueueView {
  /** Items per kind, over the whole queue. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { triage: 2, dispatch: 1, approve: 0, accept: 3, handle: 1, verify: 4, escalated: 1 } })
  counts!: Record<WorkKind, number>;
  /** Every item, over the whole queue. */
  @ApiProperty() total!: number;
  /** The first `limit` items. */
  @ApiProperty({ type: [WorkItemView] }) items!: WorkItemView[];
}

/**
 * A department a case may be dispatched to (`GET /api/v1/cases/{id}/suggested-departments`): it
 * serves the case's grid or a node above it; those of the kind the case's category calls for come
 * first, then the one serving the nearest node.
 */
export class SuggestedDepartmentView {
  /** Department code (what dispatch takes). */
  @ApiProperty() code!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Kind (police, urban management, …). */
  @ApiProperty() kind!: string;
  /** The node on the case's path it serves, nearest the grid. */
  @ApiProperty() servesNodeCode!: string;
  /** Whether its kind is the one the case's category names. */
  @ApiProperty() matchesCategory!: boolean;
}

/**
 * `ticketing.case.updates`: what happened to the cases the caller sees from `since` on (every
 * step but the report itself and the internal deadline warning), oldest first: the feed behind
 * Open311's `servicerequestupdates`. Page on by asking again from the last `at`.
 */
export class CaseUpdatesQuery {
  /** From this moment (ISO 8601, included). */
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since!: string;

  /** Up to this moment (excluded); default now. */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time' })
  until?: string;

  /** Most updates (default and at most 1,000, Open311's page). */
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1000 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** One step of a case's story, as another system may show it: no actor, no handling notes. */
export class CaseUpdateView {
  /** Stable id of the update. */
  @ApiProperty({ example: '40213' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'CM05-20261204-0007' }) number!: string;
  /** Event type of the step (`citygrid.case.closed.v1`, …). */
  @ApiProperty({ example: 'citygrid.case.closed.v1' }) type!: string;
  /** State after the step. */
  @ApiProperty({ enum: CaseState, enumName: 'CaseState' }) stateAfter!: CaseState;
  @ApiProperty({ format: 'date-time' }) at!: string;
  /** The reason given (a rejection, a return, an extension), personal numbers masked, or null. */
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  /** Photos the step added (handling photos). */
  @ApiProperty({ type: [String] }) photoUrls!: string[];
}

/**
 * `ticketing.case.requests`: cases as Open311 lists them, paged in the database by report time
 * (newest first, at most 1,000). With a token, the cases the caller sees; without one (Open311's
 * public reads), every case with nothing personal: no reporter, address, photos, notes or
 * evaluation, and personal numbers masked in the description and reason.
 */
export class CaseRequestsQuery {
  /** Reported at or after (ISO 8601). */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  /** Reported at or before (ISO 8601). */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  /** `true`: only settled cases (closed, rejected, cancelled, merged); `false`: only open ones. */
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @Optional()
  @IsIn(['true', 'false'])
  settled?: 'true' | 'false';

  /** Only this sub-class. */
  @ApiPropertyOptional()
  @Optional()
  @Matches(CATEGORY_CODE_PATTERN, { message: 'categoryCode must be a category code' })
  categoryCode?: string;

  /** Only these cases (at most 100). */
  @ApiPropertyOptional({ type: [String], maxItems: 100 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  ids?: string[];

  /** Most cases (default and at most 1,000). */
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1000 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
