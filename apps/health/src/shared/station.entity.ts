import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** An opening range as stored. */
export interface StoredOpeningRange {
  weekday: number;
  opens: string;
  closes: string;
}

/** A doctor as stored: the phone encrypted (`FieldCipher`, context `health.doctor.phone`). */
export interface StoredDoctor {
  name: string;
  title: string;
  phone: string | null;
}

/** Encryption context of doctors' phones. */
export const DOCTOR_PHONE_CONTEXT = 'health.doctor.phone';

/** A community health station 社区卫生服务站. Retired, never deleted. */
@Entity({ tableName: 'station' })
export class Station {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'double' }) lng!: number;
  @Property({ type: 'double' }) lat!: number;
  @Property({ type: 'jsonb' }) openingHours!: StoredOpeningRange[];
  @Property({ type: 'text[]' }) services!: string[];
  @Property({ type: 'jsonb' }) doctors!: StoredDoctor[];
  @Property({ type: 'boolean' }) retired!: boolean;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
