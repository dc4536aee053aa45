import { createServer, connect, type Server, type Socket } from 'node:net';

import { freePort } from './processes';

/** A TCP proxy on loopback in front of a real server, to cut a process off from it and let it back. */
export interface TcpProxy {
  /** The proxy's port: point a process here instead of at the server. */
  port: number;
  /** `url` (e.g. `nats://user:pass@127.0.0.1:4222`) with its host and port replaced by the proxy's. */
  through(url: string): string;
  /** Drop every connection and refuse new ones (ECONNREFUSED), as when the server is down. */
  cut(): Promise<void>;
  /** Accept connections again. */
  restore(): Promise<void>;
  /** Cut and stop for good. */
  close(): Promise<void>;
}

/** Start a proxy that forwards every connection on a free port to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const cut = async () => {
    // close() stops accepting and calls back once the open connections are gone: destroy them
    const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const s of sockets) s.destroy();
    await closed;
  };
  await listen();
  return {
    port,
    through(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString().replace(/\/$/, '');
    },
    cut,
    async restore() {
      if (!server.listening) await listen();
    },
    async close() {
      await cut();
    },
  };
}
