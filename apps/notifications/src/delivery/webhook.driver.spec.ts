import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DeliveryChannel, OutboundMessage, PermanentDeliveryError } from './channel';
import { WebhookDriver, WECOM_MARKDOWN_MAX_BYTES } from './webhook.driver';

interface Received {
  method: string;
  url: URL;
  contentType: string;
  body: unknown;
}

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const ROBOT_KEY = '6f1c2a7e-93b4-4d1e-8a55-robotkey0001';
const ACCESS_TOKEN = 'a9b8c7d6e5f4a3b2c1d0dingtoken0001';

/** A local robot: records what it is sent and answers as the current test says. */
class FakeRobot {
  readonly received: Received[] = [];
  answer: Answer = json(200, { errcode: 0, errmsg: 'ok' });
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      this.received.push({ method: req.method ?? '', url: new URL(req.url ?? '/', this.origin), contentType: req.headers['content-type'] ?? '', body: text ? JSON.parse(text) : undefined });
      this.answer(req, res);
    });
  });
  origin = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get weComUrl(): string {
    return `${this.origin}/cgi-bin/webhook/send?key=${ROBOT_KEY}`;
  }

  get dingTalkUrl(): string {
    return `${this.origin}/robot/send?access_token=${ACCESS_TOKEN}`;
  }
}

function json(status: number, body: object): Answer {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

const message = (channel: DeliveryChannel, address: string, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  channel,
  address,
  title: '新工单：东华门街道 3 号网格',
  body: '占道经营，请 30 分钟内到场处置。\nhttps://console.citygrid.example/cases/C-1024',
  deliveryId: 'd-0001',
  ...over,
});

/** The error `send` rejects with; fails the test when it resolves. */
async function failureOf(promise: Promise<void>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }
  throw new Error('expected the delivery to fail');
}

function expectNoSecretIn(err: Error, robot: FakeRobot): void {
  for (const secret of [ROBOT_KEY, ACCESS_TOKEN, robot.weComUrl, robot.dingTalkUrl, robot.origin]) expect(err.message).not.toContain(secret);
}

describe('WebhookDriver (WeCom and DingTalk group robots)', () => {
  const robot = new FakeRobot();
  let weCom: WebhookDriver;
  let dingTalk: WebhookDriver;

  beforeAll(async () => {
    await robot.start();
    weCom = new WebhookDriver(DeliveryChannel.WeCom, { allowedOrigins: [robot.origin], timeoutMs: 2000 });
    dingTalk = new WebhookDriver(DeliveryChannel.DingTalk, { allowedOrigins: [robot.origin], timeoutMs: 2000 });
  });
  afterAll(() => robot.stop());
  beforeEach(() => {
    robot.received.length = 0;
    robot.answer = json(200, { errcode: 0, errmsg: 'ok' });
  });

  it('posts a WeCom markdown message with the title in bold first', async () => {
    await weCom.send(message(DeliveryChannel.WeCom, robot.weComUrl));

    expect(robot.received).toHaveLength(1);
    const [req] = robot.received;
    expect(req.method).toBe('POST');
    expect(req.url.pathname).toBe('/cgi-bin/webhook/send');
    expect(req.url.searchParams.get('key')).toBe(ROBOT_KEY);
    expect(req.contentType).toMatch(/^application\/json/);
    expect(req.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: '**新工单：东华门街道 3 号网格**\n占道经营，请 30 分钟内到场处置。\nhttps://console.citygrid.example/cases/C-1024' },
    });
    expect(weCom.name).toBe('wecom-robot');
  });

  it('cuts a WeCom message to the 4096 bytes the robot takes, on a character boundary', async () => {
    await weCom.send(message(DeliveryChannel.WeCom, robot.weComUrl, { body: '网格'.repeat(2000) }));

    const content = (robot.received[0].body as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(Buffer.byteLength(content, 'utf8')).toBeGreaterThan(WECOM_MARKDOWN_MAX_BYTES - 4);
    expect(content.startsWith('**新工单：东华门街道 3 号网格**\n网格网格')).toBe(true);
    expect(content.endsWith('…')).toBe(true);
    expect(content).not.toContain('\uFFFD');
  });

  it('posts a DingTalk markdown message with title and a #### heading, unsigned without a secret', async () => {
    await dingTalk.send(message(DeliveryChannel.DingTalk, robot.dingTalkUrl));

    const [req] = robot.received;
    expect(req.url.pathname).toBe('/robot/send');
    expect(req.url.searchParams.get('access_token')).toBe(ACCESS_TOKEN);
    expect(req.url.searchParams.has('timestamp')).toBe(false);
    expect(req.url.searchParams.has('sign')).toBe(false);
    expect(req.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '新工单：东华门街道 3 号网格',
        text: '#### 新工单：东华门街道 3 号网格\n占道经营，请 30 分钟内到场处置。\nhttps://console.citygrid.example/cases/C-1024',
      },
    });
    expect(dingTalk.name).toBe('dingtalk-robot');
  });

  it('signs DingTalk requests with timestamp and sign when a secret is set', async () => {
    const secret = 'SEC0123456789abcdef+/=0123456789abcdef0123456789abcdef01234567';
    const signed = new WebhookDriver(DeliveryChannel.DingTalk, { allowedOrigins: [robot.origin], secret });
    const before = Date.now();
    await signed.send(message(DeliveryChannel.DingTalk, robot.dingTalkUrl));
    const after = Date.now();

    const { url } = robot.received[0];
    expect(url.searchParams.get('access_token')).toBe(ACCESS_TOKEN);
    const timestamp = url.searchParams.get('timestamp')!;
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(after);
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    // the base64 is URL-encoded in the query: its + / = arrive intact
    expect(url.search).toContain(`sign=${encodeURIComponent(expected)}`);
  });

  it('treats errcode 310000 (keyword, signature or IP check failed) as permanent', async () => {
    robot.answer = json(200, { errcode: 310000, errmsg: 'keywords not in content' });

    const err = await failureOf(dingTalk.send(message(DeliveryChannel.DingTalk, robot.dingTalkUrl)));

    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('310000');
    expectNoSecretIn(err, robot);
  });

  it('treats WeCom errcode 45009 (too many messages a minute) as retryable', async () => {
    robot.answer = json(200, { errcode: 45009, errmsg: 'api freq out of limit' });

    const err = await failureOf(weCom.send(message(DeliveryChannel.WeCom, robot.weComUrl)));

    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('45009');
    expectNoSecretIn(err, robot);
  });

  it('treats DingTalk errcode 130101 (sending too fast) as retryable', async () => {
    robot.answer = json(200, { errcode: 130101, errmsg: 'send too fast' });

    const err = await failureOf(dingTalk.send(message(DeliveryChannel.DingTalk, robot.dingTalkUrl)));

    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('130101');
  });

  it('treats errcode -1 (system busy) as retryable', async () => {
    robot.answer = json(200, { errcode: -1, errmsg: 'system busy' });

    const err = await failureOf(weCom.send(message(DeliveryChannel.WeCom, robot.weComUrl)));

    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('treats HTTP 500 as retryable and HTTP 429 as retryable', async () => {
    robot.answer = json(500, { message: 'internal error' });
    const err500 = await failureOf(weCom.send(message(DeliveryChannel.WeCom, robot.weComUrl)));
    expect(err500).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err500.message).toContain('500');
    expectNoSecretIn(err500, robot);

    robot.answer = json(429, { message: 'slow down' });
    const err429 = await failureOf(dingTalk.send(message(DeliveryChannel.DingTalk, robot.dingTalkUrl)));
    expect(err429).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err429.message).toContain('429');
    expectNoSecretIn(err429, robot);
  });

  it('treats HTTP 4xx as permanent', async () => {
    robot.answer = json(404, { message: 'no such robot' });

    const err = await failureOf(weCom.send(message(DeliveryChannel.WeCom, robot.weComUrl)));

    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('404');
    expectNoSecretIn(err, robot);
  });

  it('keeps the robot key out of the error even when the robot quotes it back', async () => {
    robot.answer = json(200, { errcode: 93000, errmsg: `invalid webhook url, key=${ROBOT_KEY}, url ${robot.weComUrl}` });

    const err = await failureOf(weCom.send(message(DeliveryChannel.WeCom, robot.weComUrl)));

    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('93000');
    expect(err.message).toContain('invalid webhook url');
    expectNoSecretIn(err, robot);
  });

  it('gives up on a robot that never answers within the timeout, as retryable', async () => {
    robot.answer = () => undefined; // holds the request open
    const impatient = new WebhookDriver(DeliveryChannel.WeCom, { allowedOrigins: [robot.origin], timeoutMs: 300 });
    const started = Date.now();

    const err = await failureOf(impatient.send(message(DeliveryChannel.WeCom, robot.weComUrl)));

    const elapsed = Date.now() - started;
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
    expectNoSecretIn(err, robot);
  });

  it('treats a robot that cannot be reached as retryable', async () => {
    const gone = new FakeRobot();
    await gone.start();
    await gone.stop();
    const driver = new WebhookDriver(DeliveryChannel.WeCom, { allowedOrigins: [gone.origin] });

    const err = await failureOf(driver.send(message(DeliveryChannel.WeCom, gone.weComUrl)));

    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('ECONNREFUSED');
    expectNoSecretIn(err, gone);
  });

  it('refuses, without sending anything, an address off the allowed robot hosts', async () => {
    const official = new WebhookDriver(DeliveryChannel.WeCom);

    const err = await failureOf(official.send(message(DeliveryChannel.WeCom, robot.weComUrl)));

    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expectNoSecretIn(err, robot);
    expect(robot.received).toHaveLength(0);

    const notUrl = await failureOf(weCom.send(message(DeliveryChannel.WeCom, `key=${ROBOT_KEY}`)));
    expect(notUrl).toBeInstanceOf(PermanentDeliveryError);
    expect(notUrl.message).not.toContain(ROBOT_KEY);
  });
});
