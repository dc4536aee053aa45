/** The schooling service: schools with their catchments (学区), and enrolment help requests (入学协助申请). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsNumber, IsObject, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { BoundaryDto, PointDto } from '../grid-registry/geometry';
import { NODE_CODE_PATTERN } from '../grid-registry/nodes';
import { MOBILE_PHONE_PATTERN, RESIDENT_ID_NUMBER_PATTERN } from '../grid-registry/residents';
import type { EnrolmentState } from './events';

/** Kind of school: primary (grades 1-6) or middle (grades 7-9). */
export enum SchoolKind {
  Primary = 'primary',
  Middle = 'middle',
}

/** The grades a school of each kind teaches. */
export const SCHOOL_GRADES: Readonly<Record<SchoolKind, readonly [number, number]>> = {
  [SchoolKind.Primary]: [1, 6],
  [SchoolKind.Middle]: [7, 9],
};

/** Why help is asked. */
export enum EnrolmentReason {
  /** The household was relocated (征迁安置). */
  Relocation = 'relocation',
  /** The guardians are migrant workers (随迁子女). */
  MigrantWorker = 'migrant_worker',
  /** A transfer from another school. */
  Transfer = 'transfer',
}

/** The steps of an enrolment help request. */
export enum EnrolmentAction {
  /** received → checked: documents and catchment checked. */
  Check = 'check',
  /** checked → referred: referred to a school or the education bureau. */
  Refer = 'refer',
  /** referred → placed: the child has a place in a school (names it). */
  Place = 'place',
  /** received, checked or referred → refused (with a reason). */
  Refuse = 'refuse',
}

export const ENROLMENT_STATES: readonly EnrolmentState[] = ['received', 'checked', 'referred', 'placed', 'refused'];
export const ENROLMENT_GENDERS = ['female', 'male'] as const;
export type EnrolmentGender = (typeof ENROLMENT_GENDERS)[number];

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Register a school with its catchment. */
export class CreateSchoolDto {
  /** Name of the school. */
  @ApiProperty({ maxLength: 200, example: '临山寨小学' })
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Primary or middle school. */
  @ApiProperty({ enum: SchoolKind, enumName: 'SchoolKind' })
  @IsIn(Object.values(SchoolKind))
  kind!: SchoolKind;

  /** The node (subdistrict, community or grid) the school belongs to: who manages it. */
  @ApiProperty({ example: '410102005' })
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;

  /** Postal address of the school. */
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @Length(1, 300)
  address!: string;

  /** Where the school is (GeoJSON Point, WGS-84). */
  @ApiProperty({ type: PointDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location!: PointDto;

  /** Places per grade, if known. */
  @ApiPropertyOptional({ minimum: 0, maximum: 10000 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10000)
  capacityPerGrade?: number;

  /** The catchment (学区): GeoJSON Polygon or MultiPolygon, WGS-84; closed rings, no self-intersection. */
  @ApiProperty({ type: BoundaryDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BoundaryDto)
  catchment!: BoundaryDto;
}

/** Change a school: only the fields given change; the node is fixed. */
export class UpdateSchoolDto {
  /** New name. */
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  name?: string;

  /** New kind. */
  @ApiPropertyOptional({ enum: SchoolKind, enumName: 'SchoolKind' })
  @Optional()
  @IsIn(Object.values(SchoolKind))
  kind?: SchoolKind;

  /** New address. */
  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @IsString()
  @Length(1, 300)
  address?: string;

  /** New location. */
  @ApiPropertyOptional({ type: PointDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location?: PointDto;

  /** New places per grade. */
  @ApiPropertyOptional({ minimum: 0, maximum: 10000 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10000)
  capacityPerGrade?: number;

  /** New catchment. */
  @ApiPropertyOptional({ type: BoundaryDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => BoundaryDto)
  catchment?: BoundaryDto;
}

/** A school change, by id. */
export class UpdateSchoolRequest extends UpdateSchoolDto {
  /** School id. */
  @IsUUID()
  id!: string;
}

/** A school with its catchment. */
export class SchoolView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Primary or middle. */
  @ApiProperty({ enum: SchoolKind, enumName: 'SchoolKind' }) kind!: SchoolKind;
  /** The node it belongs to. */
  @ApiProperty() nodeCode!: string;
  /** Node codes from the city down to `nodeCode`. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Address. */
  @ApiProperty() address!: string;
  /** Location. */
  @ApiProperty({ type: PointDto }) location!: PointDto;
  /** Places per grade, or null when unknown. */
  @ApiProperty({ type: Number, nullable: true }) capacityPerGrade!: number | null;
  /** The catchment. */
  @ApiProperty({ type: BoundaryDto }) catchment!: BoundaryDto;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Updated at. */
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Filters for listing schools. */
export class ListSchoolsQuery extends PagingQuery {
  /** Only this kind. */
  @ApiPropertyOptional({ enum: SchoolKind, enumName: 'SchoolKind' })
  @Optional()
  @IsIn(Object.values(SchoolKind))
  kind?: SchoolKind;

  /** Only the schools of this node and beneath it. */
  @ApiPropertyOptional({ example: '410102005' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** The catchments, as a GeoJSON FeatureCollection. */
export class CatchmentsQuery {
  /** Only this kind. */
  @ApiPropertyOptional({ enum: SchoolKind, enumName: 'SchoolKind' })
  @Optional()
  @IsIn(Object.values(SchoolKind))
  kind?: SchoolKind;
}

/** A point to look up: which catchments contain it. */
export class CatchmentLookupQuery {
  /** Longitude, WGS-84. */
  @ApiProperty({ minimum: -180, maximum: 180, example: 113.605 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng!: number;

  /** Latitude, WGS-84. */
  @ApiProperty({ minimum: -90, maximum: 90, example: 34.755 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  /** Only this kind. */
  @ApiPropertyOptional({ enum: SchoolKind, enumName: 'SchoolKind' })
  @Optional()
  @IsIn(Object.values(SchoolKind))
  kind?: SchoolKind;
}

/** Properties of a catchment feature. */
export class CatchmentProperties {
  /** School id. */
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  /** School name. */
  @ApiProperty() name!: string;
  /** Primary or middle. */
  @ApiProperty({ enum: SchoolKind, enumName: 'SchoolKind' }) kind!: SchoolKind;
  /** The school's node. */
  @ApiProperty() nodeCode!: string;
  /** Places per grade, or null. */
  @ApiProperty({ type: Number, nullable: true }) capacityPerGrade!: number | null;
}

/** One catchment as a GeoJSON Feature. */
export class CatchmentFeature {
  /** Always `Feature`. */
  @ApiProperty({ enum: ['Feature'] }) type!: 'Feature';
  /** The school id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The catchment. */
  @ApiProperty({ type: BoundaryDto }) geometry!: BoundaryDto;
  /** The school. */
  @ApiProperty({ type: CatchmentProperties }) properties!: CatchmentProperties;
}

/** The catchments of the schools the caller sees. */
export class CatchmentCollectionView {
  /** Always `FeatureCollection`. */
  @ApiProperty({ enum: ['FeatureCollection'] }) type!: 'FeatureCollection';
  /** One feature per school. */
  @ApiProperty({ type: [CatchmentFeature] }) features!: CatchmentFeature[];
}

/** Raise an enrolment help request for a child of a household. */
export class CreateEnrolmentRequestDto {
  /**
   * An id of your own for the request, to make the call safe to retry: a second create with the
   * same id gives back the request the first one made (same household and relocation project)
   * instead of a second request, or 409 when the id belongs to another household's request.
   * Omitted, the service picks one.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  id?: string;

  /** The guardian household: a grid-registry place of kind `household`; the request belongs to its grid. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  householdId!: string;

  /** Child's name (never in events). */
  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  childName!: string;

  /** Child's birth date, `YYYY-MM-DD`. */
  @ApiProperty({ format: 'date', example: '2019-05-01' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'childBirthDate must be a date, YYYY-MM-DD' })
  childBirthDate!: string;

  /** Child's gender. */
  @ApiProperty({ enum: ENROLMENT_GENDERS })
  @IsIn(ENROLMENT_GENDERS)
  childGender!: EnrolmentGender;

  /** Child's resident ID number, if any (stored encrypted, masked for roles without personal data). */
  @ApiPropertyOptional({ example: '410102201905011234' })
  @Optional()
  @IsString()
  @Matches(RESIDENT_ID_NUMBER_PATTERN, { message: 'childIdNumber must be an 18-character resident ID number' })
  childIdNumber?: string;

  /** Guardian's name. */
  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  guardianName!: string;

  /** Guardian's mobile number (stored encrypted, masked for roles without personal data). */
  @ApiProperty({ example: '13800138000' })
  @IsString()
  @Matches(MOBILE_PHONE_PATTERN, { message: 'guardianPhone must be a mainland mobile number (11 digits)' })
  guardianPhone!: string;

  /** Grade wanted, 1-9 (1-6 primary, 7-9 middle). */
  @ApiProperty({ minimum: 1, maximum: 9 })
  @IsInt()
  @Min(1)
  @Max(9)
  grade!: number;

  /** School wanted, if any; when omitted, the catchment school of the household is suggested. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  schoolId?: string;

  /** Why help is asked. */
  @ApiProperty({ enum: EnrolmentReason, enumName: 'EnrolmentReason' })
  @IsIn(Object.values(EnrolmentReason))
  reason!: EnrolmentReason;

  /** The relocation project the household comes from (an opaque id). */
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  relocationProjectId?: string;

  /** A note. */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One step of a request: `place` needs `schoolId`, `refuse` needs `refusalReason`. */
export class AdvanceEnrolmentRequestDto {
  /** The school the child is placed in (`place` only). */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  schoolId?: string;

  /** Why it is refused (`refuse` only). */
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @Length(1, 500)
  refusalReason?: string;

  /** A note on the step. */
  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** A step of a request, by id. */
export class AdvanceEnrolmentRequest extends AdvanceEnrolmentRequestDto {
  /** Request id. */
  @IsUUID()
  id!: string;

  /** The step. */
  @IsIn(Object.values(EnrolmentAction))
  action!: EnrolmentAction;
}

/** One step taken on a request. */
export class EnrolmentStepView {
  /** The step. */
  @ApiProperty({ enum: EnrolmentAction, enumName: 'EnrolmentAction', nullable: true }) action!: EnrolmentAction | null;
  /** State after it. */
  @ApiProperty({ enum: ENROLMENT_STATES }) state!: EnrolmentState;
  /** When. */
  @ApiProperty({ format: 'date-time' }) at!: string;
  /** Who. */
  @ApiProperty() by!: string;
  /** Note, if any. */
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

/** An enrolment help request. `childIdNumber` and `guardianPhone` are masked unless the caller sees personal data. */
export class EnrolmentRequestView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The guardian household (grid-registry place). */
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  /** The household's grid. */
  @ApiProperty() nodeCode!: string;
  /** Node codes from the city down to `nodeCode`. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Child's name. */
  @ApiProperty() childName!: string;
  /** Child's birth date. */
  @ApiProperty({ format: 'date' }) childBirthDate!: string;
  /** Child's gender. */
  @ApiProperty({ enum: ENROLMENT_GENDERS }) childGender!: EnrolmentGender;
  /** Child's ID number (masked for roles without personal data), or null. */
  @ApiProperty({ type: String, nullable: true, example: '410102********1234' }) childIdNumber!: string | null;
  /** Guardian's name. */
  @ApiProperty() guardianName!: string;
  /** Guardian's phone (masked for roles without personal data). */
  @ApiProperty({ example: '138****8000' }) guardianPhone!: string;
  /** True when the ID number and phone are masked for this caller. */
  @ApiProperty() masked!: boolean;
  /** Grade wanted. */
  @ApiProperty() grade!: number;
  /** School wanted, or null. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) schoolId!: string | null;
  /** The school whose catchment holds the household's location (for the grade's kind), or null. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) suggestedSchoolId!: string | null;
  /** Why help is asked. */
  @ApiProperty({ enum: EnrolmentReason, enumName: 'EnrolmentReason' }) reason!: EnrolmentReason;
  /** The relocation project, or null. */
  @ApiProperty({ type: String, nullable: true }) relocationProjectId!: string | null;
  /** State. */
  @ApiProperty({ enum: ENROLMENT_STATES }) state!: EnrolmentState;
  /** When it was received. */
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  /** Deadline of the current step, or null once settled. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deadline!: string | null;
  /** True when the deadline has passed and it is not settled. */
  @ApiProperty() overdue!: boolean;
  /** When it was placed or refused, or null. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) settledAt!: string | null;
  /** The school the child was placed in, or null. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) placedSchoolId!: string | null;
  /** Why it was refused, or null. */
  @ApiProperty({ type: String, nullable: true }) refusalReason!: string | null;
  /** Note given when raised, or null. */
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  /** The steps so far, oldest first. */
  @ApiProperty({ type: [EnrolmentStepView] }) steps!: EnrolmentStepView[];
  /** Updated at. */
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Filters for listing requests. */
export class ListEnrolmentRequestsQuery extends PagingQuery {
  /** Only in this state. */
  @ApiPropertyOptional({ enum: ENROLMENT_STATES })
  @Optional()
  @IsIn(ENROLMENT_STATES)
  state?: EnrolmentState;

  /** `true`: only the requests past their step's deadline and not settled. */
  @ApiPropertyOptional({ type: Boolean })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  /** Only the requests of this relocation project. */
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  relocationProjectId?: string;

  /** Only for this reason. */
  @ApiPropertyOptional({ enum: EnrolmentReason, enumName: 'EnrolmentReason' })
  @Optional()
  @IsIn(Object.values(EnrolmentReason))
  reason?: EnrolmentReason;

  /** Only beneath this node. */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** The requests of one household. */
export class HouseholdRequestsQuery extends PagingQuery {
  /** Only the requests of this relocation project. */
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  relocationProjectId?: string;
}

/** The requests of one household, by its id. */
export class HouseholdRequestsRequest extends HouseholdRequestsQuery {
  /** The household (grid-registry place id). */
  @IsUUID()
  householdId!: string;
}

/** A request or school by id. */
export class SchoolingIdRequest {
  /** Id. */
  @IsUUID()
  id!: string;
}
