import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Written by supervision; read by cases (a flag's deadline becomes the case's) and by the
 * stand-up agenda. Kept in shared so that neither has to import the other.
 */
/** A supervision flag 督办 on a case: its tighter deadline, which also becomes the case's own (at once, or at dispatch/resume). */
@Entity({ tableName: 'supervision_flag' })
export class SupervisionFlag {
  [OptionalProps]?: 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) @Index() caseId!: string;
  @Property({ type: 'text' }) gridCode!: string;
  /** The case's grid path, copied so flags are scoped without reading the case. */
  @Property({ type: 'text[]' }) gridPath!: string[];
  @Property({ type: 'timestamptz' }) deadline!: Date;
  @Property({ type: 'timestamptz', nullable: true }) caseDeadline!: Date | null;
  @Property({ type: 'text' }) note!: string;
  @Property({ type: 'text' }) flaggedBy!: string;
  @Property({ type: 'text' }) flaggedById!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
