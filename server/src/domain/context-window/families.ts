// Which tokenizer a model uses, from its id (or its name at the provider). The family decides how
// tokens are counted: exactly with a BPE table where one is available, otherwise with the
// calibrated estimator (estimate.ts). Unknown models get `generic`, the most cautious estimate.

export type TokenizerFamily = 'o200k' | 'cl100k' | 'llama3' | 'qwen' | 'generic';

/**
 * First match wins; tested against the lower-cased id without a provider prefix
 * (`openai/gpt-oss-120b` → `gpt-oss-120b`, `meta-llama/llama-3.3-70b` → `llama-3.3-70b`).
 * - o200k: GPT-4o, GPT-4.1/4.5, GPT-5, o1/o3/o4, gpt-oss (o200k_harmony is o200k_base plus chat
 *   special tokens, so plain text counts the same).
 * - cl100k: GPT-4 (not 4o/4.1/4.5), GPT-3.5-turbo.
 * - llama3: Llama 3, 3.1, 3.2, 3.3 (a 128k vocabulary whose first 100k tokens are cl100k's).
 *   Llama 4 has a different, larger vocabulary and falls to `generic`.
 * - qwen: Qwen 2, 2.5, 3 and QwQ (151k vocabulary; digits are split one per token).
 */
const RULES: [RegExp, TokenizerFamily][] = [
  [/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|gpt-oss)/, 'o200k'],
  [/^(gpt-4|gpt-3\.5)/, 'cl100k'],
  [/^(meta-)?llama-?3/, 'llama3'],
  [/^(qwen|qwq)/, 'qwen'],
];

export function familyOf(modelId: string): TokenizerFamily {
  const name = modelId.toLowerCase().split('/').pop() ?? '';
  for (const [pattern, family] of RULES) if (pattern.test(name)) return family;
  return 'generic';
}

/**
 * Tokens a chat message costs on top of its content: role markers and separators. Llama 3's
 * template wraps each message in `<|start_header_id|>role<|end_header_id|>\n\n … <|eot_id|>`
 * (5 tokens), ChatML (Qwen) in `<|im_start|>role\n … <|im_end|>\n` (5), OpenAI's format costs 3–4
 * per message (OpenAI cookbook, "How to count tokens with tiktoken"). 5 covers all of them.
 */
export const TOKENS_PER_MESSAGE = 5;
/** The assistant header that primes the reply, plus a begin-of-text token. */
export const TOKENS_PER_REQUEST = 4;
