// The calibrated estimator and the model → tokenizer mapping, against reference counts that are
// published or measured with the real tokenizers (test/fixtures/token-counts/references.ts).
import assert from 'node:assert/strict';
import { estimateTokens } from '../../server/src/domain/context-window/estimate';
import { familyOf } from '../../server/src/domain/context-window/families';
import { MEASURED, PUBLISHED, sample } from '../fixtures/token-counts/references';

const FAMILIES = ['o200k', 'cl100k', 'llama3', 'qwen'] as const;
const ratio = (estimate: number, real: number) => estimate / real;

describe('context window: token estimator', () => {
  it('maps model ids to tokenizer families', () => {
    const cases: [string, string][] = [
      ['gpt-4o-mini', 'o200k'], ['gpt-4.1', 'o200k'], ['gpt-5-mini', 'o200k'], ['o3-mini', 'o200k'], ['openai/gpt-oss-120b', 'o200k'],
      ['gpt-4-turbo', 'cl100k'], ['gpt-3.5-turbo', 'cl100k'],
      ['llama-3.3-70b-versatile', 'llama3'], ['llama-3.1-8b-instant', 'llama3'], ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'llama3'],
      ['qwen/qwen3-32b', 'qwen'], ['Qwen/Qwen2.5-Coder-32B-Instruct', 'qwen'], ['qwq-32b', 'qwen'],
      ['meta-llama/llama-4-scout-17b-16e-instruct', 'generic'], ['mistral-saba-24b', 'generic'], ['deepseek-r1-distill-llama-70b', 'generic'],
    ];
    for (const [id, family] of cases) assert.equal(familyOf(id), family, id);
  });

  // Measured worst cases on ~1 MB of held-out code and prose stay within ±11% (estimate.ts);
  // these samples, within 10%.
  for (const { file, tokens } of MEASURED) {
    it(`estimates ${file} within 10% of the real count for every family`, () => {
      const text = sample(file);
      for (const family of FAMILIES) {
        const r = ratio(estimateTokens(text, family), tokens[family]);
        assert.ok(r >= 0.9 && r <= 1.1, `${family}: estimate ${estimateTokens(text, family)} vs ${tokens[family]} (×${r.toFixed(3)})`);
      }
    });
  }

  it('stays within 10% on the published Llama 3 paragraph and Qwen sentences in English and code', () => {
    for (const ref of PUBLISHED.filter((r) => r.tokens >= 26 && !/[\u4e00-\u9fff]{4}/.test(r.text))) {
      const r = ratio(estimateTokens(ref.text, ref.family), ref.tokens);
      assert.ok(r >= 0.9 && r <= 1.1, `${ref.family} ${ref.text.slice(0, 30)}: ${estimateTokens(ref.text, ref.family)} vs ${ref.tokens}`);
    }
  });

  it('short published sentences, including Cyrillic, Japanese and Chinese, are never underestimated by more than 10%', () => {
    for (const ref of PUBLISHED) {
      const r = ratio(estimateTokens(ref.text, ref.family), ref.tokens);
      assert.ok(r >= 0.9 && r <= 1.6, `${ref.family} "${ref.text.slice(0, 30)}": ${estimateTokens(ref.text, ref.family)} vs ${ref.tokens} (from ${ref.source})`);
    }
  });

  it('generic (unmeasured tokenizers) is cautious: above every measured family', () => {
    for (const { file, tokens } of MEASURED) {
      assert.ok(estimateTokens(sample(file), 'generic') >= Math.max(...Object.values(tokens)), file);
    }
  });

  it('splits numbers as each family does: groups of three, or one digit per token for Qwen', () => {
    assert.equal(estimateTokens('1234567', 'cl100k'), 3);
    assert.equal(estimateTokens('1234567', 'qwen'), Math.ceil(7 * 1.02));
  });

  it('prices opaque strings (keys, hashes, base64) per character, not as words', () => {
    const b64 = 'sha512-Xk3vYq9PzL2mR8tWc4NbF7hJ1eGdA6sKoU0iTyVnQwE5rZ';
    assert.ok(estimateTokens(b64, 'cl100k') >= Math.floor(b64.length * 0.7), String(estimateTokens(b64, 'cl100k')));
    assert.ok(estimateTokens('the same words in plain English prose here', 'cl100k') <= 10);
  });

  it('costs nothing for nothing and at least one token for anything', () => {
    assert.equal(estimateTokens('', 'o200k'), 0);
    assert.equal(estimateTokens(' ', 'o200k'), 1);
  });
});
