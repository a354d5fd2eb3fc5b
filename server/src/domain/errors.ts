import { ErrorCode } from '../../../protocol';

/**
 * A failure with a known HTTP meaning. Domain and LLM code throw these; the one error handler
 * in http/ turns them into `{"error": {...}}` responses, and streams into error events.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { retryAfterSeconds?: number; issues?: { path: string; message: string }[] } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, ErrorCode.notFound, `${what} not found`);
export const badRequest = (message: string) => new AppError(400, ErrorCode.badRequest, message);
