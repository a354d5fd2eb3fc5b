/**
 * Tracks whether the client of one request is still there, so slow streams and hangs stop
 * (and their timers are cleared) as soon as the client disconnects or the fake closes.
 */
import type { ServerResponse } from 'node:http';

export class RequestLife {
  private alive = true;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakers = new Set<() => void>();

  /** True while the client is connected and the fake has not given up on the request. */
  get isAlive(): boolean {
    return this.alive;
  }

  /**
   * Calls `onDisconnect` once if the client goes away before the response finished
   * (`close` without `writableEnded`), and always ends the life on `close`.
   */
  watch(res: ServerResponse, onDisconnect: () => void): void {
    res.on('close', () => {
      const early = !res.writableEnded;
      this.end();
      if (early) onDisconnect();
    });
  }

  /** Resolves true after `ms`, or false at once when the request ends first. */
  sleep(ms: number): Promise<boolean> {
    if (!this.alive) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waker = (): void => {
        this.timers.delete(timer);
        this.wakers.delete(waker);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.wakers.delete(waker);
        resolve(this.alive);
      }, ms);
      this.timers.add(timer);
      this.wakers.add(waker);
    });
  }

  /** Resolves when the request ends (used by `fault: 'hang'`: wait for the client to leave). */
  untilEnd(): Promise<void> {
    if (!this.alive) return Promise.resolve();
    return new Promise((resolve) => this.wakers.add(() => resolve()));
  }

  /** Stop everything: clear timers and wake every pending sleep with false. */
  end(): void {
    if (!this.alive) return;
    this.alive = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const wake of wakers) wake();
  }
}
