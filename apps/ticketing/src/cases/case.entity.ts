import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { CasePriority, CaseSource, CaseState, DispatchTarget, EvaluationOutcome, SatisfactionChannel, SatisfactionLevel, TimeUnit } from '@citygrid/contracts/ticketing';

/** A photo reference kept on a case. */
export interface StoredPhoto {
  /** An uploaded photo's id (its url is then `photo:<id>`; the gateway signs one per read). */
  photoId?: string;
  url: string;
  contentType?: string;
  size?: number;
  stage: 'report' | 'handling' | 'comment';
}

/**
 * A reporter as kept on a case: her name, her contact encrypted (`…Cipher`, the personal-data key
 * ring of `PII_KEYS`, bound to the field) and masked (`phone`, `email`, what views show).
 */
export interface StoredReporter {
  name: string;
  phone?: string;
  email?: string;
  phoneCipher?: string;
  emailCipher?: string;
}

/** The evaluation of a closed case. */
export interface StoredEvaluation {
  outcome: EvaluationOutcome;
  notes: string | null;
  by: string;
  at: string;
}

/** The reporter's satisfaction. */
export interface StoredSatisfaction {
  level: SatisfactionLevel;
  channel: SatisfactionChannel;
  comment: string | null;
  by: string;
  at: string;
}

/** A pending extension or suspension request. */
export interface PendingRequest {
  kind: 'extension' | 'suspension';
  reason: string;
  amount?: number;
  unit?: TimeUnit;
  requestedBy: string;
  requestedAt: string;
}

/** A case (table `ticket_case`: `case` is an SQL keyword). */
@Entity({ tableName: 'ticket_case' })
export class Case {
  [OptionalProps]?: 'version' | 'handledBy' | 'handledAt' | 'cityAlertedAt' | 'dueSoonWarnedFor' | 'evaluation' | 'satisfaction';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) @Unique() number!: string;
  @Property({ type: 'text' }) source!: CaseSource;
  @Property({ type: 'text' }) categoryCode!: string;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'double' }) lng!: number;
  @Property({ type: 'double' }) lat!: number;
  @Property({ type: 'text' }) address!: string;
  @Property({ type: 'text' }) priority!: CasePriority;
  @Property({ type: 'text' }) @Index() state!: CaseState;
  @Property({ type: 'text' }) gridCode!: string;
  /** Codes from the city down to the level-3 grid. */
  @Property({ type: 'text[]' }) gridPath!: string[];
  /** Index into `gridPath` of the level responsible now. */
  @Property({ type: 'smallint' }) level!: number;
  @Property({ type: 'text', nullable: true }) dispatchTarget!: DispatchTarget | null;
  @Property({ type: 'text', nullable: true }) departmentCode!: string | null;
  @Property({ type: 'timestamptz', nullable: true }) deadline!: Date | null;
  /** Reporters, their contacts encrypted (a merge adds the other case's). Never in events. */
  @Property({ type: 'jsonb' }) reporters!: StoredReporter[];
  @Property({ type: 'jsonb' }) photos!: StoredPhoto[];
  @Property({ type: 'jsonb', nullable: true }) pendingRequest!: PendingRequest | null;
  /** While suspended: the state to resume to and the time that was left. */
  @Property({ type: 'text', nullable: true }) suspendedFrom!: CaseState | null;
  @Property({ type: 'bigint', nullable: true }) suspendedRemainingMs!: string | null;
  @Property({ type: 'text', nullable: true }) reason!: string | null;
  @Property({ type: 'text', nullable: true }) handlingNotes!: string | null;
  /** Who handled it last: she may not verify it (unless its category allows, `VERIFY_BY_HANDLER_CATEGORIES`). */
  @Property({ type: 'text', nullable: true }) handledBy: string | null = null;
  /** When it was last handled (处置反馈): its verification is timed from then. */
  @Property({ type: 'timestamptz', nullable: true }) handledAt: Date | null = null;
  @Property({ type: 'integer' }) reworkCount!: number;
  @Property({ type: 'integer' }) escalationCount!: number;
  @Property({ type: 'uuid', nullable: true }) mergedIntoId!: string | null;
  @Property({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  /** The evaluation 综合评价 after closing (once). */
  @Property({ type: 'jsonb', nullable: true }) evaluation: StoredEvaluation | null = null;
  /** The reporter's satisfaction (once). */
  @Property({ type: 'jsonb', nullable: true }) satisfaction: StoredSatisfaction | null = null;
  /** When, overdue at the city level, it raised the city alert (once). */
  @Property({ type: 'timestamptz', nullable: true }) cityAlertedAt: Date | null = null;
  /** The deadline the handler was last warned about (`case.due-soon`, once per deadline). */
  @Property({ type: 'timestamptz', nullable: true }) dueSoonWarnedFor: Date | null = null;
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}
