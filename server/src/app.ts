import express, { type Express, type Response } from 'express';
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
import { authenticate, PrincipalCache } from './http/auth';
import { authorize } from './http/route-policy';
import { AuditRepo } from './data/audit-repo';
import { AuditLog } from './domain/audit';
import { accountsRouter } from './http/routes/accounts';
import { localAccountsRouter } from './http/routes/local-accounts';
import type { Mailer } from './domain/mailer';
import type { FirebaseSettings } from './config-firebase';
import { firebaseAuthRouter } from './http/routes/firebase-auth';
import { pagesRouter } from './http/routes/pages';
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
import { requestLogging } from './http/request-log';
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
import { reviewRouter } from './http/routes/review';
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
  /** Firebase sign-in and the sign-in page's Google/GitHub buttons (config.firebase); unset: off. */
  firebase?: FirebaseSettings;
  /** Reset and invitation mail (createMailer: SMTP_URL → SMTP); unset: the outbox table. */
  mailer?: Mailer;
  /** CHURNISTIC_PUBLIC_URL, the base of links in mail; unset: the address the request arrived on. */
  publicUrl?: string;
}

/** The Express app, plus the drain hook for shutdown (and tests): usage rows are written in batches. */
export type App = Express & {
  /** Resolves when the usage row of every request that has finished is in the database. */
  flushUsage(): Promise<void>;
};

/** Builds the HTTP app from its dependencies; listening is main.ts's job. */
export function createApp(deps: AppDeps): App {
  const accounts = new AccountsRepo(deps.db);
  // Revocations and membership changes here evict cached principals at once (auth.ts).
  const principals = new PrincipalCache();
  const audit = new AuditLog(new AuditRepo(deps.db));
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
  const usageSummaries = new UsageSummaryRepo(deps.db, () => gateway.flushUsage());
  const { spendThresholdsUsd, webhookUrl } = deps.registry.gateway.alerts;
  gateway.onRecorded(new SpendAlerts({
    thresholdsUsd: spendThresholdsUsd, spend: usageSummaries, store: new SpendAlertsRepo(deps.db), logger: deps.logger,
    deliver: webhookUrl ? (payload) => postWebhook(webhookUrl, payload, { logger: deps.logger }) : undefined,
    onFired: (alert) => deps.metrics.spendAlerts.labels(alert.scope).inc(),
  }).listener);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // One listener function for all requests (no closures per request); the duration is from arrival.
  function countFinished(this: Response): void {
    const req = this.req;
    const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
    deps.metrics.httpRequestsOf(req.method, route, String(this.statusCode)).inc();
    deps.metrics.httpDurationOf(req.method, route).observe((performance.now() - (this.locals.receivedAt as number)) / 1000);
  }
  app.use((_req, res, next) => {
    res.locals.receivedAt = performance.now();
    res.on('finish', countFinished);
    next();
  });
  app.use(requestLogging(app, deps.logger));
  app.use(express.json({ limit: deps.maxBodyBytes, type: ['application/json', 'application/*+json'] }));
  // Resolves the bearer token for every route; each route's authorize(action) decides (http/route-policy.ts).
  app.use(authenticate(accounts, principals));

  // The OpenAI-compatible gateway first: its requests are the most frequent and the most
  // latency-sensitive, and no route mounted after it shares its paths.
  const openAi = openAiCompatRouter(gateway, chatLimit);
  app.use('/v1', openAi);
  app.use('/openai/v1', openAi);

  app.use(healthRouter(deps.db, deps.registry, gateway));
  // The API description is public, like the health checks: it holds no data.
  const openApi = openApiDocument(deps.version ?? '0.0.0');
  app.get('/openapi.json', authorize('public'), (_req, res) => { res.json(openApi); });
  app.use(docsRouter(openApi));

  app.get('/metrics', authorize('metrics.read'), async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  const history = { conversations, reader: new ConversationsReader(deps.db), search: new ConversationsSearch(deps.db),
    importer: new ConversationsImporter(deps.db), feedback: new ConversationsFeedback(deps.db) };
  app.use('/api/v1', meRouter(), chatRouter(chat, chatLimit), conversationsRouter(history, audit),
    inlineRouter({ gateway, events: new InlineEventsRepo(deps.db), limit: rateLimit(limits, 'inline') }),
    usageRouter(usageSummaries), modelsRouter(gateway), templatesRouter(new TemplatesRepo(deps.db)),
    reviewRouter(gateway, rateLimit(limits, 'review')),
    accountsRouter({ db: deps.db, audit, principals }),
    localAccountsRouter({ db: deps.db, audit, principals, mailer: deps.mailer, publicUrl: deps.publicUrl }),
    firebaseAuthRouter({ db: deps.db, accounts, audit, firebase: deps.firebase ?? {} }));
  // The onboarding pages (/setup, /signin, /account, /invite) and their scripts.
  app.use(pagesRouter(deps.firebase ?? {}));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return Object.assign(app, { flushUsage: () => gateway.flushUsage() });
}
