import { DeliveryChannel } from './channel';
import { maskAddress } from './mask';

describe('maskAddress', () => {
  it('keeps the first letter and the domain of an e-mail address', () => {
    expect(maskAddress(DeliveryChannel.Email, 'zhang.san@example.org')).toBe('z***@example.org');
    expect(maskAddress(DeliveryChannel.Email, '王小明@例子.中国')).toBe('王***@例子.中国');
    expect(maskAddress(DeliveryChannel.Email, 'x@example.org')).toBe('x***@example.org');
  });

  it('hides whole what is not an e-mail address', () => {
    expect(maskAddress(DeliveryChannel.Email, 'zhang.san')).toBe('***');
    expect(maskAddress(DeliveryChannel.Email, '@example.org')).toBe('***');
    expect(maskAddress(DeliveryChannel.Email, 'zhang@')).toBe('***');
  });

  it('masks a CN mobile as 138****5678, with or without +86 and separators', () => {
    expect(maskAddress(DeliveryChannel.Sms, '13812345678')).toBe('138****5678');
    expect(maskAddress(DeliveryChannel.Sms, '138 1234-5678')).toBe('138****5678');
    expect(maskAddress(DeliveryChannel.Sms, '+8613812345678')).toBe('+86138****5678');
    expect(maskAddress(DeliveryChannel.Sms, '+86 138 1234 5678')).toBe('+86138****5678');
  });

  it('keeps only + and the last four digits of another E.164 number', () => {
    expect(maskAddress(DeliveryChannel.Sms, '+447911123456')).toBe('+********3456');
    expect(maskAddress(DeliveryChannel.Sms, 'call me maybe')).toBe('***');
  });

  it('keeps only the scheme and host of a robot webhook URL', () => {
    expect(maskAddress(DeliveryChannel.WeCom, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=6f1c2a7e-93b4-4d1e-8a55-0123456789ab')).toBe('https://qyapi.weixin.qq.com/…');
    expect(maskAddress(DeliveryChannel.DingTalk, 'https://oapi.dingtalk.com/robot/send?access_token=a9b8c7d6e5f4')).toBe('https://oapi.dingtalk.com/…');
    expect(maskAddress(DeliveryChannel.DingTalk, 'https://user:pw@robot.internal:8443/robot/send')).toBe('https://robot.internal:8443/…');
    expect(maskAddress(DeliveryChannel.WeCom, 'key=6f1c2a7e')).toBe('***');
    expect(maskAddress(DeliveryChannel.WeCom, 'javascript:alert(1)')).toBe('***');
  });

  it('never returns the address it was given', () => {
    const addresses: [DeliveryChannel, string][] = [
      [DeliveryChannel.Email, 'li.si@example.org'],
      [DeliveryChannel.Sms, '13912345678'],
      [DeliveryChannel.WeCom, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'],
    ];
    for (const [channel, address] of addresses) expect(maskAddress(channel, address)).not.toBe(address);
  });
});
