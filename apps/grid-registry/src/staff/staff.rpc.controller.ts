import type { Page } from '@citygrid/contracts';
import {
  AssignStaffDto,
  CodeRequest,
  CreateDepartmentDto,
  DepartmentCodeRequest,
  CreateStaffDto,
  GridRegistryRpc,
  IdRequest,
  PageQuery,
  type AssignmentView,
  type DepartmentView,
  type StaffView,
} from '@citygrid/contracts/grid-registry';
import { rpcSubject } from '@citygrid/messaging';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { DepartmentsService } from '../departments/departments.service';
import { StaffService } from './staff.service';

/** NATS handlers for staff, assignments and linked departments. */
@RpcController()
export class StaffRpcController {
  constructor(
    private readonly staff: StaffService,
    private readonly departments: DepartmentsService,
  ) {}

  @MessagePattern(rpcSubject(GridRegistryRpc.staffCreate))
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(caller, dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.staffGet))
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<StaffView> {
    return this.staff.get(caller, req.id);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.staffList))
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: PageQuery): Promise<Page<StaffView>> {
    return this.staff.list(caller, q);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.staffAssign))
  assign(@CurrentCaller() caller: Caller, @Payload('payload') dto: AssignStaffDto): Promise<AssignmentView> {
    return this.staff.assign(caller, dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.staffUnassign))
  unassign(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<AssignmentView> {
    return this.staff.unassign(caller, req.id);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeStaff))
  atNode(@CurrentCaller() caller: Caller, @Payload('payload') req: CodeRequest): Promise<AssignmentView[]> {
    return this.staff.atNode(caller, req.code);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.departmentCreate))
  createDepartment(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.departments.create(caller, dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.departmentGet))
  getDepartment(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<DepartmentView> {
    return this.departments.get(caller, req.id);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.departmentByCode))
  departmentByCode(@CurrentCaller() caller: Caller, @Payload('payload') req: DepartmentCodeRequest): Promise<DepartmentView> {
    return this.departments.byCode(caller, req.code);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.departmentList))
  listDepartments(@CurrentCaller() caller: Caller, @Payload('payload') q: PageQuery): Promise<Page<DepartmentView>> {
    return this.departments.list(caller, q);
  }
}
