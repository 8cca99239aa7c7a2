import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Lets the fake server carry the request out, then drops the connection as the answer starts: what
 * a crash or a network cut after the platform acted looks like to the caller.
 */
export function loseAnswer(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res);
  res.writeHead = ((...args: Parameters<typeof writeHead>) => {
    req.socket.destroy();
    return writeHead(...args);
  }) as typeof res.writeHead;
}
