// Token counting per model family: exact BPE tables when gpt-tokenizer is installed, the
// calibrated estimator otherwise. The exact path is checked against published counts whenever
// the package is present (it is an optional dependency until the lead installs it).
import assert from 'node:assert/strict';
import { loadGptTokenizer, SAFETY_MARGIN, TokenCounters, type BpeEncoding, type EncodingName } from '../../server/src/domain/context-window/counter';
import { estimateTokens } from '../../server/src/domain/context-window/estimate';
import { MEASURED, PUBLISHED, sample } from '../fixtures/token-counts/references';

/** A stand-in table: one token per character, and a record of how it was called. */
function fakeTables() {
  const calls: { name: EncodingName; text: string; disallowed?: Set<string> }[] = [];
  const loads: EncodingName[] = [];
  const load = (name: EncodingName): BpeEncoding => {
    loads.push(name);
    return { countTokens: (text, options) => { calls.push({ name, text, disallowed: options?.disallowedSpecial }); return text.length; } };
  };
  return { calls, loads, load };
}

describe('context window: token counters', () => {
  it('without gpt-tokenizer every family is estimated, and says so', () => {
    const counters = new TokenCounters(() => undefined);
    for (const model of ['gpt-4o', 'gpt-4', 'llama-3.3-70b-versatile', 'qwen/qwen3-32b', 'mistral-large']) {
      const c = counters.forModel(model);
      assert.equal(c.method, 'estimate', model);
      assert.equal(c.name, `estimate:${c.family}`);
      assert.equal(c.count('const answer = 42;'), estimateTokens('const answer = 42;', c.family));
    }
  });

  it('with it: o200k and cl100k exact, Llama 3 through cl100k as a proxy, Qwen and others estimated; each table loaded once', () => {
    const t = fakeTables();
    const counters = new TokenCounters(t.load);
    assert.deepEqual([counters.forModel('gpt-4o').method, counters.forModel('gpt-4o').name], ['exact', 'o200k_base']);
    assert.deepEqual([counters.forModel('gpt-3.5-turbo').method, counters.forModel('gpt-3.5-turbo').name], ['exact', 'cl100k_base']);
    assert.deepEqual([counters.forModel('llama-3.1-8b-instant').method, counters.forModel('llama-3.1-8b-instant').name], ['proxy', 'cl100k_base']);
    assert.equal(counters.forModel('qwen/qwen3-32b').method, 'estimate');
    assert.deepEqual(t.loads.sort(), ['cl100k_base', 'o200k_base']);
    assert.deepEqual([SAFETY_MARGIN.exact, SAFETY_MARGIN.proxy, SAFETY_MARGIN.estimate], [0, 0.02, 0.12]);
  });

  it('counts special-token text in user content as plain text instead of failing', () => {
    const t = fakeTables();
    new TokenCounters(t.load).forModel('gpt-4o').count('x <|endoftext|> y');
    assert.equal(t.calls[0]!.disallowed?.size, 0);
  });

  it('remembers the counts of long texts (history is re-counted every turn), not of short ones', () => {
    const t = fakeTables();
    const counter = new TokenCounters(t.load).forModel('gpt-4o');
    const long = 'x'.repeat(2000);
    assert.equal(counter.count(long), 2000);
    assert.equal(counter.count(long), 2000);
    counter.count('short');
    counter.count('short');
    assert.deepEqual(t.calls.map((c) => c.text.length), [2000, 5, 5]);
  });

  describe('with gpt-tokenizer installed', () => {
    const installed = loadGptTokenizer('o200k_base') !== undefined;
    before(function () {
      if (!installed) this.skip(); // the package is not a dependency yet: nothing to check
    });

    it('matches the published o200k and cl100k counts exactly', () => {
      const counters = new TokenCounters();
      for (const ref of PUBLISHED.filter((r) => r.family === 'o200k' || r.family === 'cl100k')) {
        assert.equal(counters.forFamily(ref.family).count(ref.text), ref.tokens, `${ref.family}: ${ref.text}`);
      }
      for (const { file, tokens } of MEASURED) {
        assert.equal(counters.forFamily('o200k').count(sample(file)), tokens.o200k, file);
        assert.equal(counters.forFamily('cl100k').count(sample(file)), tokens.cl100k, file);
      }
    });

    it('the Llama 3 proxy counts at least the real Llama 3 tokens, within 1% on English and code', () => {
      const llama = new TokenCounters().forFamily('llama3');
      const refs = [...PUBLISHED.filter((r) => r.family === 'llama3'), ...MEASURED.map((m) => ({ text: sample(m.file), tokens: m.tokens.llama3 }))];
      for (const ref of refs) {
        const n = llama.count(ref.text);
        assert.ok(n >= ref.tokens && n <= ref.tokens * 1.01, `${n} vs ${ref.tokens}: ${ref.text.slice(0, 30)}`);
      }
    });
  });
});
