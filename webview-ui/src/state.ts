// The panel's model and how each extension message changes it. Pure, so it is unit-tested and
// persisted with setState; the DOM views only render it.
import type {
  ChatModel, CodeContext, ConnectionState, ContextMeter, ExtensionToWebview, HistoryItem, SlashCommandInfo, TranscriptEntry,
} from '../../protocol';

export type View = 'chat' | 'history';

export interface HistoryState {
  /** A page arrived at least once (opening the view asks for one otherwise). */
  loaded: boolean;
  /** The search the items answer; '' for the plain list. */
  query: string;
  items: HistoryItem[];
  nextCursor?: string;
  offline: boolean;
  error?: string;
}

export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface ViewState {
  entries: TranscriptEntry[];
  context: CodeContext[];
  connection: { state: ConnectionState; serverUrl: string };
  draft: string;
  models: ChatModel[];
  /** null: the server's default model. */
  selectedModel: string | null;
  slashCommands: SlashCommandInfo[];
  meter: ContextMeter | null;
  conversation: { id: string | null; title?: string };
  view: View;
  history: HistoryState;
  /** Not persisted: a notice belongs to the moment it was sent. */
  notice: Notice | null;
}

export const initialHistory: HistoryState = { loaded: false, query: '', items: [], offline: false };

export const initialState: ViewState = {
  entries: [],
  context: [],
  connection: { state: 'checking', serverUrl: '' },
  draft: '',
  models: [],
  selectedModel: null,
  slashCommands: [],
  meter: null,
  conversation: { id: null },
  view: 'chat',
  history: initialHistory,
  notice: null,
};

/** The parts of the view outside the message list that a message can change. */
export type Part = 'context' | 'connection' | 'models' | 'slash' | 'meter' | 'conversation' | 'view' | 'history' | 'notice' | 'draft';

/** Which part of the view to update: one entry, the whole list (and everything), one part, or nothing. */
export type Change = { kind: 'entry'; id: string } | { kind: 'all' } | { kind: Part } | { kind: 'none' };

type Result = { state: ViewState; change: Change };

export function reduce(state: ViewState, message: ExtensionToWebview): Result {
  const part = (kind: Part, next: Partial<ViewState>): Result => ({ state: { ...state, ...next }, change: { kind } });
  switch (message.type) {
    case 'connection':
      return part('connection', { connection: { state: message.state, serverUrl: message.serverUrl } });
    case 'context':
      return part('context', { context: message.items });
    case 'transcript':
      return { state: { ...state, entries: message.entries }, change: { kind: 'all' } };
    case 'cleared':
      // a new chat: its title and attachments go with the old conversation
      return { state: { ...state, entries: [], context: [], conversation: { id: null } }, change: { kind: 'all' } };
    case 'userMessage':
      return withEntry(state, { id: message.id, role: 'user', text: message.text, context: message.context });
    case 'answerStart': {
      // sent once at once (placeholder) and again with the model when the server starts
      const existing = find(state, message.id);
      return withEntry(state, { ...(existing ?? answer(message.id, 'streaming')), ...(message.model ? { model: message.model } : {}) });
    }
    case 'answerContext':
      return withEntry(state, { ...(find(state, message.id) ?? answer(message.id, 'streaming')), contextReport: message.report });
    case 'answerDelta': {
      const existing = find(state, message.id) ?? answer(message.id, 'streaming');
      return withEntry(state, { ...existing, text: existing.text + message.text });
    }
    case 'answerEnd': {
      const existing = find(state, message.id) ?? answer(message.id);
      return withEntry(state, { ...existing, status: message.finishReason === 'stopped' ? 'stopped' : 'done' });
    }
    case 'answerError':
      return withEntry(state, { ...(find(state, message.id) ?? answer(message.id)), status: 'error', error: message.message });
    case 'feedback': {
      // the extension may name the answer by our id or by the server's id
      const existing = state.entries.find((e) => e.id === message.id || (e.serverId !== undefined && e.serverId === message.id));
      if (!existing) return { state, change: { kind: 'none' } };
      const { feedback: _old, ...rest } = existing;
      return withEntry(state, message.rating ? { ...rest, feedback: message.rating } : rest);
    }
    case 'conversation':
      return part('conversation', { conversation: message.title === undefined ? { id: message.id } : { id: message.id, title: message.title } });
    case 'models':
      return part('models', { models: message.items, selectedModel: message.selected });
    case 'slashCommands':
      return part('slash', { slashCommands: message.items });
    case 'meter':
      return part('meter', { meter: message.meter });
    case 'history':
      return part('history', { history: applyHistoryPage(state.history, message.page) });
    case 'notice':
      return part('notice', { notice: { level: message.level, message: message.message } });
    case 'prefill':
      return part('draft', { draft: message.text });
    case 'showView':
      return part('view', { view: message.view });
  }
}

type Page = Extract<ExtensionToWebview, { type: 'history' }>['page'];

export function applyHistoryPage(history: HistoryState, page: Page): HistoryState {
  const query = page.query ?? '';
  // a next page adds to what is shown (skipping any item already there); anything else replaces it
  const appending = page.append && history.loaded && history.query === query;
  const seen = new Set(appending ? history.items.map((i) => i.id) : []);
  const items = appending ? [...history.items, ...page.items.filter((i) => !seen.has(i.id))] : page.items;
  const next: HistoryState = { loaded: true, query, items, offline: page.offline };
  if (page.nextCursor !== undefined) next.nextCursor = page.nextCursor;
  if (page.error !== undefined) next.error = page.error;
  return next;
}

/** An answer is being written: show Stop instead of Send, and lock retry/edit. */
export function isStreaming(state: ViewState): boolean {
  return state.entries.some((e) => e.role === 'assistant' && e.status === 'streaming');
}

/** What setState keeps: everything but the notice. */
export function persisted(state: ViewState): Omit<ViewState, 'notice'> {
  const { notice: _notice, ...rest } = state;
  return rest;
}

/** A saved state from an older (or broken) version must not break the panel: keep only fields of the right shape. */
export function restore(saved: unknown): ViewState {
  if (!saved || typeof saved !== 'object') return initialState;
  const s = saved as Partial<Record<keyof ViewState, unknown>>;
  const pick = <K extends keyof ViewState>(key: K, ok: (v: unknown) => boolean): Pick<ViewState, K> | object =>
    (ok(s[key]) ? { [key]: s[key] } : {});
  const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  return {
    ...initialState,
    ...pick('entries', Array.isArray), ...pick('context', Array.isArray), ...pick('connection', isObject),
    ...pick('draft', (v) => typeof v === 'string'), ...pick('models', Array.isArray),
    ...pick('selectedModel', (v) => v === null || typeof v === 'string'), ...pick('slashCommands', Array.isArray),
    ...pick('meter', (v) => v === null || isObject(v)), ...pick('conversation', isObject),
    ...pick('view', (v) => v === 'chat' || v === 'history'), ...pick('history', (v) => isObject(v) && Array.isArray((v as HistoryState).items)),
  };
}

function answer(id: string, status?: TranscriptEntry['status']): TranscriptEntry {
  return status ? { id, role: 'assistant', text: '', status } : { id, role: 'assistant', text: '' };
}

function find(state: ViewState, id: string): TranscriptEntry | undefined {
  return state.entries.find((e) => e.id === id);
}

function withEntry(state: ViewState, entry: TranscriptEntry): Result {
  const index = state.entries.findIndex((e) => e.id === entry.id);
  const entries = index < 0 ? [...state.entries, entry] : state.entries.map((e, i) => (i === index ? entry : e));
  return { state: { ...state, entries }, change: { kind: 'entry', id: entry.id } };
}
