// The request in flight and the rule for keystrokes that arrive while it runs: if the new document
// is the old one plus typed text at the cursor, the request is kept (its answer may start with
// what was typed, and then it is reused); otherwise it is aborted at once, so the server closes
// the upstream call. Interest is counted with leases: each provide() call that may still use the
// request holds one. When the last lease goes, the request is aborted after a short grace period,
// because the editor cancels the old call before it makes the next one, and the next one may want
// to adopt the request.
import { hashRange } from './cache';
import type { Clock } from './types';

export interface InFlightOptions {
  /** How long a request nobody holds survives, waiting for the next keystroke to adopt it. */
  graceMs?: number;
  /** Typed characters beyond which a continuation is not worth waiting for. */
  maxTypedChars?: number;
  /** Prefix characters (before the request's cursor) compared to recognise the same position. */
  keyChars?: number;
  suffixChars?: number;
}

export interface InFlightRequest<T> {
  readonly uri: string;
  readonly offset: number;
  readonly promise: Promise<T>;
  readonly signal: AbortSignal;
  readonly settled: boolean;
}

export interface Lease<T> {
  readonly request: InFlightRequest<T>;
  /** Characters typed since the request started (0 for the call that started it). */
  readonly typed: number;
  /** Idempotent. */
  release(): void;
}

interface Tracked<T> extends InFlightRequest<T> {
  settled: boolean;
  promise: Promise<T>;
  holders: number;
  grace: unknown;
  controller: AbortController;
  suffixLength: number;
  suffixHash: number;
  tail: string;
}

export class InFlightTracker<T> {
  private current: Tracked<T> | undefined;
  private readonly graceMs: number;
  private readonly maxTypedChars: number;
  private readonly keyChars: number;
  private readonly suffixChars: number;

  constructor(
    private readonly clock: Clock,
    options: InFlightOptions = {},
    /** Told about every request aborted by the tracker (for stats). */
    private readonly onAbort: () => void = () => {},
  ) {
    this.graceMs = options.graceMs ?? 150;
    this.maxTypedChars = options.maxTypedChars ?? 256;
    this.keyChars = options.keyChars ?? 128;
    this.suffixChars = options.suffixChars ?? 512;
  }

  /** The unsettled request, if any. */
  get active(): InFlightRequest<T> | undefined {
    return this.current && !this.current.settled ? this.current : undefined;
  }

  /**
   * A keystroke (a provide call) for the document: a lease on the running request if the document
   * continues it; otherwise the running request is aborted and undefined is returned.
   */
  arrive(uri: string, text: string, offset: number): Lease<T> | undefined {
    const req = this.current;
    if (!req || req.settled) return undefined;
    const typed = this.continues(req, uri, text, offset);
    if (typed === undefined) {
      this.abort(req);
      return undefined;
    }
    return this.lease(req, typed);
  }

  /**
   * Registers a new request (aborting whatever else runs) and returns the starter's lease.
   * `run` gets the request's own signal: aborting it is what disconnects the upstream.
   */
  start(uri: string, text: string, offset: number, run: (signal: AbortSignal) => Promise<T>): Lease<T> {
    if (this.current && !this.current.settled) this.abort(this.current);
    const controller = new AbortController();
    const req: Tracked<T> = {
      uri,
      offset,
      signal: controller.signal,
      settled: false,
      holders: 0,
      grace: undefined,
      controller,
      suffixLength: text.length - offset,
      suffixHash: hashRange(text, offset, offset + this.suffixChars),
      tail: text.slice(Math.max(0, offset - this.keyChars), offset),
      promise: undefined as unknown as Promise<T>,
    };
    const settle = (): void => {
      req.settled = true;
      this.clock.clearTimeout(req.grace);
      if (this.current === req) this.current = undefined;
    };
    req.promise = run(controller.signal).finally(settle);
    // a request whose every caller left must not surface as an unhandled rejection
    req.promise.catch(() => {});
    this.current = req;
    return this.lease(req, 0);
  }

  /** Aborts the running request (extension disabled, document closed…). */
  abortAll(): void {
    if (this.current && !this.current.settled) this.abort(this.current);
  }

  private lease(req: Tracked<T>, typed: number): Lease<T> {
    req.holders++;
    this.clock.clearTimeout(req.grace);
    req.grace = undefined;
    let released = false;
    return {
      request: req,
      typed,
      release: () => {
        if (released) return;
        released = true;
        req.holders--;
        if (req.holders > 0 || req.settled) return;
        this.clock.clearTimeout(req.grace);
        req.grace = this.clock.setTimeout(() => {
          if (req.holders === 0 && !req.settled) this.abort(req);
        }, this.graceMs);
      },
    };
  }

  private abort(req: Tracked<T>): void {
    if (req.settled || req.controller.signal.aborted) return;
    this.clock.clearTimeout(req.grace);
    req.controller.abort();
    if (this.current === req) this.current = undefined;
    this.onAbort();
  }

  /** Characters typed since `req` if the document continues it, else undefined. */
  private continues(req: Tracked<T>, uri: string, text: string, offset: number): number | undefined {
    const typed = offset - req.offset;
    if (uri !== req.uri || typed < 0 || typed > this.maxTypedChars) return undefined;
    if (text.length - offset !== req.suffixLength) return undefined;
    if (hashRange(text, offset, offset + this.suffixChars) !== req.suffixHash) return undefined;
    const start = req.offset - req.tail.length;
    if (start < 0) return undefined;
    for (let i = 0; i < req.tail.length; i++) {
      if (text.charCodeAt(start + i) !== req.tail.charCodeAt(i)) return undefined;
    }
    return typed;
  }
}
