import type { Request, Response } from 'express';
import type { CallMeta } from '../llm/gateway';
import { principalOf } from './auth';

/** performance.now() at arrival, stamped by the first middleware. */
export const receivedAt = (res: Response): number => (res.locals.receivedAt as number | undefined) ?? performance.now();

export function callMeta(req: Request, res: Response, task: CallMeta['task']): CallMeta {
  return { requestId: String(req.id), principal: principalOf(res), task, receivedAt: receivedAt(res) };
}

export const OVERHEAD_HEADER = 'x-churnistic-overhead-ms';
export const formatMs = (ms: number) => Math.max(0, ms).toFixed(2);
