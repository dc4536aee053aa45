import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DeliveryChannel, OutboundMessage, PermanentDeliveryError } from './channel';
import { HttpSmsDriver } from './sms.driver';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const TOKEN = 'sms-gw-token-0f9e8d7c6b5a';
const PATH_SECRET = 'tenant-7c1e0b';

/** A local SMS gateway: records what it is sent and answers as the current test says. */
class FakeGateway {
  readonly received: Received[] = [];
  answer: Answer = status(202);
  origin = '';
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined });
      this.answer(req, res);
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get url(): string {
    return `${this.origin}/${PATH_SECRET}/send`;
  }
}

function status(code: number): Answer {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: code }));
  };
}

const message = (address: string, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  channel: DeliveryChannel.Sms,
  address,
  title: '新工单',
  body: '东华门街道 3 号网格：占道经营，请 30 分钟内到场处置。',
  deliveryId: 'd-0002',
  ...over,
});

async function failureOf(promise: Promise<void>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }
  throw new Error('expected the delivery to fail');
}

function expectNothingSecretIn(err: Error, gateway: FakeGateway): void {
  for (const secret of [TOKEN, PATH_SECRET, gateway.url, gateway.origin, '13812345678', '8613812345678']) expect(err.message).not.toContain(secret);
}

describe('HttpSmsDriver (generic HTTP SMS gateway)', () => {
  const gateway = new FakeGateway();
  let driver: HttpSmsDriver;

  beforeAll(async () => {
    await gateway.start();
    driver = new HttpSmsDriver({ url: gateway.url, token: TOKEN, timeoutMs: 2000 });
  });
  afterAll(() => gateway.stop());
  beforeEach(() => {
    gateway.received.length = 0;
    gateway.answer = status(202);
  });

  it('posts { to, text, id } with the bearer token', async () => {
    await driver.send(message('138 1234-5678'));

    expect(gateway.received).toHaveLength(1);
    const [req] = gateway.received;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/${PATH_SECRET}/send`);
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(req.headers['idempotency-key']).toBe('d-0002');
    expect(req.body).toEqual({ to: '13812345678', text: '新工单\n东华门街道 3 号网格：占道经营，请 30 分钟内到场处置。', id: 'd-0002' });
  });

  it('passes an E.164 number as given and sends no Authorization without a token', async () => {
    const open = new HttpSmsDriver({ url: gateway.url });

    await open.send(message('+8613812345678'));

    expect(gateway.received[0].headers['authorization']).toBeUndefined();
    expect(gateway.received[0].body).toMatchObject({ to: '+8613812345678' });
  });

  it('treats a gateway 4xx as permanent', async () => {
    gateway.answer = status(400);

    const err = await failureOf(driver.send(message('13812345678')));

    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('400');
    expectNothingSecretIn(err, gateway);
  });

  it('treats a gateway 5xx, and 429, as retryable', async () => {
    gateway.answer = status(503);
    const err503 = await failureOf(driver.send(message('13812345678')));
    expect(err503).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err503.message).toContain('503');
    expectNothingSecretIn(err503, gateway);

    gateway.answer = status(429);
    const err429 = await failureOf(driver.send(message('13812345678')));
    expect(err429).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err429.message).toContain('429');
  });

  it('treats a gateway that does not answer within the timeout as retryable', async () => {
    gateway.answer = () => undefined;
    const impatient = new HttpSmsDriver({ url: gateway.url, token: TOKEN, timeoutMs: 300 });
    const started = Date.now();

    const err = await failureOf(impatient.send(message('13812345678')));

    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
    expectNothingSecretIn(err, gateway);
  });

  it('treats a gateway that cannot be reached as retryable', async () => {
    const gone = new FakeGateway();
    await gone.start();
    await gone.stop();

    const err = await failureOf(new HttpSmsDriver({ url: gone.url, token: TOKEN }).send(message('13812345678')));

    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('ECONNREFUSED');
    expectNothingSecretIn(err, gone);
  });

  it('refuses, without calling the gateway, an address that is not a mobile number', async () => {
    for (const address of ['zhang@example.org', '12345', '+0123456789', '23812345678']) {
      const err = await failureOf(driver.send(message(address)));
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect(err.message).not.toContain(address);
    }
    expect(gateway.received).toHaveLength(0);
  });

  it('refuses at start-up a gateway URL that is not http(s), without echoing it', () => {
    for (const url of [`ftp://${PATH_SECRET}@gw.example/send`, `not a url ${PATH_SECRET}`]) {
      let thrown: unknown;
      try {
        new HttpSmsDriver({ url });
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toMatch(/SMS gateway URL/);
      expect((thrown as Error).message).not.toContain(PATH_SECRET);
    }
  });
});
