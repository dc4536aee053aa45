import type { Page } from '@citygrid/contracts';
import { CreateSeekerDto, EmploymentRpc, ListSeekersQuery, MatchQuery, PostingMatchView, SeekerView, UpdateSeekerDto } from '@citygrid/contracts/employment';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';
import { versionOfIfMatch } from './if-match';

export const WHO = 'Operators and grid staff in their area change; auditors read; API clients get 403. Outside your area: 404.';

/** Job seekers 求职人员: registry residents or people entered by name and node, with categories, skills and wishes. */
@ApiTags('Employment')
@Controller('employment/seekers')
export class JobSeekersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Register a job seeker',
    description: `Give \`residentId\` (a grid-registry resident you may see: the name and node are the resident's, the node being the resident's grid) or \`name\` and \`nodeCode\`. Unknown resident or node: 422 naming the field; a resident already a seeker: 409. The phone is stored encrypted. ${WHO} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: SeekerView })
  @ApiProblems(400, 401, 403, 409, 422)
  @Calls(EmploymentRpc.seekerCreate)
  create(@Body() dto: CreateSeekerDto): Promise<SeekerView> {
    return this.rpc.send(EmploymentRpc.seekerCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Job seekers of your area, oldest first; filter by subtree, category and status', description: `Phones are masked unless your role may see personal data. ${WHO}` })
  @ApiPage(SeekerView)
  @ApiProblems(400, 401, 403)
  @Calls(EmploymentRpc.seekerList)
  list(@Query() q: ListSeekersQuery): Promise<Page<SeekerView>> {
    return this.rpc.send(EmploymentRpc.seekerList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job seeker', description: `The \`ETag\` is its version: send it as \`If-Match\` when you change it. ${WHO}` })
  @ApiOkResponse({ type: SeekerView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(EmploymentRpc.seekerGet)
  get(@Param('id', parseId) id: string): Promise<SeekerView> {
    return this.rpc.send(EmploymentRpc.seekerGet, { id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change a job seeker's categories, skills, wishes, phone or status",
    description: `Only the fields given change. \`If-Match\` with the version read: 412 when it moved on. A placed seeker's status changes by cancelling the placement (409 otherwise). ${WHO} Bad input: 400 naming each field.`,
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the seeker read, e.g. "3".' })
  @ApiOkResponse({ type: SeekerView })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  @Calls(EmploymentRpc.seekerUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateSeekerDto, @Headers('if-match') ifMatch?: string): Promise<SeekerView> {
    const expectedVersion = versionOfIfMatch(ifMatch);
    return this.rpc.send(EmploymentRpc.seekerUpdate, { ...dto, id, ...(expectedVersion !== undefined ? { expectedVersion } : {}) });
  }

  @Get(':id/matches')
  @ApiOperation({
    summary: 'Open postings matching a job seeker, best first, each with its reasons',
    description: `Score: +3 when the posting welcomes one of the seeker's categories, +2 per skill wanted that the seeker has, +2 when its job type is wished, +1 when the wage reaches the seeker's floor; a posting paying less than the floor, or scoring nothing, is left out. Ties: the older posting first. ${WHO}`,
  })
  @ApiOkResponse({ type: [PostingMatchView] })
  @ApiProblems(400, 401, 403, 404)
  @Calls(EmploymentRpc.seekerMatches)
  matches(@Param('id', parseId) id: string, @Query() q: MatchQuery): Promise<PostingMatchView[]> {
    return this.rpc.send(EmploymentRpc.seekerMatches, { ...q, id });
  }
}
