import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One row of the append-only audit trail. Only ever inserted (a trigger refuses UPDATE and
 * DELETE); written by `EventsService.record` in the transaction of the change it describes.
 */
@Entity({ tableName: 'audit_log' })
export class AuditEntry {
  [OptionalProps]?: 'id' | 'at';

  /** bigserial: read back as a string, since it may outgrow a JS number. */
  @PrimaryKey({ type: 'bigint', autoincrement: true }) id!: string;
  @Property({ type: 'timestamptz' }) at: Date = new Date();
  @Property({ type: 'text' }) actorId!: string;
  @Property({ type: 'text' }) actorName!: string;
  @Property({ type: 'text[]' }) actorRoles!: string[];
  @Property({ type: 'text' }) action!: string;
  @Property({ type: 'text' }) entityType!: string;
  @Property({ type: 'text' }) entityId!: string;
  @Property({ type: 'text[]' }) nodePath!: string[];
  @Property({ type: 'jsonb', nullable: true }) before!: Record<string, unknown> | null;
  @Property({ type: 'jsonb', nullable: true }) after!: Record<string, unknown> | null;
  @Property({ type: 'text', nullable: true }) correlationId!: string | null;
}
