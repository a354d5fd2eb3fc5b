import { AuditAction } from '../../../protocol';
import type { AuditRepo } from '../data/audit-repo';
import { nowIso } from '../data/db';
import type { Principal } from './principal';

export interface AuditEntryInput {
  action: AuditAction;
  /** Who did it: the caller's principal, or just a user id (a failed sign-in names the account tried, if any). */
  actor?: Principal | { userId?: string };
  /** Defaults to the actor's team when the actor is a principal. */
  teamId?: string;
  target?: { type: string; id: string };
  ip?: string;
  userAgent?: string;
  details?: Record<string, unknown>;
}

/** User agents are the client's to choose: keep what helps a person tell clients apart, bounded. */
const MAX_USER_AGENT = 512;

/**
 * The activity log of security-relevant actions (sign-ins, tokens, roles, invitations, exports…).
 * Recording is awaited and its failure propagates: an action whose trace cannot be written should
 * not silently succeed. The HTTP layer supplies ip and user agent (http/audit-context.ts).
 */
export class AuditLog {
  constructor(private readonly repo: AuditRepo) {}

  async record(entry: AuditEntryInput): Promise<void> {
    const action = AuditAction.parse(entry.action); // a typo in a caller must not write an unknown action
    const actor = entry.actor;
    const principal = actor && 'tokenId' in actor ? actor : undefined;
    await this.repo.append({
      at: nowIso(),
      action,
      actorUserId: actor?.userId ?? null,
      actorTokenId: principal?.tokenId ?? null,
      teamId: entry.teamId ?? principal?.teamId ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      details: entry.details ?? null,
    });
  }
}
