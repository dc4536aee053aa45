import { NotificationRule } from '@citygrid/contracts/notifications';

/** What a notification's text is made of: never a person's name or contact. */
export interface TextFacts {
  number?: string;
  category?: string | null;
  /** The node the text speaks of (the level reached, the grid not patrolled), by name. */
  place?: string;
  /** A deadline, local time (`12月8日 16:00`). */
  deadline?: string | null;
  reason?: string;
  day?: string;
}

/** Title and body of a notification, Chinese (the console's language; the API carries the rule key for others). */
export function textOf(rule: NotificationRule, f: TextFacts): { title: string; body: string } {
  const c = f.number ? `案件 ${f.number}${f.category ? `（${f.category}）` : ''}` : '';
  const due = f.deadline ? `，处置时限 ${f.deadline}` : '';
  switch (rule) {
    case NotificationRule.Dispatched:
      return { title: `【派遣通知】${f.number}`, body: `${c}已派遣给你方${due}，请及时受理。` };
    case NotificationRule.DueSoon:
      return { title: `【到期预警】${f.number}`, body: `${c}即将到期${due}，请抓紧处置并反馈。` };
    case NotificationRule.Overdue:
      return { title: `【超期提醒】${f.number}`, body: `${c}在${f.place ?? '本级'}超期未办结，已按规定升级处理。` };
    case NotificationRule.Escalated:
      return { title: `【升级通知】${f.number} 升至${f.place ?? '本级'}`, body: `${c}已升级至${f.place ?? '本级'}平台${f.reason ? `（${f.reason}）` : ''}${due}，请及时协调处置。` };
    case NotificationRule.Returned:
      return { title: `【退回通知】${f.number}`, body: `${c}被处置单位退回${f.reason ? `，理由：${f.reason}` : ''}，请重新派遣或处理。` };
    case NotificationRule.Reworked:
      return { title: `【返工通知】${f.number}`, body: `${c}核查未通过，需返工处置${due}。` };
    case NotificationRule.CityAlert:
      return { title: `【市级告警】${f.number}`, body: `${c}在市级仍超期未办结，已列入督办${due}，请立即调度。` };
    case NotificationRule.Supervised:
      return { title: `【督办通知】${f.number}`, body: `${c}已被督办${due}，请按时办结。` };
    case NotificationRule.Unpatrolled:
      return { title: `【未巡查提醒】${f.place}`, body: `网格 ${f.place} 今日（${f.day}）尚无巡查记录，请安排巡查。` };
  }
}

/** `12月8日 16:00` in the working time zone. */
export function localDeadline(iso: string | null | undefined, timeZone: string): string | null {
  if (!iso) return null;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]),
  );
  return `${parts['month']}月${parts['day']}日 ${parts['hour']}:${parts['minute']}`;
}
