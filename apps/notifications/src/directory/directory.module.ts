import { Module } from '@nestjs/common';

import { DirectoryService } from './directory.service';

/** The directory recipients are chosen from, kept from events only. */
@Module({ providers: [DirectoryService], exports: [DirectoryService] })
export class DirectoryModule {}
