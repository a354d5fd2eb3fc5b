// Where limit state lives: in this process (MemoryLimitStore) or in Redis (RedisLimitStore), shared
// by every server instance. The operations are few and each is atomic, so that two instances
// checking the same limit at the same moment can never both take its last request.

/** A token bucket: `capacity` requests, refilled evenly at `refillPerMs`; a request takes `cost`. */
export interface BucketSpec {
  key: string;
  capacity: number;
  refillPerMs: number;
  cost: number;
}

/** A window counter (tokens, spend) that must still be below `limit` for a request to be admitted. */
export interface CeilingSpec {
  key: string;
  limit: number;
}

export interface TakeResult {
  /** True when every ceiling had room and every bucket held its cost; only then was anything taken. */
  admitted: boolean;
  /** Each bucket's level after the take (or as it stands, when refused), in `buckets` order. */
  levels: number[];
  /** Each ceiling's counter, in `ceilings` order. */
  counters: number[];
}

/** An amount added to a window counter; the counter disappears `ttlMs` after it was created. */
export interface CounterAdd {
  key: string;
  amount: number;
  ttlMs: number;
}

export interface LimitStore {
  /**
   * All or nothing, atomically: if every ceiling's counter is below its limit and every bucket
   * holds its cost, take the cost from every bucket; otherwise take nothing. So a team bucket that
   * refuses never leaves the user's bucket one request poorer.
   */
  take(buckets: BucketSpec[], ceilings: CeilingSpec[]): Promise<TakeResult>;
  /** Adds to window counters (tokens used, spend), creating them with their time to live. */
  add(entries: CounterAdd[]): Promise<void>;
  /** Current counter values (0 for a counter that does not exist). */
  get(keys: string[]): Promise<number[]>;
  close(): Promise<void>;
}

/** The store cannot answer (Redis down or too slow): admission fails closed, see limits.ts. */
export class LimitStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LimitStoreUnavailableError';
  }
}
