import { OutboxRelayService, ServiceError } from '@citygrid/service-kit';
import { ErrorCode } from '@citygrid/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import type { Case } from './case.entity';
import { CaseRepository, type NearbyCase, type ReportedRow, type WrittenRow } from './case.repository';

interface Pending {
  row: ReportedRow;
  resolve: (written: WrittenRow) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for intake: reports that arrive while a statement is in flight wait for it and are
 * then written together in one statement (`CaseRepository.insertReported`), so under load the
 * database commits once for many cases and the service makes one round trip for all of them.
 * Alone, a report is written at once (it waits only for the reports before it).
 *
 * Guarantees are the single-row ones: each case commits with its event and audit row or not at
 * all, and is numbered uniquely. If a shared statement fails, each of its rows is tried again on
 * its own, so one bad row fails only its own request. A row whose caller's deadline passes
 * while it waits is refused with 503 by the database's clock, and nothing of it is written.
 *
 * Written here rather than taken from a library: it is a queue and two counters around one
 * repository call, and its rules (deadline, fallback per row) are intake's.
 */
@Injectable()
export class IntakeWriter {
  private readonly logger = new Logger(IntakeWriter.name);
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly repo: CaseRepository,
    private readonly relay: OutboxRelayService,
    @Inject(TICKETING_ENV) private readonly env: TicketingEnv,
  ) {}

  /** Write one reported case (with whatever else is waiting); resolves once it has committed. */
  write(row: ReportedRow): Promise<WrittenRow> {
    return new Promise<WrittenRow>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Flush on the next turn of the event loop, so reports that arrived in the same turn share a
   * statement, and only while fewer than `INTAKE_STATEMENTS_IN_FLIGHT` statements are running.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.env.INTAKE_STATEMENTS_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.env.INTAKE_STATEMENTS_IN_FLIGHT || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.env.INTAKE_BATCH_MAX);
    this.inFlight++;
    try {
      await this.writeBatch(batch);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let written: Map<string, WrittenRow>;
    try {
      written = await this.repo.insertReported(batch.map((p) => p.row));
      this.relay.poke();
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      // Nothing of the shared statement committed: try each row alone, so one bad row fails alone.
      this.logger.warn({ err, rows: batch.length }, 'shared intake statement failed; writing its rows one by one');
      await Promise.all(batch.map((p) => this.writeBatch([p])));
      return;
    }
    batch.forEach((p, i) => {
      const w = written.get(p.row.c.id);
      if (!w) return p.reject(new ServiceError(ErrorCode.Unavailable, 'The request ran out of time; nothing was changed.'));
      // The statement's search saw the cases before it; the earlier rows of the same statement come from here.
      const earlier = batch.slice(0, i).flatMap((q) => {
        const n = written.get(q.row.c.id);
        return n && q.row.c.categoryCode === p.row.c.categoryCode && inBox(q.row.c, p.row.near) ? [nearbyOf(q.row.c, n.number)] : [];
      });
      p.resolve(earlier.length ? { number: w.number, nearby: [...earlier.reverse(), ...w.nearby] } : w);
    });
  }
}

function inBox(c: Case, box: ReportedRow['near']): boolean {
  return c.lat >= box.minLat && c.lat <= box.maxLat && c.lng >= box.minLng && c.lng <= box.maxLng;
}

function nearbyOf(c: Case, number: string): NearbyCase {
  return { id: c.id, number, state: c.state, lng: c.lng, lat: c.lat, gridPath: c.gridPath, departmentCode: c.departmentCode };
}
