import { ErrorCode } from '@citygrid/contracts';

import { decideHelp } from './help-transitions';

describe('rental help transitions', () => {
  it('goes received → arranged → closed, or closes straight from received', () => {
    expect(() => decideHelp('rental', 'received', 'arranged')).not.toThrow();
    expect(() => decideHelp('rental', 'arranged', 'closed')).not.toThrow();
    expect(() => decideHelp('rental', 'received', 'closed')).not.toThrow();
  });

  it('refuses a step out of a closed request, arranging twice and moving schooling help here (409)', () => {
    expect(() => decideHelp('rental', 'closed', 'arranged')).toThrow(expect.objectContaining({ code: ErrorCode.Conflict }));
    expect(() => decideHelp('rental', 'arranged', 'arranged')).toThrow(expect.objectContaining({ code: ErrorCode.Conflict }));
    expect(() => decideHelp('schooling', 'requested', 'closed')).toThrow(expect.objectContaining({ code: ErrorCode.Conflict }));
  });
});
