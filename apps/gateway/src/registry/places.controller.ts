import type { Page } from '@citygrid/contracts';
import { GridRegistryRpc, ImportJobView, ListPlacesQuery, MovePlaceDto, PlaceView, RegisterPlaceDto, StartImportDto } from '@citygrid/contracts/grid-registry';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/** Buildings, households, units and key locations, each in its level-3 grid. */
@ApiTags('Places')
@Controller('places')
export class PlacesController {
  constructor(private readonly registry: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Register a place; it is resolved to its level-3 grid' })
  @ApiCreatedResponse({ type: PlaceView })
  @ApiProblems(400, 422)
  @Calls(GridRegistryRpc.placeRegister)
  register(@Body() dto: RegisterPlaceDto): Promise<PlaceView> {
    return this.registry.send(GridRegistryRpc.placeRegister, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List places, by kind, subtree or name' })
  @ApiPage(PlaceView)
  @ApiProblems(400)
  @Calls(GridRegistryRpc.placeList)
  list(@Query() q: ListPlacesQuery): Promise<Page<PlaceView>> {
    return this.registry.send(GridRegistryRpc.placeList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One place' })
  @ApiOkResponse({ type: PlaceView })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.placeGet)
  get(@Param('id', parseId) id: string): Promise<PlaceView> {
    return this.registry.send(GridRegistryRpc.placeGet, { id });
  }

  @Post(':id/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a place; it is re-resolved to its grid' })
  @ApiOkResponse({ type: PlaceView })
  @ApiProblems(400, 404, 422)
  @Calls(GridRegistryRpc.placeMove)
  move(@Param('id', parseId) id: string, @Body() dto: MovePlaceDto): Promise<PlaceView> {
    return this.registry.send(GridRegistryRpc.placeMove, { id, location: dto.location, ...(dto.address ? { address: dto.address } : {}) });
  }
}

/** Bulk imports: grids from GeoJSON, households and units from CSV. */
@ApiTags('Imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly registry: RpcClient) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a bulk import',
    description: 'The file is checked whole; a file with any bad row imports nothing and the job lists every bad row with its line and reason. Poll the job for progress.',
  })
  @ApiAcceptedResponse({ type: ImportJobView })
  @ApiProblems(400, 413)
  @Calls(GridRegistryRpc.importStart)
  start(@Body() dto: StartImportDto): Promise<ImportJobView> {
    return this.registry.send(GridRegistryRpc.importStart, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An import job: status, progress, errors' })
  @ApiOkResponse({ type: ImportJobView })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.importGet)
  get(@Param('id', parseId) id: string): Promise<ImportJobView> {
    return this.registry.send(GridRegistryRpc.importGet, { id });
  }
}
