import { Module } from '@nestjs/common';

import { StaffLinksService } from './staff-links.service';

/** Accounts linked to a staff member follow its assignments in grid-registry (the handlers of identity's consumer). */
@Module({
  providers: [StaffLinksService],
  exports: [StaffLinksService],
})
export class StaffLinksModule {}
