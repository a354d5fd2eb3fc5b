import type { Request, Response } from 'express';

/**
 * An AbortSignal that fires when the client goes away before we finished answering, so the
 * upstream request is cancelled at once instead of burning tokens for nobody.
 */
export function clientAbortSignal(_req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}
