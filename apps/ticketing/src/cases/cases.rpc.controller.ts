import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  CaseDispatchRequest,
  CaseExtendRequest,
  CaseHandleRequest,
  CaseIdRequest,
  CaseMergeRequest,
  CaseNotesRequest,
  CasePushDownRequest,
  CaseReasonRequest,
  CaseEvaluateRequest,
  CaseSatisfactionRequest,
  CaseCommentRequest,
  type CaseCommentView,
  type ReporterContactView,
  CaseVerifyRequest,
  CreateCaseDto,
  type DuplicateView,
  ListCasesQuery,
  NearbyCasesQuery,
  CaseUpdatesQuery,
  CaseRequestsQuery,
  type CaseUpdateView,
  TicketingRpc,
  WorkQueueQuery,
  type CaseTimelineEntryView,
  type SuggestedDepartmentView,
  type WorkQueueView,
  type CaseView,
  type CreatedCaseView,
} from '@citygrid/contracts/ticketing';
import { assertClientMayCall, Public } from '@citygrid/auth';
import { CallerIfAny, CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CasesService } from './cases.service';

/** NATS handlers for cases: intake, reads, and one pattern per transition. */
@RpcController()
export class CasesRpcController {
  constructor(private readonly cases: CasesService) {}

  @MessagePattern(TicketingRpc.caseCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateCaseDto): Promise<CreatedCaseView> {
    return this.cases.create(caller, dto);
  }

  @MessagePattern(TicketingRpc.caseGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseIdRequest): Promise<CaseView> {
    return this.cases.get(caller, req.id);
  }

  @MessagePattern(TicketingRpc.caseSuggestedDepartments)
  suggestedDepartments(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseIdRequest): Promise<SuggestedDepartmentView[]> {
    return this.cases.suggestDepartments(caller, req.id);
  }

  @MessagePattern(TicketingRpc.caseWork)
  work(@CurrentCaller() caller: Caller, @Payload('payload') q: WorkQueueQuery): Promise<WorkQueueView> {
    return this.cases.work(caller, q);
  }

  @MessagePattern(TicketingRpc.caseTimeline)
  timeline(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseIdRequest): Promise<CaseTimelineEntryView[]> {
    return this.cases.timeline(caller, req.id);
  }

  /** Open311's request lists; without a token a public read of every case, nothing personal in it. */
  @Public()
  @MessagePattern(TicketingRpc.caseRequests)
  requests(@CallerIfAny() caller: Caller | undefined, @Payload('payload') q: CaseRequestsQuery): Promise<CaseView[]> {
    // public, so the interceptor does not check a client's scopes: a client with a token still needs cases:read
    if (caller) assertClientMayCall(caller, TicketingRpc.caseRequests);
    return this.cases.requests(caller, q);
  }

  @MessagePattern(TicketingRpc.caseUpdates)
  updates(@CurrentCaller() caller: Caller, @Payload('payload') q: CaseUpdatesQuery): Promise<CaseUpdateView[]> {
    return this.cases.updates(caller, q);
  }

  @MessagePattern(TicketingRpc.caseNearby)
  nearby(@CurrentCaller() caller: Caller, @Payload('payload') q: NearbyCasesQuery): Promise<DuplicateView[]> {
    return this.cases.nearby(caller, q);
  }

  @MessagePattern(TicketingRpc.caseList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListCasesQuery): Promise<Page<CaseView>> {
    return this.cases.list(caller, q);
  }

  @MessagePattern(TicketingRpc.caseFile)
  file(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseNotesRequest): Promise<CaseView> {
    return this.cases.file(caller, req.id, req.notes);
  }

  @MessagePattern(TicketingRpc.caseReject)
  reject(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseReasonRequest): Promise<CaseView> {
    return this.cases.reject(caller, req.id, req.reason);
  }

  @MessagePattern(TicketingRpc.caseDispatch)
  dispatch(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseDispatchRequest): Promise<CaseView> {
    return this.cases.dispatch(caller, req);
  }

  @MessagePattern(TicketingRpc.caseAccept)
  accept(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseNotesRequest): Promise<CaseView> {
    return this.cases.accept(caller, req.id, req.notes);
  }

  @MessagePattern(TicketingRpc.caseReturn)
  returnCase(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseReasonRequest): Promise<CaseView> {
    return this.cases.returnCase(caller, req.id, req.reason);
  }

  @MessagePattern(TicketingRpc.caseHandle)
  handle(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseHandleRequest): Promise<CaseView> {
    return this.cases.handle(caller, req);
  }

  @MessagePattern(TicketingRpc.caseEvaluate)
  evaluate(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseEvaluateRequest): Promise<CaseView> {
    return this.cases.evaluate(caller, req);
  }

  @MessagePattern(TicketingRpc.caseSatisfaction)
  satisfaction(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseSatisfactionRequest): Promise<CaseView> {
    return this.cases.recordSatisfaction(caller, req);
  }

  @MessagePattern(TicketingRpc.caseComment)
  comment(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseCommentRequest): Promise<CaseCommentView> {
    return this.cases.comment(caller, req);
  }

  @MessagePattern(TicketingRpc.caseReporters)
  reporters(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseIdRequest): Promise<ReporterContactView[]> {
    return this.cases.reporters(caller, req.id);
  }

  @MessagePattern(TicketingRpc.caseVerify)
  verify(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseVerifyRequest): Promise<CaseView> {
    return this.cases.verify(caller, req.id, req.passed, req.notes);
  }

  @MessagePattern(TicketingRpc.caseReopen)
  reopen(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseReasonRequest): Promise<CaseView> {
    return this.cases.reopen(caller, req.id, req.reason);
  }

  @MessagePattern(TicketingRpc.caseCancel)
  cancel(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseReasonRequest): Promise<CaseView> {
    return this.cases.cancel(caller, req.id, req.reason);
  }

  @MessagePattern(TicketingRpc.caseExtend)
  extend(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseExtendRequest): Promise<CaseView> {
    return this.cases.requestExtension(caller, req);
  }

  @MessagePattern(TicketingRpc.caseApproveExtension)
  approveExtension(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseNotesRequest): Promise<CaseView> {
    return this.cases.approveExtension(caller, req.id, req.notes);
  }

  @MessagePattern(TicketingRpc.caseSuspend)
  suspend(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseReasonRequest): Promise<CaseView> {
    return this.cases.requestSuspension(caller, req.id, req.reason);
  }

  @MessagePattern(TicketingRpc.caseApproveSuspension)
  approveSuspension(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseNotesRequest): Promise<CaseView> {
    return this.cases.approveSuspension(caller, req.id, req.notes);
  }

  @MessagePattern(TicketingRpc.caseResume)
  resume(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseNotesRequest): Promise<CaseView> {
    return this.cases.resume(caller, req.id, req.notes);
  }

  @MessagePattern(TicketingRpc.caseEscalate)
  escalate(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseReasonRequest): Promise<CaseView> {
    return this.cases.escalate(caller, req.id, req.reason);
  }

  @MessagePattern(TicketingRpc.casePushDown)
  pushDown(@CurrentCaller() caller: Caller, @Payload('payload') req: CasePushDownRequest): Promise<CaseView> {
    return this.cases.pushDown(caller, req);
  }

  @MessagePattern(TicketingRpc.caseMerge)
  merge(@CurrentCaller() caller: Caller, @Payload('payload') req: CaseMergeRequest): Promise<CaseView> {
    return this.cases.merge(caller, req);
  }
}
