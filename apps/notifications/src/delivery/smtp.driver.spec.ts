import { simpleParser } from 'mailparser';
import { createServer as createNetServer, AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import { DeliveryChannel, OutboundMessage, PermanentDeliveryError } from './channel';
import { SmtpDriver } from './smtp.driver';

const USER = 'notify@citygrid.example';
const PASSWORD = 'Pa55/w@rd:网格';
const FROM = '网格通知 <noreply@citygrid.example>';

interface Received {
  raw: Buffer;
  session: SMTPServerSession;
}

/** A local SMTP sink that checks the login and keeps every message it accepts. */
class SmtpSink {
  readonly received: Received[] = [];
  port = 0;
  private readonly server: SMTPServer;

  constructor(options: Partial<SMTPServerOptions> = {}) {
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, _session, callback) => {
        if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.received.push({ raw: Buffer.concat(chunks), session: structuredClone(session) });
          callback();
        });
      },
      ...options,
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  url(password = PASSWORD): string {
    return `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }
}

/** An SMTP error answer with the given code, as smtp-server sends it. */
function smtpReply(responseCode: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode });
}

const message = (address: string, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  channel: DeliveryChannel.Email,
  address,
  title: '新工单：东华门街道 3 号网格占道经营',
  body: '您好：\n东华门街道 3 号网格有一条新工单，请 30 分钟内到场处置。\n查看：https://console.citygrid.example/cases/C-1024',
  deliveryId: 'd-0003',
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

function expectNoPasswordIn(err: Error): void {
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), 'Pa55']) expect(err.message).not.toContain(secret);
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SmtpDriver (nodemailer) against a local SMTP sink', () => {
  const drivers: SmtpDriver[] = [];
  const driverFor = (url: string, from = FROM): SmtpDriver => {
    const driver = new SmtpDriver({ url, from, connectionTimeoutMs: 3000, socketTimeoutMs: 5000 });
    drivers.push(driver);
    return driver;
  };
  afterAll(() => Promise.all(drivers.map((d) => d.close())));

  describe('a sink that accepts', () => {
    const sink = new SmtpSink();
    beforeAll(() => sink.start());
    afterAll(() => sink.stop());

    it('delivers a UTF-8 mail with the Chinese subject, From, To, body and a Message-ID from the delivery id', async () => {
      await driverFor(sink.url()).send(message('zhang.san@example.org'));

      expect(sink.received).toHaveLength(1);
      const { raw, session } = sink.received[0];
      expect(session.user).toBe(USER);
      expect(session.envelope.mailFrom && session.envelope.mailFrom.address).toBe('noreply@citygrid.example');
      expect(session.envelope.rcptTo.map((r) => r.address)).toEqual(['zhang.san@example.org']);

      const mail = await simpleParser(raw);
      expect(mail.subject).toBe('新工单：东华门街道 3 号网格占道经营');
      expect(mail.from?.value).toEqual([{ address: 'noreply@citygrid.example', name: '网格通知' }]);
      const to = Array.isArray(mail.to) ? mail.to : [mail.to];
      expect(to.flatMap((a) => a?.value.map((v) => v.address))).toEqual(['zhang.san@example.org']);
      expect(mail.text?.trimEnd()).toBe('您好：\n东华门街道 3 号网格有一条新工单，请 30 分钟内到场处置。\n查看：https://console.citygrid.example/cases/C-1024');
      expect(mail.html).toBe(false);
      expect(mail.messageId).toBe('<d-0003@citygrid>');
      expect(mail.headers.get('content-type')).toMatchObject({ value: 'text/plain', params: { charset: 'utf-8' } });
      // the subject travels encoded, so that every mail client shows it as written
      expect(raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    });

    it('keeps a Message-ID valid whatever the delivery id holds', async () => {
      sink.received.length = 0;
      await driverFor(sink.url()).send(message('li.si@example.org', { deliveryId: 'case C-1024/assign <2>' }));

      const mail = await simpleParser(sink.received[0].raw);
      expect(mail.messageId).toBe('<case_C-1024/assign__2_@citygrid>');
    });

    it('refuses a login with the wrong password as permanent, without the password in the error', async () => {
      const err = await failureOf(driverFor(sink.url('wrong-Pa55')).send(message('zhang.san@example.org')));

      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect(err.message).toContain('535');
      expectNoPasswordIn(err);
      expect(err.message).not.toContain('wrong-Pa55');
    });

    it('refuses, without connecting, an address that is not one mailbox', async () => {
      const before = sink.received.length;
      for (const address of ['zhang.san', 'a@example.org, b@example.org', '<zhang@example.org>\r\nBcc: x@example.org']) {
        const err = await failureOf(driverFor(sink.url()).send(message(address)));
        expect(err).toBeInstanceOf(PermanentDeliveryError);
        expect(err.message).not.toContain(address);
      }
      expect(sink.received).toHaveLength(before);
    });
  });

  describe('a sink that refuses the recipient with 550', () => {
    const sink = new SmtpSink({
      onRcptTo: (_address, _session, callback) => callback(smtpReply(550, '5.1.1 <zhang.san@example.org>: Recipient address rejected: User unknown')),
    });
    beforeAll(() => sink.start());
    afterAll(() => sink.stop());

    it('throws PermanentDeliveryError with the SMTP code, not the address or the password', async () => {
      const err = await failureOf(driverFor(sink.url()).send(message('zhang.san@example.org')));

      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect(err.message).toContain('550');
      expect(err.message).toContain('RCPT TO');
      expect(err.message).not.toContain('zhang.san');
      expectNoPasswordIn(err);
      expect(sink.received).toHaveLength(0);
    });
  });

  describe('a sink that defers with 451', () => {
    const sink = new SmtpSink({
      onData: (stream, _session, callback) => {
        stream.resume();
        stream.on('end', () => callback(smtpReply(451, '4.7.1 Greylisted, try again later')));
      },
    });
    beforeAll(() => sink.start());
    afterAll(() => sink.stop());

    it('throws a retryable error', async () => {
      const err = await failureOf(driverFor(sink.url()).send(message('zhang.san@example.org')));

      expect(err).not.toBeInstanceOf(PermanentDeliveryError);
      expect(err.message).toContain('451');
      expectNoPasswordIn(err);
    });
  });

  it('throws a retryable error when no SMTP server listens, without the password', async () => {
    const port = await freePort();
    const url = `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;

    const err = await failureOf(driverFor(url).send(message('zhang.san@example.org')));

    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('ECONNREFUSED');
    expectNoPasswordIn(err);
  });

  it('refuses at start-up a URL that is not smtp:// or smtps://, without echoing it', () => {
    for (const url of [`http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:25`, `${USER}:${PASSWORD}@mail`]) {
      let thrown: unknown;
      try {
        new SmtpDriver({ url, from: FROM });
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toMatch(/SMTP URL/);
      expectNoPasswordIn(thrown as Error);
    }
  });
});
