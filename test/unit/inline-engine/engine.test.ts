import assert from 'node:assert/strict';
import { InlineEngine, type InlineEngineOptions } from '../../../extension/src/core/inline/engine';
import type { ContextSource, FilterContext } from '../../../extension/src/core/inline/types';
import { FakeClock, FakeTransport, at, lastUserMessage } from './fakes';

function setup(options: Partial<InlineEngineOptions> = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock);
  const engine = new InlineEngine({
    transport,
    clock,
    // fixed 50 ms debounce: the adaptive part has its own tests
    debounce: { minMs: 50, maxMs: 50 },
    // stand-ins for ./filters: the filters have their own golden tests
    filters: (c) => c,
    isMultiline: () => false,
    indentUnit: () => '  ',
    ...options,
  });
  return { clock, transport, engine };
}

/** Starts provide() and records its result without awaiting it. */
function start(engine: InlineEngine, doc: ReturnType<typeof at>, signal = new AbortController().signal) {
  const state: { done: boolean; value?: Awaited<ReturnType<InlineEngine['provide']>> } = { done: false };
  const promise = engine.provide(doc, signal).then((value) => {
    state.done = true;
    state.value = value;
    return value;
  });
  return Object.assign(state, { promise });
}

const DOC = 'function answer(): number {\n  return |\n}\n';

describe('inline engine: provide()', () => {
  it('waits for the debounce, then sends one chat request and returns the suggestion', async () => {
    const { clock, transport, engine } = setup();
    const call = start(engine, at(DOC));
    await clock.advance(49);
    assert.equal(transport.sent.length, 0);
    await clock.advance(1);
    assert.equal(transport.sent.length, 1);
    assert.deepEqual(await call.promise, { completionId: 'cmpl-1', text: '42;', offset: DOC.indexOf('|'), fromCache: false });
    const { request } = transport.sent[0]!;
    assert.equal(request.prompt.kind, 'chat');
    assert.equal(request.language, 'typescript');
    assert.equal(request.filePath, 'src/app.ts');
    assert.deepEqual(request.stop, ['</COMPLETION>']);
    assert.equal(request.maxTokens, 128);
    assert.ok(lastUserMessage(request).includes('<QUERY>\nfunction answer(): number {\n  return {{FILL_HERE}}\n}\n</QUERY>'));
    assert.equal(engine.stats.requestsSent, 1);
  });

  it('serves typing into the suggestion from the cache, at once and without a request', async () => {
    const { clock, transport, engine } = setup();
    await (async () => {
      const first = start(engine, at(DOC));
      await clock.advance(50);
      await first.promise;
    })();
    const hit = await engine.provide(at(DOC.replace('|', '4|')), new AbortController().signal);
    assert.deepEqual(hit, { completionId: 'cmpl-1', text: '2;', offset: DOC.indexOf('|') + 1, fromCache: true });
    assert.deepEqual(engine.lookup(at(DOC.replace('|', '42|'))), { completionId: 'cmpl-1', text: ';', offset: DOC.indexOf('|') + 2, fromCache: true });
    assert.equal(transport.sent.length, 1);
    assert.equal(engine.stats.cacheHits, 2);
  });

  it('a keystroke during the debounce wait sends nothing for the old position', async () => {
    const { clock, transport, engine } = setup();
    const a = new AbortController();
    const first = start(engine, at(DOC), a.signal);
    await clock.advance(20);
    a.abort();
    const second = start(engine, at(DOC.replace('|', 'x|')));
    await clock.advance(50);
    await second.promise;
    assert.equal(first.value, undefined);
    assert.equal(transport.sent.length, 1);
    assert.ok(lastUserMessage(transport.sent[0]!.request).includes('return x{{FILL_HERE}}'));
    assert.equal(engine.stats.debounced, 1);
  });

  it('a keystroke that does not continue the running request aborts it upstream at once', async () => {
    const { clock, transport, engine } = setup();
    transport.latencyMs = 2_000;
    const a = new AbortController();
    const first = start(engine, at(DOC), a.signal);
    await clock.advance(50);
    assert.equal(transport.sent.length, 1);
    a.abort();
    start(engine, at(DOC.replace('  return |', '  retur|'))); // backspace
    await clock.advance(0);
    assert.equal(transport.sent[0]!.signal.aborted, true);
    assert.equal(first.value, undefined);
    assert.equal(engine.stats.aborted, 1);
  });

  it('a keystroke that continues the running request keeps it and reuses its answer', async () => {
    const { clock, transport, engine } = setup();
    transport.latencyMs = 300;
    transport.answer = () => '<COMPLETION>items.length;';
    const a = new AbortController();
    start(engine, at(DOC), a.signal);
    await clock.advance(50);
    a.abort(); // the editor cancels the old call, then asks again with the typed text
    const b = new AbortController();
    const second = start(engine, at(DOC.replace('|', 'it|')), b.signal);
    await clock.advance(50); // the second call's debounce
    assert.equal(second.done, false, 'waiting for the request in flight');
    await clock.advance(250);
    assert.deepEqual(second.value, { completionId: 'cmpl-1', text: 'ems.length;', offset: DOC.indexOf('|') + 2, fromCache: true });
    assert.equal(transport.sent.length, 1);
    assert.equal(transport.sent[0]!.signal.aborted, false);
    assert.equal(engine.stats.reusedInFlight, 1);
  });

  it('asks again when the kept request answers something the user did not type', async () => {
    const { clock, transport, engine } = setup();
    transport.latencyMs = 300;
    transport.answer = (_r, i) => (i === 0 ? '<COMPLETION>items.length;' : '<COMPLETION>0;');
    const a = new AbortController();
    start(engine, at(DOC), a.signal);
    await clock.advance(50);
    a.abort();
    const second = start(engine, at(DOC.replace('|', 'x|')));
    await clock.advance(300);
    assert.equal(transport.sent.length, 2, 'a new request once the old answer turned out not to match');
    await clock.advance(300);
    assert.equal(second.value?.text, '0;');
    assert.equal(second.value?.completionId, 'cmpl-2');
  });

  it('aborts the request of a call cancelled without a next keystroke, after the grace period', async () => {
    const { clock, transport, engine } = setup({ inFlight: { graceMs: 150 } });
    transport.latencyMs = 5_000;
    const a = new AbortController();
    start(engine, at(DOC), a.signal);
    await clock.advance(50);
    a.abort(); // e.g. Escape, or the cursor moved away
    await clock.advance(149);
    assert.equal(transport.sent[0]!.signal.aborted, false);
    await clock.advance(1);
    assert.equal(transport.sent[0]!.signal.aborted, true);
    assert.equal(engine.stats.aborted, 1);
  });

  it('caches an answer that arrives after its caller left, for the next keystroke', async () => {
    const { clock, transport, engine } = setup();
    transport.latencyMs = 100;
    const a = new AbortController();
    start(engine, at(DOC), a.signal);
    await clock.advance(60);
    a.abort();
    await clock.advance(100); // the answer lands within the grace period
    const hit = await engine.provide(at(DOC.replace('|', '4|')), new AbortController().signal);
    assert.equal(hit?.text, '2;');
    assert.equal(transport.sent.length, 1);
  });

  it('never sends secrets: .env, keys and certificates are skipped', async () => {
    const { clock, transport, engine } = setup();
    for (const [relativePath, uri] of [
      ['.env', 'file:///ws/.env'],
      ['config/.env.local', 'file:///ws/config/.env.local'],
      ['certs/server.pem', 'file:///ws/certs/server.pem'],
      ['', 'file:///home/me/.ssh/id_rsa'], // outside the workspace: judged by the URI
      ['', 'file:///home/me/%2Eenv'],
    ]) {
      const call = start(engine, at('API_KEY=|', { relativePath, uri }));
      await clock.advance(100);
      assert.equal(await call.promise, undefined);
    }
    assert.equal(transport.sent.length, 0);
    assert.equal(transport.configCalls, 0);
    const template = start(engine, at('API_KEY=|', { relativePath: '.env.example', uri: 'file:///ws/.env.example' }));
    await clock.advance(100);
    await template.promise;
    assert.equal(transport.sent.length, 1, 'a committed template is ordinary text');
  });

  it('fetches the config once; after a failure waits before asking again', async () => {
    const { clock, transport, engine } = setup({ configRetryMs: 5_000 });
    transport.configError = new Error('offline');
    const first = start(engine, at(DOC));
    await clock.advance(50);
    assert.equal(await first.promise, undefined);
    assert.equal(engine.stats.errors, 1);
    const second = start(engine, at(DOC.replace('|', 'a|')));
    await clock.advance(50);
    await second.promise;
    assert.equal(transport.configCalls, 1, 'not asked again within the retry period');
    transport.configError = undefined;
    await clock.advance(5_000);
    const third = start(engine, at(DOC.replace('|', 'b|')));
    await clock.advance(50);
    assert.equal((await third.promise)?.text, '42;');
    const fourth = start(engine, at(DOC.replace('|', 'c|')));
    await clock.advance(50);
    await fourth.promise;
    assert.equal(transport.configCalls, 2);
    await clock.advance(60_000); // the config's time to live
    const fifth = start(engine, at(DOC.replace('|', 'd|')));
    await clock.advance(50);
    await fifth.promise;
    assert.equal(transport.configCalls, 3, 'asked again once the cached config expired');
    engine.invalidateConfig();
    const sixth = start(engine, at(DOC.replace('|', 'e|')));
    await clock.advance(50);
    await sixth.promise;
    assert.equal(transport.configCalls, 4, 'and at once after invalidateConfig()');
  });

  it('uses the FIM prompt when the server says so, with a newline stop for a single line', async () => {
    const { clock, transport, engine } = setup();
    transport.configValue = { ...transport.configValue, promptStyle: 'fim' };
    transport.answer = () => '42;';
    const call = start(engine, at(DOC));
    await clock.advance(50);
    assert.equal((await call.promise)?.text, '42;');
    const { request } = transport.sent[0]!;
    assert.deepEqual(request.prompt, { kind: 'fim', prompt: '// Path: src/app.ts\nfunction answer(): number {\n  return ', suffix: '\n}\n' });
    assert.deepEqual(request.stop, ['\n']);
  });

  it('post-processes with the filter context, and remembers a dropped answer as "nothing here"', async () => {
    const seen: FilterContext[] = [];
    const { clock, transport, engine } = setup({
      maxLines: 7,
      isMultiline: () => true,
      filters: (_c, ctx) => {
        seen.push(ctx);
        return undefined;
      },
    });
    const doc = at(DOC);
    const first = start(engine, doc);
    await clock.advance(50);
    assert.equal(await first.promise, undefined);
    assert.deepEqual(seen[0], {
      prefix: 'function answer(): number {\n  return ',
      suffix: '\n}\n',
      languageId: 'typescript',
      indentUnit: '  ',
      multiline: true,
      maxLines: 7,
    });
    assert.equal(transport.sent[0]!.request.maxTokens, 256, 'multi-line: the full completion budget');
    assert.equal(await engine.provide(doc, new AbortController().signal), undefined);
    assert.equal(transport.sent.length, 1, 'the same position is not asked again');
    const manual = engine.provide(doc, new AbortController().signal, { manual: true });
    await clock.advance(0);
    await manual;
    assert.equal(transport.sent.length, 2, 'an explicit trigger asks again, without debounce');
  });

  it('puts snippets from context sources in the prompt, and does not wait for a slow source', async () => {
    const fast: ContextSource = {
      name: 'import',
      budgetTokens: 500,
      timeoutMs: 40,
      collect: async () => [{ source: 'import', path: 'src/answer.ts', text: 'export const ANSWER = 42;', score: 1 }],
    };
    const hanging: ContextSource = { name: 'definition', budgetTokens: 500, timeoutMs: 40, collect: () => new Promise(() => {}) };
    const { clock, transport, engine } = setup({ sources: [fast, hanging] });
    start(engine, at(DOC));
    await clock.advance(50 + 39);
    assert.equal(transport.sent.length, 0, 'within the source time budget');
    await clock.advance(1);
    assert.equal(transport.sent.length, 1);
    assert.ok(lastUserMessage(transport.sent[0]!.request).includes('// Compare this snippet from src/answer.ts:\n// export const ANSWER = 42;'));
  });

  it('unwraps the chat answer before the filters see it', async () => {
    const received: string[] = [];
    const { clock, transport, engine } = setup({ filters: (c) => (received.push(c), c) });
    transport.answer = () => 'Here you go:\n<COMPLETION>\n  42;\n</COMPLETION>';
    const call = start(engine, at('function answer() {\n  |\n}'));
    await clock.advance(50);
    assert.equal((await call.promise)?.text, '42;');
    assert.deepEqual(received, ['42;']);
  });

  it('reports a failing request as nothing, counts and logs it', async () => {
    const warnings: string[] = [];
    const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} };
    const { clock, transport, engine } = setup({ logger });
    transport.complete = async () => {
      throw new Error('HTTP 503');
    };
    const call = start(engine, at(DOC));
    await clock.advance(50);
    assert.equal(await call.promise, undefined);
    assert.equal(engine.stats.errors, 1);
    assert.match(warnings[0]!, /HTTP 503/);
  });

  it('dispose aborts the request in flight', async () => {
    const { clock, transport, engine } = setup();
    transport.latencyMs = 1_000;
    start(engine, at(DOC));
    await clock.advance(50);
    engine.dispose();
    assert.equal(transport.sent[0]!.signal.aborted, true);
  });
});
