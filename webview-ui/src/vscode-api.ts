// The webview side of postMessage, typed with the protocol. acquireVsCodeApi may be called once.
import type { WebviewToExtension } from '../../protocol';
import type { ViewState } from './state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: WebviewToExtension): void;
  loadState(): Partial<ViewState> | undefined;
  /** Persists the view for when VS Code reloads a hidden webview; throttled (deltas are frequent). */
  saveState(state: ViewState): void;
}

export function connectHost(): Host {
  const api = acquireVsCodeApi();
  let pending: ViewState | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (pending) api.setState(pending);
    pending = undefined;
  };
  window.addEventListener('pagehide', flush);
  return {
    post: (message) => api.postMessage(message),
    loadState: () => {
      const state = api.getState();
      return state && typeof state === 'object' ? (state as Partial<ViewState>) : undefined;
    },
    saveState: (state) => {
      pending = state;
      timer ??= setTimeout(flush, 200);
    },
  };
}
