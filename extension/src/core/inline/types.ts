// Shared shapes of the inline-completion engine (pure: no `vscode`). The VS Code provider turns
// a TextDocument into a DocumentSnapshot and a Suggestion back into an InlineCompletionItem.
import type { InlineCompletionRequest, InlineCompletionResponse, InlineConfig } from '../../../../protocol';

/** The document at the moment of the request. Offsets are UTF-16 indexes into `text`. */
export interface DocumentSnapshot {
  uri: string;
  /** Workspace-relative path ('' for untitled). */
  relativePath: string;
  languageId: string;
  text: string;
  /** Cursor offset. */
  offset: number;
  version: number;
}

export type SnippetSource = 'import' | 'recent' | 'open' | 'definition' | 'workspace';

/** A piece of other code the model may find useful, scored by its source. */
export interface Snippet {
  source: SnippetSource;
  path: string;
  text: string;
  /** Higher is more relevant; comparable within one source. */
  score: number;
}

/** One provider of context. A source slower than its time budget is skipped, never waited on. */
export interface ContextSource {
  readonly name: SnippetSource;
  readonly budgetTokens: number;
  readonly timeoutMs: number;
  collect(doc: DocumentSnapshot, signal: AbortSignal): Promise<Snippet[]>;
}

/** What every post-processing filter sees besides the completion. */
export interface FilterContext {
  /** Document text before the cursor (at least the current line and a few above). */
  prefix: string;
  /** Document text after the cursor. */
  suffix: string;
  languageId: string;
  /** One indentation step of the document ('  ', '    ' or '\t'). */
  indentUnit: string;
  /** Whether a multi-line suggestion fits here (decided by the cursor position). */
  multiline: boolean;
  maxLines: number;
}

/** A filter returns the (possibly changed) completion, or undefined to drop it. */
export type CompletionFilter = (completion: string, ctx: FilterContext) => string | undefined;

/** The server, as the engine needs it (the real one is HTTP; tests use the fake upstream). */
export interface InlineTransport {
  config(signal: AbortSignal): Promise<InlineConfig>;
  complete(request: InlineCompletionRequest, signal: AbortSignal): Promise<InlineCompletionResponse>;
}

/** What the engine hands to the editor: insert `text` at `offset`. */
export interface Suggestion {
  /** Server id for events ('' when served from cache without a new request: the original id). */
  completionId: string;
  text: string;
  offset: number;
  fromCache: boolean;
}

/** Time, injectable so debounce and cache tests run on a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
