import type { TokenScope } from '../../../protocol';
import type { Principal, Role } from './principal';

/**
 * THE permission model: every route names one Action (server/src/http/route-policy.ts) and this
 * module alone decides who may perform it. Two checks, both must pass:
 *  1. the caller's role in the token's team ranks at least the action's minimum role;
 *  2. the token carries the action's scope (a token without scopes carries them all).
 *
 * | action             | min role | scope   | what                                                        |
 * | ------------------ | -------- | ------- | ----------------------------------------------------------- |
 * | public             | —        | —       | no token needed (health, docs, sign-in, setup, pages)       |
 * | profile.own        | viewer   | —       | /me, own profile and preferences, sign out                  |
 * | models.read        | viewer   | —       | model lists (the picker, /v1/models)                        |
 * | usage.read_own     | viewer   | —       | own usage and inline acceptance stats                       |
 * | usage.read_team    | admin    | admin   | the whole team's usage (checked inside GET /usage)          |
 * | templates.read     | viewer   | —       | team prompt templates                                       |
 * | templates.write    | member   | chat    | save a template version                                     |
 * | templates.delete   | admin    | admin   | delete a template                                           |
 * | chat.use           | member   | chat    | chat panel, OpenAI-compatible completions                   |
 * | inline.use         | member   | inline  | inline completions, their config and events                 |
 * | review.use         | member   | review  | model reviews, commit messages                              |
 * | history.read       | viewer   | history | list, search, open, export own conversations                |
 * | history.write      | member   | history | rename, delete, import, rate answers                        |
 * | tokens.manage_own  | viewer   | admin   | list, create, revoke own tokens                             |
 * | tokens.manage_team | admin    | admin   | list and revoke the team's tokens                           |
 * | members.read       | viewer   | admin   | the team and its member list                                |
 * | members.manage     | admin    | admin   | change roles, remove members (more rules in the route)      |
 * | invitations.manage | admin    | admin   | invite, list and revoke invitations                         |
 * | audit.read         | admin    | admin   | query and export the activity log                           |
 * | team.settings      | admin    | admin   | team settings, the mail outbox                              |
 * | metrics.read       | admin    | admin   | Prometheus /metrics                                         |
 *
 * Why these: viewers read but never spend (no LLM calls) nor change shared data; managing tokens
 * needs the `admin` scope so a narrowly scoped token can never mint a broader one; admins manage
 * the team but only owners touch owners and admins (route-level rules in members routes).
 */
export type Action =
  | 'public' | 'profile.own' | 'models.read' | 'usage.read_own' | 'usage.read_team'
  | 'templates.read' | 'templates.write' | 'templates.delete'
  | 'chat.use' | 'inline.use' | 'review.use' | 'history.read' | 'history.write'
  | 'tokens.manage_own' | 'tokens.manage_team' | 'members.read' | 'members.manage' | 'invitations.manage'
  | 'audit.read' | 'team.settings' | 'metrics.read';

interface Rule { role: Role; scope: TokenScope | null }

export const RULES: Record<Exclude<Action, 'public'>, Rule> = {
  'profile.own': { role: 'viewer', scope: null },
  'models.read': { role: 'viewer', scope: null },
  'usage.read_own': { role: 'viewer', scope: null },
  'usage.read_team': { role: 'admin', scope: 'admin' },
  'templates.read': { role: 'viewer', scope: null },
  'templates.write': { role: 'member', scope: 'chat' },
  'templates.delete': { role: 'admin', scope: 'admin' },
  'chat.use': { role: 'member', scope: 'chat' },
  'inline.use': { role: 'member', scope: 'inline' },
  'review.use': { role: 'member', scope: 'review' },
  'history.read': { role: 'viewer', scope: 'history' },
  'history.write': { role: 'member', scope: 'history' },
  'tokens.manage_own': { role: 'viewer', scope: 'admin' },
  'tokens.manage_team': { role: 'admin', scope: 'admin' },
  'members.read': { role: 'viewer', scope: 'admin' },
  'members.manage': { role: 'admin', scope: 'admin' },
  'invitations.manage': { role: 'admin', scope: 'admin' },
  'audit.read': { role: 'admin', scope: 'admin' },
  'team.settings': { role: 'admin', scope: 'admin' },
  'metrics.read': { role: 'admin', scope: 'admin' },
};

export const ACTIONS = ['public', ...Object.keys(RULES)] as Action[];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const roleAtLeast = (role: Role, min: Role): boolean => RANK[role] >= RANK[min];

/** Why `can` said no, for the 403 message; null when it says yes. */
export function denial(principal: Pick<Principal, 'role' | 'scopes'> | null | undefined, action: Action): string | null {
  if (action === 'public') return null;
  if (!principal) return 'not authenticated';
  const rule = RULES[action];
  if (!rule) return `unknown action ${action}`; // fail closed on anything not in the table
  if (!roleAtLeast(principal.role, rule.role)) return `this action (${action}) needs the ${rule.role} role or higher`;
  if (rule.scope && principal.scopes && !principal.scopes.includes(rule.scope)) {
    return `this token lacks the "${rule.scope}" scope that ${action} needs`;
  }
  return null;
}

export function can(principal: Pick<Principal, 'role' | 'scopes'> | null | undefined, action: Action): boolean {
  return denial(principal, action) === null;
}
