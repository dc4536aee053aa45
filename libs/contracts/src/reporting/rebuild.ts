/** Rebuilding reporting's read models by replaying the event stream from its start. */
import { ApiProperty } from '@nestjs/swagger';

/** Where a rebuild stands. */
export enum RebuildStatus {
  /** Replaying: the figures are partial until it completes. */
  Running = 'running',
  /** Every event up to the stream's end at its start was replayed. */
  Completed = 'completed',
  /** It stopped before the end (the error says why, or its process went away): start another. */
  Failed = 'failed',
}

/** One rebuild of the read models. */
export class RebuildView {
  /** Rebuild id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Where it stands. */
  @ApiProperty({ enum: RebuildStatus, enumName: 'RebuildStatus' }) status!: RebuildStatus;
  /** Account that asked for it (`system` for `npm run reporting:rebuild`). */
  @ApiProperty() requestedBy!: string;
  /** When it started. */
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  /** When it completed or failed; null while running. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  /** Events read from the stream so far (those reporting does not use included). */
  @ApiProperty({ example: 31640 }) eventsReplayed!: number;
  /** Why it failed, or null. */
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

/** Payload of `citygrid.read-model.rebuilt.v1`: reporting's figures were rebuilt from the stream and may have changed. */
export interface ReadModelRebuiltV1 {
  /** Rebuild id. */
  id: string;
  /** When it started. */
  startedAt: string;
  /** When it completed. */
  finishedAt: string;
  /** Events replayed. */
  eventsReplayed: number;
  /** Who asked for it: account id, kind and roles (never a name); `system` for the command line. */
  actor: { id: string; kind: 'staff' | 'client' | 'system'; roles: string[] };
}
