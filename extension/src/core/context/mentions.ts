// `@` mentions in a chat question: `@selection`, `@file`, `@file:src/a.ts`, `@file:"path with spaces"`,
// `@problems`, `@diff`, `@workspace`. A mention counts only at a word start (so `a@b.com` is an
// email) and outside Markdown code (`inline` spans and ``` fences), where `@x` is code.
// The question comes back with the mention tokens removed; a question that was only mentions
// comes back empty and the caller decides what to ask.
import type { ContextKind } from '../../../../protocol';

export interface Mention {
  kind: ContextKind;
  /** `@file:path`: the workspace-relative path given; absent for a bare `@file` (the active file). */
  path?: string;
}

export interface ParsedMentions {
  mentions: Mention[];
  /** The question without the mention tokens, trimmed. */
  text: string;
}

const MENTION = /(?<![\w@.\-/])@(selection|file|problems|diff|workspace)(?::(?:"([^"\n]{1,1024})"|([^\s"'`]{1,1024})))?(?![\w-])/g;
const CODE = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]*`/g;

export function parseMentions(text: string): ParsedMentions {
  const code: [number, number][] = [];
  for (const m of text.matchAll(CODE)) code.push([m.index, m.index + m[0].length]);
  const inCode = (i: number) => code.some(([a, b]) => i >= a && i < b);

  const mentions: Mention[] = [];
  const seen = new Set<string>();
  const cuts: [number, number][] = [];
  for (const m of text.matchAll(MENTION)) {
    if (inCode(m.index)) continue;
    const kind = m[1] as ContextKind;
    let token = m[0];
    // a bare path takes no trailing sentence punctuation: "see @file:a.ts, please"
    let path = m[2] ?? m[3]?.replace(/[.,;:!?)\]]+$/, '');
    if (m[3] !== undefined) token = token.slice(0, token.length - (m[3].length - (path ?? '').length));
    if (kind !== 'file' || path === '') path = undefined;
    const key = `${kind}:${path ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      mentions.push(path === undefined ? { kind } : { kind, path });
    }
    cuts.push([m.index, m.index + token.length]);
  }
  return { mentions, text: removeTokens(text, cuts) };
}

/** Cuts each token with the horizontal space before it (or after it, at a line start). */
function removeTokens(text: string, cuts: [number, number][]): string {
  let out = '';
  let from = 0;
  for (const [start, end] of cuts) {
    let a = start;
    let b = end;
    while (a > from && (text[a - 1] === ' ' || text[a - 1] === '\t')) a--;
    if (a === 0 || text[a - 1] === '\n') while (b < text.length && (text[b] === ' ' || text[b] === '\t')) b++;
    out += text.slice(from, a);
    from = b;
  }
  out += text.slice(from);
  return out.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
