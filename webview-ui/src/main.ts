// Chat webview bootstrap: builds the view, restores the last state (VS Code reloads hidden
// webviews), validates every message from the extension, and says `ready` so the extension sends
// the authoritative state.
import './styles.css';
import { ExtensionToWebview } from '../../protocol';
import { ConnectionBanner, ContextChips } from './chrome';
import { Composer } from './composer';
import { el } from './dom';
import { MessageList } from './message-list';
import { initialState, isStreaming, reduce, type ViewState } from './state';
import { connectHost } from './vscode-api';

const host = connectHost();
let state: ViewState = { ...initialState, ...host.loadState() };

const banner = new ConnectionBanner(() => host.post({ type: 'signIn' }));
const list = new MessageList();
const chips = new ContextChips((index) => host.post({ type: 'removeContext', index }));
const composer = new Composer({
  send: (text) => host.post({ type: 'ask', text }),
  stop: () => host.post({ type: 'stop' }),
  draftChanged: (draft) => {
    state = { ...state, draft };
    host.saveState(state);
  },
});

const app = document.getElementById('app') ?? document.body;
app.append(el('div', { class: 'chat' }, banner.element, list.element, chips.element, composer.element));

function renderAll(): void {
  banner.render(state.connection);
  list.reset(state.entries);
  chips.render(state.context);
  composer.setStreaming(isStreaming(state));
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
  state = next;
  switch (change.kind) {
    case 'all': list.reset(state.entries); chips.render(state.context); break;
    case 'entry': {
      const entry = state.entries.find((e) => e.id === change.id);
      if (entry) list.upsert(entry);
      break;
    }
    case 'context': chips.render(state.context); break;
    case 'connection': banner.render(state.connection); break;
  }
  composer.setStreaming(isStreaming(state));
  host.saveState(state);
});

host.post({ type: 'ready' });
composer.focus();
