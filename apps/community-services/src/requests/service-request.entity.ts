import type { Satisfaction, ServiceCentre, ServiceRequestChannel, ServiceRequestState } from '@citygrid/contracts/community-services';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A resident's request to a centre, through the one workflow. */
@Entity({ tableName: 'service_request' })
export class ServiceRequest {
  [OptionalProps]?: 'version' | 'withdrawn';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) centreId!: string;
  @Property({ type: 'text' }) centre!: ServiceCentre;
  @Property({ type: 'uuid' }) typeId!: string;
  @Property({ type: 'text' }) typeCode!: string;
  @Property({ type: 'text' }) typeName!: string;
  /** Copied from the type at intake: a later change of the catalogue does not change open requests. */
  @Property({ type: 'boolean' }) asksSatisfaction!: boolean;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'text' }) state!: ServiceRequestState;
  @Property({ type: 'uuid', nullable: true }) residentId!: string | null;
  @Property({ type: 'text', nullable: true }) residentName!: string | null;
  /** Encrypted (`FieldCipher`, context `service_request.resident_phone`). */
  @Property({ type: 'text', nullable: true }) residentPhone!: string | null;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text' }) channel!: ServiceRequestChannel;
  @Property({ type: 'text', nullable: true }) assigneeId!: string | null;
  @Property({ type: 'timestamptz' }) receivedAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Property({ type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Property({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Property({ type: 'text', nullable: true }) satisfaction!: Satisfaction | null;
  @Property({ type: 'text', nullable: true }) cancelReason!: string | null;
  /** Cancelled because the resident withdrew it (not the centre). */
  @Property({ type: 'boolean' }) withdrawn = false;
  @Property({ type: 'integer', version: true }) version!: number;
}

/** One step of a request's history. */
@Entity({ tableName: 'service_request_step' })
export class ServiceRequestStep {
  @PrimaryKey({ type: 'bigint', autoincrement: true }) id?: string;
  @Property({ type: 'uuid' }) requestId!: string;
  @Property({ type: 'text' }) action!: string;
  @Property({ type: 'text' }) by!: string;
  @Property({ type: 'timestamptz' }) at!: Date;
  @Property({ type: 'text', nullable: true }) note!: string | null;
}
