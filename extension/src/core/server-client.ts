// HTTP client for the Churnistic server. Pure: global fetch + AbortSignal, no `vscode`, so it is
// tested against a real local HTTP server. Every response body is validated with zod at this edge.
import type { ZodType } from 'zod';
import * as z from 'zod';
import {
  ChatEvent, ChatModelList, ChatRequest, ConversationDetail, ConversationList, ConversationSearchResult, ConversationSummary,
  ErrorBody, FeedbackRecord, MeResponse, TeamTemplateList,
} from '../../../protocol';
import { parseSse, readChunks, SSE_DONE } from './sse';
import {
  ServerError, StreamInterruptedError, UnauthorizedError, UnreachableError, describeNetworkError, isAbortError,
} from './errors';

export { MeResponse } from '../../../protocol';

export interface ClientOptions {
  /** Read on every request, so a settings change applies without rebuilding the client. */
  serverUrl: () => string;
  token: () => Promise<string | undefined>;
  /** Limit for the small JSON calls (health, me); chat streams are only ended by their signal. */
  requestTimeoutMs?: number;
}

export class ChurnisticClient {
  constructor(private readonly options: ClientOptions) {}

  get serverUrl(): string {
    return normalizeServerUrl(this.options.serverUrl());
  }

  /** `GET /healthz`; resolves when the process answers 200. */
  async health(signal?: AbortSignal): Promise<void> {
    const res = await this.send('/healthz', { signal: this.timed(signal) }, false);
    await res.body?.cancel();
  }

  /** `GET /api/v1/me`. `token` overrides the stored one: sign-in validates a token before storing it. */
  async me(token?: string, signal?: AbortSignal): Promise<MeResponse> {
    const res = await this.send('/api/v1/me', { signal: this.timed(signal) }, true, token);
    const parsed = MeResponse.safeParse(await readJson(res));
    if (!parsed.success) throw new ServerError(res.status, 'bad_response', 'The server sent an unexpected /api/v1/me answer');
    return parsed.data;
  }

  /**
   * `POST /api/v1/chat`: yields validated events. Ends normally after `done` (or `[DONE]`) or an
   * `error` event; any other end throws StreamInterruptedError, so a broken stream never looks finished.
   * Aborting `signal` (or leaving the loop early) closes the HTTP request, which the server
   * passes on to the upstream call.
   */
  async *chat(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    const local = new AbortController();
    const onAbort = () => local.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.send('/api/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify(request),
        signal: local.signal,
      }, true);
      const type = res.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream') || !res.body) {
        throw new ServerError(res.status, 'bad_response', `Expected an event stream from /api/v1/chat, got "${type || 'no body'}"`);
      }
      let finished = false;
      try {
        for await (const message of parseSse(readChunks(res.body))) {
          if (message.data === SSE_DONE) { finished = true; break; }
          const event = ChatEvent.safeParse(safeJson(message.data));
          if (!event.success) throw new ServerError(res.status, 'bad_event', 'The server sent a chat event this extension does not understand');
          yield event.data;
          if (event.data.type === 'done' || event.data.type === 'error') finished = true;
          if (event.data.type === 'error') break;
        }
      } catch (e) {
        if (isAbortError(e) || e instanceof ServerError) throw e;
        throw new StreamInterruptedError(describeNetworkError(e));
      }
      if (!finished) throw new StreamInterruptedError('the connection closed before the answer was complete');
    } finally {
      signal?.removeEventListener('abort', onAbort);
      local.abort(); // no-op after a clean end; releases the socket when the caller stops early
    }
  }

  /**
   * An authenticated JSON call whose answer is validated with `schema`. The method defaults to GET,
   * or POST when there is a body. A 204 (or any empty body) is validated as `undefined`, so
   * `z.undefined()` is the schema for calls that answer "No Content".
   */
  async json<T>(path: string, schema: ZodType<T>, init: { method?: HttpMethod; body?: unknown; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    const res = await this.send(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      ...(init.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
      signal: this.timed(init.signal, init.timeoutMs),
    }, true);
    const text = res.status === 204 ? '' : await res.text();
    const parsed = schema.safeParse(text === '' ? undefined : safeJson(text));
    if (!parsed.success) throw new ServerError(res.status, 'bad_response', `The server sent an unexpected ${path} answer`);
    return parsed.data;
  }

  /** `GET /api/v1/conversations`: newest activity first; pass the previous page's nextCursor for the next. */
  listConversations(cursor?: string, limit?: number, signal?: AbortSignal): Promise<ConversationList> {
    return this.json(`/api/v1/conversations${query({ cursor, limit })}`, ConversationList, { signal });
  }

  /** `GET /api/v1/conversations/search?q=…`: best matches first. */
  searchConversations(q: string, limit?: number, signal?: AbortSignal): Promise<ConversationSearchResult> {
    return this.json(`/api/v1/conversations/search${query({ q, limit })}`, ConversationSearchResult, { signal });
  }

  /** `GET /api/v1/conversations/{id}`: every message, oldest first. */
  getConversation(id: string, signal?: AbortSignal): Promise<ConversationDetail> {
    return this.json(`/api/v1/conversations/${encodeURIComponent(id)}`, ConversationDetail, { signal });
  }

  /** `PATCH /api/v1/conversations/{id}`: the renamed conversation's summary. */
  renameConversation(id: string, title: string, signal?: AbortSignal): Promise<ConversationSummary> {
    return this.json(`/api/v1/conversations/${encodeURIComponent(id)}`, ConversationSummary, { method: 'PATCH', body: { title }, signal });
  }

  /** `DELETE /api/v1/conversations/{id}` (204). */
  async deleteConversation(id: string, signal?: AbortSignal): Promise<void> {
    await this.json(`/api/v1/conversations/${encodeURIComponent(id)}`, z.undefined(), { method: 'DELETE', signal });
  }

  /** Rates an answer (`POST …/feedback`, returns the stored record) or takes the rating back (null: `DELETE`, 204). */
  async setFeedback(messageId: string, rating: 'up' | 'down' | null, comment?: string, signal?: AbortSignal): Promise<FeedbackRecord | undefined> {
    const path = `/api/v1/messages/${encodeURIComponent(messageId)}/feedback`;
    if (rating === null) return this.json(path, z.undefined(), { method: 'DELETE', signal });
    return this.json(path, FeedbackRecord, { method: 'POST', body: comment === undefined ? { rating } : { rating, comment }, signal });
  }

  /** `GET /api/v1/models`: the chat's model picker. */
  models(signal?: AbortSignal): Promise<ChatModelList> {
    return this.json('/api/v1/models', ChatModelList, { signal });
  }

  /** `GET /api/v1/templates`: the latest version of each of the team's templates. */
  teamTemplates(signal?: AbortSignal): Promise<TeamTemplateList> {
    return this.json('/api/v1/templates', TeamTemplateList, { signal });
  }

  /** `timeoutMs` for calls that wait on a model (reviews, commit messages), which take longer than bookkeeping. */
  private timed(signal?: AbortSignal, timeoutMs?: number): AbortSignal {
    const timeout = AbortSignal.timeout(timeoutMs ?? this.options.requestTimeoutMs ?? 10_000);
    return signal ? AbortSignal.any([signal, timeout]) : timeout;
  }

  /** One request with auth and error mapping; returns only 2xx responses. */
  private async send(path: string, init: RequestInit, auth: boolean, tokenOverride?: string): Promise<Response> {
    const base = this.serverUrl;
    const headers = new Headers(init.headers);
    if (auth) {
      const token = tokenOverride ?? (await this.options.token());
      if (!token) throw new UnauthorizedError(base, 'Not signed in to Churnistic');
      headers.set('authorization', `Bearer ${token}`);
    }
    let url: URL;
    try {
      url = new URL(path, base + '/');
    } catch {
      throw new UnreachableError(base, 'the server URL is not a valid URL');
    }
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers });
    } catch (e) {
      // a user's stop is not a failure; a timeout is (the server did not answer in time)
      const timedOut = (e instanceof Error && e.name === 'TimeoutError') || init.signal?.reason?.name === 'TimeoutError';
      if (isAbortError(e) && !timedOut) throw e;
      throw new UnreachableError(base, timedOut ? 'no answer in time' : describeNetworkError(e));
    }
    if (res.ok) return res;
    const body = ErrorBody.safeParse(await readJson(res).catch(() => undefined));
    if (res.status === 401) throw new UnauthorizedError(base, body.success ? body.data.error.message : undefined);
    const code = body.success ? body.data.error.code : `http_${res.status}`;
    const message = body.success ? body.data.error.message : `The server answered ${res.status} ${res.statusText}`.trim();
    throw new ServerError(res.status, code, message);
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `?a=1&b=x` from the defined entries, '' when there are none. */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** "https://x/ " → "https://x": paths are appended to it. */
export function normalizeServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  return safeJson(text);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
