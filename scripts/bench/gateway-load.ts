// autocannon runs for `npm run bench:gateway`. Latency comes from autocannon's per-response
// event (hrtime, fractional ms) rather than its histogram, which keeps whole milliseconds only —
// too coarse for a 1 ms goal. Any non-2xx, error or timeout is counted and reported: a run that
// measured 429s or failures must not pass for a fast gateway.
import { BODY, type Target } from './gateway-targets';

interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Seconds. */
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void): void;
  stop(): void;
}

type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

// autocannon ships no types; this is the one call we make.
const autocannon = require('autocannon') as Autocannon;

export interface LoadRun {
  target: Target;
  /** Per-response latency of 2xx responses, ms. */
  latencies: number[];
  ok: number;
  /** Non-2xx by status, plus socket errors and timeouts: should all be zero. */
  failures: { byStatus: Record<string, number>; errors: number; timeouts: number };
  seconds: number;
  reqPerSec: number;
}

/** Stops an in-flight autocannon run (Ctrl-C, deadline): otherwise it would keep the loop busy. */
const active = new Set<AutocannonInstance>();
export function stopLoad(): void {
  for (const i of active) i.stop();
}

function run(target: Target, opts: { connections: number; amount?: number; seconds?: number }): Promise<LoadRun> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: target.url, method: 'POST', headers: target.headers, body: BODY,
      connections: opts.connections, pipelining: 1, timeout: 10,
      ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
    }, (err, result) => {
      active.delete(instance);
      if (err) return reject(err);
      const byStatus: Record<string, number> = {};
      for (const [code, { count }] of Object.entries(result.statusCodeStats)) if (!code.startsWith('2')) byStatus[code] = count;
      resolve({
        target, latencies, ok: result['2xx'],
        failures: { byStatus, errors: result.errors, timeouts: result.timeouts },
        seconds: result.duration,
        reqPerSec: result.duration > 0 ? result['2xx'] / result.duration : 0,
      });
    });
    active.add(instance);
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** `amount` requests, one at a time (a single connection, no pipelining). */
export const oneAtATime = (target: Target, amount: number) => run(target, { connections: 1, amount });

/** As many requests as `connections` keep-alive connections can push for `seconds`. */
export const saturate = (target: Target, connections: number, seconds: number) => run(target, { connections, seconds });

export function failureCount(r: LoadRun): number {
  return Object.values(r.failures.byStatus).reduce((a, b) => a + b, 0) + r.failures.errors + r.failures.timeouts;
}

export function describeFailures(r: LoadRun): string {
  const parts = Object.entries(r.failures.byStatus).map(([code, n]) => `HTTP ${code} ×${n}`);
  if (r.failures.errors) parts.push(`errors ×${r.failures.errors}`);
  if (r.failures.timeouts) parts.push(`timeouts ×${r.failures.timeouts}`);
  return parts.join(', ');
}
