import type { Caller } from '@citygrid/contracts/identity';
import {
  AssessmentQuery,
  type AssessmentReportView,
  type AssessmentRuleCreatedView,
  type AssessmentRuleView,
  AssessmentRpc,
  CreateAssessmentRuleDto,
  RankingQuery,
  type RankingReportView,
} from '@citygrid/contracts/reporting';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { AssessmentRulesService } from './assessment-rules.service';
import { AssessmentService } from './assessment.service';

/** NATS handlers of assessment: validate, call one service method. */
@RpcController()
export class AssessmentRpcController {
  constructor(
    private readonly assessments: AssessmentService,
    private readonly rules: AssessmentRulesService,
  ) {}

  @MessagePattern(AssessmentRpc.query)
  query(@CurrentCaller() caller: Caller, @Payload('payload') q: AssessmentQuery): Promise<AssessmentReportView> {
    return this.assessments.report(caller, q);
  }

  @MessagePattern(AssessmentRpc.rankings)
  rankings(@CurrentCaller() caller: Caller, @Payload('payload') q: RankingQuery): Promise<RankingReportView> {
    return this.assessments.rankings(caller, q);
  }

  @MessagePattern(AssessmentRpc.ruleList)
  listRules(@CurrentCaller() caller: Caller): Promise<AssessmentRuleView[]> {
    return this.rules.list(caller);
  }

  @MessagePattern(AssessmentRpc.ruleCreate)
  createRule(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateAssessmentRuleDto): Promise<AssessmentRuleCreatedView> {
    return this.rules.create(caller, dto);
  }
}
