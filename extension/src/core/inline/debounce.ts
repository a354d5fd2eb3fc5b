// A debouncer whose delay follows the user's typing speed. A request is worth sending when the user
// pauses, and what counts as a pause depends on the typist: someone typing a key every 60 ms has
// paused after ~90 ms, someone at 250 ms a key has not. The delay is the smoothed inter-keystroke
// interval times a factor, clamped to [minMs, maxMs]. Gaps much longer than maxMs are pauses,
// not typing speed, and do not move the average.
import type { Clock } from './types';

export interface DebounceOptions {
  minMs: number;
  maxMs: number;
  /** Delay = average interval × factor (a pause is a gap noticeably longer than usual). */
  factor?: number;
  /** Weight of the newest interval in the moving average. */
  smoothing?: number;
}

export class AdaptiveDebouncer {
  private minMs = 0;
  private maxMs = 0;
  private readonly factor: number;
  private readonly smoothing: number;
  private averageMs: number | undefined;
  private lastCallAt: number | undefined;
  private pending: { handle: unknown; resolve: (fired: boolean) => void; cleanup: () => void } | undefined;

  constructor(
    private readonly clock: Clock,
    options: DebounceOptions,
  ) {
    this.factor = options.factor ?? 1.5;
    this.smoothing = options.smoothing ?? 0.3;
    this.setBounds(options.minMs, options.maxMs);
  }

  /** Settings changed: new bounds apply from the next call. */
  setBounds(minMs: number, maxMs: number): void {
    this.minMs = Math.max(0, Math.min(minMs, maxMs));
    this.maxMs = Math.max(0, minMs, maxMs);
  }

  /** The delay the next call would wait. Before any typing is seen: the middle of the bounds. */
  get delayMs(): number {
    if (this.averageMs === undefined) return Math.round((this.minMs + this.maxMs) / 2);
    return Math.round(Math.min(this.maxMs, Math.max(this.minMs, this.averageMs * this.factor)));
  }

  /** Average interval between keystrokes seen so far (undefined before two keystrokes). */
  get typingIntervalMs(): number | undefined {
    return this.averageMs;
  }

  /**
   * One keystroke: supersedes the previous wait (which resolves false) and resolves true once the
   * delay passes without another call, false if `signal` aborts first.
   */
  wait(signal?: AbortSignal): Promise<boolean> {
    this.observe();
    this.cancel();
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const onAbort = (): void => this.settle(entry, false);
      const entry = {
        handle: undefined as unknown,
        resolve,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      this.pending = entry;
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.handle = this.clock.setTimeout(() => this.settle(entry, true), this.delayMs);
    });
  }

  /** Drops the pending wait, if any (it resolves false). */
  cancel(): void {
    if (this.pending) this.settle(this.pending, false);
  }

  private settle(entry: NonNullable<AdaptiveDebouncer['pending']>, fired: boolean): void {
    if (this.pending !== entry) return;
    this.pending = undefined;
    this.clock.clearTimeout(entry.handle);
    entry.cleanup();
    entry.resolve(fired);
  }

  /** Records a keystroke without waiting (a keystroke served from the cache still tells the typing speed). */
  observe(): void {
    const now = this.clock.now();
    if (this.lastCallAt !== undefined) {
      const interval = now - this.lastCallAt;
      if (interval >= 0 && interval <= this.maxMs * 3) {
        this.averageMs = this.averageMs === undefined ? interval : this.averageMs + this.smoothing * (interval - this.averageMs);
      }
    }
    this.lastCallAt = now;
  }
}
