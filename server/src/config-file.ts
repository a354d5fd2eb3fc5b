// The CHURNISTIC_CONFIG file (JSON or YAML): providers, models, routes, limits, alerts and the
// gateway's reliability settings. Strict everywhere, so a misspelt key stops start-up instead of
// being silently ignored. Every section is optional; the defaults are the built-in Groq setup.
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import YAML from 'yaml';
import { ConfigError } from './config';

export const Task = z.enum(['chat', 'inline', 'review']);
export type Task = z.infer<typeof Task>;

/** A provider: which SDK speaks to it, where, and which environment variable holds its key. */
export const ProviderSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'provider ids are lower-case words, e.g. groq, openai, together'),
  kind: z.enum(['groq', 'openai']),
  /** Environment variable with the API key (keys never live in the config file). */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as TOGETHER_API_KEY'),
  /** groq: host root; openai: base URL with /v1. Default: the SDK's own endpoint. */
  baseURL: z.url().optional(),
});
export type ProviderConfig = z.infer<typeof ProviderSchema>;

export const PricesSchema = z.strictObject({
  /** USD per million prompt tokens. */
  inputPerMillion: z.number().nonnegative(),
  /** USD per million completion tokens. */
  outputPerMillion: z.number().nonnegative(),
});

export const ModelEntrySchema = z.strictObject({
  /** The id clients use (and `GET /v1/models` lists). */
  id: z.string().min(1),
  /** A provider id: `groq` and `openai` exist from the environment; others come from `providers`. */
  provider: z.string().min(1),
  /** The model's name at the provider, when it differs from `id` (the same model at two providers). */
  upstreamModel: z.string().min(1).optional(),
  /** Tasks the model serves when `routes` does not say otherwise, in file order. */
  tasks: z.array(Task).min(1).default(['chat']),
  contextWindow: z.number().int().positive().default(131_072),
  /** Real fill-in-the-middle (`prompt` + `suffix`) at the provider. */
  fim: z.boolean().optional(),
  tools: z.boolean().optional(),
  jsonMode: z.boolean().optional(),
  prices: PricesSchema.optional(),
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

/** Per scope and task: what a principal may use. Absent numbers mean no limit. */
export const TaskLimitsSchema = z.strictObject({
  requestsPerMinute: z.number().int().positive().optional(),
  tokensPerMinute: z.number().int().positive().optional(),
  tokensPerDay: z.number().int().positive().optional(),
});
export type TaskLimits = z.infer<typeof TaskLimitsSchema>;

export const ScopeLimitsSchema = z.strictObject({
  chat: TaskLimitsSchema.optional(),
  inline: TaskLimitsSchema.optional(),
  review: TaskLimitsSchema.optional(),
  /** USD per calendar month (UTC), all tasks together. */
  spendPerMonthUsd: z.number().positive().optional(),
});
export type ScopeLimits = z.infer<typeof ScopeLimitsSchema>;

export const LimitsSchema = z.strictObject({
  /** Each API token. */
  token: ScopeLimitsSchema.optional(),
  /** Each user (all their tokens together). */
  user: ScopeLimitsSchema.optional(),
  /** Each team (all its members together). */
  team: ScopeLimitsSchema.optional(),
  /** Per-team overrides of `team`, by team id. */
  teams: z.record(z.string(), ScopeLimitsSchema).optional(),
});
export type LimitsConfig = z.infer<typeof LimitsSchema>;

export const AlertsSchema = z.strictObject({
  /** Monthly spend, in USD, at which to alert (per user and per team); each fires once a month. */
  spendThresholdsUsd: z.array(z.number().positive()).default([]),
  /** POSTed a JSON alert; the log always gets it. */
  webhookUrl: z.url().optional(),
});

export const ReliabilitySchema = z.strictObject({
  /** Attempts on one model before falling back (1 = no retry). */
  maxAttemptsPerModel: z.number().int().min(1).max(5).default(2),
  retryBaseDelayMs: z.number().int().nonnegative().default(100),
  /** A Retry-After longer than this is not waited for: the next model in the chain is tried instead. */
  maxRetryAfterMs: z.number().int().nonnegative().default(2_000),
  /** Until response headers. */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** From the request to the first token. */
  firstTokenTimeoutMs: z.number().int().positive().default(30_000),
  /** Silence between two chunks of a stream. */
  idleTimeoutMs: z.number().int().positive().default(30_000),
  /** Consecutive failures that open a provider's circuit, and how long it stays open before a probe. */
  circuitFailureThreshold: z.number().int().min(1).default(5),
  circuitCooldownMs: z.number().int().positive().default(30_000),
});
export type ReliabilityConfig = z.infer<typeof ReliabilitySchema>;

export const ConfigFileSchema = z.strictObject({
  providers: z.array(ProviderSchema).optional(),
  models: z.array(ModelEntrySchema).min(1).optional(),
  /** Ordered fallback chains of model ids per task; default: the models that list the task, in file order. */
  routes: z.strictObject({ chat: z.array(z.string()).min(1).optional(), inline: z.array(z.string()).min(1).optional(),
    review: z.array(z.string()).min(1).optional() }).optional(),
  limits: LimitsSchema.optional(),
  alerts: AlertsSchema.optional(),
  reliability: ReliabilitySchema.optional(),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** Groq's models as shipped; prices are Groq's list prices (USD per million tokens) when written. */
export const DEFAULT_MODELS: ModelEntry[] = [
  { id: 'llama-3.3-70b-versatile', provider: 'groq', tasks: ['chat', 'review'], contextWindow: 131_072, tools: true, jsonMode: true,
    prices: { inputPerMillion: 0.59, outputPerMillion: 0.79 } },
  { id: 'llama-3.1-8b-instant', provider: 'groq', tasks: ['inline'], contextWindow: 131_072, tools: true, jsonMode: true,
    prices: { inputPerMillion: 0.05, outputPerMillion: 0.08 } },
  { id: 'openai/gpt-oss-120b', provider: 'groq', tasks: ['chat', 'review'], contextWindow: 131_072, tools: true, jsonMode: true,
    prices: { inputPerMillion: 0.15, outputPerMillion: 0.75 } },
  { id: 'qwen/qwen3-32b', provider: 'groq', tasks: ['chat'], contextWindow: 131_072, tools: true, jsonMode: true,
    prices: { inputPerMillion: 0.29, outputPerMillion: 0.59 } },
];

/** Defaults that keep an ordinary team safe without a config file; a file replaces them per scope. */
export const DEFAULT_LIMITS: LimitsConfig = {
  user: {
    chat: { requestsPerMinute: 60 },
    inline: { requestsPerMinute: 600 },
    review: { requestsPerMinute: 30 },
  },
};

/** What the server runs with: the file's sections, or the defaults. */
export interface GatewayConfig {
  providers: ProviderConfig[];
  models: ModelEntry[];
  routes: Record<Task, string[]>;
  limits: LimitsConfig;
  alerts: z.infer<typeof AlertsSchema>;
  reliability: ReliabilityConfig;
}

export function resolveGatewayConfig(file: ConfigFile = {}): GatewayConfig {
  const models = file.models ?? DEFAULT_MODELS;
  const routeFor = (task: Task) => file.routes?.[task] ?? models.filter((m) => m.tasks.includes(task)).map((m) => m.id);
  const routes = { chat: routeFor('chat'), inline: routeFor('inline'), review: routeFor('review') };
  const known = new Set(models.map((m) => m.id));
  const problems: string[] = [];
  for (const [task, chain] of Object.entries(routes)) {
    for (const id of chain) if (!known.has(id)) problems.push(`routes.${task}: unknown model "${id}"`);
  }
  const providerIds = new Set(['groq', 'openai', ...(file.providers ?? []).map((p) => p.id)]);
  models.forEach((m, i) => { if (!providerIds.has(m.provider)) problems.push(`models.${i}.provider: unknown provider "${m.provider}"`); });
  if (problems.length) throw new ConfigError(`CHURNISTIC_CONFIG is inconsistent:\n  ${problems.join('\n  ')}`);
  return {
    providers: file.providers ?? [],
    models,
    routes,
    limits: file.limits ?? DEFAULT_LIMITS,
    alerts: file.alerts ?? { spendThresholdsUsd: [] },
    reliability: ReliabilitySchema.parse(file.reliability ?? {}),
  };
}

/** Reads a JSON or YAML config file; any problem is a ConfigError naming the file and the key. */
export function loadConfigFile(file: string): ConfigFile {
  let raw: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    raw = path.extname(file).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new ConfigError(`CHURNISTIC_CONFIG ${file} cannot be read: ${err instanceof Error ? err.message : err}`);
  }
  const parsed = ConfigFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`CHURNISTIC_CONFIG ${file} is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
