import type { Page } from '@citygrid/contracts';
import { CatchmentCollectionView, CatchmentLookupQuery, CatchmentsQuery, CreateSchoolDto, ListSchoolsQuery, SchoolingRpc, SchoolView, UpdateSchoolDto } from '@citygrid/contracts/schooling';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

const READERS = 'Staff see the schools of their subtree and those of the nodes above them (whose catchments cover their area).';
const MANAGERS = 'Operators of the school’s area (and the system administrator) manage it; anyone else gets 403.';
const CATCHMENT = 'The catchment is a GeoJSON Polygon or MultiPolygon in WGS-84 (`[lng, lat]`), closed rings without self-intersection: 400 naming each position at fault.';

/** Schools and their catchments (学区), for enrolment help. */
@ApiTags('Schooling')
@Controller('schooling/schools')
export class SchoolsController {
  constructor(private readonly schooling: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Register a school with its catchment', description: `\`nodeCode\`: the node the school belongs to (422 when unknown in your area). ${CATCHMENT} ${MANAGERS}` })
  @ApiCreatedResponse({ type: SchoolView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(SchoolingRpc.schoolCreate)
  create(@Body() dto: CreateSchoolDto): Promise<SchoolView> {
    return this.schooling.send(SchoolingRpc.schoolCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Schools, by name', description: `${READERS} Bad input: 400 naming each field.` })
  @ApiPage(SchoolView)
  @ApiProblems(400, 401, 403)
  @Calls(SchoolingRpc.schoolList)
  list(@Query() q: ListSchoolsQuery): Promise<Page<SchoolView>> {
    return this.schooling.send(SchoolingRpc.schoolList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One school with its catchment', description: `${READERS} Any other: 404.` })
  @ApiOkResponse({ type: SchoolView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(SchoolingRpc.schoolGet)
  get(@Param('id', parseId) id: string): Promise<SchoolView> {
    return this.schooling.send(SchoolingRpc.schoolGet, { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a school or its catchment', description: `Only the fields given change; the node is fixed. ${CATCHMENT} ${MANAGERS}` })
  @ApiOkResponse({ type: SchoolView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(SchoolingRpc.schoolUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateSchoolDto): Promise<SchoolView> {
    return this.schooling.send(SchoolingRpc.schoolUpdate, { ...dto, id });
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a school', description: `Answers the school as it was; requests naming it keep its id. ${MANAGERS}` })
  @ApiOkResponse({ type: SchoolView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(SchoolingRpc.schoolDelete)
  remove(@Param('id', parseId) id: string): Promise<SchoolView> {
    return this.schooling.send(SchoolingRpc.schoolDelete, { id });
  }
}

/** The catchments (学区) as GeoJSON, and which of them hold a point. */
@ApiTags('Schooling')
@Controller('schooling/catchments')
export class CatchmentsController {
  constructor(private readonly schooling: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'The catchments as a GeoJSON FeatureCollection', description: `One Feature per school (id = school id). ${READERS}` })
  @ApiOkResponse({ type: CatchmentCollectionView })
  @ApiProblems(400, 401, 403)
  @Calls(SchoolingRpc.catchments)
  list(@Query() q: CatchmentsQuery): Promise<CatchmentCollectionView> {
    return this.schooling.send(SchoolingRpc.catchments, q);
  }

  @Get('lookup')
  @ApiOperation({
    summary: 'The schools whose catchment contains a point',
    description: `\`lng\`, \`lat\`: WGS-84 (400 when missing or out of range). A point on a catchment's edge is inside it. ${READERS}`,
  })
  @ApiOkResponse({ type: [SchoolView] })
  @ApiProblems(400, 401, 403)
  @Calls(SchoolingRpc.catchmentLookup)
  lookup(@Query() q: CatchmentLookupQuery): Promise<SchoolView[]> {
    return this.schooling.send(SchoolingRpc.catchmentLookup, q);
  }
}
