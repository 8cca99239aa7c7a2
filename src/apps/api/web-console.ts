import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DomainError } from '../../platform/errors.js';

/**
 * The operator console (web/; docs/architecture.md "web/ — the operator console"): `oms serve` serves the built
 * single-page app from web/dist at /, on the same origin as the API, so the session cookie and the
 * CSRF token work without CORS. Only the files found in web/dist at start-up are served (a request
 * path is looked up in that list, never joined onto the file system), so no path can leave it.
 */
export const defaultWebConsoleDir = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths that belong to the API and the operations endpoints: never answered with the console. */
const serverPaths = ['/v1', '/docs', '/health', '/ready', '/metrics', '/openapi.json'];
const isServerPath = (path: string) => serverPaths.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * Sent with every console response. Scripts only from this origin (no inline script, no eval), so
 * a value from a channel that slipped into the page as markup still could not run. `style-src` allows
 * inline styles because Mantine sets its theme as CSS variables in a <style> element and responsive
 * props as style attributes; a style cannot run code, and all data is rendered as text by React.
 */
export const consoleSecurityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

interface ConsoleFile {
  path: string;
  type: string;
  /** Vite names what it emits under assets/ by content hash: a name never changes its bytes. */
  immutable: boolean;
  body?: Buffer;
  gzipped?: Buffer;
}

/** Every regular file under `dir` by URL path (`/assets/index-abc.js`); symbolic links and dot files (the build's stamp) are left out. */
function listFiles(dir: string, under = dir, files = new Map<string, ConsoleFile>()): Map<string, ConsoleFile> {
  for (const entry of readdirSync(under, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(under, entry.name);
    if (entry.isDirectory()) listFiles(dir, path, files);
    else if (entry.isFile()) {
      const url = `/${relative(dir, path).split(sep).join('/')}`;
      files.set(url, { path, type: contentTypes[extname(path)] ?? 'application/octet-stream', immutable: url.startsWith('/assets/') });
    }
  }
  return files;
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OMS console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The console is not built</h1>
<p>This OMS serves its API at <a href="/docs">/docs</a>, but the operator console (web/dist) is missing.</p>
<p>Build it with <code>npm run build</code> (<code>npm install</code> and <code>npm start</code> do it too), then restart <code>oms serve</code>.</p>
</body></html>
`;

function send(request: FastifyRequest, reply: FastifyReply, file: ConsoleFile): FastifyReply {
  file.body ??= readFileSync(file.path);
  reply.headers(consoleSecurityHeaders).header('content-type', file.type);
  reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  const ext = extname(file.path);
  if (compressible.has(ext) && file.body.length > 1024) {
    reply.header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      file.gzipped ??= gzipSync(file.body);
      return reply.header('content-encoding', 'gzip').send(file.gzipped);
    }
  }
  return reply.send(file.body);
}

/** A browser asking for a page of the console (a deep link, a reload on /orders/ord_…). */
const wantsPage = (request: FastifyRequest) =>
  (request.method === 'GET' || request.method === 'HEAD') && String(request.headers.accept ?? '').includes('text/html') && !isServerPath(request.url.split('?')[0] ?? '');

/**
 * Serves the console from `dir`. Call before installProblemHandling: its hook answers a page
 * request that matched no route (the SPA's own paths) with index.html before the 404 hook does.
 * Any other unmatched request stays a 404 problem, its body unread.
 */
export function installWebConsole(app: FastifyInstance, dir: string = defaultWebConsoleDir): void {
  const files = existsSync(join(dir, 'index.html')) ? listFiles(dir) : null;
  const index = files?.get('/index.html');
  const page = (request: FastifyRequest, reply: FastifyReply) =>
    index ? send(request, reply, index) : reply.headers(consoleSecurityHeaders).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(notBuiltPage);
  const route = { config: { action: 'public' as const }, schema: { hide: true } };

  app.get('/', route, async (request, reply) => page(request, reply));
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 && wantsPage(request)) return page(request, reply);
  });
  if (!files) return;
  // One route for the hashed assets (one metrics label, whatever the build); the few other files each their own.
  app.get('/assets/*', route, async (request, reply) => {
    const file = files.get(request.url.split('?')[0] ?? '');
    if (!file) throw new DomainError('ROUTE_NOT_FOUND', `${request.url} is not a file of the console.`);
    return send(request, reply, file);
  });
  for (const [url, file] of files) {
    if (url.startsWith('/assets/') || url === '/index.html' || isServerPath(url)) continue;
    app.get(url, route, async (request, reply) => send(request, reply, file));
  }
}
