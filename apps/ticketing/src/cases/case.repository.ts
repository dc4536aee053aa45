import type { CaseState } from '@citygrid/contracts/ticketing';
import type { PreparedRecord } from '@citygrid/persistence';
import { assertWithinDeadline } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import type { Case } from '../shared/entities';
import { OPEN_STATES } from './transitions';

/** An open case near a point, as the duplicate search reads it: only what it needs, no entity. */
export interface NearbyCase {
  id: string;
  number: string;
  state: CaseState;
  lng: number;
  lat: number;
  gridPath: string[];
  departmentCode: string | null;
}

/**
 * The case queries that are more than a `findOne`: intake's numbered insert, written with its
 * outbox and audit rows in one statement, and the duplicate search over an index.
 */
@Injectable()
export class CaseRepository {
  private readonly s: string;

  constructor(
    private readonly orm: MikroORM,
    @Inject(TICKETING_ENV) env: TicketingEnv,
  ) {
    this.s = `"${env.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
  }

  /**
   * Insert a reported case under the next number of its category and day
   * (`<category>-<YYYYMMDD>-<seq>`), with its event's outbox row and its audit row, all in one
   * statement of one transaction; the event and the audit row get the number the database drew.
   * The counter row is locked only for that statement and the commit. Past the request's
   * deadline it rolls back instead of committing.
   *
   * @returns the case number
   */
  async insertReported<T>(c: Case, day: string, record: PreparedRecord<T>): Promise<string> {
    const s = this.s;
    const a = record.audit;
    const sql = `with n as (
        insert into ${s}."case_number_counter" ("category_code", "day", "last") values (?, ?, 1)
        on conflict ("category_code", "day") do update set "last" = "case_number_counter"."last" + 1
        returning "category_code" || '-' || "day" || '-' || case when "last" < 10000 then lpad("last"::text, 4, '0') else "last"::text end as "number"
      ), c as (
        insert into ${s}."ticket_case" ("id", "number", "source", "category_code", "description", "lng", "lat", "address", "priority", "state", "grid_code", "grid_path", "level",
          "dispatch_target", "department_code", "deadline", "reporters", "photos", "pending_request", "suspended_from", "suspended_remaining_ms", "reason", "handling_notes",
          "rework_count", "escalation_count", "merged_into_id", "closed_at", "created_by", "created_at", "updated_at", "version")
        select ?, n."number", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, null, null, null, ?::jsonb, ?::jsonb, null, null, null, null, null, 0, 0, null, null, ?, ?, ?, 1 from n
        returning "number"
      ), o as (
        insert into ${s}."outbox" ("id", "subject", "type", "event")
        select ?, ?, ?, jsonb_set(?::jsonb, '{data,number}', to_jsonb(c."number")) from c
      ), a as (
        insert into ${s}."audit_log" ("actor_id", "actor_name", "actor_roles", "action", "entity_type", "entity_id", "node_path", "before", "after", "correlation_id")
        select ?, ?, ?::text[], ?, ?, ?, ?::text[], ?::jsonb, jsonb_set(?::jsonb, '{number}', to_jsonb(c."number")), ? from c
      )
      select "number" from c`;
    const params: unknown[] = [
      c.categoryCode,
      day,
      c.id,
      c.source,
      c.categoryCode,
      c.description,
      c.lng,
      c.lat,
      c.address,
      c.priority,
      c.state,
      c.gridCode,
      pgArray(c.gridPath),
      c.level,
      JSON.stringify(c.reporters),
      JSON.stringify(c.photos),
      c.createdBy,
      c.createdAt,
      c.updatedAt,
      record.outbox.event.id,
      record.outbox.subject,
      record.outbox.event.type,
      JSON.stringify(record.outbox.event),
      a.actorId,
      a.actorName,
      pgArray(a.actorRoles),
      a.action,
      a.entityType,
      a.entityId,
      pgArray(a.nodePath),
      a.before === null ? null : JSON.stringify(a.before),
      JSON.stringify(a.after ?? {}),
      a.correlationId,
    ];
    return this.orm.em.fork().transactional(async (tx) => {
      const row = await tx.getConnection().execute<{ number: string }>(sql, params, 'get', tx.getTransactionContext());
      assertWithinDeadline();
      return row.number;
    });
  }

  /**
   * Open cases of `categoryCode` reported since `since` inside the bounding box: the rows the
   * duplicate search then measures exactly (at most 50, newest first).
   */
  async nearbyOpen(categoryCode: string, since: Date, box: { minLng: number; maxLng: number; minLat: number; maxLat: number }, excludeId: string): Promise<NearbyCase[]> {
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ id: string; number: string; state: CaseState; lng: number; lat: number; grid_path: string[]; department_code: string | null }>>(
        `select "id", "number", "state", "lng", "lat", "grid_path", "department_code" from ${this.s}."ticket_case"
       where "category_code" = ? and "created_at" >= ? and "state" = any(?::text[]) and "lat" between ? and ? and "lng" between ? and ? and "id" <> ?
       order by "created_at" desc limit 50`,
        [categoryCode, since, pgArray(OPEN_STATES), box.minLat, box.maxLat, box.minLng, box.maxLng, excludeId],
      );
    return rows.map((r) => ({ id: r.id, number: r.number, state: r.state, lng: r.lng, lat: r.lat, gridPath: r.grid_path, departmentCode: r.department_code }));
  }
}

/**
 * A text array as a Postgres array literal (`{"a","b"}`), bound as one parameter: the query
 * builder would spread a JS array into a list of parameters.
 */
function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
