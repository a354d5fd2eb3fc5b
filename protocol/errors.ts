import * as z from 'zod';

/** Every error the server returns, whatever the route: `{"error": {"code", "message", …}}`. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Which fields were wrong, for 400s. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Stable error codes; clients branch on these, never on messages. */
export const ErrorCode = {
  badRequest: 'bad_request',
  invalidJson: 'invalid_json',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  upstreamError: 'upstream_error',
  upstreamTimeout: 'upstream_timeout',
  noProvider: 'no_provider',
  limitsUnavailable: 'limits_unavailable',
  circuitOpen: 'circuit_open',
  contextLengthExceeded: 'context_length_exceeded',
  /** The model answered, twice, with output that did not validate (reviews, commit messages). */
  badModelOutput: 'bad_model_output',
  /** Sign-in failed: the same code and message whether the email is unknown or the password wrong. */
  invalidCredentials: 'invalid_credentials',
  /** Too many failed sign-ins for this email: 429 with Retry-After, even for the right password. */
  accountLocked: 'account_locked',
  /** 410: the invitation expired or was revoked; ask for a new one. */
  invitationExpired: 'invitation_expired',
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
