// One answer's rendered Markdown. Keeps a node per top-level block and replaces only the blocks
// whose source changed, so a streaming answer costs one block per delta (usually the last), and
// renders at most once per frame however fast deltas come.
import { decorateCodeBlocks, type CodeActions } from './code-block';
import { el } from './dom';
import { renderBlock, splitBlocks } from './markdown';
import { sanitize } from './sanitize';

/** Fallback for frames that never come (a hidden page does not paint). */
const MAX_WAIT_MS = 100;

export class MarkdownView {
  readonly element = el('div', { class: 'markdown' });
  private shown: { source: string; node: HTMLElement }[] = [];
  private pending: string | undefined;
  private scheduled = false;

  constructor(private readonly actions: CodeActions, private readonly rendered: () => void = () => {}) {}

  /** `live`: more text is coming, so coalesce; otherwise render now. */
  update(text: string, live: boolean): void {
    this.pending = text;
    if (!live) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => this.flush();
    requestAnimationFrame(flush);
    setTimeout(flush, MAX_WAIT_MS);
  }

  private flush(): void {
    this.scheduled = false;
    const text = this.pending;
    if (text === undefined) return;
    this.pending = undefined;
    const { blocks, env } = splitBlocks(text);
    blocks.forEach((block, i) => {
      const old = this.shown[i];
      if (old?.source === block.source) return;
      const node = el('div', { class: 'md-block' });
      node.append(sanitize(renderBlock(block, env)));
      decorateCodeBlocks(node, this.actions);
      if (old) old.node.replaceWith(node);
      else this.element.append(node);
      this.shown[i] = { source: block.source, node };
    });
    for (const stale of this.shown.splice(blocks.length)) stale.node.remove();
    this.rendered();
  }
}
