// Chat webview bootstrap: builds the views, restores the last state (VS Code reloads hidden
// webviews), validates every message from the extension, and says `ready` so the extension sends
// the authoritative state. Each message goes through the pure reducer (state.ts); the part it
// changed is rendered.
import './zod-config'; // first: before any schema is built
import './styles.css';
import './chrome.css';
import './markdown.css';
import './history.css';
import { ExtensionToWebview, type WebviewToExtension } from '../../protocol/webview';
import { ConnectionBanner, ContextChips } from './chrome';
import { Composer } from './composer';
import { el } from './dom';
import { Header } from './header';
import { HistoryView } from './history-view';
import { MessageList } from './message-list';
import { Meter } from './meter';
import { NoticeBar } from './notice';
import { isStreaming, reduce, restore, persisted, type Change, type View, type ViewState } from './state';
import { connectHost } from './vscode-api';

const host = connectHost();
let state: ViewState = restore(host.loadState());

const post = (message: WebviewToExtension) => host.post(message);
const save = () => host.saveState(persisted(state));
const update = (next: Partial<ViewState>) => {
  state = { ...state, ...next };
  save();
};

const header = new Header({
  selectModel: (model) => {
    update({ selectedModel: model });
    post({ type: 'selectModel', model });
  },
  newChat: () => post({ type: 'newChat' }),
  toggleHistory: () => showView(state.view === 'history' ? 'chat' : 'history'),
});
const banner = new ConnectionBanner(() => post({ type: 'signIn' }));
const notice = new NoticeBar(() => {
  update({ notice: null });
  notice.render(null);
});
const list = new MessageList({
  copy: (code) => post({ type: 'copyCode', code }),
  insert: (code) => post({ type: 'insertCode', code }),
  apply: (code, language) => post(language ? { type: 'applyCode', code, language } : { type: 'applyCode', code }),
  retry: (id) => post({ type: 'retry', id }),
  feedback: (id, rating) => post({ type: 'feedback', id, rating }),
  editResend: (id, text) => post({ type: 'editResend', id, text }),
});
const chips = new ContextChips((index) => post({ type: 'removeContext', index }));
const meter = new Meter();
const composer = new Composer({
  send: (text) => post({ type: 'ask', text }),
  stop: () => post({ type: 'stop' }),
  draftChanged: (draft) => update({ draft }),
  addContext: (kind) => post({ type: 'addContext', kind }),
});
const history = new HistoryView({
  list: (cursor) => post(cursor ? { type: 'listHistory', cursor } : { type: 'listHistory' }),
  search: (query) => post({ type: 'searchHistory', query }),
  open: (id) => {
    post({ type: 'openConversation', id });
    showView('chat');
  },
  rename: (id, title) => {
    // shown at once; the extension's next page (or a notice on failure) has the last word
    update({ history: { ...state.history, items: state.history.items.map((i) => (i.id === id ? { ...i, title } : i)) } });
    history.render(state.history);
    post({ type: 'renameConversation', id, title });
  },
  remove: (id) => {
    update({ history: { ...state.history, items: state.history.items.filter((i) => i.id !== id) } });
    history.render(state.history);
    post({ type: 'deleteConversation', id });
  },
});

const chat = el('div', { class: 'chat-view', 'data-testid': 'chat-view' },
  list.element, chips.element, meter.element, composer.element);
const app = document.getElementById('app') ?? document.body;
app.append(el('div', { class: 'chat' }, header.element, banner.element, notice.element, chat, history.element));

function showView(view: View): void {
  const opening = view !== state.view;
  update({ view });
  renderView();
  if (!opening) return;
  if (view === 'history') {
    if (!state.history.loaded) post({ type: 'listHistory' });
    history.focus();
  } else {
    composer.focus();
  }
}

function renderView(): void {
  chat.hidden = state.view !== 'chat';
  history.element.hidden = state.view !== 'history';
  header.renderView(state.view);
}

function renderStreaming(): void {
  const streaming = isStreaming(state);
  composer.setStreaming(streaming);
  list.setLocked(streaming);
}

function renderAll(): void {
  header.renderTitle(state.conversation.title);
  header.renderModels(state.models, state.selectedModel);
  banner.render(state.connection);
  notice.render(state.notice);
  list.reset(state.entries);
  chips.render(state.context);
  meter.render(state.meter);
  composer.setSlashCommands(state.slashCommands);
  history.render(state.history);
  renderView();
  renderStreaming();
}

function render(change: Change): void {
  switch (change.kind) {
    case 'all': renderAll(); break;
    case 'entry': {
      const entry = state.entries.find((e) => e.id === change.id);
      if (entry) list.upsert(entry);
      break;
    }
    case 'context': chips.render(state.context); break;
    case 'connection': banner.render(state.connection); break;
    case 'models': header.renderModels(state.models, state.selectedModel); break;
    case 'slash': composer.setSlashCommands(state.slashCommands); break;
    case 'meter': meter.render(state.meter); break;
    case 'conversation': header.renderTitle(state.conversation.title); break;
    case 'view': renderView(); break;
    case 'history': history.render(state.history); break;
    case 'notice': notice.render(state.notice); break;
    case 'draft':
      composer.draft = state.draft;
      if (state.view !== 'chat') showView('chat');
      composer.focus();
      break;
    case 'none': break;
  }
  renderStreaming();
}

renderAll();
composer.draft = state.draft;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = ExtensionToWebview.safeParse(event.data);
  if (!parsed.success) {
    console.warn('churnistic: ignored an invalid message from the extension', parsed.error.issues);
    return;
  }
  const { state: next, change } = reduce(state, parsed.data);
  const before = state.view;
  state = next;
  render(change);
  // showView from the extension: opening history loads it like the toggle does
  if (change.kind === 'view' && before !== state.view && state.view === 'history' && !state.history.loaded) post({ type: 'listHistory' });
  save();
});

post({ type: 'ready' });
if (state.view === 'chat') composer.focus();
