// What `activate()` returns (vscode.extensions.getExtension('churnistic.churnistic').exports).
// Deliberately small: read-only views of real state plus the webview's own message entry point,
// so in-host tests observe behaviour instead of reaching into internals.
import type { ExtensionToWebview, TranscriptEntry } from '../../protocol';
import type { ConnectionStatus } from './core/connection';
import type { InlineEngineStats } from './core/inline/engine';

export interface ChurnisticApi {
  /** The connection as the status bar shows it. */
  connection(): ConnectionStatus;
  /** The status bar item's text, e.g. "$(check) Churnistic". */
  statusBarText(): string;
  inline: {
    /** Counters of the inline engine: requests sent, cache hits, reuses, aborts. */
    stats(): InlineEngineStats;
  };
  chat: {
    /** True once the chat webview's script loaded under its CSP and sent `ready`. */
    isWebviewReady(): boolean;
    /** The conversation as the extension holds it (what the panel shows). */
    transcript(): readonly TranscriptEntry[];
    /** Handles a message exactly as if the webview had posted it, validation included. */
    receive(message: unknown): Promise<void>;
    /** The latest messages sent (or meant) for the webview, oldest first. */
    posted(): readonly ExtensionToWebview[];
  };
}
