import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UsageRecord } from './data/usage-repo';

/**
 * prom-client's `metric.labels(...)` checks the label values and builds a new child object on every
 * call; the per-request paths keep one child per label set instead (a bounded number of them:
 * methods, routes, statuses, configured models, tasks).
 */
function childrenOf<C>(labels: (...values: string[]) => C, max = 2000): (...values: string[]) => C {
  const children = new Map<string, C>();
  return (...values) => {
    const key = values.join('\u0001');
    let child = children.get(key);
    if (child === undefined) {
      if (children.size >= max) children.clear();
      child = labels(...values);
      children.set(key, child);
    }
    return child;
  };
}

/** Prometheus metrics, one registry per app so tests can run several apps in one process. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'churnistic_http_requests_total', help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const, registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'churnistic_http_request_duration_seconds', help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const, registers: [this.registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  });
  readonly llmRequests = new Counter({
    name: 'churnistic_llm_requests_total', help: 'LLM requests by provider, model, task and outcome',
    labelNames: ['provider', 'model', 'task', 'status'] as const, registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: 'churnistic_llm_tokens_total', help: 'Tokens by model, task and kind (prompt, completion)',
    labelNames: ['model', 'task', 'kind'] as const, registers: [this.registry],
  });
  readonly timeToFirstToken = new Histogram({
    name: 'churnistic_llm_time_to_first_token_seconds', help: 'Time from request to the first streamed token',
    labelNames: ['provider', 'model'] as const, registers: [this.registry],
    buckets: [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8],
  });
  readonly llmFallbacks = new Counter({
    name: 'churnistic_llm_fallbacks_total', help: 'Models given up in a fallback chain (failed or skipped), by provider, model and reason',
    labelNames: ['provider', 'model', 'reason'] as const, registers: [this.registry],
  });
  readonly upstreamErrors = new Counter({
    name: 'churnistic_llm_upstream_errors_total',
    help: 'Failed upstream calls by provider and status class (429, 4xx, 5xx, timeout, connection, malformed)',
    labelNames: ['provider', 'status_class'] as const, registers: [this.registry],
  });
  /** Set by the gateway; read at scrape time so an open circuit turning half-open shows without traffic. */
  circuitStates: () => Record<string, number> = () => ({});
  readonly circuitState: Gauge<'provider'> = new Gauge({
    name: 'churnistic_llm_circuit_state', help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open',
    labelNames: ['provider'] as const, registers: [this.registry],
    collect: () => {
      for (const [provider, value] of Object.entries(this.circuitStates())) this.circuitState.labels(provider).set(value);
    },
  });
  readonly rateLimited = new Counter({
    name: 'churnistic_rate_limited_total', help: 'Requests refused by Churnistic\'s own limits, by scope (token, user, team), task and limit',
    labelNames: ['scope', 'task', 'limit'] as const, registers: [this.registry],
  });
  /** Observed from the usage record (observeUsage), so it always agrees with usage_records.cost_usd. */
  readonly llmCost = new Counter({
    name: 'churnistic_llm_cost_usd_total', help: 'Spend in USD at the models\' list prices, by provider, model and task',
    labelNames: ['provider', 'model', 'task'] as const, registers: [this.registry],
  });
  readonly llmDuration = new Histogram({
    name: 'churnistic_llm_request_duration_seconds', help: 'Total time of an LLM call as recorded in its usage row, by outcome',
    labelNames: ['provider', 'model', 'task', 'status'] as const, registers: [this.registry],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  });
  readonly spendAlerts = new Counter({
    name: 'churnistic_spend_alerts_total', help: 'Monthly spend thresholds crossed (fired by this instance), by scope',
    labelNames: ['scope'] as const, registers: [this.registry],
  });

  /** Cached children of the metrics every request touches (see childrenOf). */
  readonly httpRequestsOf = childrenOf((method, route, status) => this.httpRequests.labels(method, route, status));
  readonly httpDurationOf = childrenOf((method, route) => this.httpDuration.labels(method, route));
  readonly llmRequestsOf = childrenOf((provider, model, task, status) => this.llmRequests.labels(provider, model, task, status));
  readonly llmTokensOf = childrenOf((model, task, kind) => this.llmTokens.labels(model, task, kind));
  private readonly llmCostOf = childrenOf((provider, model, task) => this.llmCost.labels(provider, model, task));
  private readonly llmDurationOf = childrenOf((provider, model, task, status) => this.llmDuration.labels(provider, model, task, status));

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'churnistic_' });
  }

  /** For gateway.onRecorded: cost and latency straight from each usage record. */
  readonly observeUsage = (u: UsageRecord): void => {
    const provider = u.provider ?? 'none';
    this.llmCostOf(provider, u.model, u.task).inc(u.costUsd ?? 0);
    this.llmDurationOf(provider, u.model, u.task, u.status).observe(u.latencyMs / 1000);
  };
}
