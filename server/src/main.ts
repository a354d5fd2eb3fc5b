import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { adminTokenBanner, ensureAdminAccess } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './data/db';
import { createMailer } from './domain/mailer';
import { RedisLimitStore, redactUrl } from './data/redis-limit-store';
import { ProviderRegistry } from './llm/registry';
import { createLogger } from './logger';
import { Metrics } from './metrics';
import { version } from '../../package.json';

/** Runs `load`; a ConfigError stops start-up with its message and exit code 1, no stack trace. */
function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`churnistic server: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = orExit(() => loadConfig());
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config.databaseUrl);
  const newToken = await ensureAdminAccess(db, config.adminToken);
  const registry = orExit(() => ProviderRegistry.fromConfig(config, logger));
  if (!registry.configuredProviders.length) {
    logger.warn('no LLM provider configured: set GROQ_API_KEY; chat requests will get 503 until then');
  }
  // With REDIS_URL every instance shares one set of limits; an unreachable Redis stops start-up.
  const limitStore = config.redisUrl ? await RedisLimitStore.connect(config.redisUrl).catch((err: Error) => {
    process.stderr.write(`churnistic server: ${err.message}\n`);
    process.exit(1);
  }) : undefined;
  if (limitStore) {
    logger.info({ redis: redactUrl(config.redisUrl!) }, 'rate limits shared through Redis');
    limitStore.watch(logger);
  }
  const mailer = createMailer(config.mail, db);
  if (mailer.kind === 'outbox') logger.info('no SMTP_URL: password reset and invitation mail is kept in the outbox (GET /api/v1/admin/outbox)');
  const app = createApp({ db, registry, logger, metrics: new Metrics({ defaultMetrics: true }), maxBodyBytes: config.maxBodyBytes, version, limitStore,
    firebase: config.firebase, mailer, publicUrl: config.mail.publicUrl });

  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    logger.info({ url, dataDir: config.dataDir, providers: registry.configuredProviders }, 'listening');
    if (newToken) process.stderr.write(adminTokenBanner(newToken, url));
  });
  server.on('error', (err) => {
    logger.fatal({ err }, 'cannot listen');
    process.exit(1);
  });
  // Streams can last long; do not let Node's default request timeout cut them.
  server.requestTimeout = 0;

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(async () => {
      // Usage rows are written in batches after each response: the last ones go in before the database closes.
      await app.flushUsage().catch((err: unknown) => logger.error({ err }, 'usage records could not be written at shutdown'));
      db.close();
      void limitStore?.close();
      process.exit(0);
    });
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`churnistic server failed to start: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
