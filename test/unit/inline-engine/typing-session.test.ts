// Scripted typing sessions against the engine on a fake clock: a user types 100 characters of code
// the (fake) model predicts perfectly, one keystroke at a time, the way the editor calls the
// provider (cancel the previous call, then ask again). The engine must send a small fraction of
// the requests a provider asking on every keystroke would send.
import assert from 'node:assert/strict';
import { InlineEngine } from '../../../extension/src/core/inline/engine';
import { FakeClock, FakeTransport, queryPrefix, snapshot } from './fakes';

const BEFORE = "import { Money } from './money';\n\n";
const AFTER = '\n';
const TARGET = [
  'export function formatPrice(amount: number, currency: string): string {',
  '  const rounded = Math.round(amount * 100) / 100;',
  '  return `${rounded.toFixed(2)} ${currency}`;',
  '}',
].join('\n');
const CHARS = 100;

/** Deterministic pseudo-random numbers (mulberry32), so the session is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Session {
  requests: number;
  keystrokes: number;
  /** Keystrokes after which a suggestion was shown. */
  shown: number;
  engine: InlineEngine;
  transport: FakeTransport;
}

/**
 * Types the first CHARS characters of TARGET: keystrokes every 60–160 ms, a 700 ms pause after
 * each line break and now and then, as people pause to read. The model answers the rest of the
 * current line of TARGET after `latencyMs`, like a perfect single-line model.
 */
async function typeSession(options: { latencyMs: number; pauseMs: number; seed: number; realFilters?: boolean }): Promise<Session> {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock);
  transport.latencyMs = options.latencyMs;
  transport.answer = (request) => {
    const typed = queryPrefix(request).slice(BEFORE.length);
    assert.ok(TARGET.startsWith(typed), `the prompt holds what was typed: ${JSON.stringify(typed)}`);
    const end = TARGET.indexOf('\n', typed.length);
    return `<COMPLETION>${TARGET.slice(typed.length, end === -1 ? TARGET.length : end)}`;
  };
  const engine = new InlineEngine({
    transport,
    clock,
    debounce: { minMs: 50, maxMs: 250 },
    // stand-ins for ./filters (single-line positions, answers kept as they are), unless asked for the real ones
    ...(options.realFilters ? {} : { filters: (c: string) => c || undefined, isMultiline: () => false, indentUnit: () => '  ' }),
  });
  const next = random(options.seed);
  let controller = new AbortController();
  let shown = 0;
  for (let n = 0; n <= CHARS; n++) {
    controller.abort();
    controller = new AbortController();
    const doc = snapshot(BEFORE + TARGET.slice(0, n) + AFTER, BEFORE.length + n);
    void engine.provide(doc, controller.signal).then((s) => {
      if (s) {
        assert.ok(TARGET.slice(n).startsWith(s.text), `suggestion after ${n} chars matches the target`);
        shown++;
      }
    });
    const typedChar = TARGET[n - 1];
    const pause = typedChar === '\n' || next() < 0.08 ? options.pauseMs : 60 + next() * 100;
    await clock.advance(pause);
  }
  await clock.advance(5_000);
  return { requests: transport.sent.length, keystrokes: CHARS, shown, engine, transport };
}

describe('inline engine: scripted typing session', () => {
  it('typing 100 characters of a suggestion sends a small number of requests (vs 100 for a naive provider)', async () => {
    const session = await typeSession({ latencyMs: 150, pauseMs: 700, seed: 7 });
    const naive = session.keystrokes; // a provider without debounce or cache asks on every keystroke
    assert.ok(session.requests >= 1);
    assert.ok(session.requests * 5 <= naive, `${session.requests} requests for ${naive} keystrokes: at most a fifth`);
    // a perfect model answering line by line: about one request per line typed (2 lines here)
    assert.ok(session.requests <= 4, `${session.requests} requests`);
    assert.ok(session.engine.stats.cacheHits >= 50, `cache hits: ${session.engine.stats.cacheHits}`);
    assert.ok(session.shown >= 50, `a suggestion was visible after ${session.shown} of ${naive} keystrokes`);
    assert.equal(session.engine.stats.errors, 0);
  });

  it('with a slow model and short pauses, the request in flight is kept and reused instead of resent', async () => {
    const session = await typeSession({ latencyMs: 600, pauseMs: 300, seed: 11 });
    assert.ok(session.requests * 5 <= session.keystrokes, `${session.requests} requests`);
    assert.ok(session.engine.stats.reusedInFlight >= 1, `reused: ${session.engine.stats.reusedInFlight}`);
    assert.ok(session.shown >= 30, `shown after ${session.shown} keystrokes`);
    // a request is only aborted when the typing left it; none of these did
    assert.equal(session.transport.aborted, session.engine.stats.aborted);
  });

  it('holds with the real post-processing filters too', async () => {
    const session = await typeSession({ latencyMs: 150, pauseMs: 700, seed: 7, realFilters: true });
    assert.ok(session.requests * 5 <= session.keystrokes, `${session.requests} requests`);
    assert.ok(session.shown >= 50, `shown after ${session.shown} keystrokes`);
  });
});
