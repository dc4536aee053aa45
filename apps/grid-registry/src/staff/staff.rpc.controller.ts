import type { Page } from '@citygrid/contracts';
import {
  AssignStaffDto,
  CodeRequest,
  CreateDepartmentDto,
  CreateStaffDto,
  GridRegistryRpc,
  IdRequest,
  PageQuery,
  type AssignmentView,
  type DepartmentView,
  type StaffView,
} from '@citygrid/contracts/grid-registry';
import { rpcSubject } from '@citygrid/messaging';
import { RpcController } from '@citygrid/service-kit';
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
  create(@Payload('payload') dto: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.staffGet))
  get(@Payload('payload') req: IdRequest): Promise<StaffView> {
    return this.staff.get(req.id);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.staffList))
  list(@Payload('payload') q: PageQuery): Promise<Page<StaffView>> {
    return this.staff.list(q);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.staffAssign))
  assign(@Payload('payload') dto: AssignStaffDto): Promise<AssignmentView> {
    return this.staff.assign(dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.staffUnassign))
  unassign(@Payload('payload') req: IdRequest): Promise<AssignmentView> {
    return this.staff.unassign(req.id);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeStaff))
  atNode(@Payload('payload') req: CodeRequest): Promise<AssignmentView[]> {
    return this.staff.atNode(req.code);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.departmentCreate))
  createDepartment(@Payload('payload') dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.departments.create(dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.departmentGet))
  getDepartment(@Payload('payload') req: IdRequest): Promise<DepartmentView> {
    return this.departments.get(req.id);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.departmentList))
  listDepartments(@Payload('payload') q: PageQuery): Promise<Page<DepartmentView>> {
    return this.departments.list(q);
  }
}
