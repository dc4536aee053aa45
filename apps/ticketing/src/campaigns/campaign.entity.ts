import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A campaign 专项整治 over an area and a set of categories. Its cases are found by query. */
@Entity({ tableName: 'campaign' })
export class Campaign {
  [OptionalProps]?: 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) areaCode!: string;
  @Property({ type: 'text[]' }) areaPath!: string[];
  @Property({ type: 'text[]' }) categoryCodes!: string[];
  @Property({ type: 'timestamptz' }) startsAt!: Date;
  @Property({ type: 'timestamptz' }) endsAt!: Date;
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'text' }) createdById!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
