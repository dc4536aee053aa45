import type { SeekerCategory, SeekerStatus, WorkHours } from '@citygrid/contracts/employment';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** What a seeker wants, as stored. */
export interface SeekerWishes {
  jobTypes: string[];
  wageFloor: number | null;
  hours: WorkHours;
  area: string | null;
}

/** A job seeker. The phone exists here only as ciphertext (FieldCipher); the node's path is copied so scope checks need no join. */
@Entity({ tableName: 'seeker' })
export class Seeker {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid', nullable: true }) residentId: string | null = null;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text[]' }) categories!: SeekerCategory[];
  @Property({ type: 'text[]' }) skills!: string[];
  @Property({ type: 'jsonb' }) wishes!: SeekerWishes;
  @Property({ type: 'text' }) status!: SeekerStatus;
  @Property({ type: 'text', nullable: true }) phoneCipher: string | null = null;
  @Property({ type: 'int', version: true }) version = 1;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
}
