import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCode, type ErrorBody } from '../../../protocol';
import { AppError } from '../domain/errors';
import { AbortedError } from '../llm/upstream-errors';

/** Body-parser errors carry a `type` and a `status`; map them to our codes. */
function fromBodyParser(err: { type?: string; status?: number; limit?: number }): AppError | undefined {
  if (err.type === 'entity.too.large') {
    return new AppError(413, ErrorCode.payloadTooLarge, `request body is larger than the ${err.limit}-byte limit`);
  }
  if (err.type === 'entity.parse.failed') return new AppError(400, ErrorCode.invalidJson, 'request body is not valid JSON');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new AppError(415, ErrorCode.badRequest, 'unsupported request body encoding');
  }
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return new AppError(err.status, ErrorCode.badRequest, 'the request could not be read');
  }
  return undefined;
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err && typeof err === 'object') {
    const mapped = fromBodyParser(err as { type?: string; status?: number });
    if (mapped) return mapped;
  }
  return new AppError(500, ErrorCode.internal, 'internal server error');
}

export function errorBody(err: AppError, requestId?: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.extra.issues ? { issues: err.extra.issues } : {}),
      ...(requestId ? { requestId } : {}),
    },
  };
}

/** The one place failures become responses: JSON, the right status, never a stack trace. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof AbortedError) return; // the client is gone; nothing to send
  const appError = toAppError(err);
  if (appError.status >= 500) req.log?.error({ err }, 'request failed');
  else req.log?.info({ code: appError.code, msg: appError.message }, 'request rejected');
  if (res.headersSent) {
    res.end();
    return;
  }
  if (appError.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(appError.extra.retryAfterSeconds));
  res.status(appError.status).json(errorBody(appError, String(req.id ?? '')  || undefined));
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, ErrorCode.notFound, `no route for ${req.method} ${req.path}`));
};
