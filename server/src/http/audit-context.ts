import type { Request } from 'express';

/**
 * Where a request came from, for the activity log: `{ ip, userAgent }`, spread into
 * `audit.record({ ...auditContext(req), action, … })`.
 *
 * req.ip honours X-Forwarded-For only from a loopback peer (app.ts sets `trust proxy` to
 * 'loopback'): behind a reverse proxy on the same host the client's address is logged; from
 * anywhere else a forged header is ignored and the peer's address is logged. A proxy on another
 * host would need `trust proxy` widened to it.
 */
export function auditContext(req: Request): { ip?: string; userAgent?: string } {
  return { ip: req.ip ?? req.socket.remoteAddress, userAgent: req.get('user-agent') ?? undefined };
}
