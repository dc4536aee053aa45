/** Where a case came from. */
export enum CaseSource {
  /** 巡查: found by grid staff on patrol. */
  Patrol = 'patrol',
  /** 入户走访: found on a household visit. */
  HouseholdVisit = 'household_visit',
  /** Reported by a citizen in person or in an app. */
  Citizen = 'citizen',
  /** The 12345 government hotline. */
  Hotline12345 = 'hotline_12345',
  /** An Open311 GeoReport v2 client. */
  Open311 = 'open311',
  /** Another city system. */
  CitySystem = 'city_system',
  /** 专项整治 screening campaign. */
  ScreeningCampaign = 'screening_campaign',
}

/** Lifecycle states of a case. */
export enum CaseState {
  /** 上报: recorded, waiting to be filed. */
  Reported = 'reported',
  /** 立案 */
  Filed = 'filed',
  /** 不予立案 (terminal). */
  Rejected = 'rejected',
  /** 派遣: sent to a department or to grid staff. */
  Dispatched = 'dispatched',
  /** 受理: the handler accepted it and is working on it. */
  Accepted = 'accepted',
  /** 退回: the handler sent it back to the dispatcher's queue. */
  Returned = 'returned',
  /** 处置反馈: handling reported, waiting for on-site verification. */
  Handled = 'handled',
  /** 挂账: suspended with approval; the clock stops. */
  Suspended = 'suspended',
  /** 结案 */
  Closed = 'closed',
  /** 撤销 (terminal). */
  Cancelled = 'cancelled',
  /** 合并: merged into another case (terminal). */
  Merged = 'merged',
}

/**
 * Settled states: the case needs nothing more (closed, rejected, cancelled, or merged into another
 * case). Every other state is open. The one list every consumer uses (Open311 reports these as
 * `closed`).
 */
export const SETTLED_CASE_STATES: readonly CaseState[] = [CaseState.Closed, CaseState.Rejected, CaseState.Cancelled, CaseState.Merged];

/** Open states: everything not settled. */
export const OPEN_CASE_STATES: readonly CaseState[] = Object.values(CaseState).filter((s) => !SETTLED_CASE_STATES.includes(s));

/** What can be done to a case: one RPC and one event each. */
export enum CaseAction {
  File = 'file',
  Reject = 'reject',
  Dispatch = 'dispatch',
  Accept = 'accept',
  Return = 'return',
  Handle = 'handle',
  VerifyPass = 'verify-pass',
  VerifyFail = 'verify-fail',
  Reopen = 'reopen',
  Cancel = 'cancel',
  RequestExtension = 'extend',
  ApproveExtension = 'approve-extension',
  RequestSuspension = 'suspend',
  ApproveSuspension = 'approve-suspension',
  Resume = 'resume',
  Escalate = 'escalate',
  PushDown = 'push-down',
  Merge = 'merge',
}

/** Priority of a case. */
export enum CasePriority {
  Low = 'low',
  Normal = 'normal',
  High = 'high',
  Urgent = 'urgent',
}

/** Unit of a time limit. */
export enum TimeUnit {
  /** Working hours (inside the working periods of working days). */
  WorkingHours = 'working_hours',
  /** Working days, each the length of one full working day of working time. */
  WorkingDays = 'working_days',
}

/** Who a case is dispatched to. */
export enum DispatchTarget {
  /** A linked department 下沉单位 (`departmentCode`). */
  Department = 'department',
  /** The grid staff of the case's own grid. */
  GridStaff = 'grid_staff',
}

/** Kind of a category node. */
export enum CategoryKind {
  /** 七大重点领域 */
  KeyArea = 'key_area',
  /** 城市管理 items */
  CityManagement = 'city_management',
  /** 部件 (national component classes, CJ/T 214) */
  Component = 'component',
  /** 事件 (national event classes, CJ/T 214) */
  Event = 'event',
}

/** Kind of a calendar entry. */
export enum CalendarDayKind {
  /** A day off that would otherwise be a working day. */
  Holiday = 'holiday',
  /** 调休: a working day that would otherwise be a weekend day. */
  Workday = 'workday',
}

/** The five levels, from the top. */
export enum CaseTier {
  City = 'city',
  District = 'district',
  Subdistrict = 'subdistrict',
  Community = 'community',
  Grid = 'grid',
}

/** Outcome of the evaluation 综合评价 of a closed case. */
export enum EvaluationOutcome {
  /** 满意: handled well and in time. */
  Satisfactory = 'satisfactory',
  /** 基本满意 */
  BasicallySatisfactory = 'basically_satisfactory',
  /** 不满意: handled poorly; the case may be reopened. */
  Unsatisfactory = 'unsatisfactory',
}

/** A reporter's satisfaction with how her case was handled (回访). */
export enum SatisfactionLevel {
  Satisfied = 'satisfied',
  BasicallySatisfied = 'basically_satisfied',
  Dissatisfied = 'dissatisfied',
}

/** How the reporter's satisfaction was collected. */
export enum SatisfactionChannel {
  /** The 12345 hotline's callback. */
  Hotline12345 = 'hotline_12345',
  /** An Open311 client (or citizen app). */
  Open311 = 'open311',
  /** A return visit by grid staff. */
  Visit = 'visit',
  /** A phone call by the platform. */
  Phone = 'phone',
}
