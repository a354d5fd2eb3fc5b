// The inline engine's view of the server: the inline config (fetched once per server URL and
// cached) and one completion per request. Aborting the signal closes the HTTP request, which the
// server passes on to the upstream call.
import * as z from 'zod';
import { InlineCompletionResponse, InlineConfig, type InlineCompletionRequest, type InlineEventBatch } from '../../../../protocol';
import type { ChurnisticClient } from '../server-client';
import type { InlineTransport } from './types';

const Accepted = z.object({ accepted: z.number() });

export class HttpInlineTransport implements InlineTransport {
  private cached: { serverUrl: string; config: Promise<InlineConfig> } | undefined;

  constructor(private readonly client: ChurnisticClient) {}

  config(signal: AbortSignal): Promise<InlineConfig> {
    const serverUrl = this.client.serverUrl;
    if (this.cached?.serverUrl !== serverUrl) {
      const config = this.client.json('/api/v1/completions/inline/config', InlineConfig, { signal });
      // a failed fetch must not stick: the next request tries again
      config.catch(() => { if (this.cached?.config === config) this.cached = undefined; });
      this.cached = { serverUrl, config };
    }
    return this.cached.config;
  }

  /** Forget the cached config (the server said the prompt style changed, or the user signed in again). */
  reset(): void {
    this.cached = undefined;
  }

  complete(request: InlineCompletionRequest, signal: AbortSignal): Promise<InlineCompletionResponse> {
    return this.client.json('/api/v1/completions/inline', InlineCompletionResponse, { body: request, signal });
  }

  async sendEvents(batch: InlineEventBatch, signal?: AbortSignal): Promise<number> {
    return (await this.client.json('/api/v1/completions/events', Accepted, { body: batch, ...(signal ? { signal } : {}) })).accepted;
  }
}
