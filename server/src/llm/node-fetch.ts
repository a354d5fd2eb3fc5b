// A `fetch` for the provider SDKs over node:http with keep-alive agents. Node's built-in fetch
// spends most of a gateway's CPU per request (measured by bench:gateway: ~0.26 ms of CPU against
// ~0.05 ms for node:http); the SDKs accept any fetch, so they get this one. Only what the SDKs use
// is supported: method, headers, a string/Uint8Array body, an AbortSignal, and the response's
// status, headers and body (JSON or text read whole; an event stream as a ReadableStream).
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('This operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** The request headers as node:http takes them, without first copying them into another Headers. */
function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!init) return headers;
  if (init instanceof Headers) init.forEach((value, key) => { headers[key] = value; });
  else new Headers(init).forEach((value, key) => { headers[key] = value; });
  return headers;
}

/**
 * The response headers, read-only, over node's parsed ones (names already lower case): what the
 * SDKs read (`get`, `has`, `entries`, iteration) without validating and copying every header into
 * a WHATWG Headers per response. Repeated headers read as fetch joins them (", ").
 */
class ResponseHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    return this.raw['set-cookie'] ?? [];
  }

  *entries(): IterableIterator<[string, string]> {
    for (const key of Object.keys(this.raw).sort()) {
      const v = this.get(key);
      if (v !== null) yield [key, v];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(fn: (value: string, key: string, parent: ResponseHeaders) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * A response that is not an event stream (a JSON answer, an error): its body is read whole on
 * node's side as it arrives, with none of the web-stream machinery a real Response would wrap it
 * in. It resolves at the headers like fetch; a body that breaks off rejects `json()`/`text()` with
 * node's error ("aborted", ECONNRESET), as reading a real Response's body would.
 */
class BufferedResponse {
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly redirected = false;
  readonly type = 'basic';
  private readonly whole: Promise<Buffer> | null;
  private used = false;

  constructor(readonly url: string, readonly status: number, res: http.IncomingMessage, hasBody: boolean) {
    this.ok = status >= 200 && status < 300;
    this.statusText = res.statusMessage ?? '';
    this.headers = new ResponseHeaders(res.headers);
    this.whole = hasBody ? readWhole(res) : null;
    if (!hasBody) res.resume();
    this.whole?.catch(() => {}); // read or not, a broken body must not be an unhandled rejection
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  /** Only for callers that insist on a stream (the SDKs cancel it on errors). */
  get body(): ReadableStream<Uint8Array> | null {
    if (!this.whole) return null;
    const whole = this.whole;
    return new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          const buf = await whole;
          if (buf.length) controller.enqueue(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
          controller.close();
        } catch (err) {
          controller.error(err);
        }
      },
    });
  }

  private async bytes(): Promise<Buffer> {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    return this.whole ? this.whole : Buffer.alloc(0);
  }

  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const buf = await this.bytes();
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
  }
}

function readWhole(res: http.IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const brokenOff = () => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', brokenOff);
    res.on('close', () => { if (!res.complete) brokenOff(); }); // settled already if it ended or failed
  });
}

export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);
  const transport = url.protocol === 'https:' ? https : http;
  const headers = plainHeaders(init.headers);
  const body = init.body;
  if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError('nodeFetch supports string and Uint8Array bodies only');
  }
  return new Promise<Response>((resolve, reject) => {
    const req = transport.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res) => {
      const status = res.statusCode ?? 502;
      const noBody = status === 204 || status === 304 || init.method === 'HEAD';
      if (!/^text\/event-stream\b/i.test(res.headers['content-type'] ?? '')) {
        resolve(new BufferedResponse(url.href, status, res, !noBody) as unknown as Response);
        return;
      }
      // An event stream is read chunk by chunk as it comes, through a real Response.
      const responseHeaders = new Headers();
      for (const [key, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(key, v));
        else if (value !== undefined) responseHeaders.set(key, value);
      }
      resolve(new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
        status, statusText: res.statusMessage ?? '', headers: responseHeaders,
      }));
    });
    const onAbort = () => req.destroy(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    req.on('error', (err) => reject(err));
    req.end(body ?? undefined);
  });
}
