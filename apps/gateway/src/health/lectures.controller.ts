import type { Page } from '@citygrid/contracts';
import { CreateLectureDto, HealthRpc, LectureView, ListLecturesQuery, UpdateLectureDto } from '@citygrid/contracts/health';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';
import { MANAGE, READ } from './roles';

/** Health lectures 健康知识讲座 and their attendance. */
@ApiTags('Health')
@Controller('health/lectures')
export class HealthLecturesController {
  constructor(private readonly health: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Record a lecture that was held',
    description: `Publishes \`citygrid.health-lecture.held.v1\`. The date may not be in the future and \`attendance\` must count at least the residents listed (422 naming the field); unknown station or node: 422. ${MANAGE} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: LectureView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(HealthRpc.lectureCreate)
  create(@Body() dto: CreateLectureDto): Promise<LectureView> {
    return this.health.send(HealthRpc.lectureCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Lectures in your area, newest first', description: READ })
  @ApiPage(LectureView)
  @ApiProblems(400, 401, 403)
  @Calls(HealthRpc.lectureList)
  list(@Query() q: ListLecturesQuery): Promise<Page<LectureView>> {
    return this.health.send(HealthRpc.lectureList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One lecture', description: `404 when unknown or outside your area. ${READ}` })
  @ApiOkResponse({ type: LectureView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(HealthRpc.lectureGet)
  get(@Param('id', parseId) id: string): Promise<LectureView> {
    return this.health.send(HealthRpc.lectureGet, { id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Correct a lecture (attendance, date, topic, speaker)',
    description: `Publishes \`citygrid.health-lecture.held.v1\` again; the latest counts. ${MANAGE} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: LectureView })
  @ApiProblems(400, 401, 403, 404, 422)
  @Calls(HealthRpc.lectureUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateLectureDto): Promise<LectureView> {
    return this.health.send(HealthRpc.lectureUpdate, { ...dto, id });
  }
}
