import { TicketingRpc } from '@citygrid/contracts/ticketing';
import { auditTrailController, EventRecorder } from '@citygrid/persistence';
import { authProviders, HealthController, MetricsController, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';

import { CalendarRpcController } from './calendar/calendar.rpc.controller';
import { CalendarService } from './calendar/calendar.service';
import { CaseRepository } from './cases/case.repository';
import { CasesRpcController } from './cases/cases.rpc.controller';
import { CasesService } from './cases/cases.service';
import { IntakeWriter } from './cases/intake-writer';
import { EscalationService } from './cases/escalation.service';
import { CategoriesRpcController } from './categories/categories.rpc.controller';
import { CategoriesService } from './categories/categories.service';
import { TICKETING_ENV, type TicketingEnv } from './config';
import { ticketingOrmOptions } from './orm';
import { GridIndex } from './shared/grid-index';
import { RegistryClient } from './shared/registry-client';
import { fieldWorkControllers, fieldWorkProviders } from './field-work';

/** ticketing: cases, categories, the working calendar, deadlines and five-level escalation. */
@Module({})
export class TicketingModule {
  static forRoot(env: TicketingEnv): DynamicModule {
    return {
      module: TicketingModule,
      imports: [ServiceKitModule.forRoot({ name: 'ticketing', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(ticketingOrmOptions(env))],
      controllers: [HealthController, MetricsController, CasesRpcController, CategoriesRpcController, CalendarRpcController, auditTrailController(TicketingRpc.auditList), ...fieldWorkControllers],
      providers: [
        { provide: TICKETING_ENV, useValue: env },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('ticketing', env),
        EventRecorder,
        GridIndex,
        RegistryClient,
        CategoriesService,
        CalendarService,
        CaseRepository,
        IntakeWriter,
        CasesService,
        EscalationService,
        ...fieldWorkProviders,
      ],
    };
  }
}
