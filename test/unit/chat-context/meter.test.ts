import assert from 'node:assert/strict';
import { ContextMeter } from '../../../protocol';
import { contextMeter, defaultReserve } from '../../../extension/src/core/context/meter';
import { estimateTokens } from '../../../extension/src/core/context/tokens';

describe('chat context: contextMeter', () => {
  const base = { model: 'llama-3.3-70b-versatile', contextWindow: 131072, reserve: 4096 };

  it('is a valid estimate meter and grows with history, attachments and the draft', () => {
    const empty = contextMeter({ ...base, history: [], pending: [], draft: '' });
    assert.ok(ContextMeter.safeParse(empty).success);
    assert.equal(empty.source, 'estimate');
    const draft = 'Why does this function allocate so much memory on every call?';
    const withDraft = contextMeter({ ...base, history: [], pending: [], draft });
    assert.equal(withDraft.usedTokens - empty.usedTokens, estimateTokens(draft));
    const code = 'export function f(x: number) {\n  return x * 2;\n}\n'.repeat(20);
    const withAll = contextMeter({ ...base, history: ['earlier question', 'earlier answer'], pending: [{ fileName: 'a.ts', language: 'typescript', code }], draft });
    assert.ok(withAll.usedTokens > withDraft.usedTokens + estimateTokens(code));
    assert.equal(withAll.contextWindow, 131072);
    assert.equal(withAll.reserve, 4096);
  });

  it('reserves like the server: a quarter of the window, at most 4,096', () => {
    assert.equal(defaultReserve(8192), 2048);
    assert.equal(defaultReserve(131072), 4096);
  });
});
