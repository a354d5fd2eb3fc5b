// The three things `npm run bench:gateway` measures, each started as its own process and all
// pointed at ONE fake upstream process: (a) the fake directly, (b) Churnistic, (c) Portkey.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForHttp, type Children } from './gateway-procs';

export interface Target {
  key: 'direct' | 'churnistic' | 'portkey' | 'floor';
  label: string;
  /** POST endpoint for chat completions. */
  url: string;
  headers: Record<string, string>;
  /** The process that serves it (for its CPU use). */
  pid: number;
}

const UPSTREAM_KEY = 'sk-bench-upstream-key';
const ADMIN_TOKEN = `chur_bench_${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
export const MODEL = 'bench-model';

/** The same small, fixed, non-stream request for every target. */
export const BODY = JSON.stringify({
  model: MODEL,
  messages: [{ role: 'user', content: 'Say hello in one word.' }],
  max_tokens: 16,
});

const json = { 'content-type': 'application/json' };

/** Only what the children need: inherited GROQ_API_KEY, REDIS_URL, LOG_LEVEL… must not leak in. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? os.homedir(), TMPDIR: os.tmpdir() };
  return { ...env, ...extra };
}

/** The fake upstream (test/fakes/cli.ts) in its own process; it prints its URL. */
export async function startFake(children: Children): Promise<{ root: string; target: Target }> {
  const child = children.spawn('fake upstream', ['--import', 'tsx', 'test/fakes/cli.ts', '--port', '0', '--api-key', UPSTREAM_KEY], cleanEnv({}));
  const m = await child.waitFor(/listening on (http:\/\/[\d.]+:\d+)/, 30_000);
  const root = m[1]!;
  return {
    root,
    target: {
      key: 'direct', label: '(a) fake upstream, direct', url: `${root}/v1/chat/completions`, pid: child.proc.pid!,
      headers: { ...json, authorization: `Bearer ${UPSTREAM_KEY}` },
    },
  };
}

/** The fake keeps every request it saw; forget them between phases so its heap does not grow all run. */
export async function resetFake(root: string): Promise<void> {
  await (await fetch(`${root}/__fake/reset`, { method: 'POST' })).arrayBuffer();
}

export interface ChurnisticOptions {
  /** A prebuilt server bundle instead of building dist/server.js (BENCH_SERVER_JS). */
  serverJs?: string;
  /** Write a V8 CPU profile of the server here (--cpu-prof). */
  cpuProfDir?: string;
  /** More node flags for the server, e.g. a diagnostic --require (BENCH_SERVER_NODE_ARGS). */
  nodeArgs?: string[];
}

/**
 * The real server as users run it: the built bundle, its own process, a temp data dir (SQLite),
 * the fake as an OpenAI-compatible provider, limits set high enough never to deny (so the
 * limiter still runs on every request, as in production) and LOG_LEVEL=warn.
 */
export async function startChurnistic(children: Children, fakeRoot: string, opts: ChurnisticOptions): Promise<{ target: Target; dataDir: string }> {
  let serverJs = opts.serverJs;
  if (!serverJs) {
    const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--only', 'server'], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the server failed:\n${build.stdout}\n${build.stderr}`);
    serverJs = 'dist/server.js';
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-bench-gateway-'));
  const configFile = path.join(dataDir, 'churnistic.config.json');
  const generous = { requestsPerMinute: 100_000_000, tokensPerMinute: 1_000_000_000, tokensPerDay: 1_000_000_000 };
  fs.writeFileSync(configFile, JSON.stringify({
    models: [{ id: MODEL, provider: 'openai', tasks: ['chat', 'inline', 'review'], prices: { inputPerMillion: 0.05, outputPerMillion: 0.08 } }],
    limits: { token: { chat: generous }, user: { chat: generous, spendPerMonthUsd: 1_000_000 } },
  }));
  try {
    const port = await freePort();
    const args = [...(opts.nodeArgs ?? []), ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []), serverJs];
    const child = children.spawn('Churnistic', args, cleanEnv({
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn', // one JSON line per request would otherwise dominate what we measure
      CHURNISTIC_DATA_DIR: dataDir,
      CHURNISTIC_ADMIN_TOKEN: ADMIN_TOKEN,
      CHURNISTIC_CONFIG: configFile,
      OPENAI_API_KEY: UPSTREAM_KEY,
      OPENAI_BASE_URL: `${fakeRoot}/v1`,
    }));
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`, 20_000, child, (r) => r.status === 200);
    return {
      dataDir,
      target: {
        key: 'churnistic', label: '(b) Churnistic', url: `${url}/v1/chat/completions`, pid: child.proc.pid!,
        headers: { ...json, authorization: `Bearer ${ADMIN_TOKEN}` },
      },
    };
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true }); // the caller never learns of it
    throw err;
  }
}

/**
 * Portkey's open-source gateway from npm, as its README runs it (`--port=N`; `--headless` skips
 * the log UI). Its `openai` provider with `x-portkey-custom-host` sends to `<host>/chat/completions`
 * and forwards our Authorization header as the provider key; 127.0.0.1 is a trusted custom host
 * by default (TRUSTED_CUSTOM_HOSTS), so no extra setting is needed.
 */
export async function startPortkey(children: Children, fakeRoot: string): Promise<Target> {
  const entry = path.resolve('node_modules/@portkey-ai/gateway/build/start-server.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: is @portkey-ai/gateway installed (devDependency)?`);
  const port = await freePort();
  const child = children.spawn('Portkey gateway', [entry, `--port=${port}`, '--headless'], cleanEnv({ NODE_ENV: 'production' }));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, 20_000, child);
  return {
    key: 'portkey', label: '(c) Portkey gateway', url: `${url}/v1/chat/completions`, pid: child.proc.pid!,
    headers: {
      ...json,
      authorization: `Bearer ${UPSTREAM_KEY}`,
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `${fakeRoot}/v1`,
    },
  };
}

/** The reference floor (gateway-floor.ts): a bare node:http proxy, its own process, at the same fake. */
export async function startFloor(children: Children, fakeRoot: string, upstreamTarget: Target): Promise<Target> {
  const port = await freePort();
  const child = children.spawn('bare Node proxy', ['--import', 'tsx', 'scripts/bench/gateway-floor.ts', String(port), fakeRoot], cleanEnv({ NODE_ENV: 'production' }));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, 20_000, child);
  return { key: 'floor', label: '(r) bare Node proxy', url: `${url}/v1/chat/completions`, pid: child.proc.pid!, headers: upstreamTarget.headers };
}

/** One real request through each target before any load: a misconfigured target fails here, clearly. */
export async function preflight(target: Target): Promise<void> {
  const res = await fetch(target.url, { method: 'POST', headers: target.headers, body: BODY, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('"chat.completion"')) {
    throw new Error(`${target.label}: preflight got HTTP ${res.status}: ${text.slice(0, 400)}`);
  }
}

/** Churnistic's own account of its overhead (x-churnistic-overhead-ms), one request at a time. */
export async function overheadHeaderSample(target: Target, n: number): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(target.url, { method: 'POST', headers: target.headers, body: BODY });
    await res.arrayBuffer();
    const v = Number(res.headers.get('x-churnistic-overhead-ms'));
    if (res.status === 200 && Number.isFinite(v)) values.push(v);
  }
  return values;
}
