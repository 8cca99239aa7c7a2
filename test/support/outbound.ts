import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboundFetch } from '../../src/platform/http/outbound.js';

/**
 * A server on 127.0.0.1 that counts every TCP connection made to it, even one that never sends a
 * request (a TLS hello, a refused request): a test proves "nothing reached it" with
 * `connections === 0`. `handle` answers requests (default: 200 "internal secret").
 */
export async function startInternalService(handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('internal secret')) {
  const state = { connections: 0, requests: [] as { method: string; url: string; headers: IncomingMessage['headers'] }[] };
  const server = createServer((req, res) => {
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handle(req, res);
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type InternalService = Awaited<ReturnType<typeof startInternalService>>;

/** The guarded client as tests use it: the fake carriers and marketplaces listen on loopback. */
export const loopbackFetch = outboundFetch({ allowPrivate: true });
