import * as z from 'zod';

/** `GET /api/v1/me`: who a token belongs to. Loose, so newer servers may add fields. */
export const MeResponse = z.looseObject({
  user: z.looseObject({ id: z.string(), name: z.string(), role: z.string(), email: z.string().nullable().optional() }),
  teamId: z.string().nullable().optional(),
  /** Added with accounts (issue #8); optional so the extension still accepts older servers. */
  team: z.looseObject({ id: z.string(), name: z.string() }).optional(),
  /** null: every scope. */
  scopes: z.array(z.string()).nullable().optional(),
  tokenKind: z.string().optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;
