// Typed failures of talking to the Churnistic server. Callers branch on the class (sign in again,
// show "unreachable", show the server's message) and never on message text.

export abstract class ChurnisticError extends Error {
  abstract readonly kind: 'unauthorized' | 'unreachable' | 'server' | 'interrupted';
}

/** 401: no token, or the server rejected it. */
export class UnauthorizedError extends ChurnisticError {
  readonly kind = 'unauthorized';
  constructor(readonly serverUrl: string, message = `The Churnistic server at ${serverUrl} rejected the token`) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** No HTTP answer at all: connection refused, DNS failure, timeout, bad URL. */
export class UnreachableError extends ChurnisticError {
  readonly kind = 'unreachable';
  constructor(readonly serverUrl: string, readonly reason: string) {
    super(`Cannot reach the Churnistic server at ${serverUrl}: ${reason}`);
    this.name = 'UnreachableError';
  }
}

/** The server answered with an error status or a body that does not match the protocol. */
export class ServerError extends ChurnisticError {
  readonly kind = 'server';
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ServerError';
  }
}

/** A chat stream stopped before `done`/`[DONE]` or an `error` event: the answer is incomplete. */
export class StreamInterruptedError extends ChurnisticError {
  readonly kind = 'interrupted';
  constructor(reason: string) {
    super(`The answer stream broke off: ${reason}`);
    this.name = 'StreamInterruptedError';
  }
}

/** fetch and stream reads reject with an AbortError (a DOMException) once the signal aborts. */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError');
}

/** Turns fetch's bare "fetch failed" into something a user can act on (ECONNREFUSED, ENOTFOUND…). */
export function describeNetworkError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return e.message;
}
