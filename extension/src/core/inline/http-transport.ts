// The inline engine's view of the server: its inline config and one completion per request.
// Aborting the signal closes the HTTP request, which the server passes on to the upstream call.
import * as z from 'zod';
import { InlineCompletionResponse, InlineConfig, type InlineCompletionRequest, type InlineEventBatch } from '../../../../protocol';
import type { ChurnisticClient } from '../server-client';
import type { InlineTransport } from './types';

const Accepted = z.object({ accepted: z.number() });

/** Stateless: the engine caches the config (with a time to live) and owns every retry. */
export class HttpInlineTransport implements InlineTransport {
  constructor(private readonly client: ChurnisticClient) {}

  config(signal: AbortSignal): Promise<InlineConfig> {
    return this.client.json('/api/v1/completions/inline/config', InlineConfig, { signal });
  }

  complete(request: InlineCompletionRequest, signal: AbortSignal): Promise<InlineCompletionResponse> {
    return this.client.json('/api/v1/completions/inline', InlineCompletionResponse, { body: request, signal });
  }

  async sendEvents(batch: InlineEventBatch, signal?: AbortSignal): Promise<number> {
    return (await this.client.json('/api/v1/completions/events', Accepted, { body: batch, ...(signal ? { signal } : {}) })).accepted;
  }
}
