import type { Logger } from 'pino';
import { ErrorCode } from '../../../protocol';
import type { Config } from '../config';
import { AppError } from '../domain/errors';
import { GroqProvider } from './groq-provider';
import { loadModelConfig, type ModelEntry } from './model-config';
import { OpenAICompatProvider } from './openai-provider';
import type { LlmProvider } from './provider';

export type { ModelEntry } from './model-config';

/** Built-in routing until a CHURNISTIC_CONFIG file is given (issue: LLM gateway). */
export const DEFAULT_MODELS: ModelEntry[] = [
  { id: 'llama-3.3-70b-versatile', provider: 'groq', tasks: ['chat', 'review'], contextWindow: 131_072 },
  { id: 'llama-3.1-8b-instant', provider: 'groq', tasks: ['inline'], contextWindow: 131_072 },
  { id: 'openai/gpt-oss-120b', provider: 'groq', tasks: ['chat', 'review'], contextWindow: 131_072 },
  { id: 'qwen/qwen3-32b', provider: 'groq', tasks: ['chat'], contextWindow: 131_072 },
];

/** Which providers have credentials, and which provider serves a model. */
export class ProviderRegistry {
  private readonly providers = new Map<string, LlmProvider>();

  constructor(readonly models: ModelEntry[], providers: LlmProvider[]) {
    for (const p of providers) this.providers.set(p.name, p);
  }

  /** Providers from the environment, models from CHURNISTIC_CONFIG (throws ConfigError) or the defaults. */
  static fromConfig(config: Config, logger?: Logger): ProviderRegistry {
    const timeoutMs = config.upstreamTimeoutMs;
    const providers: LlmProvider[] = [];
    if (config.groq.apiKey) {
      providers.push(new GroqProvider({ apiKey: config.groq.apiKey, baseURL: config.groq.baseURL, timeoutMs, logger }));
    }
    if (config.openai.apiKey) {
      providers.push(new OpenAICompatProvider({ name: 'openai', apiKey: config.openai.apiKey, baseURL: config.openai.baseURL, timeoutMs, logger }));
    }
    const models = (config.configFile ? loadModelConfig(config.configFile).models : undefined) ?? DEFAULT_MODELS;
    return new ProviderRegistry(models, providers);
  }

  get configuredProviders(): string[] {
    return [...this.providers.keys()];
  }

  model(id: string): ModelEntry | undefined {
    return this.models.find((m) => m.id === id);
  }

  defaultModel(task: 'chat' | 'inline' | 'review'): string {
    return (this.models.find((m) => m.tasks.includes(task)) ?? this.models[0]!).id;
  }

  /**
   * The provider for a model. Unknown model ids go to Groq as they are, so a new Groq model works
   * before our list knows it; an unknown id then fails upstream with Groq's own message.
   */
  providerFor(model: string): LlmProvider {
    const entry = this.models.find((m) => m.id === model);
    const provider = this.providers.get(entry?.provider ?? 'groq');
    if (!provider) {
      const key = entry?.provider === 'openai' ? 'OPENAI_API_KEY' : 'GROQ_API_KEY';
      throw new AppError(503, ErrorCode.noProvider,
        `No LLM provider is configured on this server for ${model}: set ${key} in the server environment and restart it.`,
        { retryAfterSeconds: 60 });
    }
    return provider;
  }
}
