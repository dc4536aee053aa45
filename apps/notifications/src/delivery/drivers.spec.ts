import { DeliveryChannel } from './channel';
import { DeliveryConfig, deliveryDrivers } from './drivers';

const SMTP_PASSWORD = 'Sm7p-Pa55w0rd';
const SMS_TOKEN = 'sms-token-5ecret';
const DINGTALK_SECRET = 'SECdingtalk5ecret0123456789';

const defaults: DeliveryConfig = {
  EMAIL_DRIVER: 'log',
  SMTP_URL: '',
  MAIL_FROM: '',
  SMS_DRIVER: 'log',
  SMS_GATEWAY_URL: '',
  SMS_GATEWAY_TOKEN: '',
  WEBHOOK_DRIVER: 'log',
  WEBHOOK_TIMEOUT_MS: 5000,
  DINGTALK_SECRET: '',
};

interface Line {
  obj: Record<string, unknown>;
  msg: string;
}

function recordingLogger(): { lines: Line[]; info(obj: object, msg: string): void } {
  const lines: Line[] = [];
  return { lines, info: (obj, msg) => lines.push({ obj: obj as Record<string, unknown>, msg }) };
}

function startupError(config: Partial<DeliveryConfig>): Error {
  try {
    deliveryDrivers({ ...defaults, ...config }, recordingLogger());
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }
  throw new Error('expected deliveryDrivers to throw');
}

describe('deliveryDrivers', () => {
  it('logs on every channel by default', () => {
    const drivers = deliveryDrivers(defaults, recordingLogger());

    expect([...drivers.keys()].sort()).toEqual([DeliveryChannel.DingTalk, DeliveryChannel.Email, DeliveryChannel.Sms, DeliveryChannel.WeCom]);
    for (const [channel, driver] of drivers) {
      expect(driver.name).toBe('log');
      expect(driver.channel).toBe(channel);
    }
  });

  it('the log driver writes one line with the address masked and the body length, not the body', async () => {
    const logger = recordingLogger();
    const drivers = deliveryDrivers(defaults, logger);
    const body = '东华门街道 3 号网格：占道经营，请到场处置。';

    await drivers.get(DeliveryChannel.Sms)!.send({ channel: DeliveryChannel.Sms, address: '13812345678', title: '新工单', body, deliveryId: 'd-1' });
    await drivers.get(DeliveryChannel.Email)!.send({ channel: DeliveryChannel.Email, address: 'zhang.san@example.org', title: '新工单', body, deliveryId: 'd-2' });
    await drivers.get(DeliveryChannel.WeCom)!.send({
      channel: DeliveryChannel.WeCom,
      address: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-1',
      title: '新工单',
      body,
      deliveryId: 'd-3',
    });

    expect(logger.lines).toHaveLength(3);
    expect(logger.lines.map((l) => l.obj['to'])).toEqual(['138****5678', 'z***@example.org', 'https://qyapi.weixin.qq.com/…']);
    expect(logger.lines.map((l) => l.obj['deliveryId'])).toEqual(['d-1', 'd-2', 'd-3']);
    for (const line of logger.lines) {
      expect(line.obj['bodyLength']).toBe(body.length);
      const text = JSON.stringify(line);
      for (const clear of [body, '13812345678', 'zhang.san@', 'robot-key-1']) expect(text).not.toContain(clear);
    }
  });

  it('builds the real drivers when chosen', async () => {
    const drivers = deliveryDrivers(
      {
        ...defaults,
        EMAIL_DRIVER: 'smtp',
        SMTP_URL: `smtps://notify:${SMTP_PASSWORD}@smtp.example.org:465`,
        MAIL_FROM: '网格通知 <noreply@example.org>',
        SMS_DRIVER: 'http',
        SMS_GATEWAY_URL: 'https://sms-relay.example.org/send',
        SMS_GATEWAY_TOKEN: SMS_TOKEN,
        WEBHOOK_DRIVER: 'http',
        DINGTALK_SECRET,
      },
      recordingLogger(),
    );

    expect(Object.fromEntries([...drivers].map(([channel, driver]) => [channel, driver.name]))).toEqual({
      [DeliveryChannel.Email]: 'smtp',
      [DeliveryChannel.Sms]: 'http-sms',
      [DeliveryChannel.WeCom]: 'wecom-robot',
      [DeliveryChannel.DingTalk]: 'dingtalk-robot',
    });
    await Promise.all([...drivers.values()].map((d) => d.close?.()));
  });

  it('refuses smtp without SMTP_URL or MAIL_FROM, naming the setting and echoing no secret', () => {
    expect(startupError({ EMAIL_DRIVER: 'smtp', MAIL_FROM: 'noreply@example.org' }).message).toMatch(/SMTP_URL/);

    const noFrom = startupError({ EMAIL_DRIVER: 'smtp', SMTP_URL: `smtp://notify:${SMTP_PASSWORD}@smtp.example.org:587` });
    expect(noFrom.message).toMatch(/MAIL_FROM/);
    expect(noFrom.message).not.toContain(SMTP_PASSWORD);
    expect(noFrom.message).not.toContain('smtp.example.org');
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://, without echoing it', () => {
    for (const url of [`https://notify:${SMTP_PASSWORD}@smtp.example.org`, `notify:${SMTP_PASSWORD} at smtp.example.org`]) {
      const err = startupError({ EMAIL_DRIVER: 'smtp', SMTP_URL: url, MAIL_FROM: 'noreply@example.org' });
      expect(err.message).toMatch(/SMTP_URL/);
      expect(err.message).not.toContain(SMTP_PASSWORD);
    }
  });

  it('refuses http SMS without SMS_GATEWAY_URL, without echoing the token', () => {
    const err = startupError({ SMS_DRIVER: 'http', SMS_GATEWAY_TOKEN: SMS_TOKEN });
    expect(err.message).toMatch(/SMS_GATEWAY_URL/);
    expect(err.message).not.toContain(SMS_TOKEN);
  });

  it('refuses http robots with a timeout that is not a positive whole number, without echoing the secret', () => {
    for (const WEBHOOK_TIMEOUT_MS of [0, -5, 1.5, Number.NaN]) {
      const err = startupError({ WEBHOOK_DRIVER: 'http', WEBHOOK_TIMEOUT_MS, DINGTALK_SECRET });
      expect(err.message).toMatch(/WEBHOOK_TIMEOUT_MS/);
      expect(err.message).not.toContain(DINGTALK_SECRET);
    }
  });

  it('refuses a driver name it does not know', () => {
    expect(startupError({ EMAIL_DRIVER: 'sendgrid' as 'smtp' }).message).toMatch(/EMAIL_DRIVER/);
    expect(startupError({ SMS_DRIVER: 'aliyun' as 'http' }).message).toMatch(/SMS_DRIVER/);
    expect(startupError({ WEBHOOK_DRIVER: 'feishu' as 'http' }).message).toMatch(/WEBHOOK_DRIVER/);
  });
});
