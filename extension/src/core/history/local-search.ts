// Offline search over cached conversations: every word of the query must occur (case-insensitive,
// as a substring) in the title or the messages; the snippet is a passage around the first match
// with each word's occurrences in it highlighted. Simpler than the server's stemmed full-text
// search on purpose: it only has to be useful while the server is out of reach.
import type { ConversationDetail, ConversationSummary, HighlightedText } from '../../../../protocol';

export const SNIPPET_CHARS = 160;

/** Lower-cased distinct words of a query; quotes and operators are plain text. */
export function queryWords(query: string): string[] {
  return [...new Set(query.toLowerCase().split(/[\s"()*]+/).filter((w) => w.length > 0))];
}

export interface LocalMatch {
  /** Number of occurrences of the words: a rough relevance for ordering. */
  score: number;
  messageId: string | null;
  snippet: HighlightedText;
}

/** Matches one conversation (messages when its detail is cached, else the title only). */
export function matchConversation(summary: ConversationSummary, detail: ConversationDetail | undefined, words: string[]): LocalMatch | undefined {
  if (!words.length) return undefined;
  const texts = [{ id: null as string | null, text: summary.title }, ...(detail?.messages ?? []).map((m) => ({ id: m.id, text: m.content }))];
  const lower = texts.map((t) => t.text.toLowerCase());
  if (!words.every((w) => lower.some((t) => t.includes(w)))) return undefined;
  let score = 0;
  for (const t of lower) for (const w of words) score += occurrences(t, w);
  // the title when it matches anything, else the first message that does
  const best = lower.findIndex((t) => words.some((w) => t.includes(w)));
  const chosen = texts[best]!;
  return { score, messageId: chosen.id, snippet: snippetAround(chosen.text, words) };
}

function occurrences(text: string, word: string): number {
  let n = 0;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) n++;
  return n;
}

/** A passage of about SNIPPET_CHARS around the first match, cut at spaces, with `…` where cut. */
export function snippetAround(text: string, words: string[], size = SNIPPET_CHARS): HighlightedText {
  const lower = text.toLowerCase();
  const first = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), text.length);
  let start = Math.max(0, first - Math.floor(size / 3));
  let end = Math.min(text.length, start + size);
  start = Math.max(0, Math.min(start, end - size));
  if (start > 0) start = Math.min(first, nextSpace(text, start));
  if (end < text.length) end = Math.max(first + 1, lastSpace(text, end));
  const prefix = start > 0 ? '…' : '';
  const body = text.slice(start, end).replace(/\s+/g, ' ');
  const passage = prefix + body + (end < text.length ? '…' : '');
  // highlight in the passage itself (whitespace was collapsed, so offsets are found again)
  const highlights: HighlightedText['highlights'] = [];
  const passageLower = passage.toLowerCase();
  for (const w of words) {
    for (let i = passageLower.indexOf(w); i >= 0; i = passageLower.indexOf(w, i + w.length)) highlights.push({ start: i, end: i + w.length });
  }
  highlights.sort((a, b) => a.start - b.start);
  return { text: passage, highlights: mergeOverlaps(highlights) };
}

function nextSpace(text: string, from: number): number {
  const i = text.slice(from, from + 20).search(/\s/);
  return i < 0 ? from : from + i + 1;
}

function lastSpace(text: string, to: number): number {
  const i = text.slice(Math.max(0, to - 20), to).search(/\s\S*$/);
  return i < 0 ? to : Math.max(0, to - 20) + i;
}

function mergeOverlaps(list: HighlightedText['highlights']): HighlightedText['highlights'] {
  const out: HighlightedText['highlights'] = [];
  for (const h of list) {
    const last = out.at(-1);
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else out.push({ ...h });
  }
  return out;
}
