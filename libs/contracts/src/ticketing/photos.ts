/** Photos uploaded through the API: their bytes live in the object store, their record in ticketing. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNumber, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

import { Optional } from '../common/optional';
import { MAX_PHOTO_BYTES, PHOTO_CONTENT_TYPES } from './cases';

/** Record an uploaded photo (the gateway has already stored its bytes under `key`). */
export class RecordPhotoDto {
  /** Photo id (chosen by the gateway, it names the object). */
  @IsUUID()
  id!: string;

  /** Object store key. */
  @IsString()
  @Length(1, 512)
  key!: string;

  /** Content type of the bytes stored (as sniffed, after re-encoding). */
  @IsIn(PHOTO_CONTENT_TYPES)
  contentType!: (typeof PHOTO_CONTENT_TYPES)[number];

  /** Size of the bytes stored. */
  @IsInt()
  @Min(1)
  @Max(MAX_PHOTO_BYTES)
  size!: number;

  /** SHA-256 of the bytes stored, hex. */
  @Matches(/^[0-9a-f]{64}$/)
  sha256!: string;

  /** Latitude where it was taken (EXIF GPS), if the photo said. */
  @Optional()
  @IsNumber()
  @Min(-90)
  @Max(90)
  takenLat?: number;

  /** Longitude where it was taken (EXIF GPS), if the photo said. */
  @Optional()
  @IsNumber()
  @Min(-180)
  @Max(180)
  takenLng?: number;

  /** When it was taken (EXIF), if the photo said. */
  @Optional()
  @IsISO8601()
  takenAt?: string;
}

/** One photo by id. */
export class PhotoIdRequest {
  @IsUUID()
  id!: string;
}

/** An uploaded photo as recorded. */
export class PhotoRecordView {
  /** Photo id: cite it as `photoId` in a case's photos. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Object store key. */
  @ApiProperty() key!: string;
  @ApiProperty({ enum: PHOTO_CONTENT_TYPES }) contentType!: string;
  @ApiProperty() size!: number;
  /** SHA-256 of the bytes served, hex. */
  @ApiProperty() sha256!: string;
  /** Account or client that uploaded it. */
  @ApiProperty() uploadedBy!: string;
  /** Where it was taken (from EXIF GPS, which is stripped from the bytes served), if known. */
  @ApiPropertyOptional({ type: Object, nullable: true, example: { type: 'Point', coordinates: [113.62, 34.75] } }) takenAt!: { type: 'Point'; coordinates: [number, number] } | null;
  /** When it was taken (EXIF), if known. */
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) takenTime!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** The answer to an upload: the photo and a signed URL reading it until `expiresAt`. */
export class UploadedPhotoView extends PhotoRecordView {
  /** Signed URL serving the photo (re-encoded, without EXIF) until `expiresAt`. */
  @ApiProperty() url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
