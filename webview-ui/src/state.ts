// The panel's model and how each extension message changes it. Pure, so it is unit-tested and
// persisted with setState; the DOM views only render it.
import type { CodeContext, ConnectionState, ExtensionToWebview, TranscriptEntry } from '../../protocol';

export interface ViewState {
  entries: TranscriptEntry[];
  context: CodeContext[];
  connection: { state: ConnectionState; serverUrl: string };
  draft: string;
}

export const initialState: ViewState = {
  entries: [],
  context: [],
  connection: { state: 'checking', serverUrl: '' },
  draft: '',
};

/** Which part of the view to update: one entry, the whole list, or only the chrome. */
export type Change = { kind: 'entry'; id: string } | { kind: 'all' } | { kind: 'context' } | { kind: 'connection' };

export function reduce(state: ViewState, message: ExtensionToWebview): { state: ViewState; change: Change } {
  switch (message.type) {
    case 'connection':
      return { state: { ...state, connection: { state: message.state, serverUrl: message.serverUrl } }, change: { kind: 'connection' } };
    case 'context':
      return { state: { ...state, context: message.items }, change: { kind: 'context' } };
    case 'transcript':
      return { state: { ...state, entries: message.entries }, change: { kind: 'all' } };
    case 'cleared':
      return { state: { ...state, entries: [], context: [] }, change: { kind: 'all' } };
    case 'userMessage':
      return withEntry(state, { id: message.id, role: 'user', text: message.text, context: message.context });
    case 'answerStart': {
      // sent once at once (placeholder) and again with the model when the server starts
      const existing = find(state, message.id);
      return withEntry(state, { ...(existing ?? { id: message.id, role: 'assistant', text: '', status: 'streaming' }),
        ...(message.model ? { model: message.model } : {}) });
    }
    case 'answerContext': {
      const existing = find(state, message.id) ?? { id: message.id, role: 'assistant', text: '', status: 'streaming' };
      return withEntry(state, { ...existing, contextReport: message.report });
    }
    case 'answerDelta': {
      const existing = find(state, message.id) ?? { id: message.id, role: 'assistant', text: '', status: 'streaming' };
      return withEntry(state, { ...existing, text: existing.text + message.text });
    }
    case 'answerEnd': {
      const existing = find(state, message.id) ?? { id: message.id, role: 'assistant', text: '' };
      return withEntry(state, { ...existing, status: message.finishReason === 'stopped' ? 'stopped' : 'done' });
    }
    case 'answerError': {
      const existing = find(state, message.id) ?? { id: message.id, role: 'assistant', text: '' };
      return withEntry(state, { ...existing, status: 'error', error: message.message });
    }
  }
}

/** An answer is being written: show Stop instead of Send. */
export function isStreaming(state: ViewState): boolean {
  return state.entries.some((e) => e.role === 'assistant' && e.status === 'streaming');
}

function find(state: ViewState, id: string): TranscriptEntry | undefined {
  return state.entries.find((e) => e.id === id);
}

function withEntry(state: ViewState, entry: TranscriptEntry): { state: ViewState; change: Change } {
  const index = state.entries.findIndex((e) => e.id === entry.id);
  const entries = index < 0 ? [...state.entries, entry] : state.entries.map((e, i) => (i === index ? entry : e));
  return { state: { ...state, entries }, change: { kind: 'entry', id: entry.id } };
}
