import type { Page } from '@citygrid/contracts';
import {
  CaseTimelineEntryView,
  SuggestedDepartmentView,
  CaseView,
  CreateCaseDto,
  CreatedCaseView,
  DispatchDto,
  ExtendDto,
  HandleDto,
  DuplicateView,
  ListCasesQuery,
  NearbyCasesQuery,
  MergeDto,
  NotesDto,
  PushDownDto,
  ReasonDto,
  TicketingRpc,
  VerifyDto,
  EvaluateDto,
  SatisfactionDto,
  CommentDto,
  CaseCommentView,
  ReporterContactView,
} from '@citygrid/contracts/ticketing';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { PhotoUrlsInterceptor } from '../photo-store/photo-urls.interceptor';
import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/**
 * Cases: intake, reads, and one endpoint per lifecycle transition. An illegal transition is 409
 * naming the current state; a role that may not do it, 403; a case outside the caller's area, 404.
 */
@ApiTags('Cases')
@Controller('cases')
@UseInterceptors(PhotoUrlsInterceptor)
export class CasesController {
  constructor(private readonly ticketing: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Report a case; it is resolved to its level-3 grid and numbered; probable duplicates are listed' })
  @ApiCreatedResponse({ type: CreatedCaseView })
  @ApiProblems(400, 413, 422)
  @Calls(TicketingRpc.caseCreate)
  create(@Body() dto: CreateCaseDto): Promise<CreatedCaseView> {
    return this.ticketing.send(TicketingRpc.caseCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Cases in your area (officers: cases dispatched to their department)' })
  @ApiPage(CaseView)
  @ApiProblems(400)
  @Calls(TicketingRpc.caseList)
  list(@Query() q: ListCasesQuery): Promise<Page<CaseView>> {
    return this.ticketing.send(TicketingRpc.caseList, q);
  }

  @Get('nearby')
  @ApiOperation({
    summary: 'Open cases near a point: the probable duplicates a report there would have, to look at before filing',
    description:
      'The open cases you may see within the duplicate radius (100 m by default) of the point, reported in the duplicate window (72 h by default), nearest first: what `POST /api/v1/cases` would list as `possibleDuplicates`. Ask before filing a phone report, to add the caller to a case that exists.',
  })
  @ApiOkResponse({ type: [DuplicateView] })
  @ApiProblems(400)
  @Calls(TicketingRpc.caseNearby)
  nearby(@Query() q: NearbyCasesQuery): Promise<DuplicateView[]> {
    return this.ticketing.send(TicketingRpc.caseNearby, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404)
  @Calls(TicketingRpc.caseGet)
  get(@Param('id', parseId) id: string): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseGet, { id });
  }

  @Get(':id/suggested-departments')
  @ApiOperation({ summary: 'Departments the case may be dispatched to: serving its grid or a node above it, the kind its category names first' })
  @ApiOkResponse({ type: [SuggestedDepartmentView] })
  @ApiProblems(400, 404)
  @Calls(TicketingRpc.caseSuggestedDepartments)
  suggestedDepartments(@Param('id', parseId) id: string): Promise<SuggestedDepartmentView[]> {
    return this.ticketing.send(TicketingRpc.caseSuggestedDepartments, { id });
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Every step of a case, oldest first: who, when, the note or reason, the deadline it left, the photos it added' })
  @ApiOkResponse({ type: [CaseTimelineEntryView] })
  @ApiProblems(400, 404)
  @Calls(TicketingRpc.caseTimeline)
  timeline(@Param('id', parseId) id: string): Promise<CaseTimelineEntryView[]> {
    return this.ticketing.send(TicketingRpc.caseTimeline, { id });
  }

  @Post(':id/file')
  @HttpCode(200)
  @ApiOperation({ summary: 'File 立案 (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseFile)
  file(@Param('id', parseId) id: string, @Body() dto: NotesDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseFile, { id, ...dto });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Do not file 不予立案, with a reason (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseReject)
  reject(@Param('id', parseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseReject, { id, ...dto });
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dispatch 派遣 to a department or the grid staff; sets the deadline (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseDispatch)
  dispatch(@Param('id', parseId) id: string, @Body() dto: DispatchDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseDispatch, { id, ...dto });
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a dispatched case (the assigned handler)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseAccept)
  accept(@Param('id', parseId) id: string, @Body() dto: NotesDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseAccept, { id, ...dto });
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return 退回 to the dispatcher, with a reason (the assigned handler)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseReturn)
  returnCase(@Param('id', parseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseReturn, { id, ...dto });
  }

  @Post(':id/handle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report the handling 处置反馈 (the assigned handler)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409, 413)
  @Calls(TicketingRpc.caseHandle)
  handle(@Param('id', parseId) id: string, @Body() dto: HandleDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseHandle, { id, ...dto });
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify on site 核查: pass closes 结案, fail sends it back 返工 (grid staff, supervisors)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseVerify)
  verify(@Param('id', parseId) id: string, @Body() dto: VerifyDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseVerify, { id, ...dto });
  }

  @Post(':id/evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate a closed case 综合评价 (an operator of its platform or a supervisor; once)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 403, 404, 409)
  @Calls(TicketingRpc.caseEvaluate)
  evaluate(@Param('id', parseId) id: string, @Body() dto: EvaluateDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseEvaluate, { id, ...dto });
  }

  @Post(':id/satisfaction')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the reporter’s satisfaction with a closed case she reported (回访; once)',
    description: 'For cases reported by a citizen, the 12345 hotline or an Open311 client: by the reporting system (cases:write) or an operator in scope.',
  })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 403, 404, 409)
  @Calls(TicketingRpc.caseSatisfaction)
  satisfaction(@Param('id', parseId) id: string, @Body() dto: SatisfactionDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseSatisfaction, { id, ...dto });
  }

  @Post(':id/comments')
  @ApiOperation({
    summary: 'Add a public note to a case (a citizen’s comment or reopen request, an operator’s note)',
    description:
      'Any state. The note shows in the timeline and in the update feed other systems read (Open311 `servicerequestupdates`), personal numbers masked there; its event carries no words. By API clients with cases:write and staff who work on cases in scope.',
  })
  @ApiCreatedResponse({ type: CaseCommentView })
  @ApiProblems(400, 403, 404, 413, 422)
  @Calls(TicketingRpc.caseComment)
  comment(@Param('id', parseId) id: string, @Body() dto: CommentDto): Promise<CaseCommentView> {
    return this.ticketing.send(TicketingRpc.caseComment, { id, ...dto });
  }

  @Get(':id/reporters')
  @ApiOperation({
    summary: 'The reporters of a case with their contacts in full, to call them back',
    description: 'Case views show contacts masked; this is for staff in scope whose role sees personal data (operators, grid staff, supervisors). Others: 403.',
  })
  @ApiOkResponse({ type: [ReporterContactView] })
  @ApiProblems(400, 403, 404)
  @Calls(TicketingRpc.caseReporters)
  reporters(@Param('id', parseId) id: string): Promise<ReporterContactView[]> {
    return this.ticketing.send(TicketingRpc.caseReporters, { id });
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed case within the reopen window (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseReopen)
  reopen(@Param('id', parseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseReopen, { id, ...dto });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an open case, with a reason (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseCancel)
  cancel(@Param('id', parseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseCancel, { id, ...dto });
  }

  @Post(':id/extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask for more time 延期 (the assigned handler)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseExtend)
  extend(@Param('id', parseId) id: string, @Body() dto: ExtendDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseExtend, { id, ...dto });
  }

  @Post(':id/approve-extension')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve the pending extension; the deadline moves (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseApproveExtension)
  approveExtension(@Param('id', parseId) id: string, @Body() dto: NotesDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseApproveExtension, { id, ...dto });
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask to suspend 挂账, with a reason (the assigned handler)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseSuspend)
  suspend(@Param('id', parseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseSuspend, { id, ...dto });
  }

  @Post(':id/approve-suspension')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve the pending suspension; the clock stops (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseApproveSuspension)
  approveSuspension(@Param('id', parseId) id: string, @Body() dto: NotesDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseApproveSuspension, { id, ...dto });
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a suspended case with the time it had left (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseResume)
  resume(@Param('id', parseId) id: string, @Body() dto: NotesDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseResume, { id, ...dto });
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Escalate one level up: beyond this level (handler or operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  @Calls(TicketingRpc.caseEscalate)
  escalate(@Param('id', parseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseEscalate, { id, ...dto });
  }

  @Post(':id/push-down')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand down 交办 to a lower level (operators at or above the current level)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409, 422)
  @Calls(TicketingRpc.casePushDown)
  pushDown(@Param('id', parseId) id: string, @Body() dto: PushDownDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.casePushDown, { id, ...dto });
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this duplicate into another case, which keeps both reporters (operators)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409, 422)
  @Calls(TicketingRpc.caseMerge)
  merge(@Param('id', parseId) id: string, @Body() dto: MergeDto): Promise<CaseView> {
    return this.ticketing.send(TicketingRpc.caseMerge, { id, ...dto });
  }
}
