import type { Logger } from 'pino';
import type { SpendAlertPayload } from '../../../protocol';
import type { AlertScope, FiredAlert } from '../data/spend-alerts-repo';
import type { UsageRecord } from '../data/usage-repo';

/** Month-to-date spend from the usage records (an indexed SUM). */
export interface SpendSource {
  spendSince(scope: AlertScope, id: string, sinceIso: string): Promise<number>;
}

/** Which alerts fired; `claim` is atomic across server instances (true = this caller fires). */
export interface AlertStore {
  fired(scope: AlertScope, scopeId: string, month: string): Promise<number[]>;
  claim(alert: FiredAlert): Promise<boolean>;
}

export interface SpendAlertsOptions {
  /** USD per calendar month (UTC), for each user and each team. */
  thresholdsUsd: number[];
  spend: SpendSource;
  store: AlertStore;
  logger: Logger;
  /** Sends an alert somewhere (the webhook). Not awaited: delivery never holds anything up. */
  deliver?: (payload: SpendAlertPayload) => Promise<unknown>;
  /** Called for each alert this instance fired (metrics). */
  onFired?: (alert: FiredAlert) => void;
  /**
   * How long a cached running total is trusted before it is summed again from the database.
   * Other server instances' spend reaches this one's cache only through that re-sum.
   */
  refreshMs?: number;
  now?: () => number;
}

interface Running {
  month: string;
  total: number;
  syncedAt: number;
  fired: Set<number>;
}

/** YYYY-MM of an instant, UTC: the period limits and alerts count. */
export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

const money = (n: number) => `$${n.toFixed(2)}`;

/**
 * Spend alerts: after each usage record, the month-to-date spend of its user and of its team is
 * compared with the thresholds; each threshold fires once per scope per month (log + webhook).
 *
 * Cheap on the request path: the listener returns at once and the work runs behind it. A running
 * total per user and team is kept in memory, summed from the database on first use, at each new
 * month and every `refreshMs`. The cache may count a record twice (one that landed while it was
 * being summed), so a threshold it says is crossed is confirmed with an exact SUM before firing;
 * it may also lag other instances' spend until the next re-sum. Checks for one user or team run
 * one after another; across instances the alerts table's UNIQUE key decides who fires.
 */
export class SpendAlerts {
  private readonly thresholds: number[];
  private readonly refreshMs: number;
  private readonly now: () => number;
  private readonly running = new Map<string, Running>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: SpendAlertsOptions) {
    this.thresholds = [...new Set(options.thresholdsUsd)].sort((a, b) => a - b);
    this.refreshMs = options.refreshMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** For `gateway.onRecorded`: returns at once, so a usage record is never held up by alerts. */
  readonly listener = (record: UsageRecord): void => {
    void this.observe(record);
  };

  /** Checks one record's user and team; resolves when both checks are done. Never rejects. */
  observe(record: UsageRecord): Promise<void> {
    const cost = record.costUsd ?? 0;
    if (!this.thresholds.length || !(cost > 0)) return Promise.resolve();
    return Promise.all([
      this.enqueue('user', record.userId, record.teamId, cost),
      this.enqueue('team', record.teamId, record.teamId, cost),
    ]).then(() => undefined);
  }

  /** Resolves when every check and webhook started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private enqueue(scope: AlertScope, id: string, teamId: string, cost: number): Promise<void> {
    const key = `${scope}:${id}`;
    const next = (this.queues.get(key) ?? Promise.resolve())
      .then(() => this.check(key, scope, id, teamId, cost))
      .catch((err) => this.options.logger.warn({ err, scope, id }, 'spend alert check failed; it runs again on the next request'));
    this.queues.set(key, next);
    void next.then(() => { if (this.queues.get(key) === next) this.queues.delete(key); });
    this.track(next);
    return next;
  }

  private async check(key: string, scope: AlertScope, id: string, teamId: string, cost: number): Promise<void> {
    const now = this.now();
    const month = monthOf(now);
    let state = this.running.get(key);
    let exact = false;
    if (!state || state.month !== month || now - state.syncedAt >= this.refreshMs) {
      const [total, fired] = await Promise.all([this.monthSpend(scope, id, month), this.options.store.fired(scope, id, month)]);
      state = { month, total, syncedAt: now, fired: new Set(fired) };
      this.running.set(key, state);
      exact = true; // the sum already holds this record
    } else {
      state.total += cost;
    }
    if (!this.due(state).length) return;
    if (!exact) {
      state.total = await this.monthSpend(scope, id, month);
      state.syncedAt = now;
    }
    for (const threshold of this.due(state)) {
      const alert: FiredAlert = { scope, scopeId: id, teamId, month, thresholdUsd: threshold, spendUsd: state.total };
      // Claimed here or by another instance: either way it is done (a failed claim is retried next time).
      if (await this.options.store.claim(alert)) this.fire(alert, now);
      state.fired.add(threshold);
    }
  }

  private due(state: Running): number[] {
    return this.thresholds.filter((t) => t <= state.total && !state.fired.has(t));
  }

  private monthSpend(scope: AlertScope, id: string, month: string): Promise<number> {
    return this.options.spend.spendSince(scope, id, `${month}-01T00:00:00.000Z`);
  }

  private fire(alert: FiredAlert, now: number): void {
    const { scope, scopeId: id, month, thresholdUsd: threshold, spendUsd: spend } = alert;
    this.options.logger.warn({ scope, id, month, threshold, spend }, 'spend alert: monthly threshold crossed');
    this.options.onFired?.(alert);
    if (!this.options.deliver) return;
    const payload: SpendAlertPayload = {
      type: 'spend_threshold_crossed', scope, id, teamId: alert.teamId, month, threshold, spend,
      at: new Date(now).toISOString(),
      text: `Churnistic: ${scope} ${id} passed ${money(threshold)} of spend in ${month} (${money(spend)} so far)`,
    };
    this.track(this.options.deliver(payload).catch((err) => this.options.logger.warn({ err }, 'alert webhook failed')));
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}
