/**
 * What the fake upstream should do for one chat request (a "script"), how scripts are
 * validated, and how a script plus the request body turn into an answer (text, chunks, usage).
 * Pure logic: no sockets here, so it is easy to reason about and reuse.
 */
import { z } from 'zod';

const UsageOverride = z.strictObject({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});

/**
 * Strict on purpose: a typo such as `chunkDelay` must fail loudly (400 over HTTP) instead of
 * silently running the default behaviour and making a test pass for the wrong reason.
 */
export const FakeScriptSchema = z.strictObject({
  /** Answer text. Ignored when `chunks` is given (the text is then the chunks joined). */
  text: z.string().optional(),
  /** Exact content deltas to stream; default: `text` split into words with their trailing spaces. */
  chunks: z.array(z.string()).optional(),
  /** Stream: wait this long after the headers before the first chunk. Non-stream: before answering. */
  firstTokenDelayMs: z.number().int().nonnegative().optional(),
  /** Stream: silence between consecutive content chunks. */
  chunkDelayMs: z.number().int().nonnegative().optional(),
  /** Answer with this HTTP status and a Groq/OpenAI-style error body instead of a completion. */
  status: z.number().int().min(200).max(599).optional(),
  /** Seconds, sent as `Retry-After` (meant for `status: 429`, sent with any status). */
  retryAfter: z.number().nonnegative().optional(),
  /** Error message for `status` (default: a Groq-like message for that status). */
  errorMessage: z.string().optional(),
  /**
   * hang: read the request, never answer, until the client goes away.
   * drop: stream `dropAfterChunks` content chunks, then destroy the socket (no finish, no [DONE]).
   * malformed: stream one content chunk, then a `data:` line that is not JSON, then [DONE].
   */
  fault: z.enum(['hang', 'drop', 'malformed']).optional(),
  /** For `fault: 'drop'`: content chunks sent before the socket is destroyed (default 2). */
  dropAfterChunks: z.number().int().nonnegative().optional(),
  /** Reported usage instead of the chars/4 estimate. */
  usage: UsageOverride.optional(),
});
export type FakeScript = z.infer<typeof FakeScriptSchema>;

/** What `/__fake/script` accepts: one script or a list of them (queued in order). */
export const FakeScriptListSchema = z.union([FakeScriptSchema, z.array(FakeScriptSchema)]);

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** The answer a script produces for one request, ready for the wire writers. */
export interface Answer {
  text: string;
  chunks: string[];
  usage: Usage;
}

/** One readable line per zod issue, for 400 bodies and thrown errors. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Deterministic token estimate (~4 characters per token, like OpenAI's rule of thumb). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Word-ish pieces: every word keeps its trailing whitespace, so joining them restores the text. */
export function splitIntoChunks(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

/** Text of a message `content`: a string, or the text parts of a content-part array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
      )
      .join('');
  }
  return '';
}

function messagesOf(body: unknown): Array<{ role?: unknown; content?: unknown }> {
  const messages = (body as { messages?: unknown } | null)?.messages;
  return Array.isArray(messages) ? (messages as Array<{ role?: unknown; content?: unknown }>) : [];
}

export function lastUserText(body: unknown): string {
  const users = messagesOf(body).filter((m) => m && m.role === 'user');
  return contentText(users[users.length - 1]?.content);
}

// Lazy match up to the first `}]]`, so surrounding prompt text (and other brackets) is left alone.
const INLINE = /\[\[fake:(\{[\s\S]*?\})\]\]/;

/**
 * Inline scripting for out-of-process tests: a last user message containing
 * `[[fake:{"text":"hi","chunkDelayMs":50}]]` scripts that one request.
 * Returns undefined when there is no marker; throws (message for a 400) when it is invalid.
 */
export function extractInlineScript(body: unknown): FakeScript | undefined {
  const match = INLINE.exec(lastUserText(body));
  if (!match) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(match[1]!);
  } catch (err) {
    throw new Error(`invalid [[fake:…]] script JSON: ${(err as Error).message}`);
  }
  const parsed = FakeScriptSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid [[fake:…]] script: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The default answer: deterministic, derived from the last user message (marker removed). */
export function echoText(body: unknown): string {
  const text = lastUserText(body).replace(new RegExp(INLINE.source, 'g'), '').trim();
  return `Echo: ${text}`;
}

/** Resolve a script against the request body into the text, chunks and usage to send. */
export function buildAnswer(script: FakeScript, body: unknown): Answer {
  const chunks = script.chunks ?? splitIntoChunks(script.text ?? echoText(body));
  const text = chunks.join('');
  const promptChars = messagesOf(body)
    .map((m) => contentText(m?.content))
    .join('\n');
  const prompt_tokens = script.usage?.prompt_tokens ?? estimateTokens(promptChars);
  const completion_tokens = script.usage?.completion_tokens ?? estimateTokens(text);
  return { text, chunks, usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens } };
}
