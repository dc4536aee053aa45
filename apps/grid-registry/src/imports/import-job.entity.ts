import type { FieldError } from '@citygrid/contracts';
import { ImportKind, ImportStatus } from '@citygrid/contracts/grid-registry';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A bulk import and its progress, polled by whoever started it. */
@Entity({ tableName: 'import_job' })
export class ImportJob {
  [OptionalProps]?: 'createdAt' | 'finishedAt' | 'processed' | 'imported' | 'errors' | 'total' | 'fileName' | 'scopePath';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) kind!: ImportKind;
  @Property({ type: 'text', nullable: true }) fileName: string | null = null;
  @Property({ type: 'text' }) status!: ImportStatus;
  @Property({ type: 'integer' }) total = 0;
  @Property({ type: 'integer' }) processed = 0;
  @Property({ type: 'integer' }) imported = 0;
  @Property({ type: 'jsonb' }) errors: FieldError[] = [];
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) finishedAt: Date | null = null;
  /** Path of the node of whoever started it: who may follow it. */
  @Property({ type: 'text[]' }) scopePath: string[] = [];
}
