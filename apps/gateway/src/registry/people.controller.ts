import type { Page } from '@citygrid/contracts';
import { AssignmentView, AssignStaffDto, CreateDepartmentDto, CreateStaffDto, DepartmentView, GridRegistryRpc, PageQuery, StaffView } from '@citygrid/contracts/grid-registry';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/** Staff and their assignments to nodes. */
@ApiTags('Staff')
@Controller()
export class StaffController {
  constructor(private readonly registry: RpcClient) {}

  @Post('staff')
  @ApiOperation({ summary: 'Register a staff member' })
  @ApiCreatedResponse({ type: StaffView })
  @ApiProblems(400, 409)
  @Calls(GridRegistryRpc.staffCreate)
  create(@Body() dto: CreateStaffDto): Promise<StaffView> {
    return this.registry.send(GridRegistryRpc.staffCreate, dto);
  }

  @Get('staff')
  @ApiOperation({ summary: 'List staff, optionally those assigned under a node' })
  @ApiPage(StaffView)
  @ApiProblems(400)
  @Calls(GridRegistryRpc.staffList)
  list(@Query() q: PageQuery): Promise<Page<StaffView>> {
    return this.registry.send(GridRegistryRpc.staffList, q);
  }

  @Get('staff/:id')
  @ApiOperation({ summary: 'One staff member with current assignments' })
  @ApiOkResponse({ type: StaffView })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.staffGet)
  get(@Param('id', parseId) id: string): Promise<StaffView> {
    return this.registry.send(GridRegistryRpc.staffGet, { id });
  }

  @Post('assignments')
  @ApiOperation({ summary: 'Assign a staff member to a node in a role (网格长, 网格员, 网格责任人, operator, supervisor)' })
  @ApiCreatedResponse({ type: AssignmentView })
  @ApiProblems(400, 409, 422)
  @Calls(GridRegistryRpc.staffAssign)
  assign(@Body() dto: AssignStaffDto): Promise<AssignmentView> {
    return this.registry.send(GridRegistryRpc.staffAssign, dto);
  }

  @Delete('assignments/:id')
  @ApiOperation({ summary: 'End an assignment' })
  @ApiOkResponse({ type: AssignmentView })
  @ApiProblems(400, 404, 409)
  @Calls(GridRegistryRpc.staffUnassign)
  unassign(@Param('id', parseId) id: string): Promise<AssignmentView> {
    return this.registry.send(GridRegistryRpc.staffUnassign, { id });
  }
}

/** Linked departments 下沉单位. */
@ApiTags('Departments')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly registry: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Create a linked department and the nodes it serves' })
  @ApiCreatedResponse({ type: DepartmentView })
  @ApiProblems(400, 409, 422)
  @Calls(GridRegistryRpc.departmentCreate)
  create(@Body() dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.registry.send(GridRegistryRpc.departmentCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List departments, optionally those serving a subtree' })
  @ApiPage(DepartmentView)
  @ApiProblems(400)
  @Calls(GridRegistryRpc.departmentList)
  list(@Query() q: PageQuery): Promise<Page<DepartmentView>> {
    return this.registry.send(GridRegistryRpc.departmentList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department' })
  @ApiOkResponse({ type: DepartmentView })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.departmentGet)
  get(@Param('id', parseId) id: string): Promise<DepartmentView> {
    return this.registry.send(GridRegistryRpc.departmentGet, { id });
  }
}
