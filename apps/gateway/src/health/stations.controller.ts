import type { Page } from '@citygrid/contracts';
import { CreateStationDto, HealthRpc, ListStationsQuery, StationCollectionView, StationView, UpdateStationDto } from '@citygrid/contracts/health';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';
import { MANAGE, READ } from './roles';

/** Community health stations 社区卫生服务站: where they are, when they open, what they offer, who works there. */
@ApiTags('Health')
@Controller('health/stations')
export class HealthStationsController {
  constructor(private readonly health: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Register a station',
    description: `\`nodeCode\` is resolved through grid-registry (422 naming it when unknown or outside your area). Doctors' phones are stored encrypted. The coverage around the station (its parent node, when in your area) is recomputed and published. ${MANAGE} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: StationView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(HealthRpc.stationCreate)
  create(@Body() dto: CreateStationDto): Promise<StationView> {
    return this.health.send(HealthRpc.stationCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Stations in your area (active ones unless `status` says otherwise)', description: `Doctors' phones masked unless your role sees personal data. ${READ}` })
  @ApiPage(StationView)
  @ApiProblems(400, 401, 403)
  @Calls(HealthRpc.stationList)
  list(@Query() q: ListStationsQuery): Promise<Page<StationView>> {
    return this.health.send(HealthRpc.stationList, q);
  }

  @Get('geojson')
  @ApiOperation({
    summary: 'Stations in your area as a GeoJSON FeatureCollection',
    description: `Points with \`name\`, \`nodeCode\`, \`services\`, \`retired\`; no doctors. Same filters as the list, no paging. ${READ}`,
  })
  @ApiOkResponse({ type: StationCollectionView })
  @ApiProblems(400, 401, 403)
  @Calls(HealthRpc.stationGeojson)
  geojson(@Query() q: ListStationsQuery): Promise<StationCollectionView> {
    return this.health.send(HealthRpc.stationGeojson, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One station', description: `404 when unknown or outside your area. ${READ}` })
  @ApiOkResponse({ type: StationView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(HealthRpc.stationGet)
  get(@Param('id', parseId) id: string): Promise<StationView> {
    return this.health.send(HealthRpc.stationGet, { id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a station',
    description: `Only the fields given change; lists given replace the old ones. A move recomputes the coverage around it. A retired station: 409. ${MANAGE} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: StationView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(HealthRpc.stationUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateStationDto): Promise<StationView> {
    return this.health.send(HealthRpc.stationUpdate, { ...dto, id });
  }

  @Post(':id/retire')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retire a station (stations are never deleted)',
    description: `It counts for no coverage from now on; the coverage around it is recomputed. Retired already: 409. ${MANAGE}`,
  })
  @ApiOkResponse({ type: StationView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(HealthRpc.stationRetire)
  retire(@Param('id', parseId) id: string): Promise<StationView> {
    return this.health.send(HealthRpc.stationRetire, { id });
  }
}
