import { SETTLED_CASE_STATES } from '@citygrid/contracts/ticketing';
import type { AgendaItemView, AgendaView } from '@citygrid/contracts/ticketing';
import { clip } from '@citygrid/service-kit';

/** What the agenda needs of a case (read from the case table). */
export interface AgendaCase {
  id: string;
  number: string;
  categoryCode: string;
  state: string;
  gridCode: string;
  /** Code of the node responsible now. */
  levelCode: string;
  /** Times it was escalated (automatically or by hand). */
  escalationCount: number;
  reportedAt: Date;
  deadline: Date | null;
  description: string;
}

/** States in which nothing more is expected of anyone: such cases leave every section but `new`. */
/** Settled states (`SETTLED_CASE_STATES` of the contracts), as a set. */
export const SETTLED_STATES: ReadonlySet<string> = new Set(SETTLED_CASE_STATES);

export interface AgendaInput {
  node: string;
  date: string;
  /** Start of the `new` window: the node's previous meeting, else the start of the day before. */
  since: Date;
  /** Whether `since` is a real meeting (shown) or the default window. */
  sinceIsMeeting: boolean;
  /** End of the `new` window: the end of the agenda's day. */
  until: Date;
  /** Now, for overdue. */
  now: Date;
  /** Every case in the node's subtree that can matter: open, or reported in the window. */
  cases: readonly AgendaCase[];
  /** Supervised deadline per case id (the tightest when flagged more than once). */
  supervised: ReadonlyMap<string, Date>;
}

/**
 * Sort a node's cases into the stand-up sections. A case can sit in several sections (a new case
 * can already be supervised), because each section is a question the meeting asks in turn. A
 * supervised case is overdue against the earlier of its own and its supervised deadline.
 */
export function buildAgenda(input: AgendaInput): AgendaView {
  const view: AgendaView = {
    node: input.node,
    date: input.date,
    since: input.sinceIsMeeting ? input.since.toISOString() : null,
    new: [],
    overdue: [],
    escalated: [],
    supervised: [],
    returned: [],
  };
  const ordered = [...input.cases].sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.number.localeCompare(b.number));
  for (const c of ordered) {
    const supervisedDeadline = input.supervised.get(c.id) ?? null;
    const item = toItem(c, supervisedDeadline);
    const open = !SETTLED_STATES.has(c.state);
    if (c.reportedAt >= input.since && c.reportedAt < input.until) view.new.push(item);
    if (!open) continue;
    const due = earliest(c.deadline, supervisedDeadline);
    if (due && due < input.now) view.overdue.push(item);
    if (c.escalationCount > 0 && c.levelCode === input.node) view.escalated.push(item);
    if (supervisedDeadline) view.supervised.push(item);
    if (c.state === 'returned') view.returned.push(item);
  }
  return view;
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

function toItem(c: AgendaCase, supervisedDeadline: Date | null): AgendaItemView {
  return {
    caseId: c.id,
    caseNumber: c.number,
    categoryCode: c.categoryCode,
    status: c.state,
    gridCode: c.gridCode,
    reportedAt: c.reportedAt.toISOString(),
    deadline: c.deadline?.toISOString() ?? null,
    supervisedDeadline: supervisedDeadline?.toISOString() ?? null,
    // The agenda is read aloud and skimmed: the first line of the description is enough.
    summary: clip(c.description.split('\n')[0] ?? '', 120),
  };
}
