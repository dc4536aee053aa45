import type { FairKind } from '@citygrid/contracts/employment';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A job fair or campaign event, with the employers and the seekers attending. */
@Entity({ tableName: 'fair' })
export class Fair {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) kind!: FairKind;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'uuid[]' }) employerIds!: string[];
  @Property({ type: 'uuid[]' }) seekerIds!: string[];
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

/** An offer made at a fair: a seeker × a posting. */
@Entity({ tableName: 'fair_offer' })
export class FairOffer {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) fairId!: string;
  @Property({ type: 'uuid' }) seekerId!: string;
  @Property({ type: 'uuid' }) postingId!: string;
  @Property({ type: 'uuid' }) employerId!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
