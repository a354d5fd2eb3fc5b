// Token counting per model family, behind one interface. Exact BPE counts come from the npm
// package `gpt-tokenizer` (pure JavaScript, MIT, the o200k_base and cl100k_base tables) when it is
// installed; without it, and for families it does not cover, the calibrated estimator answers.
import { createHash } from 'node:crypto';
import { estimateTokens } from './estimate';
import { familyOf, type TokenizerFamily } from './families';

/**
 * - exact: the model's own tokenizer table.
 * - proxy: a table that counts the same or more (cl100k for Llama 3, whose vocabulary extends
 *   cl100k's: identical on English and code, more tokens than Llama 3 on other scripts).
 * - estimate: estimate.ts, within about ±10% of the real count on code and prose.
 */
export type CountMethod = 'exact' | 'proxy' | 'estimate';

export interface TokenCounter {
  readonly family: TokenizerFamily;
  readonly method: CountMethod;
  /** For logs and clients: `o200k_base`, `cl100k_base`, `estimate:qwen`… */
  readonly name: string;
  count(text: string): number;
}

/** How much of the window to leave unused because the count may be low. */
export const SAFETY_MARGIN: Record<CountMethod, number> = { exact: 0, proxy: 0.02, estimate: 0.12 };

/** The part of gpt-tokenizer's per-encoding module we use (`gpt-tokenizer/encoding/<name>`). */
export interface BpeEncoding {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}
export type EncodingName = 'o200k_base' | 'cl100k_base';
export type EncodingLoader = (name: EncodingName) => BpeEncoding | undefined;

/**
 * Loads gpt-tokenizer's table on first use (a few hundred ms, ~1–2 MB each), or undefined when the
 * package is not installed. Literal paths keep it visible to bundlers; the server bundle leaves
 * npm packages external, so this stays a runtime require.
 */
export const loadGptTokenizer: EncodingLoader = (name) => {
  try {
    return (name === 'o200k_base' ? require('gpt-tokenizer/encoding/o200k_base') : require('gpt-tokenizer/encoding/cl100k_base')) as BpeEncoding;
  } catch {
    return undefined;
  }
};

/** Which table counts each family, and how faithfully. */
const TABLES: Partial<Record<TokenizerFamily, { encoding: EncodingName; method: CountMethod }>> = {
  o200k: { encoding: 'o200k_base', method: 'exact' },
  cl100k: { encoding: 'cl100k_base', method: 'exact' },
  llama3: { encoding: 'cl100k_base', method: 'proxy' },
};

/**
 * One counter per family, made once. User text may contain `<|endoftext|>` and the like (code
 * about tokenizers): it is counted as the plain text it is, never as a special token.
 */
export class TokenCounters {
  private readonly counters = new Map<TokenizerFamily, TokenCounter>();
  private readonly encodings = new Map<EncodingName, BpeEncoding | undefined>();

  constructor(private readonly load: EncodingLoader = loadGptTokenizer) {}

  forModel(modelId: string): TokenCounter {
    return this.forFamily(familyOf(modelId));
  }

  forFamily(family: TokenizerFamily): TokenCounter {
    let counter = this.counters.get(family);
    if (!counter) {
      counter = this.make(family);
      this.counters.set(family, counter);
    }
    return counter;
  }

  private make(family: TokenizerFamily): TokenCounter {
    const table = TABLES[family];
    const encoding = table && this.encoding(table.encoding);
    if (table && encoding) {
      const plain = { disallowedSpecial: new Set<string>() };
      return cached({ family, method: table.method, name: table.encoding, count: (text) => encoding.countTokens(text, plain) });
    }
    return { family, method: 'estimate', name: `estimate:${family}`, count: (text) => estimateTokens(text, family) };
  }

  private encoding(name: EncodingName): BpeEncoding | undefined {
    if (!this.encodings.has(name)) this.encodings.set(name, this.load(name));
    return this.encodings.get(name);
  }
}

const CACHE_ENTRIES = 4096;
const CACHE_MIN_CHARS = 512;

/**
 * Exact counting runs at about 2 MB/s, and every turn re-counts the same history: remember long
 * texts' counts by content hash (hashing is ~100× faster than counting). Least recently used
 * entries go first.
 */
function cached(counter: TokenCounter): TokenCounter {
  const memo = new Map<string, number>();
  return {
    ...counter,
    count: (text) => {
      if (text.length < CACHE_MIN_CHARS) return counter.count(text);
      const key = createHash('sha1').update(text).digest('base64');
      const hit = memo.get(key);
      if (hit !== undefined) {
        memo.delete(key);
        memo.set(key, hit);
        return hit;
      }
      const n = counter.count(text);
      memo.set(key, n);
      if (memo.size > CACHE_ENTRIES) memo.delete(memo.keys().next().value!);
      return n;
    },
  };
}
