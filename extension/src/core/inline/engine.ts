// The inline completion engine: one provide() per keystroke, in this order —
//   1. cache (synchronous, no debounce: typing into a suggestion must feel instant);
//   2. adaptive debounce (a keystroke during the wait cancels it);
//   3. reuse of the request in flight if the document continues it and its answer starts with
//      what was typed since (see in-flight.ts; otherwise that request was already aborted);
//   4. prompt: window around the cursor, context sources within their budgets, chat or FIM
//      prompt as the server's cached config says;
//   5. transport.complete, then extraction, post-processing filters and the cache.
// The result of a request is cached even if its caller went away meanwhile: the next keystroke
// usually wants exactly that answer.
import type { InlineCompletionRequest, InlineConfig } from '../../../../protocol';
import { silentLogger, type Logger } from '../logger';
import { isSensitivePath } from '../security/sensitive-files';
import { CompletionCache, type CacheOptions } from './cache';
import { buildContext } from './context-builder';
import { budgetsFor, cutWindow, linePrefix, type ContextWindow } from './context-window';
import { AdaptiveDebouncer } from './debounce';
import { inferIndentUnit, isMultilinePosition, postprocess } from './filters';
import { InFlightTracker, type InFlightOptions, type Lease } from './in-flight';
import { CHAT_STOP, buildChatPrompt, chatPromptOverhead, extractChatCompletion } from './prompt-chat';
import type { PromptInput } from './prompt-common';
import { buildFimPrompt, extractFimCompletion } from './prompt-fim';
import { raceAbort } from './race-abort';
import { estimateTokens } from './tokens';
import { systemClock, type Clock, type ContextSource, type DocumentSnapshot, type FilterContext, type InlineTransport, type Suggestion } from './types';

export interface InlineEngineOptions {
  transport: InlineTransport;
  sources?: readonly ContextSource[];
  clock?: Clock;
  /** Post-processing; default: the filters pipeline (`postprocess` from ./filters). */
  filters?: (completion: string, ctx: FilterContext) => string | undefined;
  /** Whether the cursor admits a multi-line answer; default `isMultilinePosition` from ./filters. */
  isMultiline?: (prefix: string, suffix: string) => boolean;
  /** One indentation step of the text; default `inferIndentUnit` from ./filters. */
  indentUnit?: (text: string) => string;
  maxLines?: number;
  debounce?: { minMs: number; maxMs: number };
  logger?: Logger;
  cache?: CacheOptions;
  inFlight?: InFlightOptions;
  /** Files never sent; default: the shared policy (core/security/sensitive-files: .env, keys, certificates…). */
  skipFile?: (doc: DocumentSnapshot) => boolean;
  /** After the config endpoint fails, wait this long before asking again. */
  configRetryMs?: number;
  /** The config is reused this long, then asked for again (the server's model config may change). */
  configTtlMs?: number;
}

export interface ProvideOptions {
  /** Explicit trigger (command): no debounce, and a cached "nothing here" is asked again. */
  manual?: boolean;
}

export interface InlineEngineStats {
  /** transport.complete calls. */
  requestsSent: number;
  /** Served from the cache (including cached "nothing to suggest"). */
  cacheHits: number;
  /** Served by a request started for an earlier keystroke. */
  reusedInFlight: number;
  /** Requests aborted because a keystroke made them useless. */
  aborted: number;
  /** Calls that ended during the debounce wait. */
  debounced: number;
  errors: number;
}

export const DEFAULT_MAX_LINES = 12;
/** A single line rarely needs more; a smaller cap answers sooner when the model rambles. */
const SINGLE_LINE_MAX_TOKENS = 128;

interface Prepared {
  window: ContextWindow;
  input: PromptInput;
  request: InlineCompletionRequest;
  style: InlineConfig['promptStyle'];
}

export class InlineEngine {
  readonly stats: InlineEngineStats = { requestsSent: 0, cacheHits: 0, reusedInFlight: 0, aborted: 0, debounced: 0, errors: 0 };
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly cache: CompletionCache;
  private readonly debouncer: AdaptiveDebouncer;
  private readonly inFlight: InFlightTracker<string | undefined>;
  private readonly chatOverhead = estimateTokens(chatPromptOverhead());
  private config: { value: Promise<InlineConfig>; until: number } | undefined;
  private configRetryAt = 0;

  constructor(private readonly options: InlineEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.cache = new CompletionCache(options.cache);
    this.debouncer = new AdaptiveDebouncer(this.clock, options.debounce ?? { minMs: 40, maxMs: 250 });
    this.inFlight = new InFlightTracker(this.clock, options.inFlight, () => this.stats.aborted++);
  }

  async provide(doc: DocumentSnapshot, signal: AbortSignal, options: ProvideOptions = {}): Promise<Suggestion | undefined> {
    if (signal.aborted || (this.options.skipFile ?? defaultSkip)(doc)) return undefined;
    const held: Array<Lease<string | undefined>> = [];
    const adopted = this.inFlight.arrive(doc.uri, doc.text, doc.offset);
    if (adopted) held.push(adopted);
    try {
      const cached = this.lookup(doc, options.manual);
      if (cached !== null) {
        this.debouncer.observe();
        return cached;
      }
      if (!options.manual && !(await this.debouncer.wait(signal))) {
        this.stats.debounced++;
        return undefined;
      }
      if (signal.aborted) return undefined;
      const settledMeanwhile = this.lookup(doc, options.manual);
      if (settledMeanwhile !== null) return settledMeanwhile;

      if (adopted && !adopted.request.settled) {
        await raceAbort(adopted.request.promise, signal);
        if (signal.aborted) return undefined;
        const reused = this.lookup(doc, options.manual, false);
        if (reused !== null) {
          this.stats.reusedInFlight++;
          return reused;
        }
      }

      const own = this.inFlight.start(doc.uri, doc.text, doc.offset, (requestSignal) => this.request(doc, requestSignal));
      held.push(own);
      const completionId = await raceAbort(own.request.promise, signal);
      if (signal.aborted || completionId === undefined) return undefined;
      const hit = this.cache.lookup(doc.uri, doc.text, doc.offset);
      if (!hit?.text) return undefined;
      return { completionId: hit.completionId, text: hit.text, offset: doc.offset, fromCache: false };
    } finally {
      for (const lease of held) lease.release();
    }
  }

  /**
   * The cache's answer for the document, synchronously: a Suggestion, undefined for a cached
   * "nothing to suggest", or null when the cache does not know.
   */
  lookup(doc: DocumentSnapshot, manual = false, countHit = true): Suggestion | undefined | null {
    const hit = this.cache.lookup(doc.uri, doc.text, doc.offset);
    if (!hit || (manual && !hit.text)) return null;
    if (countHit) this.stats.cacheHits++;
    if (!hit.text) return undefined;
    return { completionId: hit.completionId, text: hit.text, offset: doc.offset, fromCache: true };
  }

  /** Forget the server's config (server, account or settings changed). */
  invalidateConfig(): void {
    this.config = undefined;
    this.configRetryAt = 0;
  }

  setDebounceBounds(minMs: number, maxMs: number): void {
    this.debouncer.setBounds(minMs, maxMs);
  }

  /** A document closed: its cached suggestions can go. */
  forget(uri: string): void {
    this.cache.forget(uri);
  }

  dispose(): void {
    this.debouncer.cancel();
    this.inFlight.abortAll();
    this.cache.clear();
  }

  /** One upstream round trip; resolves to the completion id (cached with its text), never rejects. */
  private async request(doc: DocumentSnapshot, signal: AbortSignal): Promise<string | undefined> {
    const started = this.clock.now();
    try {
      const config = await raceAbort(this.getConfig(), signal);
      if (!config || signal.aborted) return undefined;
      const prepared = await this.prepare(doc, config, signal);
      if (signal.aborted) return undefined;
      this.stats.requestsSent++;
      const response = await this.options.transport.complete(prepared.request, signal);
      const text = this.finish(response.completion, doc, prepared);
      this.cache.store(doc.uri, doc.text, doc.offset, text, response.id);
      this.logger.debug(`inline: ${text ? `${text.length} chars` : 'nothing'} in ${Math.round(this.clock.now() - started)} ms`);
      return response.id;
    } catch (error) {
      if (!signal.aborted) {
        this.stats.errors++;
        // the server's model config changed under us: ask for it again before the next request
        if ((error as { code?: unknown }).code === 'prompt_style_mismatch') this.invalidateConfig();
        this.logger.warn(`inline completion failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return undefined;
    }
  }

  private getConfig(): Promise<InlineConfig> {
    const now = this.clock.now();
    if (this.config && now < this.config.until) return this.config.value;
    if (now < this.configRetryAt) return Promise.reject(new Error('inline config unavailable'));
    // not tied to one keystroke's signal: the answer serves every later request
    const value = this.options.transport.config(new AbortController().signal);
    const entry = { value, until: now + (this.options.configTtlMs ?? 60_000) };
    this.config = entry;
    value.catch(() => {
      if (this.config === entry) this.config = undefined;
      this.configRetryAt = this.clock.now() + (this.options.configRetryMs ?? 5_000);
    });
    return value;
  }

  private async prepare(doc: DocumentSnapshot, config: InlineConfig, signal: AbortSignal): Promise<Prepared> {
    const style = config.promptStyle;
    const overhead = (style === 'chat' ? this.chatOverhead : 0) + estimateTokens(doc.relativePath) + 16;
    const available = Math.max(64, config.maxPromptTokens - overhead);
    const window = cutWindow(doc.text, doc.offset, budgetsFor(available));
    const multiline = (this.options.isMultiline ?? isMultilinePosition)(window.prefix, window.suffix);
    const snippetBudget = available - window.prefixTokens - window.suffixTokens;
    const sources = this.options.sources ?? [];
    const context =
      sources.length && snippetBudget > 0
        ? await buildContext(doc, {
            sources,
            budgetTokens: snippetBudget,
            clock: this.clock,
            signal,
            windowText: window.prefix + window.suffix,
            logger: this.logger,
          })
        : undefined;
    const input: PromptInput = {
      filePath: doc.relativePath,
      languageId: doc.languageId,
      prefix: window.prefix,
      suffix: window.suffix,
      snippets: context?.snippets ?? [],
      multiline,
    };
    const maxTokens = Math.min(4096, multiline ? config.maxCompletionTokens : Math.min(config.maxCompletionTokens, SINGLE_LINE_MAX_TOKENS));
    const request: InlineCompletionRequest = {
      prompt: style === 'fim' ? buildFimPrompt(input) : buildChatPrompt(input),
      language: (doc.languageId || 'plaintext').slice(0, 64),
      maxTokens,
    };
    if (doc.relativePath) request.filePath = doc.relativePath.slice(-1024);
    if (style === 'chat') request.stop = [...CHAT_STOP];
    else if (!multiline) request.stop = ['\n'];
    return { window, input, request, style };
  }

  /** Raw answer → what is shown ('' when the filters drop it). */
  private finish(raw: string, doc: DocumentSnapshot, prepared: Prepared): string {
    const extracted = prepared.style === 'chat' ? extractChatCompletion(raw, linePrefix(doc.text, doc.offset)) : extractFimCompletion(raw);
    const { prefix, suffix } = prepared.window;
    const ctx: FilterContext = {
      prefix,
      suffix,
      languageId: doc.languageId,
      indentUnit: (this.options.indentUnit ?? inferIndentUnit)(prefix + suffix),
      multiline: prepared.input.multiline,
      maxLines: this.options.maxLines ?? DEFAULT_MAX_LINES,
    };
    try {
      return (this.options.filters ?? postprocess)(extracted, ctx) ?? '';
    } catch (error) {
      this.logger.warn(`inline filters failed: ${error instanceof Error ? error.message : String(error)}`);
      return '';
    }
  }
}

/** The shared sensitive-file policy, on the workspace path and on the URI's path (files outside the workspace). */
function defaultSkip(doc: DocumentSnapshot): boolean {
  if (doc.relativePath && isSensitivePath(doc.relativePath)) return true;
  const path = doc.uri.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '').split(/[?#]/, 1)[0] ?? '';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // a malformed escape: judge the raw text
  }
  return !!decoded && isSensitivePath(decoded);
}
