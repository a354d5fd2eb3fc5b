// Connection state machine behind the status bar and the chat banner:
//   checking → connected | signedOut | unreachable
// A check is cheap: GET /healthz (is anything there?), then GET /api/v1/me (is the token good?).
// Re-checks run on demand (settings change, sign in/out) and on a timer: rarely while things are
// fine, with doubling backoff while the server is unreachable so a dead server is not hammered.
import type { ConnectionState } from '../../../protocol';
import type { ChurnisticClient, MeResponse } from './server-client';
import { Emitter } from './emitter';
import { UnauthorizedError, describeNetworkError } from './errors';
import type { Logger } from './logger';

export interface ConnectionStatus {
  state: ConnectionState;
  serverUrl: string;
  /** Why it is unreachable / signed out, for tooltips. */
  detail?: string;
  user?: MeResponse['user'];
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ConnectionMonitorOptions {
  client: ChurnisticClient;
  hasToken: () => Promise<boolean>;
  logger: Logger;
  timers?: Timers;
  /** Re-check interval while connected or signed out. */
  healthyIntervalMs?: number;
  /** First retry delay while unreachable; doubles up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.(); // never keep a process (or a test run) alive just for a re-check
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class ConnectionMonitor {
  private current: ConnectionStatus;
  private readonly changed = new Emitter<ConnectionStatus>();
  readonly onDidChange = this.changed.event;
  private readonly checked = new Emitter<ConnectionStatus>();
  /** After every check, changed or not (things that follow the account, like preferences, refresh then). */
  readonly onDidCheck = this.checked.event;
  private readonly timers: Timers;
  private timer: unknown;
  private backoffMs: number;
  /** Bumped by every check; a slower, older check must not overwrite a newer result. */
  private generation = 0;
  private inFlight: Promise<ConnectionStatus> | undefined;
  private disposed = false;

  constructor(private readonly options: ConnectionMonitorOptions) {
    this.timers = options.timers ?? realTimers;
    this.backoffMs = options.initialBackoffMs ?? 5_000;
    this.current = { state: 'checking', serverUrl: options.client.serverUrl };
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /**
   * Checks now. `reset` (settings changed, signed in or out) shows "checking" meanwhile and starts
   * a fresh check even if one is running; otherwise a running check is shared.
   */
  check(reset = false): Promise<ConnectionStatus> {
    if (this.inFlight && !reset) return this.inFlight;
    const generation = ++this.generation;
    this.clearTimer();
    if (reset || this.current.state === 'checking') this.update({ state: 'checking', serverUrl: this.options.client.serverUrl });
    const run = this.probe().catch((e): ConnectionStatus => ({
      state: 'unreachable', serverUrl: this.options.client.serverUrl, detail: e instanceof Error ? e.message : String(e),
    })).then((status) => {
      // superseded by a newer check (settings or token changed meanwhile): answer with that one
      if (generation !== this.generation || this.disposed) return this.inFlight ?? this.current;
      this.inFlight = undefined;
      this.update(status);
      this.schedule(status.state);
      return status;
    });
    this.inFlight = run;
    return run;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.changed.dispose();
    this.checked.dispose();
  }

  private async probe(): Promise<ConnectionStatus> {
    const { client, logger } = this.options;
    const serverUrl = client.serverUrl;
    try {
      await client.health();
    } catch (e) {
      logger.warn(`connection check: ${serverUrl}/healthz failed: ${describeNetworkError(e)}`);
      return { state: 'unreachable', serverUrl, detail: e instanceof Error ? e.message : String(e) };
    }
    if (!(await this.options.hasToken())) return { state: 'signedOut', serverUrl, detail: 'Not signed in' };
    try {
      const me = await client.me();
      return { state: 'connected', serverUrl, user: me.user };
    } catch (e) {
      if (e instanceof UnauthorizedError) {
        logger.warn(`connection check: ${serverUrl} rejected the stored token`);
        return { state: 'signedOut', serverUrl, detail: 'The server rejected the stored token; sign in again' };
      }
      logger.warn(`connection check: ${serverUrl}/api/v1/me failed: ${describeNetworkError(e)}`);
      return { state: 'unreachable', serverUrl, detail: e instanceof Error ? e.message : String(e) };
    }
  }

  private update(status: ConnectionStatus): void {
    const before = this.current;
    this.current = status;
    this.checked.fire(status);
    if (before.state !== status.state || before.serverUrl !== status.serverUrl || before.detail !== status.detail
      || before.user?.id !== status.user?.id) {
      this.options.logger.info(`connection: ${status.state} (${status.serverUrl})`);
      this.changed.fire(status);
    }
  }

  private schedule(state: ConnectionState): void {
    if (this.disposed) return;
    const initial = this.options.initialBackoffMs ?? 5_000;
    let delay: number;
    if (state === 'unreachable') {
      delay = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 300_000);
    } else {
      this.backoffMs = initial;
      delay = this.options.healthyIntervalMs ?? 300_000;
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
