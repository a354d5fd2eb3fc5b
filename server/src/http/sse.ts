import type { Response } from 'express';

/** Starts a Server-Sent Events response; proxies must not buffer or transform it. */
export function startSse(res: Response): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
}

export function sendEvent(res: Response, data: unknown): void {
  if (!res.writableEnded) res.write(`data: ${JSON.stringify(data)}\n\n`);
}

/** The only way a stream says it finished normally. */
export function endWithDone(res: Response): void {
  if (!res.writableEnded) res.end('data: [DONE]\n\n');
}

/** A stream that failed after it began: an explicit error event and no [DONE]. */
export function endWithError(res: Response, error: unknown): void {
  if (!res.writableEnded) res.end(`data: ${JSON.stringify(error)}\n\n`);
}
