import type { Page } from '@citygrid/contracts';
import { CreateDepartmentDto, DepartmentCodeRequest, GridRegistryRpc, IdRequest, PageQuery, type DepartmentView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { DepartmentsService } from './departments.service';

/** NATS handlers for linked departments. */
@RpcController()
export class DepartmentsRpcController {
  constructor(private readonly departments: DepartmentsService) {}

  @MessagePattern(GridRegistryRpc.departmentCreate)
  createDepartment(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.departments.create(caller, dto);
  }

  @MessagePattern(GridRegistryRpc.departmentGet)
  getDepartment(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<DepartmentView> {
    return this.departments.get(caller, req.id);
  }

  @MessagePattern(GridRegistryRpc.departmentByCode)
  departmentByCode(@CurrentCaller() caller: Caller, @Payload('payload') req: DepartmentCodeRequest): Promise<DepartmentView> {
    return this.departments.byCode(caller, req.code);
  }

  @MessagePattern(GridRegistryRpc.departmentList)
  listDepartments(@CurrentCaller() caller: Caller, @Payload('payload') q: PageQuery): Promise<Page<DepartmentView>> {
    return this.departments.list(caller, q);
  }
}
