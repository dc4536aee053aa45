import { randomUUID } from 'node:crypto';

import { assertInScope } from '@citygrid/auth';
import { ErrorCode, type FieldError, type Page } from '@citygrid/contracts';
import { HealthEvents, type CreateLectureDto, type LectureHeldV1, type LectureView, type ListLecturesQuery, type UpdateLectureRequest } from '@citygrid/contracts/health';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { assertManager, assertReader, emptyPage, localToday, paging, subtreeFilter } from '../shared/access';
import { Registry } from '../shared/registry';
import { Station } from '../shared/station.entity';
import { Lecture } from './lecture.entity';

/** Health lectures 健康知识讲座: recorded once held, corrected when the attendance was miscounted; each publishes `lectureHeld`. */
@Injectable()
export class LecturesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: Registry,
  ) {}

  async create(caller: Caller, dto: CreateLectureDto): Promise<LectureView> {
    assertManager(caller);
    checkHeld(dto);
    const em = this.orm.em.fork();
    const station = await em.findOne(Station, { id: dto.stationId });
    if (!station) throw new ServiceError(ErrorCode.Unprocessable, `Station ${dto.stationId} does not exist.`, [{ field: 'stationId', reason: 'unknown station' }]);
    const node = await this.registry.node(dto.nodeCode);
    assertInScope(caller, node.path, `Node ${dto.nodeCode}`);
    const now = new Date();
    const lecture = Object.assign(new Lecture(), {
      id: randomUUID(),
      stationId: station.id,
      nodeCode: node.code,
      path: node.path,
      date: dto.date,
      topic: dto.topic,
      speaker: dto.speaker,
      attendance: dto.attendance,
      attendeeResidentIds: dto.attendeeResidentIds ?? [],
      createdById: caller.id,
      createdAt: now,
      updatedAt: now,
    });
    await em.transactional(async (tx) => {
      tx.persist(lecture);
      this.events.record(tx, HealthEvents.lectureHeld, lecture.id, held(lecture));
    });
    return view(lecture);
  }

  async get(caller: Caller, id: string): Promise<LectureView> {
    assertReader(caller);
    return view(await this.find(caller, this.orm.em.fork(), id));
  }

  async list(caller: Caller, q: ListLecturesQuery): Promise<Page<LectureView>> {
    assertReader(caller);
    const { offset, limit } = paging(q);
    const scope = subtreeFilter<Lecture>(caller, 'path', q.under);
    if (!scope) return emptyPage({ offset, limit });
    const where = { $and: [scope, q.stationId ? { stationId: q.stationId } : {}] };
    const [rows, total] = await this.orm.em.fork().findAndCount(Lecture, where, { orderBy: { date: 'desc', id: 'asc' }, offset, limit });
    return { items: rows.map(view), total, offset, limit };
  }

  /** Correct a lecture; `lectureHeld` is sent again (the latest counts). */
  async update(caller: Caller, req: UpdateLectureRequest): Promise<LectureView> {
    assertManager(caller);
    const lecture = await this.orm.em.fork().transactional(async (tx) => {
      const l = await this.find(caller, tx, req.id);
      const before = held(l);
      if (req.topic !== undefined) l.topic = req.topic;
      if (req.speaker !== undefined) l.speaker = req.speaker;
      if (req.date !== undefined) l.date = req.date;
      if (req.attendance !== undefined) l.attendance = req.attendance;
      if (req.attendeeResidentIds !== undefined) l.attendeeResidentIds = req.attendeeResidentIds;
      checkHeld(l);
      l.updatedAt = new Date();
      this.events.record(tx, HealthEvents.lectureHeld, l.id, held(l), before);
      return l;
    });
    return view(lecture);
  }

  private async find(caller: Caller, em: EntityManager, id: string): Promise<Lecture> {
    const l = await em.findOne(Lecture, { id });
    if (!l) throw new ServiceError(ErrorCode.NotFound, `Lecture ${id} does not exist.`);
    assertInScope(caller, l.path, `Lecture ${id}`);
    return l;
  }
}

/** A lecture is recorded once held (not in the future), with at least the residents listed attending. */
function checkHeld(l: { date: string; attendance: number; attendeeResidentIds?: string[] }): void {
  const errors: FieldError[] = [];
  if (l.date > localToday()) errors.push({ field: 'date', reason: 'a lecture is recorded once held: the date may not be in the future' });
  if ((l.attendeeResidentIds?.length ?? 0) > l.attendance) errors.push({ field: 'attendance', reason: 'must be at least the number of residents listed as attendees' });
  if (errors.length) throw new ServiceError(ErrorCode.Unprocessable, 'The lecture cannot be recorded as given.', errors);
}

function held(l: Lecture): LectureHeldV1 {
  return { id: l.id, stationId: l.stationId, nodeCode: l.nodeCode, path: l.path, date: l.date, attendance: l.attendance };
}

function view(l: Lecture): LectureView {
  return {
    id: l.id,
    stationId: l.stationId,
    nodeCode: l.nodeCode,
    path: l.path,
    date: l.date,
    topic: l.topic,
    speaker: l.speaker,
    attendance: l.attendance,
    attendeeResidentIds: l.attendeeResidentIds,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}
