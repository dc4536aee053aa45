import type { Caller } from '@citygrid/contracts/identity';
import type { CaseEventV1 } from '@citygrid/contracts/ticketing';

/** The actor of an event: ids and roles only, never a name. */
export type EventActor = CaseEventV1['actor'];

export const SYSTEM_ACTOR: EventActor = { id: 'ticketing', kind: 'system', roles: [] };

export function actorOf(caller: Caller): EventActor {
  return { id: caller.id, kind: caller.kind, roles: [...caller.roles] };
}
