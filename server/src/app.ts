import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { AccountsRepo } from './data/accounts-repo';
import { ConversationsRepo } from './data/conversations-repo';
import type { Db } from './data/db';
import { UsageRepo } from './data/usage-repo';
import { ChatService } from './domain/chat-service';
import { requireAuth, requireRole } from './http/auth';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { chatRouter } from './http/routes/chat';
import { healthRouter } from './http/routes/health';
import { meRouter } from './http/routes/me';
import { openApiDocument } from './http/openapi';
import { openAiCompatRouter } from './http/routes/openai-compat';
import { inlineRouter } from './http/routes/inline';
import { rateLimit } from './http/rate-limit';
import { InlineEventsRepo } from './data/inline-events-repo';
import { DEFAULT_BUDGETS, MemoryRateLimiter, type BudgetedTask, type RateBudget, type RateLimiter } from './domain/rate-limit';
import { Gateway } from './llm/gateway';
import type { ProviderRegistry } from './llm/registry';
import type { Metrics } from './metrics';

export interface AppDeps {
  db: Db;
  registry: ProviderRegistry;
  logger: Logger;
  metrics: Metrics;
  maxBodyBytes: number;
  version?: string;
  limiter?: RateLimiter;
  budgets?: Partial<Record<BudgetedTask, RateBudget>>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the HTTP app from its dependencies; listening is main.ts's job. */
export function createApp(deps: AppDeps): Express {
  const accounts = new AccountsRepo(deps.db);
  const conversations = new ConversationsRepo(deps.db);
  const gateway = new Gateway(deps.registry, new UsageRepo(deps.db), deps.metrics);
  const chat = new ChatService(conversations, gateway);
  const limiter = deps.limiter ?? new MemoryRateLimiter();
  const budgets = { ...DEFAULT_BUDGETS, ...deps.budgets };
  const chatLimit = rateLimit(limiter, 'chat', budgets.chat);

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

  app.use(healthRouter(deps.db, deps.registry));
  // The API description is public, like the health checks: it holds no data.
  const openApi = openApiDocument(deps.version ?? '0.0.0');
  app.get('/openapi.json', (_req, res) => { res.json(openApi); });

  const auth = requireAuth(accounts);
  app.get('/metrics', auth, requireRole('admin'), async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  const openAi = openAiCompatRouter(gateway, chatLimit);
  app.use('/v1', auth, openAi);
  app.use('/openai/v1', auth, openAi);
  app.use('/api/v1', auth, meRouter(), chatRouter(chat, conversations, chatLimit),
    inlineRouter({ gateway, events: new InlineEventsRepo(deps.db), limiter, budget: budgets.inline }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
