import * as z from 'zod';

/** `GET /api/v1/me`: who a token belongs to. Loose, so newer servers may add fields. */
export const MeResponse = z.looseObject({
  user: z.looseObject({ id: z.string(), name: z.string(), role: z.string() }),
  teamId: z.string().nullable().optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;
