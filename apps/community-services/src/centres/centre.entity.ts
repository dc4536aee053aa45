import type { ServiceCentre } from '@citygrid/contracts/community-services';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A centre run by a subdistrict or community: 物业, 家政, 文化 or 计生. */
@Entity({ tableName: 'centre' })
export class Centre {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) kind!: ServiceCentre;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text', nullable: true }) address!: string | null;
  @Property({ type: 'text', nullable: true }) hours!: string | null;
  /** The centre's public service telephone (an office number, not a person's). */
  @Property({ type: 'text', nullable: true }) phone!: string | null;
  @Property({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
