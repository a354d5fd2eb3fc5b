import type { LockoutState, LoginRepo } from '../data/login-repo';
import { nowIso } from '../data/db';

/**
 * Brute-force protection for password sign-in. The numbers (README "Sign-in and lockout"):
 * - per email: 5 failures in a row lock it for 1 minute; each further lock doubles (2, 4, 8 … min)
 *   up to 1 hour. A success clears the count; a day without failures forgets past locks. During a
 *   lock every attempt is refused, the right password too, so guessing gains nothing by continuing.
 *   The email is the key whether or not an account has it: unknown addresses lock the same way, so
 *   a lockout never tells which addresses exist.
 * - per IP: 30 failures in 15 minutes (sliding) refuse further sign-ins from it until the oldest ages
 *   out: spraying one password over many accounts hits this long before any account locks.
 */
export const THROTTLE = {
  maxFailures: 5,
  firstLockMs: 60_000,
  maxLockMs: 3_600_000,
  forgetAfterMs: 86_400_000,
  ipMaxFailures: 30,
  ipWindowMs: 15 * 60_000,
} as const;

export type Refusal = { scope: 'account' | 'ip'; retryAfterSeconds: number };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Keeps attempts for one email strictly one after another in this process, and counts attempts from
 * one IP that are still running. Without both, a burst of parallel guesses would all be checked
 * before the first failure is written, and slip past the limits. (Several server instances on one
 * database could each run one attempt per email at a time: a small, bounded overshoot.)
 */
class InFlight {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly perIp = new Map<string, number>();

  async serialize<T>(key: string, run: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(run);
    this.chains.set(key, current);
    try {
      return await current;
    } finally {
      if (this.chains.get(key) === current) this.chains.delete(key);
    }
  }

  ipCount(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }

  enterIp(ip: string): () => void {
    this.perIp.set(ip, this.ipCount(ip) + 1);
    return () => {
      const n = this.ipCount(ip) - 1;
      if (n > 0) this.perIp.set(ip, n);
      else this.perIp.delete(ip);
    };
  }
}

export interface AttemptHooks {
  /** Called when this attempt's failure locks the email or pushes the IP over its limit. */
  onLocked?(refusal: Refusal): Promise<void>;
}

export class LoginThrottle {
  private readonly inFlight = new InFlight();

  constructor(private readonly repo: LoginRepo) {}

  /**
   * Runs one attempt under the limits: `verify` answers whether the credentials were right. Returns
   * the refusal when the attempt was not even tried, otherwise verify's answer (after recording a
   * failure, or clearing the email's count on success).
   */
  async attempt(email: string, ip: string, verify: () => Promise<boolean>, hooks: AttemptHooks = {}): Promise<Refusal | boolean> {
    return this.inFlight.serialize(email, async () => {
      // Counted before the first await, and until the failure is written: no gap a parallel guess fits through.
      const leave = this.inFlight.enterIp(ip);
      try {
        const ipRefusal = await this.ipRefusal(ip);
        if (ipRefusal) return ipRefusal;
        const state = await this.repo.lockout(email);
        const now = Date.now();
        if (state?.lockedUntil && Date.parse(state.lockedUntil) > now) {
          return { scope: 'account', retryAfterSeconds: seconds(Date.parse(state.lockedUntil) - now) };
        }
        if (await verify()) {
          if (state) await this.repo.clearLockout(email);
          return true;
        }
        const next = nextState(state, Date.now());
        await this.repo.recordFailure(email, ip, next, iso(Date.now() - THROTTLE.forgetAfterMs));
        if (next.lockedUntil) {
          await hooks.onLocked?.({ scope: 'account', retryAfterSeconds: seconds(Date.parse(next.lockedUntil) - Date.now()) });
        }
        const ipNow = await this.repo.ipFailuresSince(ip, iso(Date.now() - THROTTLE.ipWindowMs));
        if (ipNow.length === THROTTLE.ipMaxFailures) {
          await hooks.onLocked?.({ scope: 'ip', retryAfterSeconds: seconds(THROTTLE.ipWindowMs) });
        }
        return false;
      } finally {
        leave();
      }
    });
  }

  /** Refused when recent failures plus other attempts still running reach the limit; until enough age out. */
  private async ipRefusal(ip: string): Promise<Refusal | null> {
    const now = Date.now();
    const failures = await this.repo.ipFailuresSince(ip, iso(now - THROTTLE.ipWindowMs));
    const excess = failures.length + (this.inFlight.ipCount(ip) - 1) - THROTTLE.ipMaxFailures;
    if (excess < 0) return null;
    // The limit frees up when the (excess+1)-th oldest failure leaves the window.
    const oldest = failures[Math.min(excess, failures.length - 1)];
    const freeAt = oldest ? Date.parse(oldest) + THROTTLE.ipWindowMs : now + 1000;
    return { scope: 'ip', retryAfterSeconds: seconds(freeAt - now) };
  }
}

/** The email's state after one more failure: count it, and lock with back-off on reaching the maximum. */
export function nextState(state: LockoutState | null, nowMs: number): LockoutState {
  const forgotten = !state || Date.parse(state.lastFailureAt) < nowMs - THROTTLE.forgetAfterMs;
  const failures = (forgotten ? 0 : state.failures) + 1;
  const lockouts = forgotten ? 0 : state.lockouts;
  const at = nowIso();
  if (failures < THROTTLE.maxFailures) return { failures, lockouts, lockedUntil: null, lastFailureAt: at };
  const lockMs = Math.min(THROTTLE.firstLockMs * 2 ** lockouts, THROTTLE.maxLockMs);
  return { failures: 0, lockouts: lockouts + 1, lockedUntil: iso(nowMs + lockMs), lastFailureAt: at };
}
