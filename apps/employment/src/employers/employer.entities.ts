import type { PostingStatus, SeekerCategory, WorkHours } from '@citygrid/contracts/employment';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** An employer 用人单位; the contact phone only as ciphertext. */
@Entity({ tableName: 'employer' })
export class Employer {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) creditCode!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text', nullable: true }) contactName: string | null = null;
  @Property({ type: 'text', nullable: true }) contactPhoneCipher: string | null = null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

/** A job posting of an employer, at the employer's node. */
@Entity({ tableName: 'posting' })
export class Posting {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) employerId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text' }) jobType!: string;
  @Property({ type: 'text[]' }) skills!: string[];
  @Property({ type: 'int' }) wageMin!: number;
  @Property({ type: 'int' }) wageMax!: number;
  @Property({ type: 'int' }) openings!: number;
  @Property({ type: 'text[]' }) welcomes!: SeekerCategory[];
  @Property({ type: 'text' }) hours!: WorkHours;
  @Property({ type: 'text' }) status!: PostingStatus;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
}
