import { Module } from '@nestjs/common';

import { DeliveriesService } from './deliveries.service';
import { DeliveryWorker } from './delivery.worker';

/** Sending the queued deliveries, and listing them for the administrator. */
@Module({ providers: [DeliveriesService, DeliveryWorker], exports: [DeliveriesService, DeliveryWorker] })
export class DeliveriesModule {}
