import { OutboxMessage } from './entities';
import { waves } from './outbox-relay';

const row = (subject: string, aggregate: string, seq: number): OutboxMessage =>
  Object.assign(Object.create(OutboxMessage.prototype) as OutboxMessage, { seq: String(seq), id: `e${seq}`, subject, event: { subject: aggregate } });

describe('waves', () => {
  it('keeps rows in seq order and starts a new wave when an aggregate repeats', () => {
    const rows = [
      row('p.citygrid.ticketing.case.reported', 'c1', 1),
      row('p.citygrid.ticketing.case.reported', 'c2', 2),
      row('p.citygrid.ticketing.case.filed', 'c1', 3),
      row('p.citygrid.ticketing.case.reported', 'c3', 4),
    ];
    expect(waves(rows).map((w) => w.map((r) => r.seq))).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('tells aggregates of different kinds apart even with the same id', () => {
    const rows = [row('p.citygrid.grid-registry.grid.created', 'x', 1), row('p.citygrid.ticketing.case.reported', 'x', 2)];
    expect(waves(rows)).toHaveLength(1);
  });

  it('gives no wave for no rows', () => {
    expect(waves([])).toEqual([]);
  });
});
