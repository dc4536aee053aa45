import { ErrorCode } from '@citygrid/contracts';
import type { HelpState } from '@citygrid/contracts/relocation';
import { ServiceError } from '@citygrid/service-kit';

/** Rental help's table: received → arranged → closed; a received request may also be closed directly (no longer needed). */
export const RENTAL_TRANSITIONS: Readonly<Record<'arranged' | 'closed', readonly HelpState[]>> = {
  arranged: ['received'],
  closed: ['received', 'arranged'],
};

/** Decide a step of a help request: only rental help moves here (schooling help moves in the schooling service). */
export function decideHelp(kind: 'schooling' | 'rental', from: HelpState, to: 'arranged' | 'closed'): void {
  if (kind !== 'rental') throw new ServiceError(ErrorCode.Conflict, 'Schooling help moves in the schooling service; only rental help is arranged and closed here.');
  if (!RENTAL_TRANSITIONS[to].includes(from)) throw new ServiceError(ErrorCode.Conflict, `The help request is ${from}; ${to} follows only ${RENTAL_TRANSITIONS[to].join(', ')}.`);
}
