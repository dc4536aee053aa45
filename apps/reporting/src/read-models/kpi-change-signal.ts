import type { CityGridCloudEvent } from '@citygrid/contracts';
import { KPIS_CHANGED_SUBJECT, type KpisChangedSignal } from '@citygrid/contracts/reporting';
import { Subjects } from '@citygrid/messaging';
import { SERVICE_NATS } from '@citygrid/service-kit';
import { type BeforeApplicationShutdown, Inject, Injectable, Optional } from '@nestjs/common';
import { JSONCodec, type NatsConnection } from 'nats';

/** How long changes are gathered into one signal, ms: a busy stream signals a few times a second, not once per event. */
const GATHER_MS = 250;

const codec = JSONCodec<KpisChangedSignal>();

/**
 * Says on {@link KPIS_CHANGED_SUBJECT} (core NATS) which nodes' figures changed, once the events
 * that changed them are committed: every node of the paths the events carry (a case's or a
 * field log's grid and its ancestors, a grid event's node), gathered over {@link GATHER_MS}. The
 * gateway's live feed re-reads the dashboards of those nodes. Without a NATS connection (the
 * command-line rebuild) it says nothing.
 */
@Injectable()
export class KpiChangeSignal implements BeforeApplicationShutdown {
  private nodes = new Set<string>();
  private all = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly subjects: Subjects,
    @Optional() @Inject(SERVICE_NATS) private readonly nc?: NatsConnection,
  ) {}

  /** Events just committed to the read models. */
  applied(events: readonly CityGridCloudEvent[]): void {
    for (const event of events) {
      const data = event.data as { path?: unknown; code?: unknown } | null;
      if (Array.isArray(data?.path)) for (const code of data.path) if (typeof code === 'string') this.nodes.add(code);
      if (typeof data?.code === 'string') this.nodes.add(data.code);
    }
    if (this.nodes.size) this.schedule();
  }

  /** Every figure may have changed (a rebuild completed). */
  everything(): void {
    this.all = true;
    this.schedule();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.flush();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), GATHER_MS);
  }

  private flush(): void {
    this.timer = null;
    const signal: KpisChangedSignal = { nodes: this.all ? [] : [...this.nodes].sort(), all: this.all, at: new Date().toISOString() };
    this.nodes = new Set();
    this.all = false;
    if (!signal.all && !signal.nodes.length) return;
    if (!this.nc || this.nc.isClosed()) return;
    // a hint: if it is lost, the feed refreshes on its timer
    this.nc.publish(this.subjects.rpc(KPIS_CHANGED_SUBJECT), codec.encode(signal));
  }
}
