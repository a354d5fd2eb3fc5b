import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
    name: 'churnistic_llm_tokens_total', help: 'Tokens by model and kind (prompt, completion)',
    labelNames: ['model', 'kind'] as const, registers: [this.registry],
  });
  readonly timeToFirstToken = new Histogram({
    name: 'churnistic_llm_time_to_first_token_seconds', help: 'Time from request to the first streamed token',
    labelNames: ['provider', 'model'] as const, registers: [this.registry],
    buckets: [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'churnistic_' });
  }
}
