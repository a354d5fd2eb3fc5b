import type { Logger } from 'pino';
import { ErrorCode } from '../../../protocol';
import type { Config } from '../config';
import { loadConfigFile, resolveGatewayConfig, type GatewayConfig, type ModelEntry, type Task } from '../config-file';
import { AppError } from '../domain/errors';
import { GroqProvider } from './groq-provider';
import { OpenAICompatProvider } from './openai-provider';
import type { LlmProvider } from './provider';

export type { ModelEntry } from '../config-file';

/** Which providers have credentials, which models exist, and each task's fallback chain. */
export class ProviderRegistry {
  private readonly providers = new Map<string, LlmProvider>();

  constructor(readonly gateway: GatewayConfig, providers: LlmProvider[]) {
    for (const p of providers) this.providers.set(p.name, p);
  }

  /**
   * Providers from the environment (`groq`, `openai`) and the config file (keys from the variables
   * it names), models and routes from CHURNISTIC_CONFIG or the defaults. Throws ConfigError.
   */
  static fromConfig(config: Config, logger?: Logger, env: NodeJS.ProcessEnv = process.env): ProviderRegistry {
    const gateway = resolveGatewayConfig(config.configFile ? loadConfigFile(config.configFile) : {});
    const timeoutMs = Math.min(config.upstreamTimeoutMs, gateway.reliability.connectTimeoutMs);
    const providers: LlmProvider[] = [];
    if (config.groq.apiKey) {
      providers.push(new GroqProvider({ name: 'groq', apiKey: config.groq.apiKey, baseURL: config.groq.baseURL, timeoutMs, logger }));
    }
    if (config.openai.apiKey) {
      providers.push(new OpenAICompatProvider({ name: 'openai', apiKey: config.openai.apiKey, baseURL: config.openai.baseURL, timeoutMs, logger }));
    }
    for (const p of gateway.providers) {
      const apiKey = env[p.apiKeyEnv]?.trim();
      if (!apiKey) {
        logger?.warn({ provider: p.id, variable: p.apiKeyEnv }, 'provider has no key in its environment variable; its models are unavailable');
        continue;
      }
      const options = { name: p.id, apiKey, baseURL: p.baseURL, timeoutMs, logger };
      providers.push(p.kind === 'groq' ? new GroqProvider(options) : new OpenAICompatProvider(options));
    }
    return new ProviderRegistry(gateway, providers);
  }

  get models(): ModelEntry[] {
    return this.gateway.models;
  }

  get configuredProviders(): string[] {
    return [...this.providers.keys()];
  }

  model(id: string): ModelEntry | undefined {
    return this.gateway.models.find((m) => m.id === id);
  }

  defaultModel(task: Task): string {
    return this.gateway.routes[task][0] ?? this.gateway.models[0]!.id;
  }

  /**
   * The models to try, in order. A model the client names starts the chain: the rest of the task's
   * route after it are its fallbacks; a model outside the route has none.
   */
  chain(task: Task, requested?: string): string[] {
    const route = this.gateway.routes[task];
    if (!requested) return route.length ? [...route] : [this.defaultModel(task)];
    const at = route.indexOf(requested);
    return at >= 0 ? route.slice(at) : [requested];
  }

  /** The provider of a model, or undefined when it has no credentials. */
  providerOf(model: string): LlmProvider | undefined {
    return this.providers.get(this.model(model)?.provider ?? 'groq');
  }

  /**
   * The provider for a model. Unknown model ids go to Groq as they are, so a new Groq model works
   * before our list knows it; an unknown id then fails upstream with Groq's own message.
   */
  providerFor(model: string): LlmProvider {
    const provider = this.providerOf(model);
    if (!provider) {
      const entry = this.model(model);
      const key = entry?.provider === 'openai' ? 'OPENAI_API_KEY'
        : this.gateway.providers.find((p) => p.id === entry?.provider)?.apiKeyEnv ?? 'GROQ_API_KEY';
      throw new AppError(503, ErrorCode.noProvider,
        `No LLM provider is configured on this server for ${model}: set ${key} in the server environment and restart it.`,
        { retryAfterSeconds: 60 });
    }
    return provider;
  }

  /** The name to send upstream for a model id. */
  upstreamName(model: string): string {
    return this.model(model)?.upstreamModel ?? model;
  }
}
