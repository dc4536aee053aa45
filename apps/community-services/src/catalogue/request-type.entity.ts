import type { ServiceCentre } from '@citygrid/contracts/community-services';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A type of request of a centre's catalogue: city-wide (`nodeCode` null, seeded) or a node's own. */
@Entity({ tableName: 'request_type' })
export class RequestType {
  [OptionalProps]?: 'sortOrder';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) centre!: ServiceCentre;
  @Property({ type: 'text' }) code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text', nullable: true }) description!: string | null;
  @Property({ type: 'integer', nullable: true }) timeLimitHours!: number | null;
  @Property({ type: 'boolean' }) asksSatisfaction!: boolean;
  @Property({ type: 'text', nullable: true }) nodeCode!: string | null;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'integer' }) sortOrder = 0;
  @Property({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}
