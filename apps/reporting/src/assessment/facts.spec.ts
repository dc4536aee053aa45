import { randomUUID } from 'node:crypto';

import type { CityGridCloudEvent } from '@citygrid/contracts';
import { GridRegistryEvents, StaffRole } from '@citygrid/contracts/grid-registry';
import { SupervisionEvents } from '@citygrid/contracts/ticketing';
import { buildCloudEvent } from '@citygrid/messaging';

import { assignmentFactOf, flagFactOf, inspectionFactOf } from './facts';

const PATH = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];
const at = (event: CityGridCloudEvent, time: string): CityGridCloudEvent => ({ ...event, time });

describe('assessment facts from events', () => {
  it('counts a flag on its day in the working time zone', () => {
    const id = randomUUID();
    const caseId = randomUUID();
    const e = at(
      buildCloudEvent(SupervisionEvents.caseSupervised, { subject: caseId, data: { id, caseId, gridCode: PATH[5]!, path: PATH, deadline: '2013-04-02T10:00:00.000Z' } }),
      '2013-03-31T16:30:00.000Z',
    );
    // 00:30 on 1 April in Zhengzhou: the second quarter
    expect(flagFactOf(e, 'Asia/Shanghai')).toEqual({ flagId: id, caseId, gridPath: PATH, flaggedAt: '2013-03-31T16:30:00.000Z', day: '2013-04-01' });
    expect(flagFactOf(e, 'UTC').day).toBe('2013-03-31');
  });

  it('counts an inspection with its findings per severity on the day it was recorded', () => {
    const id = randomUUID();
    const e = at(
      buildCloudEvent(SupervisionEvents.inspectionRecorded, { subject: id, data: { id, gridCode: PATH[3]!, path: PATH.slice(0, 4), findings: { low: 2, medium: 0, high: 1 } } }),
      '2013-02-01T02:00:00Z',
    );
    expect(inspectionFactOf(e, 'Asia/Shanghai')).toEqual({ inspectionId: id, gridPath: PATH.slice(0, 4), recordedAt: '2013-02-01T02:00:00.000Z', day: '2013-02-01', low: 2, medium: 0, high: 1 });
  });

  it('counts an inspection recorded later on the day it took place', () => {
    const id = randomUUID();
    // inspected on 31 March (Beijing time), recorded on 2 April: it belongs to the first quarter
    const data = { id, gridCode: PATH[3]!, path: PATH.slice(0, 4), findings: { low: 0, medium: 1, high: 0 }, inspectedAt: '2013-03-31T07:00:00Z' };
    const e = at(buildCloudEvent(SupervisionEvents.inspectionRecorded, { subject: id, data }), '2013-04-02T02:00:00Z');
    expect(inspectionFactOf(e, 'Asia/Shanghai')).toMatchObject({ recordedAt: '2013-03-31T07:00:00.000Z', day: '2013-03-31' });
  });

  it('takes either end of an assignment, at the time of its event', () => {
    const data = { assignmentId: randomUUID(), staffId: randomUUID(), staffName: '王芳', nodeId: randomUUID(), nodeCode: PATH[5]!, path: PATH, role: StaffRole.GridMember };
    const e = at(buildCloudEvent(GridRegistryEvents.staffUnassigned, { subject: data.staffId, data }), '2013-02-01T02:00:00Z');
    expect(assignmentFactOf(e, 'unassigned')).toEqual({
      change: 'unassigned',
      assignmentId: data.assignmentId,
      staffId: data.staffId,
      staffName: '王芳',
      nodeCode: PATH[5],
      path: PATH,
      role: 'grid_member',
      at: '2013-02-01T02:00:00.000Z',
    });
  });

  it('refuses a bad payload, naming its fields and not their values', () => {
    const bad = buildCloudEvent(SupervisionEvents.inspectionRecorded, {
      subject: 'x',
      data: { id: 'not-a-uuid', gridCode: '410102005001', path: ['410100', '秘密'], findings: { low: -1, medium: 1, high: 1.5 } },
    });
    expect(() => inspectionFactOf(bad, 'Asia/Shanghai')).toThrow(`citygrid.inspection.recorded.v1 ${bad.id} has an invalid payload: id, path, findings.low, findings.high`);
    expect(() => inspectionFactOf(bad, 'Asia/Shanghai')).not.toThrow(/秘密/);
    const noTime = {
      ...buildCloudEvent(SupervisionEvents.caseSupervised, { subject: 'x', data: { id: randomUUID(), caseId: randomUUID(), gridCode: PATH[5]!, path: PATH, deadline: '' } }),
      time: 'yesterday',
    };
    expect(() => flagFactOf(noTime, 'Asia/Shanghai')).toThrow(/invalid payload: time/);
    const data = { assignmentId: randomUUID(), staffId: randomUUID(), staffName: '王芳', nodeId: randomUUID(), nodeCode: PATH[4]!, path: PATH, role: StaffRole.GridMember };
    expect(() => assignmentFactOf(buildCloudEvent(GridRegistryEvents.staffAssigned, { subject: 'x', data }), 'assigned')).toThrow(/invalid payload: path/);
  });
});
