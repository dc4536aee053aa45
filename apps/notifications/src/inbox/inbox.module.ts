import { Module } from '@nestjs/common';

import { InboxService } from './inbox.service';

/** The in-app inbox: raising notifications (with their deliveries), reading and marking them read. */
@Module({ providers: [InboxService], exports: [InboxService] })
export class InboxModule {}
