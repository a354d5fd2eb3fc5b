import * as z from 'zod';
import { TeamRole } from './accounts';

/**
 * Local accounts (issue #8): sign-in, setup, password reset, invitations, profile and preferences.
 * The server validates with these, /openapi.json documents them, the web pages and the extension
 * type their calls with them.
 */

/** Stored lower-case: one account per address whatever its case. */
export const Email = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an email address' }).max(254));

/** At least 10 characters (length beats composition rules); at most 256 so hashing stays bounded. */
export const NewPassword = z.string().min(10, 'passwords need at least 10 characters').max(256);

export const LoginRequest = z.object({
  email: Email,
  // Not NewPassword: an old, shorter password must still be able to fail the same way as any other.
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** A session (`churs_…`, 30 days) and who it belongs to: the answer to sign-in, setup and accepting an invitation. */
export const SessionResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), email: z.string().nullable(), name: z.string() }),
  team: z.object({ id: z.string(), name: z.string(), role: TeamRole }),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

/** `POST /auth/logout`: whether the calling token was a session and is now revoked (API tokens never are). */
export const LogoutResponse = z.object({ revoked: z.boolean() });
export type LogoutResponse = z.infer<typeof LogoutResponse>;

/** `POST /auth/logout-all`: how many of the caller's sessions ended (API tokens stay). */
export const LogoutAllResponse = z.object({ revoked: z.number().int() });
export type LogoutAllResponse = z.infer<typeof LogoutAllResponse>;

export const PasswordResetRequest = z.object({ email: Email });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const PasswordResetConfirm = z.object({ token: z.string().min(1).max(200), password: NewPassword });
export type PasswordResetConfirm = z.infer<typeof PasswordResetConfirm>;

/** `GET /api/v1/setup`: whether the first owner still has to be created. */
export const SetupStatus = z.object({ needsSetup: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupRequest = z.object({
  teamName: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  email: Email,
  password: NewPassword,
});
export type SetupRequest = z.infer<typeof SetupRequest>;

export const CreateInvitationRequest = z.object({ email: Email, role: TeamRole });
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

export const InvitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const Invitation = z.object({
  id: z.string(),
  teamId: z.string(),
  email: z.string(),
  role: TeamRole,
  status: InvitationStatus,
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

/** The answer to creating one: the link is also mailed (or put in the outbox); it is never shown again. */
export const CreatedInvitation = Invitation.extend({ token: z.string(), acceptUrl: z.string() });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const InvitationList = z.object({ data: z.array(Invitation) });
export type InvitationList = z.infer<typeof InvitationList>;

/**
 * `POST /api/v1/invitations/accept`. A new address needs name and password; an existing account
 * joins when the request carries its session/token or its password.
 */
export const AcceptInvitationRequest = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(1).max(256).optional(),
});
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequest>;

export const Profile = z.object({ id: z.string(), email: z.string().nullable(), name: z.string() });
export type Profile = z.infer<typeof Profile>;

export const UpdateProfileRequest = z.object({ name: z.string().trim().min(1).max(100) });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

/** Per-user settings kept on the server so every editor the user signs in to reads the same ones. */
export const Preferences = z.object({
  defaultModels: z.object({
    chat: z.string().min(1).max(200).optional(),
    inline: z.string().min(1).max(200).optional(),
    review: z.string().min(1).max(200).optional(),
  }).default({}),
  features: z.object({
    inline: z.boolean().default(true),
    chat: z.boolean().default(true),
    review: z.boolean().default(true),
    analysis: z.boolean().default(true),
  }).default({ inline: true, chat: true, review: true, analysis: true }),
});
export type Preferences = z.infer<typeof Preferences>;

export const OutboxMail = z.object({
  id: z.number().int(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxMail = z.infer<typeof OutboxMail>;

export const OutboxQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Newest first; only mail about the caller's team. */
export const OutboxList = z.object({ data: z.array(OutboxMail) });
export type OutboxList = z.infer<typeof OutboxList>;
