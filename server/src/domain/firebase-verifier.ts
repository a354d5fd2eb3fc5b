import { randomUUID } from 'node:crypto';
import type { App } from 'firebase-admin/app';
import type { Auth } from 'firebase-admin/auth';
import { ErrorCode } from '../../../protocol';
import { AppError } from './errors';

/** What Churnistic needs from a verified Firebase ID token. */
export interface FirebaseIdentity {
  /** The Firebase uid. */
  uid: string;
  /** firebase.sign_in_provider: google.com, github.com, password, anonymous, custom… */
  provider: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export interface VerifierSettings {
  projectId: string;
  /** host:port of the Auth emulator; firebase-admin then talks to it and accepts its (unsigned) tokens. */
  emulatorHost?: string;
}

/**
 * Verifies Firebase ID tokens with firebase-admin: issuer and audience (the project), expiry, and
 * against Google's signing keys in production. Revocation (and disabled / deleted users) is checked
 * too whenever firebase-admin can ask Firebase about the user: always with the emulator, and in
 * production when service-account credentials are configured (GOOGLE_APPLICATION_CREDENTIALS).
 *
 * With the emulator there is NO signature check: it issues unsigned tokens and firebase-admin
 * accepts them by design. What still holds there: project, expiry, and that the uid exists and
 * was not revoked in the emulator.
 */
export class FirebaseVerifier {
  private auth?: Promise<Auth>;
  private app?: App;

  constructor(private readonly settings: VerifierSettings) {
    // firebase-admin reads the emulator address from process.env only, at each call.
    if (settings.emulatorHost) process.env.FIREBASE_AUTH_EMULATOR_HOST = settings.emulatorHost;
  }

  /** firebase-admin is loaded on first use: servers without Firebase sign-in never pay for it. */
  private getAuth(): Promise<Auth> {
    this.auth ??= (async () => {
      const { initializeApp } = await import('firebase-admin/app');
      const { getAuth } = await import('firebase-admin/auth');
      // a named app per server instance: tests run several servers, for different projects, in one process
      this.app = initializeApp({ projectId: this.settings.projectId }, `churnistic-${randomUUID()}`);
      return getAuth(this.app);
    })();
    return this.auth;
  }

  private get checkRevoked(): boolean {
    return Boolean(this.settings.emulatorHost || process.env.GOOGLE_APPLICATION_CREDENTIALS);
  }

  async verify(idToken: string): Promise<FirebaseIdentity> {
    const auth = await this.getAuth();
    let decoded;
    try {
      decoded = await auth.verifyIdToken(idToken, this.checkRevoked);
    } catch (e) {
      throw toAppError(e);
    }
    return {
      uid: decoded.uid,
      provider: decoded.firebase?.sign_in_provider ?? 'unknown',
      email: typeof decoded.email === 'string' ? decoded.email.trim().toLowerCase() : null,
      emailVerified: decoded.email_verified === true,
      name: typeof decoded.name === 'string' && decoded.name.trim() ? decoded.name.trim().slice(0, 100) : null,
    };
  }

  async close(): Promise<void> {
    if (!this.app) return;
    const { deleteApp } = await import('firebase-admin/app');
    await deleteApp(this.app).catch(() => {});
  }
}

/** firebase-admin error codes → our answer: the token's fault is a 401, Firebase being unreachable a 502. */
function toAppError(e: unknown): AppError {
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'app/network-error' || code === 'auth/internal-error' || code === 'app/network-timeout') {
    return new AppError(502, ErrorCode.upstreamError, 'Firebase could not be reached to verify the sign-in; try again');
  }
  const why: Record<string, string> = {
    'auth/id-token-expired': 'the Firebase ID token has expired; sign in again',
    'auth/id-token-revoked': 'the Firebase session was revoked; sign in again',
    'auth/user-disabled': 'this Firebase account is disabled',
    'auth/user-not-found': 'this Firebase account no longer exists',
  };
  const text = typeof code === 'string' && why[code] ? why[code] : `the Firebase ID token is invalid (${firstSentence(message)})`;
  return new AppError(401, ErrorCode.unauthorized, text);
}

const firstSentence = (s: string) => s.split(/(?<=\.)\s/)[0]!.slice(0, 200);
