import { NotificationRule } from '@citygrid/contracts/notifications';

import { RULES } from './catalogue';
import { localDeadline, textOf } from './texts';

describe('notification texts', () => {
  it('gives every rule a Chinese title and body naming the case, its category and its deadline in local time', () => {
    const t = textOf(NotificationRule.Escalated, { number: 'CM05-20261201-0007', category: '占道经营', place: '林山寨街道', deadline: localDeadline('2026-12-08T08:00:00.000Z', 'Asia/Shanghai') });
    expect(t).toEqual({ title: '【升级通知】CM05-20261201-0007 升至林山寨街道', body: '案件 CM05-20261201-0007（占道经营）已升级至林山寨街道平台，处置时限 12月8日 16:00，请及时协调处置。' });
    for (const rule of Object.values(NotificationRule)) {
      const { title, body } = textOf(rule, { number: 'X-1', place: '网格0101', day: '2026-12-08' });
      expect(title).toMatch(/^【.+】/);
      expect(body.length).toBeGreaterThan(5);
    }
  });

  it('writes a deadline in the working time zone, not in UTC', () => {
    // 23:30 UTC on 30 April is 07:30 on 1 May in Zhengzhou
    expect(localDeadline('2013-04-30T23:30:00.000Z', 'Asia/Shanghai')).toBe('5月1日 07:30');
    expect(localDeadline(null, 'Asia/Shanghai')).toBeNull();
  });

  it('documents every rule once in the catalogue, with its trigger and recipients', () => {
    expect(RULES.map((r) => r.key).sort()).toEqual(Object.values(NotificationRule).sort());
    for (const r of RULES) expect(r).toEqual(expect.objectContaining({ name: expect.stringMatching(/[\u4e00-\u9fa5]/), trigger: expect.any(String), recipients: expect.any(String) }));
  });
});
