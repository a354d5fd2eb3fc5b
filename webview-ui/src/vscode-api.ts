// The webview side of postMessage, typed with the protocol. acquireVsCodeApi may be called once.
import { WebviewToExtension } from '../../protocol';
import type { persisted } from './state';

type Saved = ReturnType<typeof persisted>;

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: WebviewToExtension): void;
  /** Whatever was saved last (state.ts `restore` checks its shape). */
  loadState(): unknown;
  /** Persists the view for when VS Code reloads a hidden webview; throttled (deltas are frequent). */
  saveState(state: Saved): void;
}

export function connectHost(): Host {
  const api = acquireVsCodeApi();
  let pending: Saved | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (pending) api.setState(pending);
    pending = undefined;
  };
  window.addEventListener('pagehide', flush);
  return {
    post: (message) => {
      // the extension checks every message too; checking here catches a UI bug where it starts
      const checked = WebviewToExtension.safeParse(message);
      if (checked.success) api.postMessage(checked.data);
      else console.warn('churnistic: not sending an invalid message', message, checked.error.issues);
    },
    loadState: () => api.getState(),
    saveState: (state) => {
      pending = state;
      timer ??= setTimeout(flush, 200);
    },
  };
}
