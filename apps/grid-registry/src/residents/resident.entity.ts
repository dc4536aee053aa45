import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A resident of a household. The ID number and phone exist here only as ciphertext (FieldCipher)
 * and as keyed hashes (BlindIndex) for exact search; the grid fields are copied from the household
 * so scope checks and subtree lists need no join.
 */
@Entity({ tableName: 'resident' })
export class Resident {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'phoneCipher' | 'phoneIndex';

  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) @Index() householdId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) idNumberCipher!: string;
  @Property({ type: 'text' }) @Unique() idNumberIndex!: string;
  @Property({ type: 'text', nullable: true }) phoneCipher: string | null = null;
  @Property({ type: 'text', nullable: true }) @Index() phoneIndex: string | null = null;
  @Property({ type: 'uuid' }) gridId!: string;
  @Property({ type: 'text' }) gridCode!: string;
  @Property({ type: 'text[]' }) gridPath!: string[];
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
}
