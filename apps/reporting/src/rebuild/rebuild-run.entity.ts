import { RebuildStatus } from '@citygrid/contracts/reporting';
import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** One rebuild of the read models from the stream. */
@Entity({ tableName: 'rebuild_run' })
export class RebuildRun {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) status!: RebuildStatus;
  /** Account id, or `system` for the command line. */
  @Property({ type: 'text' }) requestedBy!: string;
  @Property({ type: 'timestamptz' }) startedAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  /** Events read from the stream so far. */
  @Property({ type: new BigIntType('number') }) eventsReplayed!: number;
  @Property({ type: 'text', nullable: true }) error!: string | null;
}
