import type { z } from 'zod';
import { ErrorCode } from '../../../protocol';
import { AppError } from '../domain/errors';

/** Parses untrusted input with a zod schema; a failure is a 400 naming each wrong field. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new AppError(400, ErrorCode.badRequest, `invalid ${what}: ${summary}`, { issues });
}
