import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerOptions } from 'node:http';
import type { Config } from '../config.js';
import { problemOf } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body may take OMS_IMPORT_TIMEOUT_MS to arrive rather than OMS_REQUEST_TIMEOUT_MS (imports). */
    longRequest?: boolean;
  }
}

type Limits = Pick<Config, 'requestTimeoutMs' | 'importTimeoutMs' | 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections' | 'maxRequestsPerSocket'>;

/** The longest a request may take to arrive: Node enforces this one for every route itself. */
const longestOf = (limits: Limits) => Math.max(limits.requestTimeoutMs, limits.importTimeoutMs);

/**
 * Node's own limits for the server Fastify creates. Node cuts a request whose headers or whole
 * message have not arrived in time (408, connection closed), but checks only every
 * connectionsCheckingInterval (30 s by default, so a 10 s limit could last 40 s): checked here at
 * a quarter of the shorter limit, at most once a second.
 */
export function serverLimitOptions(limits: Limits): { requestTimeout: number; keepAliveTimeout: number; maxRequestsPerSocket: number; http: ServerOptions } {
  const longest = longestOf(limits);
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs, longest);
  return {
    requestTimeout: longest,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: { headersTimeout, connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(Math.min(headersTimeout, limits.requestTimeoutMs) / 4))) },
  };
}

function timedOut(request: FastifyRequest, reply: FastifyReply, limitMs: number): void {
  const socket = request.raw.socket;
  request.log.info({ limitMs }, 'request body did not arrive in time; connection closed');
  if (reply.raw.headersSent) {
    socket.destroy();
    return;
  }
  reply.hijack();
  const body = { ...problemOf('REQUEST_TIMEOUT', `The request did not arrive whole within ${limitMs} ms.`), instance: request.url };
  reply.raw.writeHead(408, { 'content-type': 'application/problem+json', connection: 'close', 'x-request-id': request.id });
  reply.raw.end(JSON.stringify(body), () => socket.destroy());
}

/**
 * Node holds every route to the longest limit (the import's); every other route's request must
 * have arrived whole within OMS_REQUEST_TIMEOUT_MS of its headers, so a client dripping a body
 * one byte at a time to a public webhook route is cut off. A connection over OMS_MAX_CONNECTIONS
 * is closed as soon as it is accepted.
 */
export function installRequestLimits(app: FastifyInstance, limits: Limits): void {
  app.server.maxConnections = limits.maxConnections;
  const longest = longestOf(limits);
  app.addHook('onRequest', (request, reply, done) => {
    const limitMs = request.routeOptions.config?.longRequest ? limits.importTimeoutMs : limits.requestTimeoutMs;
    if (limitMs >= longest || request.raw.complete) {
      done();
      return;
    }
    const timer = setTimeout(() => {
      if (!request.raw.complete) timedOut(request, reply, limitMs);
    }, limitMs);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
    arrivalTimers.set(request, timer);
    done();
  });
  // The limit is on the request's arrival, not on the work it asks for: once its body has been
  // read (validation comes after parsing), a slow handler is no reason for a 408. Node's `complete`
  // says the same for a real socket; an injected request (tests, the CLI) never sets it.
  app.addHook('preValidation', (request, _reply, done) => {
    clearTimeout(arrivalTimers.get(request));
    done();
  });
}

const arrivalTimers = new WeakMap<FastifyRequest, NodeJS.Timeout>();
