// Unwraps the code from a chat model's answer. Told to answer with bare code, models still write
// "Here is the completion:" and a ```ts fence, an explanation after it, the hole-filler's
// <COMPLETION> tags, or <code> tags. Rules:
// - <COMPLETION>…</COMPLETION> (any case): keep what is inside; either tag may be missing (the
//   closing one is the request's stop sequence). Line breaks that only put the tags on lines of
//   their own are not code: the one after the opening tag goes when the cursor's line is blank,
//   when text follows the cursor on its line (a break would split it), or when the text also ends
//   with one; a final one always goes.
// - <code>…</code> around the whole answer is unwrapped, except in markup languages (HTML, JSX,
//   Markdown…), where it may well be what the user is writing.
// - Fences (``` or ~~~, at column 0, as models write them): an opening fence is one with a
//   language tag, or the first non-blank line, or one after prose ("Here is the code:") that has a
//   closing fence after it. The code is what lies between it and its closing fence (or the end, when
//   the answer was cut off); prose before and after goes. A bare fence after code is the end of
//   a fence the model thought it was in: it and everything after it go. Indented fences (inside a
//   docstring, say) and backticks inside a line are code and stay. With the cursor inside a string
//   or comment (a docstring with examples) only a fence on the first line counts as a wrapper, and
//   no line counts as chatter: prose is what the user writes there.
// - Markdown documents: with the cursor inside a fenced block the completion is code and all of
//   the above applies. Outside one, the user is writing Markdown and a fence in the completion is
//   probably content (a README's ```bash example): only the tags and a whole-answer ```markdown
//   fence are removed.
// - A fence can only say "this starts on a new line" by putting the code on its own line. When a
//   wrapper was removed, the cursor sits right after a block opener (`{`, `:`, `=>`…) and the code's
//   first line is indented a step deeper than the cursor's line, the line break is put back.
import type { CompletionFilter, FilterContext } from '../types';
import { bracketsAtCursor } from './lexer';
import { ENDS_WITH_BLOCK_OPENER, ONLY_CLOSERS, currentLine, indentWidth, isBlank, leadingWhitespace, restOfLine } from './lines';

const OPEN_TAG = /<COMPLETION>/i;
const CLOSE_TAG = /<\/COMPLETION>/i;
const LEADING_BREAK = /^\r?\n/;
const TRAILING_BREAK = /\r?\n[ \t]*$/;
const CODE_TAGS = /^\s*<code>((?:(?!<\/?code>)[\s\S])*)<\/code>\s*$/;
const FENCE = /^(`{3,}|~{3,})[ \t]*([\w+#.-]*)[ \t]*$/;
const ONE_LINE_FENCE = /^\s*```([^`\n]*)```\s*$/;
const FENCE_AT_END = /`{3,}\s*$/;
const DOC_FENCE = /^ {0,3}(?:`{3,}|~{3,})/gm;
// a sentence: starts with a letter, has a space, ends like a sentence, no code punctuation
const PROSE = /^[A-Za-z][^{};=]*[.:!]$/;
const SPACE = /\s/;
const CHATTER = /^(?:sure|certainly|of course|okay|here(?:'s| is| are)|below is|the (?:completion|completed|missing))\b[^{};=]*[.:!]$/i;
const MARKDOWN_TAGS = new Set(['markdown', 'md', 'mdx']);
const MARKUP = new Set(['html', 'xml', 'markdown', 'mdx', 'javascriptreact', 'typescriptreact', 'vue', 'svelte', 'php', 'astro']);

export const stripMarkdown: CompletionFilter = (completion, ctx) => {
  const proseDocument = ctx.languageId === 'markdown' && !insideFence(ctx.prefix);
  let text = unwrapTags(completion, ctx);
  if (!proseDocument) {
    // lexing the prefix costs; only answers that look wrapped need to know
    const inCode = (): boolean => bracketsAtCursor(ctx.prefix, ctx.languageId).lexer.inCode;
    if (!MARKUP.has(ctx.languageId)) text = unwrapCodeTags(text);
    text = unwrapFences(text, inCode);
    text = dropLeadingChatter(text, inCode);
  } else {
    text = unwrapMarkdownFence(text);
  }
  if (text === completion) return completion;
  text = unwrapTags(text, ctx);
  if (isBlank(text)) return undefined;
  return restoreLineBreak(text, ctx);
};

function unwrapTags(text: string, ctx: FilterContext): string {
  const open = OPEN_TAG.exec(text);
  if (!open && !CLOSE_TAG.test(text)) return text;
  if (open) text = text.slice(open.index + open[0].length);
  const end = CLOSE_TAG.exec(text);
  if (end) text = text.slice(0, end.index);
  const breakIsNotCode = isBlank(currentLine(ctx.prefix)) || !ONLY_CLOSERS.test(restOfLine(ctx.suffix)) || TRAILING_BREAK.test(text);
  if (open && breakIsNotCode) text = text.replace(LEADING_BREAK, '');
  return text.replace(TRAILING_BREAK, '');
}

function unwrapCodeTags(text: string): string {
  const match = CODE_TAGS.exec(text);
  return match ? match[1]! : text;
}

function unwrapFences(text: string, inCode: () => boolean): string {
  if (!text.includes('```') && !text.includes('~~~')) return text;
  const oneLine = ONE_LINE_FENCE.exec(text);
  if (oneLine) return oneLine[1]!.trim();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]!.trimEnd());
    if (!fence) continue;
    if (!inCode() && lines.slice(0, i).some((line) => !isBlank(line))) return text;
    const close = closingFence(lines, i + 1, fence[1]!);
    if (!opensFence(lines, i, fence[2]!, close !== -1)) return joinLines(lines.slice(0, i));
    const body = lines.slice(i + 1, close === -1 ? lines.length : close);
    if (close === -1 && body.length) body[body.length - 1] = body[body.length - 1]!.replace(FENCE_AT_END, '');
    return joinLines(body);
  }
  return text;
}

/** Whether the fence on line `at` opens a block (rather than closing one the model thought it was in). */
function opensFence(lines: readonly string[], at: number, language: string, closed: boolean): boolean {
  if (language !== '') return true;
  let prose = false;
  for (let i = 0; i < at; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (!PROSE.test(line) || !SPACE.test(line)) return false;
    prose = true;
  }
  return !prose || closed;
}

/** Index of the line that closes a fence opened with `marker`, or -1. */
function closingFence(lines: readonly string[], from: number, marker: string): number {
  for (let i = from; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]!.trimEnd());
    if (fence && fence[2] === '' && fence[1]![0] === marker[0] && fence[1]!.length >= marker.length) return i;
  }
  return -1;
}

/** Lines joined back; the line break in front of a removed fence belongs to the fence. */
function joinLines(lines: readonly string[]): string {
  const text = lines.join('\n');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function dropLeadingChatter(text: string, inCode: () => boolean): string {
  const nl = text.indexOf('\n');
  if (nl === -1 || !CHATTER.test(text.slice(0, nl).trim()) || !inCode()) return text;
  return text.slice(nl + 1).replace(LEADING_BREAK, '');
}

function unwrapMarkdownFence(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => !isBlank(line));
  const fence = first === -1 ? null : FENCE.exec(lines[first]!.trimEnd());
  if (!fence || !MARKDOWN_TAGS.has(fence[2]!.toLowerCase())) return text;
  const close = closingFence(lines, first + 1, fence[1]!);
  return joinLines(lines.slice(first + 1, close === -1 ? lines.length : close));
}

function insideFence(prefix: string): boolean {
  const fences = prefix.match(DOC_FENCE);
  return fences !== null && fences.length % 2 === 1;
}

function restoreLineBreak(text: string, ctx: FilterContext): string {
  const line = currentLine(ctx.prefix);
  if (LEADING_BREAK.test(text) || isBlank(line) || !ENDS_WITH_BLOCK_OPENER.test(line.trimEnd())) return text;
  const indent = leadingWhitespace(text);
  if (indent.length === 0) return text;
  const deeper = indentWidth(indent, ctx.indentUnit) >= indentWidth(line, ctx.indentUnit) + indentWidth(ctx.indentUnit, ctx.indentUnit);
  if (!deeper) return text;
  return (ctx.prefix.includes('\r\n') ? '\r\n' : '\n') + text;
}
