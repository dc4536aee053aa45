import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  CreateOrganisationDto,
  FormationQuery,
  ListOrganisationsQuery,
  RegisterUnitDto,
  UpdateOrganisationRequest,
  VolunteersIdRequest,
  VolunteersRpc,
  type FormationView,
  type OrganisationView,
  type UnitView,
} from '@citygrid/contracts/volunteers';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { OrganisationsService } from './organisations.service';

/** NATS handlers for party organisations, units and the formation rate. */
@RpcController()
export class OrganisationsRpcController {
  constructor(private readonly orgs: OrganisationsService) {}

  @MessagePattern(VolunteersRpc.unitRegister)
  registerUnit(@CurrentCaller() caller: Caller, @Payload('payload') dto: RegisterUnitDto): Promise<UnitView> {
    return this.orgs.registerUnit(caller, dto);
  }

  @MessagePattern(VolunteersRpc.organisationCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateOrganisationDto): Promise<OrganisationView> {
    return this.orgs.create(caller, dto);
  }

  @MessagePattern(VolunteersRpc.organisationList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListOrganisationsQuery): Promise<Page<OrganisationView>> {
    return this.orgs.list(caller, q);
  }

  @MessagePattern(VolunteersRpc.organisationGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: VolunteersIdRequest): Promise<OrganisationView> {
    return this.orgs.get(caller, req.id);
  }

  @MessagePattern(VolunteersRpc.organisationUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateOrganisationRequest): Promise<OrganisationView> {
    return this.orgs.update(caller, req);
  }

  @MessagePattern(VolunteersRpc.formation)
  formation(@CurrentCaller() caller: Caller, @Payload('payload') q: FormationQuery): Promise<FormationView> {
    return this.orgs.formation(caller, q);
  }
}
