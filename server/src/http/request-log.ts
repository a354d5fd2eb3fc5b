import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's X-Request-Id when it is sane, else a new one; echoed in the answer. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * Request ids and each request's logger (`req.log`, bound to the request and, once known, its user).
 *
 * At `info` and below, pino-http as before: one JSON line per request (health checks excepted).
 * Above `info` pino-http writes nothing per request yet still builds a child logger (serialising
 * the request and its headers) and two objects at each response; there, the same child logger is
 * made only when something logs through `req.log` (an error, a stream that broke), so a request
 * that logs nothing costs nothing, and what is logged reads exactly as it did.
 */
export function requestLogging(app: Express, logger: Logger): RequestHandler {
  const http = pinoHttp({
    logger,
    genReqId: requestId,
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
  if (logger.isLevelEnabled('info')) return http;

  const httpLogger = http.logger; // with pino-http's req/res/err serialisers
  const own = (req: Request, log: Logger) => {
    Object.defineProperty(req, 'log', { value: log, writable: true, configurable: true, enumerable: true });
    return log;
  };
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request) {
      const log = httpLogger.child({ req: this });
      const principal = (this.res?.locals as { principal?: { userId: string } } | undefined)?.principal;
      if (principal) log.setBindings({ userId: principal.userId });
      return own(this, log);
    },
    set(this: Request, log: Logger) {
      own(this, log);
    },
  });
  return (req, res, next) => {
    req.id = requestId(req, res);
    next();
  };
}

/** Adds the user to the request's logger: now if it exists, else when it is first used. */
export function bindUser(req: Request, _res: Response, userId: string): void {
  if (Object.prototype.hasOwnProperty.call(req, 'log')) req.log.setBindings({ userId });
}
