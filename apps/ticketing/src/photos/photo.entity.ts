import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** An uploaded photo: its bytes are in the object store under `key`; this is its record. */
@Entity({ tableName: 'photo' })
export class Photo {
  [OptionalProps]?: 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) key!: string;
  @Property({ type: 'text' }) contentType!: string;
  @Property({ type: 'integer' }) size!: number;
  @Property({ type: 'text' }) sha256!: string;
  /** Account or client id of the uploader. */
  @Property({ type: 'text' }) uploadedBy!: string;
  /** Where it was taken (EXIF GPS), if the photo said: kept as data, stripped from the bytes served. */
  @Property({ type: 'double precision', nullable: true }) takenLat!: number | null;
  @Property({ type: 'double precision', nullable: true }) takenLng!: number | null;
  @Property({ type: 'timestamptz', nullable: true }) takenAt!: Date | null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
