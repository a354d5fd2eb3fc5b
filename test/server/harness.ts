import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp, type AppDeps } from '../../server/src/app';
import { ensureAdminAccess } from '../../server/src/bootstrap';
import { loadConfig } from '../../server/src/config';
import { openDatabase, type Db } from '../../server/src/data/db';
import { createMailer } from '../../server/src/domain/mailer';
import { ProviderRegistry } from '../../server/src/llm/registry';
import { Metrics } from '../../server/src/metrics';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '../fakes/fake-upstream';

export interface TestServer {
  url: string;
  token: string;
  db: Db;
  fake: FakeUpstream;
  dataDir: string;
  /** fetch against the server with the admin token. */
  api(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export const TEST_UPSTREAM_KEY = 'gsk_test_upstream_key';

/**
 * The real app on a free port, a real SQLite file in a temp dir, and the fake upstream as Groq.
 * `withGroq: false` starts it with no provider key, as a fresh install would.
 */
export interface TestServerOptions {
  withGroq?: boolean;
  /** Also register the fake as an OpenAI-compatible provider (OPENAI_API_KEY, OPENAI_BASE_URL). */
  withOpenAI?: boolean;
  /** Written to a CHURNISTIC_CONFIG file. */
  modelConfig?: unknown;
  env?: Record<string, string>;
  /** Limits are set with `modelConfig.limits`; this picks where they live (e.g. a RedisLimitStore). */
  limitStore?: AppDeps['limitStore'];
  /** Answers upstream chat requests from their body (benchmarks). */
  responder?: FakeUpstreamOptions['responder'];
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const fake = await startFakeUpstream({ apiKey: TEST_UPSTREAM_KEY, responder: options.responder });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-server-test-'));
  const token = `chur_test_${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
  const configFile = path.join(dataDir, 'churnistic.config.json');
  if (options.modelConfig !== undefined) fs.writeFileSync(configFile, JSON.stringify(options.modelConfig));
  const config = loadConfig({
    ...(options.modelConfig !== undefined ? { CHURNISTIC_CONFIG: configFile } : {}),
    ...(options.withOpenAI ? { OPENAI_API_KEY: TEST_UPSTREAM_KEY, OPENAI_BASE_URL: `${fake.url}/v1` } : {}),
    CHURNISTIC_DATA_DIR: dataDir,
    CHURNISTIC_ADMIN_TOKEN: token,
    GROQ_BASE_URL: fake.url,
    ...(options.withGroq === false ? {} : { GROQ_API_KEY: TEST_UPSTREAM_KEY }),
    ...options.env,
  });
  const db = await openDatabase(config.databaseUrl);
  await ensureAdminAccess(db, config.adminToken);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = createApp({
    // `env` also reaches the keys of config-file providers (their apiKeyEnv), as process.env would.
    db, registry: ProviderRegistry.fromConfig(config, logger, { ...process.env, ...options.env }), logger,
    metrics: new Metrics(), maxBodyBytes: config.maxBodyBytes, limitStore: options.limitStore, firebase: config.firebase,
    // SMTP_URL / CHURNISTIC_PUBLIC_URL in `env` reach the mailer as in main.ts; unset: the outbox.
    mailer: createMailer(config.mail, db), publicUrl: config.mail.publicUrl,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, token, db, fake, dataDir,
    api: (pathname, init = {}) => {
      const { json, headers, ...rest } = init;
      return fetch(url + pathname, {
        ...rest,
        headers: {
          authorization: `Bearer ${token}`,
          ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(headers as Record<string, string> | undefined),
        },
        ...(json !== undefined ? { method: rest.method ?? 'POST', body: JSON.stringify(json) } : {}),
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      db.close();
      await fake.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reads an SSE body into `data:` payloads, with the time each arrived. */
export async function readSse(res: Response): Promise<{ data: string[]; at: number[] }> {
  const data: string[] = [];
  const at: number[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body!.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      break; // the server closed the connection abruptly: what arrived so far is the answer
    }
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split('\n')) {
        if (line.startsWith('data: ')) {
          data.push(line.slice(6));
          at.push(performance.now());
        }
      }
    }
  }
  return { data, at };
}

export const chatBody = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'llama-3.3-70b-versatile',
  messages: [{ role: 'user', content }],
  ...extra,
});

export async function usageRows(db: Db): Promise<Record<string, unknown>[]> {
  return (await db.execute('SELECT * FROM usage_records ORDER BY id')).rows.map((r) => ({ ...r }));
}

/** Usage is written right after the response ends; give it a moment instead of racing it. */
export async function waitForUsageRows(db: Db, n: number, timeoutMs = 5000): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await usageRows(db);
    if (rows.length >= n || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 25));
  }
}
