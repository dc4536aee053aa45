import {
  AssessmentQuery,
  AssessmentReportView,
  AssessmentRpc,
  AssessmentRuleCreatedView,
  AssessmentRuleView,
  CreateAssessmentRuleDto,
  RankingQuery,
  RankingReportView,
} from '@citygrid/contracts/reporting';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProblems, Calls } from '../shared/http';

const SCOPE =
  'Your own subtree only: a node beside or above it answers 404, as one that does not exist. Staff only: department officers get 403 (an assessment counts every case of the area), and so do API clients (it scores people).';

/**
 * Quantified assessment 量化考核: every grid, community (and any node) and staff member beneath a
 * node scored in a quarter under the rule version of that quarter, ranked within its parent, with
 * the list of rewards and penalties; and the rule versions themselves.
 */
@ApiTags('Reports')
@Controller('reports')
export class AssessmentsController {
  constructor(private readonly reporting: RpcClient) {}

  @Get('assessments')
  @ApiOperation({
    summary: 'The quarterly assessment of a node: the scores of the node, every node beneath it and its staff, ranked within each parent, and the rewards and penalties',
    description:
      'Each node is scored from its KPIs of the quarter (`GET /api/v1/reports/kpis`) under the rule version of the quarter: each indicator earns a share of its weight (linear or banded), bonus and penalty items add or take points (supervision flags, inspections, KPI counts such as reopenings), never below 0. ' +
      'A staff member scores the mean of the totals of the nodes they were assigned to (grid leader, member, responsible person), weighted by their days there in the quarter. ' +
      'Scores are exact decimals rounded half-up to 2 places (`"87.50"`). An ended quarter keeps the rule version it was first scored with (`final: true`). ' +
      `${SCOPE} Bad input: 400 naming each field; a quarter before every rule version: 422.`,
  })
  @ApiOkResponse({ type: AssessmentReportView })
  @ApiProblems(400, 404, 422)
  @Calls(AssessmentRpc.query)
  assessments(@Query() q: AssessmentQuery): Promise<AssessmentReportView> {
    return this.reporting.send(AssessmentRpc.query, q);
  }

  @Get('assessments/rankings')
  @ApiOperation({
    summary: 'One ranking of a quarter: the children of a node, every level-3 grid beneath it, or its staff, best first',
    description: `Ties share a rank (1, 2, 2, 4) and are listed by code. Rewards and penalties as the rule version says, by the rank in this ranking. ${SCOPE}`,
  })
  @ApiOkResponse({ type: RankingReportView })
  @ApiProblems(400, 404, 422)
  @Calls(AssessmentRpc.rankings)
  rankings(@Query() q: RankingQuery): Promise<RankingReportView> {
    return this.reporting.send(AssessmentRpc.rankings, q);
  }

  @Get('assessment-rules')
  @ApiOperation({ summary: 'Every version of the assessment rules 考核细则, newest first (city operators and the system administrator)' })
  @ApiOkResponse({ type: [AssessmentRuleView] })
  @ApiProblems(403)
  @Calls(AssessmentRpc.ruleList)
  rules(): Promise<AssessmentRuleView[]> {
    return this.reporting.send(AssessmentRpc.ruleList, {});
  }

  @Post('assessment-rules')
  @ApiOperation({
    summary: 'Create a version of the assessment rules, in force from the first day of a quarter (city operators and the system administrator)',
    description:
      'It scores the quarters from `effectiveFrom` on, until a version with a later effective date; a quarter scored already keeps its version (`quartersKept` lists them). ' +
      'Refused with 400 naming the field: weights that do not add up to exactly 100, a linear scale whose best is not better than its worst, bands out of order, an item worth 0, an effective date that does not start a quarter. Recorded as `citygrid.assessment-rule.created.v1` and in the audit trail.',
  })
  @ApiCreatedResponse({ type: AssessmentRuleCreatedView })
  @ApiProblems(400, 403)
  @Calls(AssessmentRpc.ruleCreate)
  createRule(@Body() dto: CreateAssessmentRuleDto): Promise<AssessmentRuleCreatedView> {
    return this.reporting.send(AssessmentRpc.ruleCreate, dto);
  }
}
