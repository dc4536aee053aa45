import { TicketingRpc } from '@citygrid/contracts/ticketing';
import { auditTrailController } from '@citygrid/persistence';
import { type DynamicModule, Module } from '@nestjs/common';

import { CalendarModule } from './calendar/calendar.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { CasesModule } from './cases/cases.module';
import { CategoriesModule } from './categories/categories.module';
import { type TicketingEnv } from './config';
import { TicketingCoreModule } from './core.module';
import { PatrolsModule } from './patrols/patrols.module';
import { PhotosModule } from './photos/photos.module';
import { StandupsModule } from './standups/standups.module';
import { SupervisionModule } from './supervision/supervision.module';

/** ticketing: cases, categories, the working calendar, deadlines and escalation, and field work; one module each. */
@Module({})
export class TicketingModule {
  static forRoot(env: TicketingEnv): DynamicModule {
    return {
      module: TicketingModule,
      imports: [TicketingCoreModule.forRoot(env), CalendarModule, CategoriesModule, CasesModule, PatrolsModule, StandupsModule, SupervisionModule, CampaignsModule, PhotosModule],
      // The audit trail is written by every feature (through EventRecorder) and read here.
      controllers: [auditTrailController(TicketingRpc.auditList)],
    };
  }
}
