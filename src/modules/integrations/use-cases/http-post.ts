import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIpLiteral, isPrivateHost } from '../../../platform/http/outbound-url.js';

export interface PostResult {
  status: number;
  /** The first KiB of the answer. */
  body: string;
}

export class BlockedAddressError extends Error {}

/**
 * Resolves like the system resolver, but refuses a name that resolves into a private network.
 * Checking at connection time (not only when the URL was saved) also stops DNS rebinding: the
 * address the socket connects to is the one checked.
 */
function publicOnlyLookup(hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const list = addresses as LookupAddress[];
    const blocked = list.find((a) => isPrivateHost(a.address));
    if (blocked) return callback(new BlockedAddressError(`${hostname} resolves to ${blocked.address}, inside a private network`), '');
    if ((options as { all?: boolean }).all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(new Error(`${hostname} has no address`), '');
    callback(null, first.address, first.family);
  });
}

/**
 * POSTs a body and reads at most 1 KiB of the answer. Redirects are not followed: a signed
 * request goes where the merchant said and nowhere else. `allowPrivate` false refuses private
 * addresses, whether literal or resolved.
 */
export function postOnce(url: string, headers: Record<string, string>, body: string, timeoutMs: number, allowPrivate: boolean): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (!allowPrivate && isIpLiteral(target.hostname) && isPrivateHost(target.hostname)) {
      reject(new BlockedAddressError(`${target.hostname} is inside a private network`));
      return;
    }
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      ...(allowPrivate ? {} : { lookup: publicOnlyLookup as RequestOptions['lookup'] }),
    };
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < 1024) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 1024) }));
      res.on('error', reject);
    });
    // A deadline for the whole exchange, not only idle time: a receiver that drips bytes still times out.
    const deadline = setTimeout(() => req.destroy(new TimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', reject);
    req.end(body);
  });
}

export class TimeoutError extends Error {}
