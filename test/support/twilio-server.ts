import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioSignature } from '../../src/modules/notifications/index.js';

/**
 * A provider speaking Twilio's Messages API on 127.0.0.1: answers each request with the next
 * status of `script` (then 201), and keeps the requests. `sign` makes the X-Twilio-Signature
 * Twilio would send with a callback to `url` (its documented algorithm, keyed by `authToken`).
 */
export async function startSmsProvider(script: number[], authToken = 'test-token') {
  const requests: { path: string; authorization: string | undefined; contentType: string | undefined; form: URLSearchParams }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], form });
      const status = script.shift() ?? 201;
      res.writeHead(status, { 'content-type': 'application/json' });
      if (status === 201) res.end(JSON.stringify({ sid: `SM${'0'.repeat(31)}${requests.length}`, status: 'queued', to: form.get('To'), from: form.get('From'), body: form.get('Body') }));
      else if (status === 400) res.end(JSON.stringify({ code: 21211, message: "The 'To' number is not a valid phone number.", more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 }));
      else res.end(JSON.stringify({ code: 20429, message: 'Too Many Requests', status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    sign: (url: string, form: URLSearchParams) => twilioSignature(authToken, url, [...form]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
