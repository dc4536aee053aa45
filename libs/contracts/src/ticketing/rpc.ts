import type { AuditEntryView, ListAuditQuery } from '../common/audit';
import type { Page, RpcDefinition } from '../common/rpc';
import type { HolidayView, ListHolidaysQuery, SetHolidayDto } from './calendar';
import type {
  CaseDispatchRequest,
  CaseExtendRequest,
  CaseHandleRequest,
  CaseIdRequest,
  CaseMergeRequest,
  CaseNotesRequest,
  CasePushDownRequest,
  CaseReasonRequest,
  CaseVerifyRequest,
  CaseEvaluateRequest,
  CaseSatisfactionRequest,
  CaseCommentRequest,
  CaseCommentView,
  ReporterContactView,
  CaseTimelineEntryView,
  CaseUpdatesQuery,
  CaseRequestsQuery,
  CaseUpdateView,
  SuggestedDepartmentView,
  WorkQueueQuery,
  WorkQueueView,
  CaseView,
  CreateCaseDto,
  CreatedCaseView,
  DuplicateView,
  ListCasesQuery,
  NearbyCasesQuery,
} from './cases';
import type { CategoryView, CreateCategoryDto, UpdateCategoryRequest } from './categories';
import type { PhotoIdRequest, PhotoRecordView, RecordPhotoDto } from './photos';

/** RPC patterns answered by ticketing (NATS request/reply, queue group `ticketing`). */
export const TicketingRpc = {
  caseCreate: 'ticketing.case.create',
  caseGet: 'ticketing.case.get',
  caseList: 'ticketing.case.list',
  caseNearby: 'ticketing.case.nearby',
  caseTimeline: 'ticketing.case.timeline',
  caseUpdates: 'ticketing.case.updates',
  caseRequests: 'ticketing.case.requests',
  caseWork: 'ticketing.case.work',
  caseSuggestedDepartments: 'ticketing.case.suggested-departments',
  caseFile: 'ticketing.case.file',
  caseReject: 'ticketing.case.reject',
  caseDispatch: 'ticketing.case.dispatch',
  caseAccept: 'ticketing.case.accept',
  caseReturn: 'ticketing.case.return',
  caseHandle: 'ticketing.case.handle',
  caseVerify: 'ticketing.case.verify',
  caseReopen: 'ticketing.case.reopen',
  caseEvaluate: 'ticketing.case.evaluate',
  caseSatisfaction: 'ticketing.case.satisfaction',
  caseComment: 'ticketing.case.comment',
  caseReporters: 'ticketing.case.reporters',
  caseCancel: 'ticketing.case.cancel',
  caseExtend: 'ticketing.case.extend',
  caseApproveExtension: 'ticketing.case.approve-extension',
  caseSuspend: 'ticketing.case.suspend',
  caseApproveSuspension: 'ticketing.case.approve-suspension',
  caseResume: 'ticketing.case.resume',
  caseEscalate: 'ticketing.case.escalate',
  casePushDown: 'ticketing.case.push-down',
  caseMerge: 'ticketing.case.merge',
  categoryList: 'ticketing.category.list',
  categoryCreate: 'ticketing.category.create',
  categoryUpdate: 'ticketing.category.update',
  holidayList: 'ticketing.calendar.holidays',
  holidaySet: 'ticketing.calendar.set-holiday',
  auditList: 'ticketing.audit.list',
  photoRecord: 'ticketing.photo.record',
  photoGet: 'ticketing.photo.get',
} as const;

/** Request and response types of every ticketing pattern. */
export type TicketingRpcMap = {
  [TicketingRpc.caseCreate]: RpcDefinition<CreateCaseDto, CreatedCaseView>;
  [TicketingRpc.caseGet]: RpcDefinition<CaseIdRequest, CaseView>;
  [TicketingRpc.caseList]: RpcDefinition<ListCasesQuery, Page<CaseView>>;
  [TicketingRpc.caseNearby]: RpcDefinition<NearbyCasesQuery, DuplicateView[]>;
  /** Every step of a case, oldest first, from its audit trail. */
  [TicketingRpc.caseTimeline]: RpcDefinition<CaseIdRequest, CaseTimelineEntryView[]>;
  [TicketingRpc.caseUpdates]: RpcDefinition<CaseUpdatesQuery, CaseUpdateView[]>;
  [TicketingRpc.caseRequests]: RpcDefinition<CaseRequestsQuery, CaseView[]>;
  /** The caller's work queue. */
  [TicketingRpc.caseWork]: RpcDefinition<WorkQueueQuery, WorkQueueView>;
  /** Departments the case may be dispatched to, the category's kind first. */
  [TicketingRpc.caseSuggestedDepartments]: RpcDefinition<CaseIdRequest, SuggestedDepartmentView[]>;
  [TicketingRpc.caseFile]: RpcDefinition<CaseNotesRequest, CaseView>;
  [TicketingRpc.caseReject]: RpcDefinition<CaseReasonRequest, CaseView>;
  [TicketingRpc.caseDispatch]: RpcDefinition<CaseDispatchRequest, CaseView>;
  [TicketingRpc.caseAccept]: RpcDefinition<CaseNotesRequest, CaseView>;
  [TicketingRpc.caseReturn]: RpcDefinition<CaseReasonRequest, CaseView>;
  [TicketingRpc.caseHandle]: RpcDefinition<CaseHandleRequest, CaseView>;
  [TicketingRpc.caseVerify]: RpcDefinition<CaseVerifyRequest, CaseView>;
  [TicketingRpc.caseReopen]: RpcDefinition<CaseReasonRequest, CaseView>;
  /** The evaluation 综合评价 of a closed case. */
  [TicketingRpc.caseEvaluate]: RpcDefinition<CaseEvaluateRequest, CaseView>;
  /** The reporter's satisfaction with a closed case. */
  [TicketingRpc.caseSatisfaction]: RpcDefinition<CaseSatisfactionRequest, CaseView>;
  [TicketingRpc.caseComment]: RpcDefinition<CaseCommentRequest, CaseCommentView>;
  [TicketingRpc.caseReporters]: RpcDefinition<CaseIdRequest, ReporterContactView[]>;
  [TicketingRpc.caseCancel]: RpcDefinition<CaseReasonRequest, CaseView>;
  [TicketingRpc.caseExtend]: RpcDefinition<CaseExtendRequest, CaseView>;
  [TicketingRpc.caseApproveExtension]: RpcDefinition<CaseNotesRequest, CaseView>;
  [TicketingRpc.caseSuspend]: RpcDefinition<CaseReasonRequest, CaseView>;
  [TicketingRpc.caseApproveSuspension]: RpcDefinition<CaseNotesRequest, CaseView>;
  [TicketingRpc.caseResume]: RpcDefinition<CaseNotesRequest, CaseView>;
  [TicketingRpc.caseEscalate]: RpcDefinition<CaseReasonRequest, CaseView>;
  [TicketingRpc.casePushDown]: RpcDefinition<CasePushDownRequest, CaseView>;
  [TicketingRpc.caseMerge]: RpcDefinition<CaseMergeRequest, CaseView>;
  [TicketingRpc.categoryList]: RpcDefinition<Record<string, never>, CategoryView[]>;
  [TicketingRpc.categoryCreate]: RpcDefinition<CreateCategoryDto, CategoryView>;
  [TicketingRpc.categoryUpdate]: RpcDefinition<UpdateCategoryRequest, CategoryView>;
  [TicketingRpc.holidayList]: RpcDefinition<ListHolidaysQuery, HolidayView[]>;
  [TicketingRpc.holidaySet]: RpcDefinition<SetHolidayDto, HolidayView>;
  [TicketingRpc.auditList]: RpcDefinition<ListAuditQuery, Page<AuditEntryView>>;
  /** Record a photo the gateway stored (its bytes never travel over NATS). */
  [TicketingRpc.photoRecord]: RpcDefinition<RecordPhotoDto, PhotoRecordView>;
  /** One uploaded photo's record (the uploader, or staff who may read cases). */
  [TicketingRpc.photoGet]: RpcDefinition<PhotoIdRequest, PhotoRecordView>;
};
