// `npm run bench:gateway [-- --quick] [-- --cpu-prof]`: what a gateway costs, against the same fake
// upstream in one run (the machine is shared and noisy: compare within a run only).
//   (a) the fake upstream directly, (b) through Churnistic, (c) through Portkey's open-source gateway,
//   (r) through a bare node:http proxy (gateway-floor.ts): a reference for what Node allows here
// Every target is its own process; autocannon (the load generator) runs in this one.
// BENCH_SERVER_JS=<bundle> measures another server build; BENCH_SERVER_NODE_ARGS adds node flags to it
// (e.g. a diagnostic --require); --cpu-prof profiles the server and prints where its time went.
//   1. added latency, one request at a time: target percentile minus (a)'s percentile, measured
//      back to back (sequential) and in interleaved blocks (drift on the machine hits all alike)
//   2. throughput at 32 connections, as a ratio to (a)
// Goals (issue 6): added p50 <= 1 ms and p99 <= 5 ms one at a time; throughput >= half of (a);
// both better than Portkey's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeFailures, failureCount, oneAtATime, saturate, stopLoad, type LoadRun } from './gateway-load';
import { Children, cpuSeconds } from './gateway-procs';
import { newestProfile, summarizeProfile } from './gateway-profile';
import {
  BODY, overheadHeaderSample, preflight, resetFake, startChurnistic, startFake, startFloor, startPortkey, type Target,
} from './gateway-targets';
import { percentile, printTable } from './stats';

const quick = process.argv.includes('--quick'); // a smoke run: same phases, fewer requests
const cpuProf = process.argv.includes('--cpu-prof');
const LATENCY_REQUESTS = quick ? 300 : 2000;
const BLOCKS = quick ? 3 : 10;
const CONNECTIONS = 32;
const THROUGHPUT_SECONDS = quick ? 2 : 7;
const WARMUP_SECONDS = quick ? 1 : 3;
const OVERHEAD_SAMPLE = quick ? 100 : 500;
const DEADLINE_MS = 240_000; // the whole run, start-up included; takes ~2 minutes normally

const startedAt = performance.now();
const children = new Children();
const failures: string[] = [];
let dataDir: string | undefined;
const profileDir = cpuProf ? fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-bench-prof-')) : undefined;

/** Every run is checked: a target that answered 429 or failed is reported, never averaged in. */
function checked(r: LoadRun, phase: string): LoadRun {
  if (failureCount(r)) failures.push(`${r.target.label}, ${phase}: ${describeFailures(r)} (of ${r.ok + failureCount(r)})`);
  return r;
}

async function warmUp(t: Target): Promise<void> {
  checked(await saturate(t, CONNECTIONS, WARMUP_SECONDS), 'warm-up');
  checked(await oneAtATime(t, 300), 'warm-up');
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log('gateway benchmark: one run on this machine; compare within the run only\n');
  console.log(`  machine      ${cpus.length} CPU(s) ${cpus[0]?.model ?? ''}, Node ${process.version}`);
  console.log('  load         autocannon in this process: it shares the CPUs with the fake and the gateway');
  console.log(`  upstream     the fake (test/fakes/cli.ts), its own process, answers at once; non-stream, ${BODY.length}-byte body`);
  console.log(`  (b)          node ${process.env.BENCH_SERVER_JS ?? 'dist/server.js (built now)'}, NODE_ENV=production, LOG_LEVEL=warn (one log line per`);
  console.log('               request would dominate the figures otherwise), SQLite in a temp dir, usage recorded per');
  console.log('               request, rate limits configured high (checked, never denying), fake as OpenAI provider');
  console.log('  (c)          @portkey-ai/gateway start-server.js --headless, NODE_ENV=production, x-portkey-provider');
  console.log('               openai + x-portkey-custom-host at the same fake; a pure proxy here: no auth, no limits,');
  console.log('               no usage records (Churnistic does all three on every request)');
  console.log('  (r)          reference, not a goal: a bare node:http proxy (scripts/bench/gateway-floor.ts) at the same');
  console.log('               fake: what this machine allows any Node gateway in this run');
  if (quick) console.log('  --quick      smoke run: few requests, figures are rough');
  if (cpuProf) console.log('  --cpu-prof   Churnistic runs under the V8 profiler: its figures are somewhat worse than without');
  console.log('');

  const fake = await startFake(children);
  const [churnistic, portkey, floor] = await Promise.all([
    startChurnistic(children, fake.root, {
      serverJs: process.env.BENCH_SERVER_JS, cpuProfDir: profileDir, nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean),
    }),
    startPortkey(children, fake.root),
    startFloor(children, fake.root, fake.target),
  ]);
  dataDir = churnistic.dataDir;
  const targets = [fake.target, churnistic.target, portkey, floor];
  const [direct, churn, pk] = targets as [Target, Target, Target];
  for (const t of targets) await preflight(t);
  await assertLimitsHigh(churn);

  for (const t of targets) await warmUp(t);
  children.assertAlive();

  // 1a. sequential: all of one target, then the next
  const seq = new Map<Target, number[]>();
  for (const t of targets) {
    await resetFake(fake.root);
    seq.set(t, checked(await oneAtATime(t, LATENCY_REQUESTS), 'latency, sequential').latencies);
  }
  // 1b. interleaved blocks, rotating the order so none is always first after a pause
  const inter = new Map<Target, number[]>(targets.map((t) => [t, []]));
  for (let b = 0; b < BLOCKS; b++) {
    await resetFake(fake.root);
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(b + i) % targets.length]!;
      inter.get(t)!.push(...checked(await oneAtATime(t, Math.ceil(LATENCY_REQUESTS / BLOCKS)), 'latency, interleaved').latencies);
    }
  }
  const overhead = await overheadHeaderSample(churn, OVERHEAD_SAMPLE);
  children.assertAlive();

  // 2. throughput: two rounds in opposite orders, so a slow spell on the machine is shared out
  const rps = new Map<Target, number[]>(targets.map((t) => [t, []]));
  const cpu = new Map<Target, { ms: number; requests: number; seconds: number }>(targets.map((t) => [t, { ms: 0, requests: 0, seconds: 0 }]));
  for (const order of [targets, [...targets].reverse()]) {
    for (const t of order) {
      await resetFake(fake.root);
      const before = cpuSeconds(t.pid);
      const run = checked(await saturate(t, CONNECTIONS, THROUGHPUT_SECONDS), 'throughput');
      const after = cpuSeconds(t.pid);
      rps.get(t)!.push(run.reqPerSec);
      const c = cpu.get(t)!;
      if (before !== undefined && after !== undefined) Object.assign(c, { ms: c.ms + (after - before) * 1000, requests: c.requests + run.ok, seconds: c.seconds + run.seconds });
    }
  }
  children.assertAlive();

  report({ targets, direct, churn, pk, seq, inter, overhead, rps, cpu });
}

/** Without limits from the config file a real admin user gets 60 chat requests a minute: all 429s. */
async function assertLimitsHigh(t: Target): Promise<void> {
  const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: BODY });
  await res.arrayBuffer();
  const limit = Number(res.headers.get('x-ratelimit-limit-requests'));
  if (Number.isFinite(limit) && limit > 0 && limit < 1_000_000) {
    throw new Error(`Churnistic admits ${limit} chat requests per window (x-ratelimit-limit-requests), although the bench's `
      + 'CHURNISTIC_CONFIG sets limits.user.chat.requestsPerMinute to 100000000: this server build does not apply the config '
      + 'file\'s limits yet, so the run would measure 429s. Nothing was measured.');
  }
}

interface Results {
  targets: Target[]; direct: Target; churn: Target; pk: Target;
  seq: Map<Target, number[]>; inter: Map<Target, number[]>; overhead: number[]; rps: Map<Target, number[]>;
  cpu: Map<Target, { ms: number; requests: number; seconds: number }>;
}

const ms = (x: number) => `${x.toFixed(2)} ms`;
const col = (s: string, w: number) => s.padStart(w);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function report(r: Results): void {
  const p = (m: Map<Target, number[]>, t: Target, q: number) => percentile(m.get(t)!, q);
  const added = (m: Map<Target, number[]>, t: Target, q: number) => p(m, t, q) - p(m, r.direct, q);

  console.log(`1. Latency, one request at a time (1 connection), after warm-up; ${LATENCY_REQUESTS} requests per target`);
  console.log(`   each way: sequential (target after target) and interleaved (${BLOCKS} blocks, order rotated)`);
  console.log(`   ${''.padEnd(28)}${col('seq p50', 10)}${col('seq p99', 10)}${col('int p50', 10)}${col('int p99', 10)}`);
  for (const t of r.targets) {
    console.log(`   ${t.label.padEnd(28)}${[p(r.seq, t, 50), p(r.seq, t, 99), p(r.inter, t, 50), p(r.inter, t, 99)].map((x) => col(ms(x), 10)).join('')}`);
  }
  for (const t of r.targets.slice(1)) {
    console.log(`   ${`added by ${t.label.slice(4)}`.padEnd(28)}${[added(r.seq, t, 50), added(r.seq, t, 99), added(r.inter, t, 50), added(r.inter, t, 99)].map((x) => col(ms(x), 10)).join('')}`);
  }
  console.log(`   Churnistic's own x-churnistic-overhead-ms over ${r.overhead.length} requests: p50 ${ms(percentile(r.overhead, 50))}, p99 ${ms(percentile(r.overhead, 99))}`);
  console.log('');

  console.log(`2. Throughput, ${CONNECTIONS} connections, 2 rounds × ${THROUGHPUT_SECONDS} s (one order, then reversed), 2xx req/s`);
  const base = mean(r.rps.get(r.direct)!);
  for (const t of r.targets) {
    const xs = r.rps.get(t)!;
    const c = r.cpu.get(t)!;
    const use = c.requests ? `   its process: ${(c.ms / c.requests).toFixed(3)} CPU ms/request, ${((100 * c.ms) / 1000 / c.seconds).toFixed(0)} % of a core` : '';
    console.log(`   ${t.label.padEnd(28)}${xs.map((x) => col(x.toFixed(0), 8)).join('')}   mean ${col(mean(xs).toFixed(0), 6)}   ratio to (a) ${(mean(xs) / base).toFixed(3)}${use}`);
  }
  console.log('   (CPU ms/request: the serving process\'s own CPU time, from /proc, over the requests it answered; well under');
  console.log('   100 % of a core at a low req/s means it waited — blocking I/O such as fsync, or starved by other processes)');
  console.log('');

  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const [b50, b99, c50, c99] = [added(r.inter, r.churn, 50), added(r.inter, r.churn, 99), added(r.inter, r.pk, 50), added(r.inter, r.pk, 99)];
  const [bT, cT] = [mean(r.rps.get(r.churn)!) / base, mean(r.rps.get(r.pk)!) / base];
  printTable('3. Goals for (b) Churnistic (latency verdicts use the interleaved figures)', [
    ['added p50 <= 1 ms, one at a time', `${ms(b50).padEnd(22)}${verdict(b50 <= 1)}`],
    ['added p99 <= 5 ms, one at a time', `${ms(b99).padEnd(22)}${verdict(b99 <= 5)}`],
    ['throughput >= 0.5 × (a)', `${bT.toFixed(3).padEnd(22)}${verdict(bT >= 0.5)}`],
    ['added p50 below Portkey\'s', `${`${ms(b50)} vs ${ms(c50)}`.padEnd(22)}${verdict(b50 < c50)}`],
    ['added p99 below Portkey\'s', `${`${ms(b99)} vs ${ms(c99)}`.padEnd(22)}${verdict(b99 < c99)}`],
    ['throughput above Portkey\'s', `${`${bT.toFixed(3)} vs ${cT.toFixed(3)}`.padEnd(22)}${verdict(bT > cT)}`],
  ]);
  console.log(`   note: ${os.cpus().length} CPU(s) are shared by the load generator, the fake upstream and the gateway under test, so`);
  console.log('   the gateway competes with its own load; ratios are meaningful within this run, absolute req/s are not.\n');
}

async function shutdown(): Promise<void> {
  stopLoad();
  await children.stopAll(cpuProf ? 15_000 : 3000);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

process.on('exit', () => children.killAllNow());
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\nbench:gateway: ${sig}, stopping the processes it started`);
    void shutdown().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  });
}
const deadline = setTimeout(() => {
  console.error(`bench:gateway: not done after ${DEADLINE_MS / 1000} s; stopping`);
  void shutdown().finally(() => process.exit(1));
}, DEADLINE_MS);

main()
  .then(async () => {
    await shutdown();
    if (failures.length) {
      console.log('INVALID RUN: some responses were not 2xx; the figures above include only the 2xx ones:');
      for (const f of failures) console.log(`  ${f}`);
      process.exitCode = 1;
    }
    console.log(`bench:gateway took ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
    const prof = profileDir && newestProfile(profileDir);
    if (prof) console.log(`Churnistic CPU profile (whole run, warm-up included):\n${summarizeProfile(prof)}`);
  })
  .catch(async (err: unknown) => {
    console.error(`bench:gateway failed: ${err instanceof Error ? err.message : err}`);
    await shutdown();
    process.exitCode = 1;
  })
  .finally(() => clearTimeout(deadline));
