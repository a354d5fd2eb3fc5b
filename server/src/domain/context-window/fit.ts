// Fitting a conversation into the model's context window. The policy, in order:
//
//  1. Reserve the answer's room: the request's `maxTokens`, else a quarter of the window up to
//     4,096 tokens. When tokens are only estimated, a further safety margin of the rest stays
//     unused (12% for the estimator, 2% for a proxy table, none for the model's own table).
//  2. Always keep the system prompt and the newest user turn with its attachments. If the newest
//     turn alone does not fit, shorten its attachments (never the typed question): the budget is
//     shared among the files, smallest first; a file over its share keeps its first and last
//     lines around a marker line saying which lines were cut; a file that cannot keep even one
//     line is replaced by a one-line note. If the question itself does not fit, the request is
//     refused (400 context_length_exceeded) rather than cut.
//  3. Keep earlier turns (a question with its answers) whole, newest first, while they fit. The
//     first turn that does not fit and everything older is dropped: the middle of the
//     conversation goes, oldest first, and what is kept stays contiguous.
//  4. When turns were dropped, a short deterministic note (no extra LLM call) is added to the
//     system prompt: how many messages were left out and the first words of their questions.
//  5. Everything that was cut is reported (ContextReport), and the client shows it.
import { ErrorCode, type CodeContext, type ContextReport, type OpenAIMessage } from '../../../../protocol';
import { AppError } from '../errors';
import { formatContext } from '../chat-prompt';
import { SAFETY_MARGIN, type TokenCounter } from './counter';
import { estimateTokens } from './estimate';
import { TOKENS_PER_MESSAGE, TOKENS_PER_REQUEST } from './families';
import { fitAttachments, type AttachmentCut } from './truncate';
import { droppedNote } from './summary';

export const CONTEXT_TOO_LONG = ErrorCode.contextLengthExceeded;
/** The answer's room when the request does not say: a quarter of the window, at most this. */
export const DEFAULT_COMPLETION_RESERVE = 4096;
/** Joining attachment blocks and the question (`\n\n`). */
const TOKENS_PER_BLOCK = 2;

export interface FitInput {
  system: string;
  /** Earlier messages, oldest first (user and assistant only). */
  history: OpenAIMessage[];
  /** The new question as typed, and what is attached to it. */
  message: string;
  attachments: CodeContext[];
  contextWindow: number;
  maxTokens?: number;
  counter: TokenCounter;
}

export interface FitResult {
  messages: OpenAIMessage[];
  report: ContextReport;
}

export function completionReserve(contextWindow: number, maxTokens?: number): number {
  return maxTokens ?? Math.min(DEFAULT_COMPLETION_RESERVE, Math.floor(contextWindow / 4));
}

export function fitConversation(input: FitInput): FitResult {
  const { counter, contextWindow } = input;
  const reserve = completionReserve(contextWindow, input.maxTokens);
  const budget = Math.floor((contextWindow - reserve) / (1 + SAFETY_MARGIN[counter.method])) - TOKENS_PER_REQUEST;
  const cost = (text: string) => counter.count(text) + TOKENS_PER_MESSAGE;

  const systemTokens = cost(input.system);
  const questionTokens = cost(input.message);
  if (systemTokens + questionTokens > budget) {
    throw new AppError(400, CONTEXT_TOO_LONG,
      `The message is about ${questionTokens.toLocaleString('en-US')} tokens; with the answer's ${reserve.toLocaleString('en-US')} it does not fit `
      + `the model's context window of ${contextWindow.toLocaleString('en-US')} tokens. Shorten it or choose a model with a larger window.`);
  }

  const { turn, turnTokens, truncated } = newestTurn(input, budget - systemTokens, questionTokens);
  let left = budget - systemTokens - turnTokens;

  // Earlier turns, newest first, while whole turns fit.
  const turns = groupTurns(input.history);
  const costs: number[] = [];
  let firstKept = turns.length;
  for (let i = turns.length - 1; i >= 0; i--) {
    const tokens = turns[i]!.reduce((sum, m) => sum + cost(textOf(m)), 0);
    if (tokens > left) break;
    costs[i] = tokens;
    left -= tokens;
    firstKept = i;
  }

  // The note about dropped turns must fit too; to make room, give up the oldest kept turn.
  let system = input.system;
  let summarized = false;
  for (;;) {
    const dropped = turns.slice(0, firstKept).flat();
    if (!dropped.length) break;
    const base = counter.count(input.system);
    const extra = (note: string) => counter.count(`${input.system}\n\n${note}`) - base;
    const note = droppedNote(dropped, (text) => extra(text) <= left, textOf);
    if (note) {
      system = `${input.system}\n\n${note}`;
      left -= extra(note);
      summarized = true;
      break;
    }
    if (firstKept === turns.length) break; // nothing left to give up: no note, the client is still told
    left += costs[firstKept]!;
    firstKept++;
  }

  const kept = turns.slice(firstKept).flat();
  const dropped = turns.slice(0, firstKept).flat();
  const messages: OpenAIMessage[] = [{ role: 'system', content: system }, ...kept, { role: 'user', content: turn }];
  const promptTokens = TOKENS_PER_REQUEST + messages.reduce((sum, m) => sum + cost(textOf(m)), 0);
  return {
    messages,
    report: {
      promptTokens,
      contextWindow,
      completionReserve: reserve,
      counting: counter.method,
      tokenizer: counter.name,
      keptMessages: kept.length,
      dropped: { messages: dropped.length, tokens: droppedTokens(dropped, counter) },
      summarized,
      truncated,
    },
  };
}

/** The new user turn, with its attachments shortened if the whole turn does not fit `room`. */
function newestTurn(input: FitInput, room: number, questionTokens: number): { turn: string; turnTokens: number; truncated: AttachmentCut[] } {
  const compose = (blocks: string[]) => (blocks.length ? `${blocks.join('\n\n')}\n\n${input.message}` : input.message);
  const cost = (text: string) => input.counter.count(text) + TOKENS_PER_MESSAGE;
  const whole = compose(input.attachments.map(formatContext));
  const wholeTokens = cost(whole);
  if (wholeTokens <= room || !input.attachments.length) return { turn: whole, turnTokens: wholeTokens, truncated: [] };

  // Per-block counts add up to slightly more or less than the joined text: re-fit with the excess taken off.
  let blocksBudget = room - questionTokens;
  for (let attempt = 0; attempt < 4; attempt++) {
    const fitted = fitAttachments(input.attachments, blocksBudget, input.counter.count, TOKENS_PER_BLOCK);
    const turn = compose(fitted.map((f) => f.block));
    const turnTokens = cost(turn);
    if (turnTokens <= room) return { turn, turnTokens, truncated: fitted.flatMap((f) => (f.cut ? [f.cut] : [])) };
    blocksBudget -= turnTokens - room;
  }
  throw new AppError(400, CONTEXT_TOO_LONG,
    `The question and its ${input.attachments.length} attachment(s) do not fit the model's context window of `
    + `${input.contextWindow.toLocaleString('en-US')} tokens, even shortened. Attach fewer files or choose a model with a larger window.`);
}

/** Past this much dropped text, the rest is extrapolated: a 10,000-message history stays cheap. */
const DROPPED_SAMPLE_CHARS = 256 * 1024;

/**
 * The dropped messages' size, for the client. They are not sent, so the estimator is enough
 * (exact counting runs ~2 MB/s); newest first over the first 256 KB, the rest at the same rate.
 */
function droppedTokens(dropped: OpenAIMessage[], counter: TokenCounter): number {
  let sampled = 0;
  let sampledChars = 0;
  let restChars = 0;
  for (let i = dropped.length - 1; i >= 0; i--) {
    const text = textOf(dropped[i]!);
    if (sampledChars < DROPPED_SAMPLE_CHARS) {
      sampled += estimateTokens(text, counter.family);
      sampledChars += text.length;
    } else {
      restChars += text.length;
    }
  }
  const rest = sampledChars ? (restChars * sampled) / sampledChars : 0;
  return Math.ceil(sampled + rest) + dropped.length * TOKENS_PER_MESSAGE;
}

/** A turn is a user message and the answers after it; answers before any question form their own turn. */
function groupTurns(history: OpenAIMessage[]): OpenAIMessage[][] {
  const turns: OpenAIMessage[][] = [];
  for (const m of history) {
    if (m.role === 'user' || !turns.length) turns.push([m]);
    else turns.at(-1)!.push(m);
  }
  return turns;
}

const textOf = (m: OpenAIMessage): string => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''));
