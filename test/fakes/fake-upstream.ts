/**
 * A fake LLM upstream: a real HTTP server on 127.0.0.1 speaking Groq's and OpenAI's
 * chat-completions wire format, scriptable per request, recording what it receives.
 * Tests point real clients (groq-sdk, openai, the Churnistic server) at it — never a mock.
 *
 *   const fake = await startFakeUpstream();
 *   fake.script({ text: 'Hello world', chunkDelayMs: 50 });   // next chat request only
 *   new Groq({ baseURL: fake.url, apiKey: 'x', maxRetries: 0 }); // groq-sdk adds /openai/v1
 *   new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'x', maxRetries: 0 });
 *   await fake.close();
 *
 * Which script answers a chat request: a `[[fake:{…json…}]]` marker in the last user message
 * (for tests in other processes; the queue is left untouched), else the next queued script
 * (FIFO, one per chat request), else the default script. With no `text`/`chunks` the answer is
 * `Echo: <last user message>`. See script.ts for the fields and control-plane.ts for HTTP control.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleChat } from './chat-handler';
import { handleFim } from './fim-handler';
import { CONTROL_PREFIX, handleControl } from './control-plane';
import { flatHeaders, readBody, type IncomingBody } from './incoming';
import { RequestLife } from './request-life';
import { FakeScriptListSchema, describeIssues, type FakeScript } from './script';
import { sendError, sendJson } from './wire';

export { FakeScriptSchema, type FakeScript } from './script';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/openai/v1/chat/completions`. */
  path: string;
  /** Lower-cased names, as node gives them; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text if it was not JSON; null if empty. */
  body: unknown;
  /** Date.now() when the request (with its body) arrived. */
  at: number;
  /** True if the client went away before the response finished. */
  aborted: boolean;
}

export interface FakeUpstreamOptions {
  port?: number;
  host?: string;
  defaultScript?: FakeScript;
  /** If set, chat and model calls need `Authorization: Bearer <apiKey>`, else 401 like Groq. */
  apiKey?: string;
  /**
   * In-process only: answers a chat request from its body (a "model" that knows the right
   * continuation, for benchmarks of typing sessions). Undefined falls back to the queue.
   */
  responder?: (body: unknown) => FakeScript | undefined;
}

export interface FakeUpstream {
  /** Host root, e.g. http://127.0.0.1:PORT (GROQ_BASE_URL; the OpenAI base is url + '/v1'). */
  readonly url: string;
  readonly port: number;
  /** Every non-control request since the last reset, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Only the chat-completions calls. */
  readonly chatRequests: readonly RecordedRequest[];
  /** Only the fill-in-the-middle calls (`/v1/completions`). */
  readonly fimRequests: readonly RecordedRequest[];
  /** Client disconnects before a response finished, since the last reset. */
  readonly disconnects: number;
  /** Scripts still queued. */
  readonly queued: number;
  script(s: FakeScript | FakeScript[]): void;
  setDefault(s: FakeScript): void;
  reset(): void;
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  waitForDisconnect(timeoutMs?: number, atLeast?: number): Promise<number>;
  close(): Promise<void>;
}

const MODELS = ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-20b'];
const isChatPath = (p: string): boolean => p === '/openai/v1/chat/completions' || p === '/v1/chat/completions';
const isModelsPath = (p: string): boolean => p === '/openai/v1/models' || p === '/v1/models';
const isFimPath = (p: string): boolean => p === '/v1/completions';

function validated(s: FakeScript | FakeScript[]): FakeScript[] {
  const parsed = FakeScriptListSchema.safeParse(s);
  if (!parsed.success) throw new Error(`fake upstream: invalid script: ${describeIssues(parsed.error)}`);
  return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
}

class FakeUpstreamServer implements FakeUpstream {
  url = '';
  port = 0;
  requests: RecordedRequest[] = [];
  disconnects = 0;
  private queue: FakeScript[] = [];
  private defaultScript: FakeScript;
  private seq = 0;
  /** Bumped by reset(), so a late disconnect from an earlier test does not count in the next. */
  private generation = 0;
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private readonly lives = new Set<RequestLife>();
  private readonly server: Server;

  constructor(private readonly opts: FakeUpstreamOptions) {
    this.defaultScript = validated(opts.defaultScript ?? {})[0]!;
    this.server = createServer({ noDelay: true }, (req, res) => void this.onRequest(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => isChatPath(r.path));
  }

  get fimRequests(): RecordedRequest[] {
    return this.requests.filter((r) => isFimPath(r.path));
  }

  get queued(): number {
    return this.queue.length;
  }

  async listen(): Promise<void> {
    const host = this.opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, host, () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('fake upstream: no TCP address');
    this.port = address.port;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  script(s: FakeScript | FakeScript[]): void {
    this.queue.push(...validated(s));
  }

  setDefault(s: FakeScript): void {
    this.defaultScript = validated(s)[0]!;
  }

  reset(): void {
    this.queue = [];
    this.requests = [];
    this.disconnects = 0;
    this.generation++;
    this.defaultScript = validated(this.opts.defaultScript ?? {})[0]!;
    this.events.emit('change');
  }

  waitForRequests(n: number, timeoutMs = 2000): Promise<RecordedRequest[]> {
    return this.waitFor(
      () => this.requests.length >= n,
      () => [...this.requests],
      timeoutMs,
      () =>
        `fake upstream: expected at least ${n} request(s) within ${timeoutMs} ms, got ${this.requests.length}` +
        ` [${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}]`,
    );
  }

  waitForDisconnect(timeoutMs = 2000, atLeast = 1): Promise<number> {
    return this.waitFor(
      () => this.disconnects >= atLeast,
      () => this.disconnects,
      timeoutMs,
      () => `fake upstream: expected ${atLeast} client disconnect(s) within ${timeoutMs} ms, saw ${this.disconnects}`,
    );
  }

  async close(): Promise<void> {
    for (const life of this.lives) life.end();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.events.removeAllListeners();
  }

  private waitFor<T>(done: () => boolean, value: () => T, timeoutMs: number, message: () => string): Promise<T> {
    if (done()) return Promise.resolve(value());
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        cleanup();
        resolve(value());
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(message()));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    let incoming: IncomingBody;
    try {
      incoming = await readBody(req);
    } catch (err) {
      return sendError(res, 413, { message: (err as Error).message, code: 'request_too_large' });
    }
    const { body, bodyError } = incoming;

    if (path.startsWith(CONTROL_PREFIX)) return handleControl(method, path, body, bodyError, res, this);

    const record: RecordedRequest = { method, path, headers: flatHeaders(req), body, at: Date.now(), aborted: false };
    this.requests.push(record);
    const generation = this.generation;
    const life = new RequestLife();
    this.lives.add(life);
    let selfDestroyed = false; // a scripted 'drop' is not a client disconnect
    const onDisconnect = (): void => {
      if (selfDestroyed) return;
      record.aborted = true;
      if (generation === this.generation) this.disconnects++;
      this.events.emit('change');
    };
    life.watch(res, onDisconnect);
    res.on('close', () => this.lives.delete(life));
    this.events.emit('change');
    if (req.socket.destroyed) {
      // The client left while we read the body: `close` already fired, so nobody else will see it.
      life.end();
      this.lives.delete(life);
      return onDisconnect();
    }

    try {
      await this.route(method, path, req, res, body, bodyError, life, () => {
        selfDestroyed = true;
        res.destroy();
      });
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, { message: `fake upstream bug: ${(err as Error).message}` });
      else res.destroy();
    }
  }

  private async route(
    method: string,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    bodyError: string | undefined,
    life: RequestLife,
    destroy: () => void,
  ): Promise<void> {
    const known = ((isChatPath(path) || isFimPath(path)) && method === 'POST') || (isModelsPath(path) && method === 'GET');
    if (!known) {
      return sendError(res, 404, { message: `Unknown request URL: ${method} ${path}. (fake upstream)`, code: 'unknown_url' });
    }
    if (this.opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${this.opts.apiKey}`) {
      return sendError(res, 401, { message: 'Invalid API Key', code: 'invalid_api_key' });
    }
    if (isModelsPath(path)) {
      const data = MODELS.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake', active: true, context_window: 131072 }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (bodyError !== undefined) {
      return sendError(res, 400, { message: `invalid JSON body: ${bodyError}`, code: 'invalid_json' });
    }
    if (isFimPath(path)) {
      await handleFim(res, body, life, this.queue.shift() ?? this.defaultScript, ++this.seq);
      return;
    }
    await handleChat(res, body, life, { takeScript: (b) => this.opts.responder?.(b) ?? this.queue.shift() ?? this.defaultScript, nextSeq: () => ++this.seq }, destroy);
  }
}

export async function startFakeUpstream(opts: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const fake = new FakeUpstreamServer(opts);
  await fake.listen();
  return fake;
}
