// The editor's token estimate against the real cl100k_base tokenizer (gpt-tokenizer) on fixture
// texts of the kinds a chat question carries: code in several languages, English prose, JSON, a diff.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { estimateTokens } from '../../../extension/src/core/context/tokens';

const file = (p: string) => readFileSync(new URL(`../../../${p}`, import.meta.url), 'utf8');

const FIXTURES: [string, string][] = [
  ['TypeScript (redact.ts)', file('extension/src/core/security/redact.ts')],
  ['TypeScript (server-client.ts)', file('extension/src/core/server-client.ts')],
  ['English prose (DESIGN-like README)', file('README.md').slice(0, 20_000)],
  ['Python', [
    'import os', 'from dataclasses import dataclass', '', '', '@dataclass', 'class Config:', '    host: str = "127.0.0.1"',
    '    port: int = 8787', '', '    @classmethod', '    def from_env(cls) -> "Config":', '        """Read the configuration from the environment."""',
    '        return cls(host=os.environ.get("HOST", cls.host), port=int(os.environ.get("PORT", cls.port)))', '', '',
    'def fibonacci(n: int) -> list[int]:', '    result = [0, 1]', '    while len(result) < n:', '        result.append(result[-1] + result[-2])',
    '    return result[:n]', '',
  ].join('\n').repeat(8)],
  ['JSON', JSON.stringify({ models: [{ id: 'llama-3.3-70b-versatile', provider: 'groq', contextWindow: 131072, isDefault: true },
    { id: 'gpt-4o-mini', provider: 'openai', contextWindow: 128000, isDefault: false }], limits: { rpm: 60, tpm: 100000 } }, null, 2).repeat(10)],
];

describe('chat context: estimateTokens', () => {
  for (const [name, text] of FIXTURES) {
    it(`is within ±15% of cl100k on ${name}`, () => {
      const real = countTokens(text);
      const estimate = estimateTokens(text);
      const ratio = estimate / real;
      assert.ok(ratio > 0.85 && ratio < 1.15, `estimate ${estimate} vs cl100k ${real} (ratio ${ratio.toFixed(3)})`);
    });
  }

  it('is 0 for empty text and at least 1 for any text', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('x'), 1);
    assert.equal(estimateTokens('   '), 1);
  });

  it('prices opaque strings (keys, hashes) per character, not per word', () => {
    const hash = 'Ai1Eq8PGOwHZkJkdEzHqS8ZsGSkSvqb7BBn4GskvmSKtocMk4V3nY0Lqvqj7ZcbUbJHQS2rZt7cJPP5Sg';
    const real = countTokens(hash);
    assert.ok(Math.abs(estimateTokens(hash) - real) / real < 0.25, `${estimateTokens(hash)} vs ${real}`);
  });
});
