import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { AccountsRepo } from './data/accounts-repo';
import { ConversationsRepo } from './data/conversations-repo';
import { ConversationsFeedback } from './data/conversations-feedback';
import { ConversationsImporter } from './data/conversations-import';
import { ConversationsReader } from './data/conversations-list';
import { ConversationsSearch } from './data/conversations-search';
import type { Db } from './data/db';
import { UsageRepo } from './data/usage-repo';
import { ChatService } from './domain/chat-service';
import { requireAuth, requireRole } from './http/auth';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { chatRouter } from './http/routes/chat';
import { conversationsRouter } from './http/routes/conversations';
import { healthRouter } from './http/routes/health';
import { meRouter } from './http/routes/me';
import { modelsRouter } from './http/routes/models';
import { templatesRouter } from './http/routes/templates';
import { TemplatesRepo } from './data/templates-repo';
import { openApiDocument } from './http/openapi';
import { openAiCompatRouter } from './http/routes/openai-compat';
import { inlineRouter } from './http/routes/inline';
import { rateLimit } from './http/rate-limit';
import { InlineEventsRepo } from './data/inline-events-repo';
import { Limits } from './domain/limits/limits';
import { MemoryLimitStore } from './domain/limits/memory-store';
import type { LimitStore } from './domain/limits/store';
import { Gateway } from './llm/gateway';
import { SpendAlertsRepo } from './data/spend-alerts-repo';
import { UsageSummaryRepo } from './data/usage-summary-repo';
import { SpendAlerts } from './domain/spend-alerts';
import { postWebhook } from './domain/webhook-sender';
import { docsRouter } from './http/routes/docs';
import { usageRouter } from './http/routes/usage';
import type { ProviderRegistry } from './llm/registry';
import type { Metrics } from './metrics';

export interface AppDeps {
  db: Db;
  registry: ProviderRegistry;
  logger: Logger;
  metrics: Metrics;
  maxBodyBytes: number;
  version?: string;
  /** Where rate limits and budgets live: memory by default, RedisLimitStore with REDIS_URL. */
  limitStore?: LimitStore;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the HTTP app from its dependencies; listening is main.ts's job. */
export function createApp(deps: AppDeps): Express {
  const accounts = new AccountsRepo(deps.db);
  const conversations = new ConversationsRepo(deps.db);
  const gateway = new Gateway(deps.registry, new UsageRepo(deps.db), deps.metrics, {
    onRecordError: (err) => deps.logger.error({ err }, 'usage record could not be written'),
  });
  const chat = new ChatService(conversations, gateway);
  // Limits from the config file (or its defaults); tokens and spend are counted as usage is recorded.
  const limits = new Limits({ config: deps.registry.gateway.limits, store: deps.limitStore ?? new MemoryLimitStore(),
    metrics: deps.metrics, logger: deps.logger });
  gateway.onRecorded((record) => limits.record(record));
  const chatLimit = rateLimit(limits, 'chat');
  // Cost and latency metrics and spend alerts come from the usage records; neither waits on the request.
  gateway.onRecorded(deps.metrics.observeUsage);
  const usageSummaries = new UsageSummaryRepo(deps.db);
  const { spendThresholdsUsd, webhookUrl } = deps.registry.gateway.alerts;
  gateway.onRecorded(new SpendAlerts({
    thresholdsUsd: spendThresholdsUsd, spend: usageSummaries, store: new SpendAlertsRepo(deps.db), logger: deps.logger,
    deliver: webhookUrl ? (payload) => postWebhook(webhookUrl, payload, { logger: deps.logger }) : undefined,
    onFired: (alert) => deps.metrics.spendAlerts.labels(alert.scope).inc(),
  }).listener);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    res.locals.receivedAt = performance.now();
    const end = deps.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      deps.metrics.httpRequests.labels(req.method, route, String(res.statusCode)).inc();
      end({ method: req.method, route });
    });
    next();
  });
  app.use(pinoHttp({
    logger: deps.logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  }));
  app.use(express.json({ limit: deps.maxBodyBytes, type: ['application/json', 'application/*+json'] }));

  app.use(healthRouter(deps.db, deps.registry, gateway));
  // The API description is public, like the health checks: it holds no data.
  const openApi = openApiDocument(deps.version ?? '0.0.0');
  app.get('/openapi.json', (_req, res) => { res.json(openApi); });
  app.use(docsRouter(openApi));

  const auth = requireAuth(accounts);
  app.get('/metrics', auth, requireRole('admin'), async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  const openAi = openAiCompatRouter(gateway, chatLimit);
  app.use('/v1', auth, openAi);
  app.use('/openai/v1', auth, openAi);
  const history = { conversations, reader: new ConversationsReader(deps.db), search: new ConversationsSearch(deps.db),
    importer: new ConversationsImporter(deps.db), feedback: new ConversationsFeedback(deps.db) };
  app.use('/api/v1', auth, meRouter(), chatRouter(chat, chatLimit), conversationsRouter(history),
    inlineRouter({ gateway, events: new InlineEventsRepo(deps.db), limit: rateLimit(limits, 'inline') }),
    usageRouter(usageSummaries), modelsRouter(gateway), templatesRouter(new TemplatesRepo(deps.db)));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
