import type { Page } from '@citygrid/contracts';
import {
  CreateEmployerDto,
  CreatePostingDto,
  EmployerView,
  EmploymentRpc,
  ListEmployersQuery,
  ListPostingsQuery,
  MatchQuery,
  PostingView,
  SeekerMatchView,
  UpdatePostingDto,
} from '@citygrid/contracts/employment';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';
import { WHO } from './seekers.controller';

/** Employers 用人单位. */
@ApiTags('Employment')
@Controller('employment/employers')
export class EmployersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Register an employer',
    description: `The unified social credit code is checked (GB 32100 check character: 400) and unique (409). Unknown node: 422. The contact phone is stored encrypted. ${WHO} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: EmployerView })
  @ApiProblems(400, 401, 403, 409, 422)
  @Calls(EmploymentRpc.employerCreate)
  create(@Body() dto: CreateEmployerDto): Promise<EmployerView> {
    return this.rpc.send(EmploymentRpc.employerCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Employers of your area, by name', description: WHO })
  @ApiPage(EmployerView)
  @ApiProblems(400, 401, 403)
  @Calls(EmploymentRpc.employerList)
  list(@Query() q: ListEmployersQuery): Promise<Page<EmployerView>> {
    return this.rpc.send(EmploymentRpc.employerList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One employer', description: WHO })
  @ApiOkResponse({ type: EmployerView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(EmploymentRpc.employerGet)
  get(@Param('id', parseId) id: string): Promise<EmployerView> {
    return this.rpc.send(EmploymentRpc.employerGet, { id });
  }
}

/** Job postings 岗位 of the employers. */
@ApiTags('Employment')
@Controller('employment/postings')
export class JobPostingsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Publish a job posting of an employer (open)',
    description: `Unknown employer: 422 naming \`employerId\`. \`wageMax\` below \`wageMin\`: 400. ${WHO} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: PostingView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(EmploymentRpc.postingCreate)
  create(@Body() dto: CreatePostingDto): Promise<PostingView> {
    return this.rpc.send(EmploymentRpc.postingCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Job postings of your area, newest first', description: WHO })
  @ApiPage(PostingView)
  @ApiProblems(400, 401, 403)
  @Calls(EmploymentRpc.postingList)
  list(@Query() q: ListPostingsQuery): Promise<Page<PostingView>> {
    return this.rpc.send(EmploymentRpc.postingList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job posting', description: WHO })
  @ApiOkResponse({ type: PostingView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(EmploymentRpc.postingGet)
  get(@Param('id', parseId) id: string): Promise<PostingView> {
    return this.rpc.send(EmploymentRpc.postingGet, { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Close or reopen a posting, or change its openings', description: `Only the fields given change. ${WHO} Bad input: 400 naming each field.` })
  @ApiOkResponse({ type: PostingView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(EmploymentRpc.postingUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdatePostingDto): Promise<PostingView> {
    return this.rpc.send(EmploymentRpc.postingUpdate, { ...dto, id });
  }

  @Get(':id/matches')
  @ApiOperation({ summary: 'Job seekers (still seeking) matching a posting, best first, each with its reasons', description: `The same score as a seeker's matches. ${WHO}` })
  @ApiOkResponse({ type: [SeekerMatchView] })
  @ApiProblems(400, 401, 403, 404)
  @Calls(EmploymentRpc.postingMatches)
  matches(@Param('id', parseId) id: string, @Query() q: MatchQuery): Promise<SeekerMatchView[]> {
    return this.rpc.send(EmploymentRpc.postingMatches, { ...q, id });
  }
}
