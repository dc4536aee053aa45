import { Module } from '@nestjs/common';

import { SettingsService } from './settings.service';

/** Each account's own addresses and channels. */
@Module({ providers: [SettingsService], exports: [SettingsService] })
export class SettingsModule {}
