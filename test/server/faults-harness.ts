/**
 * The fault matrix's setup: the real app with a fallback chain across two providers, each its own
 * fake upstream, so a test scripts each provider separately and counts what each one saw.
 *   primary   → provider `groq` (the harness's fake, groq-sdk, /openai/v1/…)
 *   secondary → provider `backup` (a second fake, the openai SDK, /v1/…), key from BACKUP_KEY
 * Timeouts are small so faults resolve quickly; the breaker is effectively off unless a test
 * turns it on (its own file).
 */
import assert from 'node:assert/strict';
import type { ReliabilityConfig } from '../../server/src/config-file';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-upstream';
import { readSse, startTestServer, TEST_UPSTREAM_KEY, waitForUsageRows, type TestServer } from './harness';

export interface FaultServer extends TestServer {
  /** The second provider's fake (`s.fake` is the first's). */
  backup: FakeUpstream;
  /** POST /v1/chat/completions for our model id (default `primary`). */
  chat(extra?: Record<string, unknown>, init?: RequestInit): Promise<Response>;
  /** The one usage row the request left (waits for it). */
  usageRow(): Promise<Record<string, unknown>>;
  /** A sample's value from GET /metrics (0 when absent). */
  metric(name: string, labels: Record<string, string>): Promise<number>;
  readyz(): Promise<{ checks: { circuits: Record<string, { state: string; retryAfterMs?: number }> } }>;
}

export const UPSTREAM_NAMES = { primary: 'llama-3.3-70b-versatile', secondary: 'gpt-backup' } as const;

export async function startFaultServer(reliability: Partial<ReliabilityConfig> = {}): Promise<FaultServer> {
  const backup = await startFakeUpstream({ apiKey: TEST_UPSTREAM_KEY });
  const s = await startTestServer({
    env: { BACKUP_KEY: TEST_UPSTREAM_KEY },
    modelConfig: {
      providers: [{ id: 'backup', kind: 'openai', apiKeyEnv: 'BACKUP_KEY', baseURL: `${backup.url}/v1` }],
      models: [
        { id: 'primary', provider: 'groq', upstreamModel: UPSTREAM_NAMES.primary, tasks: ['chat'] },
        { id: 'secondary', provider: 'backup', upstreamModel: UPSTREAM_NAMES.secondary, tasks: ['chat'] },
      ],
      routes: { chat: ['primary', 'secondary'] },
      limits: {},
      reliability: {
        maxAttemptsPerModel: 2, retryBaseDelayMs: 10, maxRetryAfterMs: 1000,
        connectTimeoutMs: 5000, firstTokenTimeoutMs: 500, idleTimeoutMs: 500,
        circuitFailureThreshold: 1000, circuitCooldownMs: 60_000,
        ...reliability,
      },
    },
  });
  return {
    ...s,
    backup,
    chat: (extra = {}, init = {}) => s.api('/v1/chat/completions', {
      json: { model: 'primary', messages: [{ role: 'user', content: 'hi' }], ...extra }, ...init,
    }),
    usageRow: async () => {
      const rows = await waitForUsageRows(s.db, 1);
      assert.equal(rows.length, 1, `one usage row per request: ${JSON.stringify(rows)}`);
      return rows[0]!;
    },
    metric: async (name, labels) => {
      const text = await (await s.api('/metrics')).text();
      const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`)) continue;
        const inside = line.slice(name.length + 1, line.lastIndexOf('}')).split(',');
        if (want.every((w) => inside.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return 0;
    },
    readyz: async () => (await fetch(`${s.url}/readyz`)).json(),
    close: async () => {
      await s.close();
      await backup.close();
    },
  };
}

/** The usage row fields every fault row asserts. */
export const recorded = (row: Record<string, unknown>) => ({
  status: row.status, error_code: row.error_code, attempts: row.attempts, fallbacks: row.fallbacks,
  model: row.model, requested_model: row.requested_model, provider: row.provider,
});

/** A stream's payloads split into content text, the finish_reason chunks and the last event. */
export async function readStream(res: Response) {
  const { data } = await readSse(res);
  const chunks = data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d));
  const text = chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
  const finishReasons = chunks.map((c) => c.choices?.[0]?.finish_reason).filter(Boolean);
  return { data, chunks, text, finishReasons, done: data.includes('[DONE]'), last: chunks.at(-1) };
}

/** Polls /readyz until a provider's circuit is in `state` (the cooldown runs on the real clock). */
export async function waitForCircuit(s: FaultServer, provider: string, state: string, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const seen = (await s.readyz()).checks.circuits[provider]?.state;
    if (seen === state) return;
    if (Date.now() > deadline) assert.fail(`circuit of ${provider} is ${seen}, expected ${state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
