import { Module } from '@nestjs/common';

import { KpiChangeSignal } from './kpi-change-signal';
import { ReadModelProjector } from './projector.service';
import { ReadModelRepository } from './read-model.repository';
import { ReadModelsService } from './read-models.service';

/** The read models built from events: case facts, rollups by node × category × day, nodes and categories (the consumers' handlers). */
@Module({
  providers: [ReadModelRepository, ReadModelProjector, ReadModelsService, KpiChangeSignal],
  exports: [ReadModelProjector, ReadModelRepository, ReadModelsService, KpiChangeSignal],
})
export class ReadModelsModule {}
