// The head of a rendered code block: its language and Copy / Insert / Apply. The actions go to the
// extension (the clipboard and editors are on its side); Copy says "Copied" for a moment.
import { el } from './dom';

export interface CodeActions {
  copy(code: string): void;
  insert(code: string): void;
  apply(code: string, language: string | undefined): void;
}

const COPIED_MS = 1500;

/** Wraps each `pre.code-src` of `root` (from markdown.ts) in a block with a head. */
export function decorateCodeBlocks(root: ParentNode, actions: CodeActions): void {
  for (const pre of Array.from(root.querySelectorAll<HTMLPreElement>('pre.code-src'))) {
    const lang = pre.dataset.lang ?? '';
    // highlighting only adds spans: the text is the code exactly
    const code = () => pre.textContent ?? '';
    const button = (testid: string, label: string, aria: string, run: (b: HTMLButtonElement) => void) => {
      const b = el('button', { type: 'button', class: 'code-action', 'data-testid': testid, 'aria-label': aria, title: aria }, label);
      b.addEventListener('click', () => run(b));
      return b;
    };
    const copy = button('copy-code', 'Copy', 'Copy code', (b) => {
      actions.copy(code());
      b.textContent = 'Copied';
      setTimeout(() => { b.textContent = 'Copy'; }, COPIED_MS);
    });
    const insert = button('insert-code', 'Insert', 'Insert code at the cursor', () => actions.insert(code()));
    const apply = button('apply-code', 'Apply', 'Apply code to the editor (shows a diff first)', () => actions.apply(code(), lang || undefined));
    const head = el('div', { class: 'code-head' }, el('span', { class: 'lang' }, lang || 'code'),
      el('span', { class: 'code-actions' }, copy, insert, apply));
    const block = el('div', { class: 'code-block', 'data-lang': lang });
    pre.replaceWith(block);
    pre.classList.remove('code-src');
    block.append(head, pre);
  }
}
