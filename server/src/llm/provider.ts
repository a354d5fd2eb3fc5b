import type { ChatCompletionRequest, Usage } from '../../../protocol';

/** One `chat.completion.chunk` as OpenAI and Groq stream it. Groq puts usage in `x_groq.usage`. */
export interface CompletionChunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: { index: number; delta: { role?: string; content?: string | null }; finish_reason: string | null }[];
  usage?: Usage | null;
  x_groq?: { id?: string; usage?: Usage | null } | null;
}

/** A non-streamed `chat.completion`, passed through as the provider sent it. */
export interface Completion {
  id: string;
  model: string;
  choices: { index: number; message: { role: string; content: string | null }; finish_reason: string | null }[];
  usage?: Usage | null;
  [key: string]: unknown;
}

/** A fill-in-the-middle request: the model writes what goes between `prompt` and `suffix`. */
export interface FimRequest {
  model: string;
  prompt: string;
  suffix: string;
  max_tokens?: number;
  temperature?: number;
  stop?: string[];
}

export interface FimResult {
  text: string;
  finishReason: string;
  usage?: Usage;
}

/** What the gateway needs from an LLM provider. Implementations never retry: the gateway owns that. */
export interface LlmProvider {
  readonly name: string;
  complete(body: ChatCompletionRequest, signal: AbortSignal): Promise<Completion>;
  /** Resolves once the upstream accepted the request; the chunks follow. */
  stream(body: ChatCompletionRequest, signal: AbortSignal): Promise<AsyncIterable<CompletionChunk>>;
  /** Present only on providers with a real FIM endpoint (`/v1/completions` with `suffix`). */
  fim?(request: FimRequest, signal: AbortSignal): Promise<FimResult>;
}

export const usageOf = (chunk: CompletionChunk): Usage | undefined => chunk.x_groq?.usage ?? chunk.usage ?? undefined;
