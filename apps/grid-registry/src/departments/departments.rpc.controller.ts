import type { Page } from '@citygrid/contracts';
import { CreateDepartmentDto, DepartmentCodeRequest, GridRegistryRpc, IdRequest, PageQuery, type DepartmentView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { rpcSubject } from '@citygrid/messaging';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { DepartmentsService } from './departments.service';

/** NATS handlers for linked departments. */
@RpcController()
export class DepartmentsRpcController {
  constructor(private readonly departments: DepartmentsService) {}

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
