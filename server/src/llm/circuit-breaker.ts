export type CircuitState = 'closed' | 'open' | 'half_open';

/** What /readyz and the metrics show for one provider. */
export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** While open: how long until a probe may go out. */
  retryAfterMs?: number;
}

/** The result of asking to send a request: go (maybe as the half-open probe), or skip the provider. */
export type CircuitGate = { ok: true; probe: boolean } | { ok: false; retryAfterMs: number };

/** While a probe is in flight, other requests skip the provider and may retry about this soon. */
const PROBE_WAIT_MS = 1000;

/**
 * One provider's circuit. Closed: requests flow, consecutive failures are counted. At
 * `threshold` it opens: requests skip the provider for `cooldownMs`, so a dead provider costs a
 * fallback nothing instead of a timeout each. Then half-open: exactly one request goes through
 * as a probe; its success closes the circuit, its failure opens it for another cooldown.
 * Time comes from `now`, so tests drive it with a fake clock.
 */
export class CircuitBreaker {
  private failures = 0;
  /** When it last opened; undefined while closed. */
  private openedAt?: number;
  private probing = false;

  constructor(private readonly threshold: number, private readonly cooldownMs: number,
    private readonly now: () => number = () => performance.now()) {}

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half_open' : 'open';
  }

  snapshot(): CircuitSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      ...(state === 'open' ? { retryAfterMs: this.remainingMs() } : {}),
    };
  }

  /** Call before each upstream request; every `ok` gate must be followed by one outcome call. */
  tryAcquire(): CircuitGate {
    const state = this.state;
    if (state === 'closed') return { ok: true, probe: false };
    if (state === 'open') return { ok: false, retryAfterMs: this.remainingMs() };
    if (this.probing) return { ok: false, retryAfterMs: PROBE_WAIT_MS };
    this.probing = true;
    return { ok: true, probe: true };
  }

  /** The provider answered (even a 4xx about the request proves it is alive). */
  success(probe: boolean): void {
    if (probe) this.probing = false;
    this.failures = 0;
    this.openedAt = undefined;
  }

  /** The provider failed (5xx, timeout, connection, bad answer, rejected key). */
  failure(probe: boolean): void {
    if (probe) this.probing = false;
    this.failures++;
    // Any failure while not closed (the probe, or a request that was already in flight) re-opens.
    if (this.openedAt !== undefined || this.failures >= this.threshold) this.openedAt = this.now();
  }

  /** Neither (429, the client left): says nothing about the provider's health; frees the probe slot. */
  release(probe: boolean): void {
    if (probe) this.probing = false;
  }

  private remainingMs(): number {
    return Math.max(0, (this.openedAt ?? this.now()) + this.cooldownMs - this.now());
  }
}

/** One breaker per provider, created on first use. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly threshold: number, private readonly cooldownMs: number,
    private readonly now: () => number = () => performance.now()) {}

  get(provider: string): CircuitBreaker {
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      breaker = new CircuitBreaker(this.threshold, this.cooldownMs, this.now);
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }

  /** The given providers' states (closed for those never used), for /readyz and the gauge. */
  snapshot(providers: readonly string[]): Record<string, CircuitSnapshot> {
    return Object.fromEntries(providers.map((p) => [p, this.breakers.get(p)?.snapshot() ?? { state: 'closed', consecutiveFailures: 0 }]));
  }
}
