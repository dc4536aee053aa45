import type { CaseState } from '@citygrid/contracts/ticketing';
import type { PreparedRecord } from '@citygrid/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import type { Case } from './case.entity';
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

/** One reported case as intake hands it to the writer: the row, its event and audit row, its duplicate search. */
export interface ReportedRow {
  c: Case;
  /** The working day of the report (`YYYYMMDD`), which numbers it. */
  day: string;
  record: PreparedRecord<unknown>;
  /** Epoch ms after which the row must not be written (the caller has stopped waiting); none outside a request. */
  deadline?: number;
  /** The bounding box and window of the duplicate search. */
  near: { since: Date; minLng: number; maxLng: number; minLat: number; maxLat: number };
}

/** What the database answered for one written row. */
export interface WrittenRow {
  number: string;
  /** Open cases of the same category inside the box, before this statement (at most 50, newest first). */
  nearby: NearbyCase[];
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
   * Write reported cases, each under the next number of its category and day
   * (`<category>-<YYYYMMDD>-<seq>`), with its event's outbox row and its audit row, and search the
   * open cases near each one: all in **one statement**, which is its own transaction (no BEGIN and
   * COMMIT round trips). Many concurrent intakes share the statement (group commit, see
   * `IntakeWriter`); each counter row is bumped once by the number of its cases and locked only
   * until the statement commits.
   *
   * The event's `time` is the moment the database wrote the row (the change happened then, not
   * when the request arrived), so consumers and the commit → JetStream latency see the real order.
   *
   * A row whose deadline has passed once the statement holds its counter rows is not written (the
   * database's clock decides, after any wait for the rows, so a late row never commits behind the
   * caller's 503, and its number is not drawn); it is absent from the answer. Only the first report
   * of a category and day, whose counter row does not exist yet, can wait past the check.
   *
   * @returns what was written, by case id
   */
  async insertReported(rows: readonly ReportedRow[]): Promise<Map<string, WrittenRow>> {
    const s = this.s;
    const input = rows.map(({ c, day, record, deadline, near }) => ({
      id: c.id,
      source: c.source,
      category_code: c.categoryCode,
      description: c.description,
      lng: c.lng,
      lat: c.lat,
      address: c.address,
      priority: c.priority,
      state: c.state,
      grid_code: c.gridCode,
      grid_path: c.gridPath,
      level: c.level,
      reporters: c.reporters,
      photos: c.photos,
      created_by: c.createdBy,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      day,
      not_after: deadline === undefined ? null : new Date(deadline),
      outbox_id: record.outbox.event.id,
      subject: record.outbox.subject,
      type: record.outbox.event.type,
      event: record.outbox.event,
      audit: record.audit,
      since: near.since,
      min_lng: near.minLng,
      max_lng: near.maxLng,
      min_lat: near.minLat,
      max_lat: near.maxLat,
    }));
    const sql = `with input as (
        select * from rows from (jsonb_to_recordset(?::jsonb) as (
          "id" uuid, "source" text, "category_code" text, "description" text, "lng" double precision, "lat" double precision, "address" text, "priority" text, "state" text,
          "grid_code" text, "grid_path" text[], "level" smallint, "reporters" jsonb, "photos" jsonb, "created_by" text, "created_at" timestamptz, "updated_at" timestamptz,
          "day" text, "not_after" timestamptz, "outbox_id" uuid, "subject" text, "type" text, "event" jsonb, "audit" jsonb,
          "since" timestamptz, "min_lng" double precision, "max_lng" double precision, "min_lat" double precision, "max_lat" double precision
        )) with ordinality as t
      ), locked as (
        select "category_code", "day" from ${s}."case_number_counter"
        where ("category_code", "day") in (select "category_code", "day" from input)
        order by "category_code", "day" for update
      ), live as (
        -- the deadline is read once the counter rows are held, so waiting for them cannot outlast it
        select * from input where input."not_after" is null or (case when (select count(*) from locked) >= 0 then clock_timestamp() end) < input."not_after"
      ), ranked as (
        select live.*, row_number() over (partition by "category_code", "day" order by "ordinality") as "rank" from live
      ), keys as (
        select "category_code", "day", count(*)::int as "k" from live group by "category_code", "day"
      ), n as (
        insert into ${s}."case_number_counter" ("category_code", "day", "last")
        select "category_code", "day", "k" from keys order by "category_code", "day"
        on conflict ("category_code", "day") do update set "last" = "case_number_counter"."last" + excluded."last"
        returning "category_code", "day", "last"
      ), numbered as (
        select i.*, to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "written_at", n."category_code" || '-' || n."day" || '-' || case when q."seq" < 10000 then lpad(q."seq"::text, 4, '0') else q."seq"::text end as "number"
        from ranked i
        join keys k on k."category_code" = i."category_code" and k."day" = i."day"
        join n on n."category_code" = i."category_code" and n."day" = i."day"
        cross join lateral (select n."last" - k."k" + i."rank" as "seq") q
      ), c as (
        insert into ${s}."ticket_case" ("id", "number", "source", "category_code", "description", "lng", "lat", "address", "priority", "state", "grid_code", "grid_path", "level",
          "dispatch_target", "department_code", "deadline", "reporters", "photos", "pending_request", "suspended_from", "suspended_remaining_ms", "reason", "handling_notes",
          "rework_count", "escalation_count", "merged_into_id", "closed_at", "created_by", "created_at", "updated_at", "version")
        select "id", "number", "source", "category_code", "description", "lng", "lat", "address", "priority", "state", "grid_code", "grid_path", "level",
          null, null, null, "reporters", "photos", null, null, null, null, null, 0, 0, null, null, "created_by", "created_at", "updated_at", 1
        from numbered order by "ordinality"
        returning "id", "number"
      ), o as (
        insert into ${s}."outbox" ("id", "subject", "type", "event")
        select "outbox_id", "subject", "type", jsonb_set(jsonb_set("event", '{data,number}', to_jsonb("number")), '{time}', to_jsonb("written_at")) from numbered order by "ordinality"
      ), a as (
        insert into ${s}."audit_log" ("actor_id", "actor_name", "actor_roles", "action", "entity_type", "entity_id", "node_path", "before", "after", "correlation_id")
        select x."actorId", x."actorName", x."actorRoles", x."action", x."entityType", x."entityId", x."nodePath", x."before", jsonb_set(coalesce(x."after", '{}'::jsonb), '{number}', to_jsonb(nb."number")), x."correlationId"
        from numbered nb cross join lateral jsonb_to_record(nb."audit") as x("actorId" text, "actorName" text, "actorRoles" text[], "action" text, "entityType" text, "entityId" text, "nodePath" text[], "before" jsonb, "after" jsonb, "correlationId" text)
        order by nb."ordinality"
      )
      select nb."id", nb."number", coalesce((
        select jsonb_agg(jsonb_build_object('id', o."id", 'number', o."number", 'state', o."state", 'lng', o."lng", 'lat', o."lat", 'gridPath', o."grid_path", 'departmentCode', o."department_code"))
        from (select * from ${s}."ticket_case" o
          where o."category_code" = nb."category_code" and o."created_at" >= nb."since" and o."state" = any(?::text[])
            and o."lat" between nb."min_lat" and nb."max_lat" and o."lng" between nb."min_lng" and nb."max_lng"
          order by o."created_at" desc limit 50) o
      ), '[]'::jsonb) as "nearby"
      from numbered nb`;
    // the connection, not a forked entity manager: nothing here is an entity
    const result = await this.orm.em.getConnection().execute<Array<{ id: string; number: string; nearby: NearbyCase[] }>>(sql, [JSON.stringify(input), pgArray(OPEN_STATES)]);
    return new Map(result.map((r) => [r.id, { number: r.number, nearby: r.nearby }]));
  }
}

/**
 * A text array as a Postgres array literal (`{"a","b"}`), bound as one parameter: the query
 * builder would spread a JS array into a list of parameters.
 */
function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
