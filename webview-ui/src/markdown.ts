// Answers are Markdown, rendered with markdown-it (raw HTML off, links limited to http/https/mailto)
// and highlight.js. No DOM here, so it is unit-tested in node; sanitize.ts passes the HTML through
// DOMPurify before it touches the page.
//
// Streaming: an answer is split into its top-level blocks (paragraph, list, fence, table…) with
// their source text. The view keeps one node per block and re-renders only blocks whose source
// changed — normally the last one, which is the one still growing.
import MarkdownIt, { type Token } from 'markdown-it';
import { highlight } from './highlight';

const SAFE_LINK = /^(https?:|mailto:)/i;

export function isSafeLink(url: string): boolean {
  return SAFE_LINK.test(url.trim());
}

export const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
// links open through VS Code (which asks before opening anything); nothing else becomes a link
md.validateLink = isSafeLink;

md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx]!;
  const lang = token.info.trim().split(/\s+/)[0] ?? '';
  const code = token.content.replace(/\n$/, '');
  const attr = md.utils.escapeHtml(lang);
  // the view adds the head (language, Copy/Insert/Apply) around this: see code-block.ts
  return `<pre class="code-src" data-lang="${attr}"><code class="hljs${lang ? ` language-${attr}` : ''}">${highlight(code, lang)}</code></pre>\n`;
};
// indented code is code too, without a language
md.renderer.rules.code_block = (tokens, idx) =>
  `<pre class="code-src" data-lang=""><code class="hljs">${highlight(tokens[idx]!.content.replace(/\n$/, ''), '')}</code></pre>\n`;
// images would load remote content (the CSP blocks it anyway): show them as links instead
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx]!;
  const src = String(token.attrGet('src') ?? '');
  const alt = md.utils.escapeHtml(token.content || src);
  return isSafeLink(src) ? `<a href="${md.utils.escapeHtml(src)}">${alt}</a>` : alt;
};

type Env = Record<string, unknown>;

export interface Block {
  /** The block's Markdown source: equal sources render equally (the cache key). */
  source: string;
  tokens: Token[];
}

export interface ParsedAnswer {
  blocks: Block[];
  /** markdown-it's environment (reference links) shared by the blocks of one answer. */
  env: Env;
}

/**
 * The top-level blocks of `text`, in order. An unterminated fence (still streaming) is a code
 * block up to the end, as markdown-it reads it.
 */
export function splitBlocks(text: string): ParsedAnswer {
  const env: Env = {};
  const tokens = md.parse(text, env);
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let start = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.level !== 0) continue;
    if (token.nesting >= 0) start = i;
    if (token.nesting <= 0 && start >= 0) {
      const group = tokens.slice(start, i + 1);
      const map = group[0]!.map ?? token.map;
      const source = map ? lines.slice(map[0], map[1]).join('\n') : group.map((t) => t.content).join('');
      blocks.push({ source, tokens: group });
      start = -1;
    }
  }
  return { blocks, env };
}

export function renderBlock(block: Block, env: Env): string {
  return md.renderer.render(block.tokens, md.options, env);
}

/** The whole answer as HTML (unsanitized: the view sanitizes). */
export function renderMarkdown(text: string): string {
  const { blocks, env } = splitBlocks(text);
  return blocks.map((b) => renderBlock(b, env)).join('');
}

/** Indexes of `next` that need rendering, given the sources already shown. */
export function changedBlocks(shown: readonly string[], next: readonly Block[]): number[] {
  const changed: number[] = [];
  next.forEach((block, i) => {
    if (shown[i] !== block.source) changed.push(i);
  });
  return changed;
}
