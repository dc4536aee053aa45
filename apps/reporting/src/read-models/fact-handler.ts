import type { CityGridCloudEvent, EventDefinition } from '@citygrid/contracts';
import type { EventHandlers } from '@citygrid/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { pathNodes } from './projection';
import type { ReadModelRepository } from './read-model.repository';

/**
 * The handler of one event type of a facts consumer: the nodes of the event's path are added to
 * the node table first (named later by grid-registry's events, so a node known only from these
 * facts is still reported), then `apply`. The payload is the definition's: a consumer hands a
 * handler only events of its own type.
 */
export function factHandler<T extends { path: string[] }>(
  nodes: ReadModelRepository,
  def: EventDefinition<T>,
  apply: (event: CityGridCloudEvent<T>, em: EntityManager) => Promise<void>,
): EventHandlers {
  return {
    [def.type]: async (event, em) => {
      const typed = event as CityGridCloudEvent<T>;
      await nodes.addPathNodes(em, pathNodes(typed.data.path));
      await apply(typed, em);
    },
  };
}
