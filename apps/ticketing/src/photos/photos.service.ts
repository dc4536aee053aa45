import { assertAllowed, hasAnyRole, isOperator, isSystemAdmin } from '@citygrid/auth';
import { GRID_STAFF_ROLES, Role, type Caller } from '@citygrid/contracts/identity';
import type { PhotoRecordView, RecordPhotoDto } from '@citygrid/contracts/ticketing';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { TicketingException } from '../shared/ticketing.exception';
import { Photo } from './photo.entity';

/**
 * Who may upload photos: those who report cases (operators, grid staff, the admin), API clients,
 * and department officers, who handle the cases dispatched to them and report the handling
 * 处置反馈 with photos of the result.
 */
export function canUpload(caller: Caller): boolean {
  return caller.kind === 'client' || isOperator(caller) || isSystemAdmin(caller) || hasAnyRole(caller, [...GRID_STAFF_ROLES, Role.DepartmentOfficer]);
}

/** The records of uploaded photos (their bytes are in the object store, written by the gateway). */
@Injectable()
export class PhotosService {
  constructor(private readonly orm: MikroORM) {}

  async record(caller: Caller, dto: RecordPhotoDto): Promise<PhotoRecordView> {
    assertAllowed(canUpload(caller), 'Operators, grid staff, department officers and API clients upload photos.');
    const em = this.orm.em.fork();
    const photo = em.create(Photo, {
      id: dto.id,
      key: dto.key,
      contentType: dto.contentType,
      size: dto.size,
      sha256: dto.sha256,
      uploadedBy: caller.id,
      takenLat: dto.takenLat ?? null,
      takenLng: dto.takenLng ?? null,
      takenAt: dto.takenAt ? new Date(dto.takenAt) : null,
    });
    await em.persistAndFlush(photo);
    return toPhotoView(photo);
  }

  /** A photo's record: its uploader's (and the admin's) to read; anyone else gets 404, as if it did not exist. */
  async get(caller: Caller, id: string): Promise<PhotoRecordView> {
    const photo = await this.orm.em.fork().findOne(Photo, { id });
    if (!photo || (photo.uploadedBy !== caller.id && !isSystemAdmin(caller))) throw TicketingException.notFound('Photo', id);
    return toPhotoView(photo);
  }
}

export function toPhotoView(p: Photo): PhotoRecordView {
  return {
    id: p.id,
    key: p.key,
    contentType: p.contentType,
    size: p.size,
    sha256: p.sha256,
    uploadedBy: p.uploadedBy,
    takenAt: p.takenLat !== null && p.takenLng !== null ? { type: 'Point', coordinates: [p.takenLng, p.takenLat] } : null,
    takenTime: p.takenAt ? p.takenAt.toISOString() : null,
    createdAt: p.createdAt.toISOString(),
  };
}
