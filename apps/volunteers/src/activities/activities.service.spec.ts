import { ErrorCode } from '@citygrid/contracts';
import type { EventRecorder } from '@citygrid/persistence';
import type { MikroORM } from '@mikro-orm/postgresql';

import { Activity } from '../entities';
import { GRID_A, GRID_B, PATH_A, Role, staff, SUBDISTRICT } from '../shared/test-callers';
import { ActivitiesService } from './activities.service';

/** An activity of grid A, served by a fake entity manager that records what would be written. */
function setup() {
  const activity = Object.assign(new Activity(), {
    id: '00000000-0000-4000-8000-00000000000a',
    teamId: '00000000-0000-4000-8000-00000000000b',
    title: '入户筛查',
    date: '2026-06-02',
    capacity: 1,
    assignmentId: null,
    path: PATH_A,
    createdAt: new Date(),
  });
  const persisted: unknown[] = [];
  const recorded: unknown[] = [];
  interface FakeEm {
    findOne(entity: unknown): Promise<unknown>;
    find(): Promise<unknown[]>;
    persist(x: unknown): void;
    transactional<T>(fn: (tx: FakeEm) => Promise<T>): Promise<T>;
  }
  const em: FakeEm = {
    findOne: (entity: unknown) => Promise.resolve(entity === Activity ? activity : null),
    find: () => Promise.resolve([]),
    persist: (x: unknown) => {
      persisted.push(x);
    },
    transactional: <T>(fn: (tx: FakeEm) => Promise<T>) => fn(em),
  };
  const orm = { em: { fork: () => em } } as unknown as MikroORM;
  const events = { record: (...args: unknown[]) => recorded.push(args) } as unknown as EventRecorder;
  return { service: new ActivitiesService(orm, events), activity, persisted, recorded };
}

describe('activities: scope and roles', () => {
  const memberId = '00000000-0000-4000-8000-00000000000c';

  it('answers 404 to a caller of another grid, writing nothing', async () => {
    const { service, activity, persisted, recorded } = setup();
    await expect(service.get(staff([Role.GridMember], GRID_B), activity.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(service.signUp(staff([Role.GridMember], GRID_B), { id: activity.id, memberId })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(persisted).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('answers 403 to an auditor who sees the activity but may not run it, writing nothing', async () => {
    const { service, activity, persisted, recorded } = setup();
    await expect(service.get(staff([Role.Auditor], SUBDISTRICT), activity.id)).resolves.toMatchObject({ id: activity.id });
    await expect(service.checkIn(staff([Role.Auditor], SUBDISTRICT), { id: activity.id, memberId })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    expect(persisted).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('refuses with 422 naming memberId someone who is not in the team', async () => {
    const { service, activity } = setup();
    await expect(service.signUp(staff([Role.GridMember], GRID_A), { id: activity.id, memberId })).rejects.toMatchObject({
      code: ErrorCode.Unprocessable,
      errors: [{ field: 'memberId', reason: 'not a member of the team' }],
    });
  });
});
