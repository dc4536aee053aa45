import type { EnrolmentAction, EnrolmentGender, EnrolmentReason, EnrolmentState } from '@citygrid/contracts/schooling';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Cipher contexts of the encrypted columns: a value copied into another column does not decrypt. */
export const CHILD_ID_CONTEXT = 'enrolment_request.child_id_number';
export const GUARDIAN_PHONE_CONTEXT = 'enrolment_request.guardian_phone';

/** An enrolment help request (入学协助申请) for a child of a household; ID number and phone encrypted. */
@Entity({ tableName: 'enrolment_request' })
export class EnrolmentRequest {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) householdId!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text' }) childName!: string;
  @Property({ type: 'date' }) childBirthDate!: string;
  @Property({ type: 'text' }) childGender!: EnrolmentGender;
  @Property({ type: 'text', nullable: true }) childIdNumber!: string | null;
  @Property({ type: 'text' }) guardianName!: string;
  @Property({ type: 'text' }) guardianPhone!: string;
  @Property({ type: 'smallint' }) grade!: number;
  @Property({ type: 'uuid', nullable: true }) schoolId!: string | null;
  @Property({ type: 'uuid', nullable: true }) suggestedSchoolId!: string | null;
  @Property({ type: 'text' }) reason!: EnrolmentReason;
  @Property({ type: 'text', nullable: true }) relocationProjectId!: string | null;
  @Property({ type: 'text' }) state!: EnrolmentState;
  @Property({ type: 'timestamptz' }) receivedAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) deadline!: Date | null;
  @Property({ type: 'timestamptz', nullable: true }) settledAt!: Date | null;
  @Property({ type: 'uuid', nullable: true }) placedSchoolId!: string | null;
  @Property({ type: 'text', nullable: true }) refusalReason!: string | null;
  @Property({ type: 'text', nullable: true }) note!: string | null;
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** One step of a request, the raising included (action null). */
@Entity({ tableName: 'enrolment_step' })
export class EnrolmentStep {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) requestId!: string;
  @Property({ type: 'text', nullable: true }) action!: EnrolmentAction | null;
  @Property({ type: 'text' }) state!: EnrolmentState;
  @Property({ type: 'timestamptz' }) at!: Date;
  @Property({ type: 'text' }) by!: string;
  @Property({ type: 'text', nullable: true }) note!: string | null;
}
