import { EmploymentRpc, ProgressQuery, ProgressView, SetTargetDto, SplitTargetDto, TargetView } from '@citygrid/contracts/employment';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProblems, Calls, ParseNodeCodePipe } from '../shared/http';

const TARGETS = 'Operators at the node or above set targets (anyone else: 403); auditors and grid staff read progress; API clients get 403.';

/** Yearly targets of new urban jobs 新增就业目标 per node, split down the tree, and actual against target. */
@ApiTags('Employment')
@Controller('employment/targets')
export class EmploymentTargetsController {
  constructor(private readonly rpc: RpcClient) {}

  @Put(':code')
  @ApiOperation({
    summary: "Set a node's target for a year (0 removes it)",
    description: `With its siblings it may not exceed its parent's target, nor fall below its own children's sum: 422 naming \`target\`. Publishes \`citygrid.employment-target.set.v1\`. ${TARGETS}`,
  })
  @ApiOkResponse({ type: TargetView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(EmploymentRpc.targetSet)
  set(@Param('code', ParseNodeCodePipe) code: string, @Body() dto: SetTargetDto): Promise<TargetView> {
    return this.rpc.send(EmploymentRpc.targetSet, { ...dto, nodeCode: code });
  }

  @Post(':code/split')
  @HttpCode(200)
  @ApiOperation({
    summary: "Split a node's target for a year to its children",
    description: `Each listed child gets its target (one \`citygrid.employment-target.set.v1\` each). Together with the children not listed they may not exceed the node's target (422 naming \`children\`); a node without a target that year: 422 naming \`year\`; not a child: 422 naming \`children[i].nodeCode\`. ${TARGETS}`,
  })
  @ApiOkResponse({ type: [TargetView] })
  @ApiProblems(400, 401, 403, 422)
  @Calls(EmploymentRpc.targetSplit)
  split(@Param('code', ParseNodeCodePipe) code: string, @Body() dto: SplitTargetDto): Promise<TargetView[]> {
    return this.rpc.send(EmploymentRpc.targetSplit, { ...dto, nodeCode: code });
  }

  @Get(':code/progress')
  @ApiOperation({
    summary: 'Actual against target of a node for a year, with its children',
    description: `Actual: placements that count, dated in the year, over the whole subtree. \`percent\`: actual / target × 100 rounded half up to two places, as a string (2,602 of 2,580: \`100.85\`). ${TARGETS}`,
  })
  @ApiOkResponse({ type: ProgressView })
  @ApiProblems(400, 401, 403, 404, 422)
  @Calls(EmploymentRpc.targetProgress)
  progress(@Param('code', ParseNodeCodePipe) code: string, @Query() q: ProgressQuery): Promise<ProgressView> {
    return this.rpc.send(EmploymentRpc.targetProgress, { ...q, nodeCode: code });
  }
}
