import { defineEvent, type EventDefinition, type JsonSchema } from '../common/cloudevent';
import type { DepartmentKind } from '../grid-registry/enums';
import type { CalendarDayKind, CaseAction, CaseState, CategoryKind, TimeUnit } from './enums';

const SERVICE = 'ticketing';

/**
 * Payload of every case event (`citygrid.case.<event>.v1`). It never carries the reporter or
 * anything personal: consumers that need more ask ticketing with their own scoped token.
 */
export interface CaseEventV1 {
  /** Case id. */
  id: string;
  /** Readable case number `<category>-<YYYYMMDD>-<seq>`. */
  number: string;
  /** Sub-class code. */
  categoryCode: string;
  /** The action that caused the event (`supervise`: a supervision flag 督办 tightened the deadline). */
  action: CaseAction | 'report' | 'escalate-overdue' | 'supervise' | 'city-alert' | 'due-soon' | 'evaluate' | 'satisfaction' | 'comment';
  /** State before (null when the case was just reported). */
  stateBefore: CaseState | null;
  /** State after. */
  stateAfter: CaseState;
  /** Who did it: account or client id, kind and roles; `system` for the timer. */
  actor: { id: string; kind: 'staff' | 'client' | 'system'; roles: string[] };
  /** Codes from the city down to the case's level-3 grid: filter by area with it. */
  path: string[];
  /** Index into `path` of the level currently responsible. */
  level: number;
  /** Deadline after the change (ISO 8601) or null. */
  deadline: string | null;
  /** Reason (reject, return, cancel, rework, escalation, extension, suspension). */
  reason?: string;
  /** Dispatch target (`department` or `grid_staff`) and department code. */
  dispatchTarget?: string | null;
  departmentCode?: string | null;
  /** Level before (escalation and push-down). */
  levelBefore?: number;
  /** Merge: the case this one was merged into. */
  mergedIntoId?: string;
  mergedIntoNumber?: string;
  /**
   * The case's version once this change is committed: 1 when reported, one more with each change.
   * Orders the events of one case for a consumer that gets them out of order (a redelivery, a
   * replayed dead letter). Absent on events published before it was added.
   */
  version?: number;
  /** When the case was reported (its creation), on every event of the case: the day it counts as found. */
  reportedAt?: string;
  /** When it was closed (or merged), while it stays so; null while open or after a reopen. */
  closedAt?: string | null;
  /**
   * When it was last handled (处置反馈), or null before any handling: on a verification (`action`
   * `verify-pass` or `verify-fail`) the report that was checked, so that a consumer can time the
   * verification (及时核查). Absent on events published before it was added.
   */
  handledAt?: string | null;
  /**
   * Closed events: working time from the report to the closing, ms, on ticketing's working
   * calendar (working periods of working days, holidays and make-up days included), the hours to
   * close in working time. Absent on events published before it was added.
   */
  workingMsToClose?: number;
  /** Failed verifications 返工 so far. */
  reworkCount?: number;
  /** Escalations so far, manual and overdue. */
  escalationCount?: number;
  /** Closed events: the deadline in force when it was closed (`deadline` is then null), or null when it had none. */
  dueAt?: string | null;
  /** Closed events: closed at or before `dueAt` (按期结案); null when it had no deadline. */
  onTime?: boolean | null;
  /** Evaluated events: the outcome of the evaluation 综合评价 (`satisfactory`, `basically_satisfactory`, `unsatisfactory`). */
  outcome?: string;
  /** Satisfaction events: the reporter's level (`satisfied`, `basically_satisfied`, `dissatisfied`). */
  satisfaction?: string;
  /** Commented events: the reporter says the matter is not settled and asks for the case to be reopened. */
  reopenRequested?: boolean;
  /**
   * Where the problem is (GeoJSON Point, WGS-84 [lng, lat]): the place of the matter, not of a
   * person. Absent on events published before it was added.
   */
  location?: { type: 'Point'; coordinates: [number, number] };
  /** How it came in (`patrol`, `hotline_12345`, `open311`, …). Absent on events published before it was added. */
  source?: string;
  /** Priority (`normal`, `urgent`). Absent on events published before it was added. */
  priority?: string;
  /**
   * Ids of the photos uploaded through `POST /api/v1/photos` that this step added (a report's,
   * a handling's); absent when it added none, and on events published before it was added. Read
   * a photo through the API (a case view gives a signed URL for each).
   */
  photoIds?: string[];
}

const caseSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'number', 'categoryCode', 'action', 'stateBefore', 'stateAfter', 'actor', 'path', 'level', 'deadline'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Case id.' },
    number: { type: 'string', description: 'Readable case number <category>-<YYYYMMDD>-<seq>.' },
    categoryCode: { type: 'string', description: 'Sub-class code.' },
    action: { type: 'string', description: 'Action that caused the event.' },
    stateBefore: { type: ['string', 'null'], description: 'State before (null on report).' },
    stateAfter: { type: 'string', description: 'State after.' },
    actor: {
      type: 'object',
      description: 'Who did it (never a name or contact).',
      properties: { id: { type: 'string' }, kind: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } },
    },
    path: { type: 'array', items: { type: 'string' }, description: 'Codes from the city down to the case grid; filter by area with it.' },
    level: { type: 'integer', description: 'Index into path of the level responsible now.' },
    deadline: { type: ['string', 'null'], format: 'date-time', description: 'Deadline after the change.' },
    reason: { type: 'string', description: 'Reason given, when the action takes one.' },
    dispatchTarget: { type: ['string', 'null'], description: 'department or grid_staff.' },
    departmentCode: { type: ['string', 'null'], description: 'Department the case is assigned to.' },
    levelBefore: { type: 'integer', description: 'Level before an escalation or push-down.' },
    mergedIntoId: { type: 'string', format: 'uuid', description: 'Merge target id.' },
    mergedIntoNumber: { type: 'string', description: 'Merge target number.' },
    outcome: { type: 'string', enum: ['satisfactory', 'basically_satisfactory', 'unsatisfactory'], description: 'Evaluated events: the outcome of the evaluation.' },
    satisfaction: { type: 'string', enum: ['satisfied', 'basically_satisfied', 'dissatisfied'], description: "Satisfaction events: the reporter's level." },
    reopenRequested: { type: 'boolean', description: 'Commented events: the reporter says the matter is not settled and asks for the case to be reopened.' },
    version: {
      type: 'integer',
      minimum: 1,
      description:
        "The case's version once this change is committed (1 when reported, one more per change): orders one case's events for a consumer that gets them out of order. Absent on events published before it was added.",
    },
    reportedAt: { type: 'string', format: 'date-time', description: 'When the case was reported (on every event of the case).' },
    closedAt: { type: ['string', 'null'], format: 'date-time', description: 'When it was closed or merged, while it stays so; null while open or after a reopen.' },
    handledAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description:
        'When it was last handled (处置反馈), null before any handling; on a verification (action verify-pass or verify-fail) the report that was checked. Absent on events published before it was added.',
    },
    workingMsToClose: {
      type: 'integer',
      minimum: 0,
      description: "Closed events: working time from the report to the closing, ms, on ticketing's working calendar. Absent on events published before it was added.",
    },
    reworkCount: { type: 'integer', minimum: 0, description: 'Failed verifications (返工) so far.' },
    escalationCount: { type: 'integer', minimum: 0, description: 'Escalations so far, manual and overdue.' },
    dueAt: { type: ['string', 'null'], format: 'date-time', description: 'Closed events: the deadline in force when it was closed (deadline is then null); null when it had none.' },
    onTime: { type: ['boolean', 'null'], description: 'Closed events: closed at or before dueAt (按期结案); null when it had no deadline.' },
    location: {
      type: 'object',
      description: 'Where the problem is: GeoJSON Point, WGS-84 [lng, lat] (the place of the matter, not of a person). Absent on events published before it was added.',
      properties: { type: { type: 'string', enum: ['Point'] }, coordinates: { type: 'array', items: { type: 'number' }, description: '[lng, lat]' } },
    },
    source: { type: 'string', description: 'How the case came in (patrol, hotline_12345, open311, …). Absent on events published before it was added.' },
    priority: { type: 'string', description: 'Priority (normal, urgent). Absent on events published before it was added.' },
    photoIds: {
      type: 'array',
      items: { type: 'string', format: 'uuid' },
      description: 'Ids of the uploaded photos this step added (report, handling); absent when none, and on events published before it was added.',
    },
  },
};

function caseEvent(event: string, summary: string): EventDefinition<CaseEventV1> {
  return defineEvent<CaseEventV1>({ service: SERVICE, aggregate: 'case', event, version: 1, summary, schema: caseSchema });
}

/** Events published by ticketing, one per case transition. */
export const TicketingEvents = {
  caseReported: caseEvent('reported', 'A case was reported (上报) and resolved to its level-3 grid.'),
  caseFiled: caseEvent('filed', 'A case was filed (立案).'),
  caseRejected: caseEvent('rejected', 'A case was not filed (不予立案), with a reason.'),
  caseDispatched: caseEvent('dispatched', 'A case was dispatched (派遣) to a department or grid staff; its deadline is set.'),
  caseAccepted: caseEvent('accepted', 'The handler accepted a dispatched case.'),
  caseReturned: caseEvent('returned', 'The handler returned a case (退回) to the dispatcher, with a reason.'),
  caseHandled: caseEvent('handled', 'The handler reported the handling (处置反馈).'),
  caseClosed: caseEvent('closed', 'On-site verification passed; the case is closed (结案).'),
  caseReworked: caseEvent('reworked', 'On-site verification failed; the case goes back to the handler (返工).'),
  caseReopened: caseEvent('reopened', 'A closed case was reopened within the reopen window.'),
  caseCancelled: caseEvent('cancelled', 'A case was cancelled, with a reason.'),
  caseExtensionRequested: caseEvent('extension-requested', 'The handler asked for more time (延期申请).'),
  caseExtensionApproved: caseEvent('extension-approved', 'An extension was approved; the deadline moved.'),
  caseSuspensionRequested: caseEvent('suspension-requested', 'The handler asked to suspend the case (挂账申请).'),
  caseSuspended: caseEvent('suspended', 'A suspension was approved (挂账); the clock stopped.'),
  caseResumed: caseEvent('resumed', 'A suspended case resumed; the deadline moved by the time suspended.'),
  caseEscalated: caseEvent('escalated', 'A case moved one level up (overdue or declared beyond the level).'),
  caseEvaluated: caseEvent('evaluated', 'A closed case was evaluated 综合评价 (outcome in `outcome`; remarks stay in ticketing).'),
  caseSatisfactionRecorded: caseEvent('satisfaction-recorded', "The reporter's satisfaction with a closed case was recorded (level in `satisfaction`; her words stay in ticketing)."),
  caseCommented: caseEvent(
    'commented',
    "A public note was added to a case (a citizen's comment through Open311 or the API, or an operator's note); `reopenRequested` when the reporter says the matter is not settled. The state does not change; the words stay in ticketing.",
  ),
  caseCityAlerted: caseEvent(
    'city-alerted',
    'A case ran out of time at the city level, where it cannot go higher: the city operators and supervisors are alerted and it is flagged for supervision 督办 with a new deadline. Raised once per case.',
  ),
  caseDueSoon: caseEvent(
    'due-soon',
    "A case's deadline is less than DUE_SOON_WORKING_HOURS working hours away (预警, 4 by default): its handler is warned before it runs out of time. Raised once per deadline (again when the deadline moves); the state does not change.",
  ),
  casePushedDown: caseEvent('pushed-down', 'An upper level handed a case back down (交办).'),
  caseMerged: caseEvent('merged', 'A case was merged into another (duplicate); the target keeps both reporters.'),
  caseSupervised: caseEvent('supervised', 'A supervisor flagged the case 督办 with a tighter deadline; the case deadline moved to it (the escalation timer goes by it).'),
} as const;

/** JSON Schema of the `actor` of reference-data events. */
const ACTOR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Who did it (never a name or contact).',
  properties: { id: { type: 'string' }, kind: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } },
};

/**
 * Payload of `citygrid.category.changed.v1`: a node of the category tree after it was created or
 * updated. Categories are global reference data (no grid path). A changed limit applies to
 * deadlines computed afterwards; deadlines already on cases do not move.
 */
export interface CategoryChangedV1 {
  /** `create` or `update`. */
  change: 'create' | 'update';
  /** Category code. */
  code: string;
  /** Parent class code, or null for a root. */
  parentCode: string | null;
  /** Name. */
  name: string;
  /** Kind. */
  kind: CategoryKind;
  /** True for a sub-class cases can be filed under. */
  leaf: boolean;
  /** Default handling department kind (sub-classes). */
  departmentKind: DepartmentKind | null;
  /** Time limit amount (sub-classes). */
  limitAmount: number | null;
  /** Time limit unit (sub-classes). */
  limitUnit: TimeUnit | null;
  /** Retired (no new case under it). Absent on events published before it was added: not retired. */
  retired?: boolean;
  /** Sub-classes: its cases are dispatched by themselves when filed. Absent on events published before it was added: false. */
  autoDispatch?: boolean;
  /** Names of the fields an update changed (empty on create). */
  changed: string[];
  /** Who did it: account id, kind and roles (never a name). */
  actor: { id: string; kind: 'staff' | 'client' | 'system'; roles: string[] };
}

/** Events of the category tree. */
export const CategoryEvents = {
  categoryChanged: defineEvent<CategoryChangedV1>({
    service: SERVICE,
    aggregate: 'category',
    event: 'changed',
    version: 1,
    summary: 'A category (class 大类 or sub-class 小类) was created or updated; a new time limit applies to deadlines computed afterwards.',
    schema: {
      type: 'object',
      required: ['change', 'code', 'parentCode', 'name', 'kind', 'leaf', 'departmentKind', 'limitAmount', 'limitUnit', 'changed', 'actor'],
      properties: {
        change: { type: 'string', enum: ['create', 'update'], description: 'Created or updated.' },
        code: { type: 'string', description: 'Category code.' },
        parentCode: { type: ['string', 'null'], description: 'Parent class code (null for a root).' },
        name: { type: 'string', description: 'Name.' },
        kind: { type: 'string', description: 'key_area, city_management, component or event.' },
        leaf: { type: 'boolean', description: 'True for a sub-class cases can be filed under.' },
        departmentKind: { type: ['string', 'null'], description: 'Default handling department kind (sub-classes).' },
        limitAmount: { type: ['integer', 'null'], description: 'Time limit amount (sub-classes).' },
        limitUnit: { type: ['string', 'null'], description: 'working_hours or working_days (sub-classes).' },
        retired: { type: 'boolean', description: 'Retired: no new case under it. Absent on events published before it was added (not retired).' },
        autoDispatch: { type: 'boolean', description: 'Sub-classes: cases are dispatched by themselves when filed. Absent on events published before it was added (false).' },
        changed: { type: 'array', items: { type: 'string' }, description: 'Fields an update changed (empty on create).' },
        actor: ACTOR_SCHEMA,
      },
    },
  }),
} as const;

/**
 * Payload of `citygrid.calendar.changed.v1`: one day of the working calendar was set (a holiday
 * 法定节假日 off, or a weekend made a workday 调休). Deadlines computed afterwards follow it;
 * deadlines already on cases do not move.
 */
export interface CalendarChangedV1 {
  /** The day, `YYYY-MM-DD` in the working time zone. */
  date: string;
  /** `holiday` or `workday`. */
  kind: CalendarDayKind;
  /** Name, e.g. `国庆节`. */
  name: string;
  /** What the day was before (null when it followed the weekly rule). */
  previous: { kind: CalendarDayKind; name: string } | null;
  /** Who did it: account id, kind and roles (never a name). */
  actor: { id: string; kind: 'staff' | 'client' | 'system'; roles: string[] };
}

/** Events of the working calendar. */
export const CalendarEvents = {
  calendarChanged: defineEvent<CalendarChangedV1>({
    service: SERVICE,
    aggregate: 'calendar',
    event: 'changed',
    version: 1,
    summary: 'A day of the working calendar was set (holiday off or workday on); deadlines computed afterwards follow it.',
    schema: {
      type: 'object',
      required: ['date', 'kind', 'name', 'previous', 'actor'],
      properties: {
        date: { type: 'string', format: 'date', description: 'The day (YYYY-MM-DD, working time zone).' },
        kind: { type: 'string', enum: ['holiday', 'workday'], description: 'holiday (off) or workday (on).' },
        name: { type: 'string', description: 'Name of the day.' },
        previous: {
          type: ['object', 'null'],
          description: 'The day before the change (null when it followed the weekly rule).',
          properties: { kind: { type: 'string' }, name: { type: 'string' } },
        },
        actor: ACTOR_SCHEMA,
      },
    },
  }),
} as const;
