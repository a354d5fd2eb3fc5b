// The fitting policy (server/src/domain/context-window/fit.ts) with a counter whose numbers are
// easy to follow: one token per word.
import assert from 'node:assert/strict';
import type { OpenAIMessage } from '../../protocol';
import { AppError } from '../../server/src/domain/errors';
import type { TokenCounter } from '../../server/src/domain/context-window/counter';
import { estimateTokens } from '../../server/src/domain/context-window/estimate';
import { TOKENS_PER_MESSAGE, TOKENS_PER_REQUEST } from '../../server/src/domain/context-window/families';
import { completionReserve, CONTEXT_TOO_LONG, fitConversation, type FitInput } from '../../server/src/domain/context-window/fit';
import { questionOf } from '../../server/src/domain/context-window/summary';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const byWords: TokenCounter = { family: 'o200k', method: 'exact', name: 'words', count: words };
const SYSTEM = 'You are a helpful assistant.'; // 5 words

/** `n` turns: question i has `qWords` words, answer i has `aWords`. */
function history(n: number, qWords = 10, aWords = 30): OpenAIMessage[] {
  return Array.from({ length: n }, (_, i) => [
    { role: 'user' as const, content: `question${i} ${'q '.repeat(qWords - 1).trim()}` },
    { role: 'assistant' as const, content: `answer${i} ${'a '.repeat(aWords - 1).trim()}` },
  ]).flat();
}
const fit = (over: Partial<FitInput>) => fitConversation({
  system: SYSTEM, history: [], message: 'What now?', attachments: [], contextWindow: 10_000, counter: byWords, ...over,
});
const recount = (messages: OpenAIMessage[]) => TOKENS_PER_REQUEST + messages.reduce((s, m) => s + words(String(m.content)) + TOKENS_PER_MESSAGE, 0);
const file = (lines: number, name = 'src/big.ts') => ({
  fileName: name, language: 'typescript', startLine: 99, code: Array.from({ length: lines }, (_, i) => `line${i + 1} of the file`).join('\n'),
});

describe('context window: fitting a conversation', () => {
  it('sends everything when it fits, and reports the count of what was sent', () => {
    const { messages, report } = fit({ history: history(3) });
    assert.equal(messages.length, 1 + 6 + 1);
    assert.deepEqual(report, {
      promptTokens: recount(messages), contextWindow: 10_000, completionReserve: 2500, counting: 'exact', tokenizer: 'words',
      keptMessages: 6, dropped: { messages: 0, tokens: 0 }, summarized: false, truncated: [],
    });
  });

  it('reserves the answer: max tokens when asked, else a quarter of the window up to 4,096', () => {
    assert.equal(completionReserve(1000), 250);
    assert.equal(completionReserve(131_072), 4096);
    assert.equal(completionReserve(131_072, 30_000), 30_000);
    // 40 turns of 50 tokens = 2,000 tokens: all fit in 3,000 − 750, not in 3,000 − 2,000.
    assert.equal(fit({ history: history(40), contextWindow: 3000 }).report.keptMessages, 80);
    assert.ok(fit({ history: history(40), contextWindow: 3000, maxTokens: 2000 }).report.keptMessages < 80);
  });

  it('keeps the newest whole turns and drops the oldest, contiguously; the question and system prompt always stay', () => {
    const h = history(20); // each turn: 10 + 30 words + 2 × 5 framing = 50 tokens
    const { messages, report } = fit({ history: h, contextWindow: 1000 }); // budget 750 − 4
    const sent = messages.slice(1, -1);
    assert.equal(sent.length % 2, 0, 'only whole turns');
    assert.deepEqual(sent, h.slice(h.length - sent.length), 'the newest turns, in order, none skipped');
    assert.equal(report.keptMessages, sent.length);
    assert.equal(report.dropped.messages, h.length - sent.length);
    assert.ok(report.dropped.tokens > 0);
    assert.equal(messages.at(-1)!.content, 'What now?');
    assert.ok(String(messages[0]!.content).startsWith(SYSTEM));
    assert.ok(report.promptTokens <= 1000 - report.completionReserve, `${report.promptTokens}`);
    assert.equal(report.promptTokens, recount(messages));
  });

  it('does not skip over a turn that does not fit to keep older ones: the middle goes as a block', () => {
    const h = [...history(3), { role: 'user' as const, content: 'huge '.repeat(700) }, { role: 'assistant' as const, content: 'ok' }, ...history(1)];
    const { messages } = fit({ history: h, contextWindow: 1000 });
    assert.deepEqual(messages.slice(1, -1), h.slice(-2));
  });

  it('tells the model, in the system prompt, how many messages were left out and what they asked', () => {
    const { messages, report } = fit({ history: history(20, 5, 200), contextWindow: 1000 });
    const system = String(messages[0]!.content);
    assert.equal(report.summarized, true);
    assert.equal(report.dropped.messages, 34);
    assert.equal(system, `${SYSTEM}\n\nNote: the 34 earliest messages of this conversation were left out to fit your context window. `
      + 'The user asked then: "question0 q q q q"; "question1 q q q q"; "question2 q q q q"; "question3 q q q q"; "question4 q q q q" and 12 more. '
      + 'If the user refers to them, say that you no longer see them.');
    assert.equal(report.promptTokens, recount(messages));
    // With no room left for the list, the note only says how many: content beats the list.
    const tight = fit({ history: history(20), contextWindow: 1000 });
    assert.match(String(tight.messages[0]!.content), /Note: the \d+ earliest messages of this conversation were left out to fit your context window\. If the user/);
  });

  it('a dropped question with attachments is listed by its question, not its code', () => {
    assert.equal(questionOf('src/a.ts (from line 3):\n```ts\nconst a = 1;\n```\n\nWhy is a one?'), 'Why is a one?');
    assert.equal(questionOf('x'.repeat(100)).length, 60);
  });

  it('shortens attachments of the newest turn to head and tail lines with a marker saying what was cut', () => {
    const { messages, report } = fit({ attachments: [file(400)], contextWindow: 1000 }); // 400 lines × 4 words
    const turn = String(messages.at(-1)!.content);
    assert.equal(report.truncated.length, 1);
    const { keptLines, totalLines, fileName } = report.truncated[0]!;
    assert.deepEqual([fileName, totalLines], ['src/big.ts', 400]);
    assert.ok(keptLines > 100 && keptLines < 200, String(keptLines));
    const head = Math.ceil(keptLines / 2);
    assert.ok(turn.includes(`line${head} of the file\n[… ${400 - keptLines} lines cut here (lines ${100 + head}–${100 + 400 - keptLines + head - 1}) to fit the model's context window …]\nline${400 - keptLines + head + 1} of`), turn.slice(0, 300));
    assert.ok(turn.startsWith('src/big.ts (from line 100):\n```typescript\nline1 of the file'));
    assert.ok(turn.endsWith('line400 of the file\n```\n\nWhat now?'), 'the question is never cut');
    assert.ok(report.promptTokens <= 750);
  });

  it('shares the room among attachments: a small file stays whole, a big one is shortened, one that cannot fit is left out with a note', () => {
    const small = file(10, 'small.ts');
    const { messages, report } = fit({ attachments: [file(2000, 'huge.ts'), small], contextWindow: 1000 });
    assert.deepEqual(report.truncated.map((t) => t.fileName), ['huge.ts']);
    assert.ok(String(messages.at(-1)!.content).includes(small.code));
    const tiny = fit({ attachments: [{ fileName: 'one-line.min.js', language: 'js', code: 'x '.repeat(5000) }], contextWindow: 1000 });
    assert.deepEqual(tiny.report.truncated, [{ fileName: 'one-line.min.js', totalLines: 1, keptLines: 0 }]);
    assert.match(String(tiny.messages.at(-1)!.content), /^\[one-line\.min\.js \(1 line\) was attached but left out: it did not fit the model's context window\.\]\n\nWhat now\?$/);
  });

  it('refuses a question that does not fit by itself (400 context_length_exceeded) instead of cutting it', () => {
    assert.throws(() => fit({ message: 'word '.repeat(800), contextWindow: 1000 }),
      (e: unknown) => e instanceof AppError && e.status === 400 && e.code === CONTEXT_TOO_LONG && /context window of 1,000 tokens/.test(e.message));
  });

  it('leaves a safety margin when tokens are only estimated', () => {
    const exact = fit({ history: history(40), contextWindow: 2000 }).report.keptMessages;
    const estimated = fit({ history: history(40), contextWindow: 2000, counter: { ...byWords, method: 'estimate' } }).report.keptMessages;
    assert.ok(estimated < exact, `${estimated} < ${exact}`);
  });

  it('a 10,000-message history: the dropped size is estimated from a sample of the newest dropped text', () => {
    const h = history(5000, 60, 240);
    const { report } = fit({ history: h, contextWindow: 8192 });
    const full = h.slice(0, report.dropped.messages).reduce((n, m) => n + estimateTokens(String(m.content), 'o200k') + TOKENS_PER_MESSAGE, 0);
    assert.equal(report.keptMessages + report.dropped.messages, 10_000);
    assert.ok(Math.abs(report.dropped.tokens / full - 1) < 0.01, `${report.dropped.tokens} vs ${full}`);
  });

  it('never exceeds the window minus the reserve, whatever the sizes', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const window = 300 + ((seed * 7919) % 3000);
      const h = history(seed % 15, 5 + (seed % 40), 3 + ((seed * 13) % 200));
      const attachments = seed % 3 ? [file(20 + ((seed * 31) % 600))] : [];
      const { messages, report } = fit({ history: h, attachments, contextWindow: window, message: 'q '.repeat(seed % 20 + 1) });
      assert.equal(report.promptTokens, recount(messages));
      assert.ok(report.promptTokens <= window - report.completionReserve, `seed ${seed}: ${report.promptTokens} > ${window} − ${report.completionReserve}`);
      assert.equal(report.keptMessages + report.dropped.messages, h.length);
    }
  });
});
