import { z } from 'zod';

/**
 * Firebase Authentication settings, validated with the rest of the environment (config.ts spreads
 * FIREBASE_ENV into its schema), so a malformed FIREBASE_WEB_CONFIG stops start-up with a clear message
 * instead of breaking the sign-in page later.
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** What the browser SDK needs (the values from the Firebase console's web app); extra keys pass through. */
export const FirebaseWebConfig = z.looseObject({
  apiKey: z.string().min(1),
  authDomain: z.string().min(1),
  projectId: z.string().min(1),
});
export type FirebaseWebConfig = z.infer<typeof FirebaseWebConfig>;

const webConfigJson = z.preprocess(emptyToUndefined, z.string().transform((s, ctx) => {
  try {
    const parsed = FirebaseWebConfig.safeParse(JSON.parse(s));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: `FIREBASE_WEB_CONFIG needs apiKey, authDomain and projectId (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})` });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'FIREBASE_WEB_CONFIG must be JSON such as {"apiKey":"…","authDomain":"…","projectId":"…"}' });
  }
  return z.NEVER;
}).optional());

export const FIREBASE_ENV = {
  FIREBASE_PROJECT_ID: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9-]{4,40}$/, 'FIREBASE_PROJECT_ID must be a Firebase project id such as my-project-123').optional()),
  FIREBASE_WEB_CONFIG: webConfigJson,
  FIREBASE_AUTH_EMULATOR_HOST: z.preprocess(emptyToUndefined, z.string().regex(/^[\w.-]+:\d+$/, 'FIREBASE_AUTH_EMULATOR_HOST must be host:port, e.g. 127.0.0.1:9099').optional()),
  CHURNISTIC_OPEN_SIGNUP_TEAM: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
};

export interface FirebaseSettings {
  /** Whose ID tokens are accepted (their `aud`); unset: Firebase sign-in is off. */
  projectId?: string;
  /** Handed to the sign-in page; unset: no Google/GitHub buttons. */
  webConfig?: FirebaseWebConfig;
  /** The Auth emulator's host:port (tests, local work): firebase-admin then accepts its unsigned tokens. */
  emulatorHost?: string;
  /** A team id: a verified Firebase user without account or invitation joins it as a member. Unset: invitation only. */
  openSignupTeam?: string;
}

type FirebaseEnv = { [K in keyof typeof FIREBASE_ENV]?: z.infer<(typeof FIREBASE_ENV)[K]> };

export function firebaseSettings(e: FirebaseEnv): FirebaseSettings {
  return {
    // the web app's project is the one whose tokens the page will send, so it is a sensible default
    projectId: e.FIREBASE_PROJECT_ID ?? e.FIREBASE_WEB_CONFIG?.projectId,
    webConfig: e.FIREBASE_WEB_CONFIG,
    emulatorHost: e.FIREBASE_AUTH_EMULATOR_HOST,
    openSignupTeam: e.CHURNISTIC_OPEN_SIGNUP_TEAM,
  };
}
