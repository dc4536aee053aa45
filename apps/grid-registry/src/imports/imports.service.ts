import { randomUUID } from 'node:crypto';

import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { CreateNodeDto, GridRegistryEvents, ImportKind, ImportStatus, PlaceKind, RegisterPlaceDto, type ImportJobView, type StartImportDto, IMPORT_MAX_BYTES } from '@citygrid/contracts/grid-registry';
import { EventRecorder } from '@citygrid/persistence';
import { flattenValidationErrors, runAsCaller, wellFormed } from '@citygrid/service-kit';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { assertAllowed, beneathScope, inScope, isSystemAdmin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parse } from 'csv-parse/sync';

import { GridIndexService } from '../nodes/grid-index.service';
import { GridNode } from '../nodes/grid-node.entity';
import { checkNode, type ParentInfo } from '../nodes/node-rules';
import { NodesService } from '../nodes/nodes.service';
import { type Place } from '../places/place.entity';
import { buildPlace, PlacesService, toPoint } from '../places/places.service';
import { assertCanRead, canChangeTree, canRegisterPlaces } from '../shared/access';
import { GridRegistryException } from '../shared/grid-registry.exception';
import { ImportJob } from './import-job.entity';

/** Rows between two progress writes. */
const PROGRESS_EVERY = 200;

/**
 * Bad rows a failed job lists at most, in line order, and then how many more there were. A file
 * of 120,000 bad rows had 360,000 errors: the job no longer fit in a NATS reply (1 MB) and
 * reading it answered 503 forever.
 */
export const MAX_IMPORT_ERRORS = 1000;

const KIND_ORDER: Record<string, number> = { city: 0, district: 1, subdistrict: 2, community: 3, grid: 4 };

const HOUSEHOLD_COLUMNS = ['address', 'lng', 'lat'];
const UNIT_COLUMNS = ['name', 'unit_type', 'address', 'lng', 'lat'];

/**
 * Bulk imports. The whole file is checked first and every bad row reported with its line and
 * reason; only a clean file is written, in one transaction, so a bad row imports nothing. The job
 * row records progress so a client can poll a long import.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportsService.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly nodes: NodesService,
    private readonly places: PlacesService,
    private readonly gridIndex: GridIndexService,
  ) {}

  /** A job left running by a stopped process wrote nothing (one transaction): say so. */
  async onApplicationBootstrap(): Promise<void> {
    await this.orm.em
      .fork()
      .nativeUpdate(
        ImportJob,
        { status: ImportStatus.Running },
        { status: ImportStatus.Failed, finishedAt: new Date(), errors: [{ field: 'file', reason: 'the service stopped during the import; nothing was imported, start it again' }] },
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  async start(caller: Caller, dto: StartImportDto): Promise<ImportJobView> {
    assertAllowed(dto.kind === ImportKind.Grids ? canChangeTree(caller) : canRegisterPlaces(caller), 'Your role may not import this.');
    if (Buffer.byteLength(dto.content, 'utf8') > IMPORT_MAX_BYTES) {
      throw new GridRegistryException(ErrorCode.PayloadTooLarge, `The file is larger than ${IMPORT_MAX_BYTES} bytes; split it.`, [
        { field: 'content', reason: `larger than ${IMPORT_MAX_BYTES} bytes` },
      ]);
    }
    const em = this.orm.em.fork();
    const scopeNode = caller.nodeScope ? await em.findOne(GridNode, { code: caller.nodeScope }) : null;
    assertAllowed(!!scopeNode || isSystemAdmin(caller), 'Your account has no area.');
    const job = Object.assign(new ImportJob(), {
      id: randomUUID(),
      kind: dto.kind,
      fileName: dto.fileName ?? null,
      status: ImportStatus.Running,
      createdAt: new Date(),
      scopePath: scopeNode?.path ?? [],
    });
    await em.persistAndFlush(job);
    // The import runs after this request returns, still on behalf of (and audited as) the caller.
    const run = runAsCaller(caller, () => this.run(caller, job.id, dto)).finally(() => this.running.delete(run));
    this.running.add(run);
    return toJobView(job);
  }

  async get(caller: Caller, id: string): Promise<ImportJobView> {
    assertCanRead(caller);
    const job = await this.orm.em.fork().findOne(ImportJob, { id });
    if (!job || !(isSystemAdmin(caller) || inScope(caller, job.scopePath))) throw GridRegistryException.notFound('Import', id);
    return toJobView(job);
  }

  /** Wait for a job to finish (tests and the demo loader poll the API instead). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async run(caller: Caller, jobId: string, dto: StartImportDto): Promise<void> {
    const progress = new Progress(this.orm, jobId);
    try {
      const imported = dto.kind === ImportKind.Grids ? await this.importGrids(caller, dto.content, progress) : await this.importPlaces(caller, dto.kind, dto.content, progress);
      if (imported.errors.length) {
        await progress.finish(ImportStatus.Failed, 0, imported.errors);
      }
    } catch (err) {
      this.logger.error({ err, jobId }, 'import failed unexpectedly');
      await progress.finish(ImportStatus.Failed, 0, [{ field: 'file', reason: 'unexpected error; nothing was imported' }]).catch(() => undefined);
    }
  }

  private async importGrids(caller: Caller, content: string, progress: Progress): Promise<{ errors: FieldError[] }> {
    let doc: unknown;
    try {
      doc = JSON.parse(content);
    } catch (err) {
      return { errors: [{ field: 'content', reason: `not valid JSON: ${wellFormed((err as Error).message)}` }] };
    }
    const features = (doc as { type?: unknown; features?: unknown }).features;
    if ((doc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features)) {
      return { errors: [{ field: 'content', reason: 'a grid import is a GeoJSON FeatureCollection' }] };
    }
    await progress.total(features.length);

    const errors: FieldError[] = [];
    const dtos: Array<{ dto: CreateNodeDto; line: number }> = [];
    for (const [i, feature] of features.entries()) {
      const line = i + 1;
      const f = feature as { type?: unknown; properties?: Record<string, unknown>; geometry?: unknown };
      if (f?.type !== 'Feature' || typeof f.properties !== 'object' || f.properties === null) {
        errors.push({ line, field: `features[${i}]`, reason: 'must be a Feature with properties' });
        continue;
      }
      // GeoJSON tools write a property without a value as null: in a file, null is "not given".
      const properties = Object.fromEntries(Object.entries(f.properties).filter(([, v]) => v !== null));
      const dto = plainToInstance(CreateNodeDto, { ...properties, boundary: f.geometry });
      const v = await validate(dto, { whitelist: true });
      if (v.length) for (const e of flattenValidationErrors(v)) errors.push({ line, field: `features[${i}].${e.field}`, reason: e.reason });
      else dtos.push({ dto, line });
      await progress.tick();
    }

    // Parents first, so a file can hold a whole subtree.
    dtos.sort((a, b) => (KIND_ORDER[a.dto.kind] ?? 9) - (KIND_ORDER[b.dto.kind] ?? 9) || (a.dto.gridLevel ?? 0) - (b.dto.gridLevel ?? 0) || a.dto.code.localeCompare(b.dto.code));
    const em = this.orm.em.fork();
    const parentCodes = [...new Set(dtos.map((d) => d.dto.parentCode).filter((c): c is string => !!c))];
    const existing = new Map((await em.find(GridNode, { code: { $in: [...parentCodes, ...dtos.map((d) => d.dto.code)] } })).map((n) => [n.code, n]));
    const planned = new Map<string, GridNode>();
    const seen = new Map<string, number>();
    for (const { dto, line } of dtos) {
      const prefix = `features[${line - 1}].properties`;
      if (existing.has(dto.code)) errors.push({ line, field: `${prefix}.code`, reason: `duplicate code ${dto.code} (already registered)` });
      if (seen.has(dto.code)) errors.push({ line, field: `${prefix}.code`, reason: `duplicate code ${dto.code} (also on feature ${seen.get(dto.code)})` });
      seen.set(dto.code, line);
      // Parents outside the caller's area are unknown to them; new nodes must lie beneath it.
      const find = (code: string): ParentInfo | undefined => {
        const n = planned.get(code) ?? existing.get(code);
        return n && (isSystemAdmin(caller) || beneathScope(caller, [...n.path, '*'])) ? this.nodes.toParentInfo(n) : undefined;
      };
      const rules = checkNode(dto, find, prefix);
      const bad = rules.invalid.concat(rules.unprocessable).map((e) => ({ ...e, line, field: e.field.replace(`${prefix}.boundary`, `features[${line - 1}].geometry`) }));
      for (const e of bad) errors.push(e);
      if (bad.length === 0) {
        const parentCode = dto.parentCode;
        const parent = parentCode ? (planned.get(parentCode) ?? existing.get(parentCode) ?? null) : null;
        planned.set(dto.code, this.nodes.buildNode(dto, rules.gridLevel, parent));
      }
    }
    if (errors.length) return { errors: sortErrors(errors) };

    const nodes = [...planned.values()];
    try {
      await em.transactional(async (tx) => {
        for (const [i, n] of nodes.entries()) {
          tx.persist(n);
          this.nodes.recordCreated(tx, n);
          if (i % PROGRESS_EVERY === 0) await progress.set(Math.min(features.length, i));
        }
        this.recordCompleted(tx, progress.jobId, ImportKind.Grids, nodes.length);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return { errors: [{ field: 'code', reason: 'a code in the file was registered while the import ran; nothing was imported' }] };
      throw err;
    }
    for (const n of nodes) this.gridIndex.apply(n);
    await progress.finish(ImportStatus.Completed, nodes.length, []);
    return { errors: [] };
  }

  private async importPlaces(caller: Caller, kind: ImportKind, content: string, progress: Progress): Promise<{ errors: FieldError[] }> {
    let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
    try {
      records = parse(content, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: false });
    } catch (err) {
      const e = err as { message: string; lines?: number };
      return { errors: [{ field: 'content', reason: `not valid CSV: ${wellFormed(e.message)}`, ...(e.lines ? { line: e.lines } : {}) }] };
    }
    const required = kind === ImportKind.Households ? HOUSEHOLD_COLUMNS : UNIT_COLUMNS;
    const header = records[0] ? Object.keys(records[0].record) : [];
    const missing = records.length ? required.filter((c) => !header.includes(c)) : [];
    if (missing.length) return { errors: missing.map((c) => ({ line: 1, field: c, reason: `missing column ${c}` })) };
    if (!records.length) return { errors: [{ field: 'content', reason: 'the file has no rows' }] };
    await progress.total(records.length);

    const em = this.orm.em.fork();
    const errors: FieldError[] = [];
    const places: Place[] = [];
    for (const { record: r, info } of records) {
      const line = info.lines;
      const dto = plainToInstance(RegisterPlaceDto, kind === ImportKind.Households ? householdDto(r) : unitDto(r));
      const v = await validate(dto, { whitelist: true });
      if (v.length) {
        for (const e of flattenValidationErrors(v)) errors.push({ line, field: csvField(e.field), reason: e.reason });
      } else {
        try {
          const grid = await this.nodes.resolveGrid(em, toPoint(dto.location.coordinates), 'lng,lat');
          if (isSystemAdmin(caller) || inScope(caller, grid.path)) places.push(buildPlace(dto, grid));
          else errors.push({ line, field: 'lng,lat', reason: 'location is outside your area' });
        } catch (err) {
          if (!(err instanceof GridRegistryException)) throw err;
          errors.push({ line, field: 'lng,lat', reason: 'location is outside every level-3 grid' });
        }
      }
      await progress.tick();
    }
    if (errors.length) return { errors: sortErrors(errors) };

    await em.transactional(async (tx) => {
      for (const [i, p] of places.entries()) {
        tx.persist(p);
        this.places.recordRegistered(tx, p);
        if (i % PROGRESS_EVERY === 0) await progress.set(i);
      }
      this.recordCompleted(tx, progress.jobId, kind, places.length);
    });
    await progress.finish(ImportStatus.Completed, places.length, []);
    return { errors: [] };
  }

  private recordCompleted(tx: EntityManager, jobId: string, kind: ImportKind, imported: number): void {
    this.events.record(tx, GridRegistryEvents.importCompleted, jobId, { id: jobId, kind, imported });
  }
}

function householdDto(r: Record<string, string>): Record<string, unknown> {
  const parts = [r['building'], r['unit'], r['room']].filter((p) => p);
  return {
    kind: PlaceKind.Household,
    name: parts.length ? `${r['address']} ${parts.join('-')}` : r['address'],
    address: r['address'],
    members: r['members'] ? Number(r['members']) : 1,
    location: { type: 'Point', coordinates: [num(r['lng']), num(r['lat'])] },
  };
}

function unitDto(r: Record<string, string>): Record<string, unknown> {
  return {
    kind: PlaceKind.Unit,
    name: r['name'],
    address: r['address'],
    unitType: r['unit_type'],
    ...(r['credit_code'] ? { creditCode: r['credit_code'] } : {}),
    location: { type: 'Point', coordinates: [num(r['lng']), num(r['lat'])] },
  };
}

/** Empty or non-numeric cells stay NaN so validation names the column. */
function num(v: string | undefined): number {
  return v === undefined || v === '' ? Number.NaN : Number(v);
}

function csvField(field: string): string {
  if (field.startsWith('location')) return 'lng,lat';
  return { unitType: 'unit_type', creditCode: 'credit_code' }[field] ?? field;
}

/** The first `MAX_IMPORT_ERRORS` errors in line order, and a last one saying how many more there were. */
function sortErrors(errors: FieldError[]): FieldError[] {
  const sorted = [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (sorted.length <= MAX_IMPORT_ERRORS) return sorted;
  const more = sorted.length - MAX_IMPORT_ERRORS;
  return [...sorted.slice(0, MAX_IMPORT_ERRORS), { field: 'file', reason: `${more} more problems are not listed; fix these and import the file again` }];
}

function toJobView(j: ImportJob): ImportJobView {
  return {
    id: j.id,
    kind: j.kind,
    fileName: j.fileName,
    status: j.status,
    total: j.total,
    processed: j.processed,
    imported: j.imported,
    errors: j.errors,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/** Writes a job's progress outside the import transaction, so pollers see it move. */
class Progress {
  private processed = 0;
  private lastWrite = 0;

  constructor(
    private readonly orm: MikroORM,
    readonly jobId: string,
  ) {}

  async total(total: number): Promise<void> {
    await this.orm.em.fork().nativeUpdate(ImportJob, { id: this.jobId }, { total });
  }

  async tick(): Promise<void> {
    this.processed++;
    if (this.processed % PROGRESS_EVERY === 0 || Date.now() - this.lastWrite > 500) await this.set(this.processed);
  }

  async set(processed: number): Promise<void> {
    this.lastWrite = Date.now();
    await this.orm.em.fork().nativeUpdate(ImportJob, { id: this.jobId }, { processed });
  }

  async finish(status: ImportStatus, imported: number, errors: FieldError[]): Promise<void> {
    await this.orm.em.fork().nativeUpdate(ImportJob, { id: this.jobId }, { status, imported, errors, finishedAt: new Date(), ...(status === ImportStatus.Completed ? { processed: imported } : {}) });
  }
}
