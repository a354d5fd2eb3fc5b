// `npm run bench:history`: history list and search latency at scale, through HTTP, against the real
// server process on the SQLite default.
//   1. builds a database of 100,000 conversations / 1,000,000 messages (7 users; one heavy user owns
//      40% of them) with history-data.ts, through the real migrations and triggers;
//   2. starts `server/src/main.ts` on it in its own process (tracked and stopped by PID);
//   3. as the heavy user (the worst case), measures sequential requests after a warm-up:
//      list: the first page, and a page deep in the history (the cursor found by walking there);
//      search: common words (the most frequent terms), rare words, and prefixes, rotating through
//      several of each so one hot query does not stand for all.
// Goal (issue 5): p95 under 50 ms for list and for search. Sizes can be lowered for a quick look
// with HISTORY_BENCH_CONVERSATIONS / HISTORY_BENCH_MESSAGES; HISTORY_BENCH_DB=<file> keeps the
// database and reuses it on the next run (skipping the build).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AccountsRepo } from '../../server/src/data/accounts-repo';
import { openDatabase, type Db } from '../../server/src/data/db';
import { buildDataSet } from './history-data';
import { percentile, printTable, sleep } from './stats';

const CONVERSATIONS = Number(process.env.HISTORY_BENCH_CONVERSATIONS ?? 100_000);
const MESSAGES = Number(process.env.HISTORY_BENCH_MESSAGES ?? 1_000_000);
const GOAL_MS = 50;
const HEAVY = 'user_heavy';
const USERS = [{ id: HEAVY, share: 0.4 }, ...Array.from({ length: 6 }, (_, i) => ({ id: `user_${i + 1}`, share: 0.1 }))];
const ROOT = path.resolve(__dirname, '../..');

async function build(file: string): Promise<void> {
  const db = await openDatabase(`file:${file}`);
  try {
    await db.execute(`INSERT INTO teams (id, name, created_at) VALUES ('team_bench', 'bench', '2024-01-01')`);
    for (const u of USERS) {
      await db.execute({ sql: `INSERT INTO users (id, team_id, name, role, created_at) VALUES (?, 'team_bench', ?, 'member', '2024-01-01')`, args: [u.id, u.id] });
    }
    const started = performance.now();
    let lastReport = started;
    await buildDataSet(db, 'team_bench', {
      conversations: CONVERSATIONS, messages: MESSAGES, users: USERS,
      onProgress: (n) => {
        if (performance.now() - lastReport < 15_000) return;
        lastReport = performance.now();
        console.log(`  … ${n.toLocaleString('en')} messages written (${((lastReport - started) / 1000).toFixed(0)} s)`);
      },
    });
    await db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    await db.execute(`INSERT INTO teams (id, name, created_at) VALUES ('built', 'marker: the build finished', '2024-01-01')`);
    console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${CONVERSATIONS.toLocaleString('en')} conversations, ${MESSAGES.toLocaleString('en')} messages, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`);
  } finally {
    db.close();
  }
}

interface Term { term: string; docs: number }

/** Query words picked from the index itself, so "common" and "rare" are facts of this data set. */
async function pickQueries(db: Db): Promise<{ common: Term[]; rare: Term[]; prefix: Term[] }> {
  await db.execute(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab('main', 'messages_fts', 'row')`);
  const terms = async (sql: string) => (await db.execute(sql)).rows.map((r) => ({ term: String(r.term), docs: Number(r.doc) }));
  const common = await terms(`SELECT term, doc FROM temp.bench_vocab WHERE term GLOB '[a-z]*' ORDER BY doc DESC LIMIT 5`);
  const rare = await terms(`SELECT term, doc FROM temp.bench_vocab WHERE doc BETWEEN 20 AND 200 AND term GLOB '[a-z][a-z][a-z]*' AND term NOT GLOB '*[0-9]*' ORDER BY substr(term, 3, 3) LIMIT 20`);
  const prefix = await terms(`SELECT substr(term, 1, 3) AS term, SUM(doc) AS doc FROM temp.bench_vocab WHERE term GLOB '[a-z][a-z][a-z]*'
    GROUP BY 1 ORDER BY 2 DESC LIMIT 5`);
  return { common, rare, prefix: prefix.map((p) => ({ term: `${p.term}*`, docs: p.docs })) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startServer(file: string, dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${file}`, CHURNISTIC_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn', GROQ_API_KEY: 'bench-unused', CHURNISTIC_CONFIG: '' };
  // process.execPath directly (no npx wrapper), so the PID we hold is the server itself.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  proc.stderr!.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${output}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { proc, url };
    await sleep(200);
  }
  throw new Error(`server not ready within 60 s:\n${output}`);
}

/** Sequential GETs rotating through `paths`; also how many results they returned (an empty search would be fast and meaningless). */
async function timeRequests(url: string, token: string, paths: string[], iterations: number): Promise<{ timings: number[]; results: number }> {
  const get = async (p: string) => {
    const res = await fetch(url + p, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ data: unknown[] }>;
  };
  for (let i = 0; i < Math.min(20, iterations); i++) await get(paths[i % paths.length]!); // warm-up
  const timings: number[] = [];
  let results = 0;
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    results += (await get(paths[i % paths.length]!)).data.length;
    timings.push(performance.now() - t0);
  }
  return { timings, results: results / iterations };
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const keep = process.env.HISTORY_BENCH_DB;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-bench-history-'));
  const file = keep ? path.resolve(keep) : path.join(dir, 'history.db');
  let server: ChildProcess | undefined;
  const stop = () => { if (server?.pid && server.exitCode === null) server.kill('SIGTERM'); };
  process.once('SIGINT', () => { stop(); process.exit(130); });
  try {
    console.log(`history benchmark: list and search through HTTP, real server process, SQLite (${file})\n`);
    const reuse = keep && fs.existsSync(file) && await isBuilt(file);
    if (reuse) console.log('reusing the database built earlier (HISTORY_BENCH_DB); delete it to measure the build again');
    else {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      await build(file);
    }

    const db = await openDatabase(`file:${file}`);
    const accounts = new AccountsRepo(db);
    const token = await accounts.createToken({ userId: HEAVY, teamId: 'team_bench' }, 'bench');
    const heavyCount = Number((await db.execute({ sql: 'SELECT COUNT(*) AS n FROM conversations WHERE user_id = ?', args: [HEAVY] })).rows[0]!.n);
    const heavyMessages = Number((await db.execute({ sql: 'SELECT SUM(message_count) AS n FROM conversations WHERE user_id = ?', args: [HEAVY] })).rows[0]!.n);
    const queries = await pickQueries(db);
    db.close();

    const started = await startServer(file, dir);
    server = started.proc;
    const { url } = started;

    // The deep page: walk three quarters into the heavy user's history, 200 at a time.
    let cursor: string | undefined;
    let depth = 0;
    while (depth < heavyCount * 0.75) {
      const res = await fetch(`${url}/api/v1/conversations?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
      const page = await res.json() as { data: unknown[]; nextCursor?: string };
      depth += page.data.length;
      cursor = page.nextCursor;
      if (!cursor) throw new Error(`the list ended after ${depth} conversations`);
    }

    const searchPath = (t: Term) => `/api/v1/conversations/search?q=${encodeURIComponent(t.term)}&limit=20`;
    const runs: [string, string[], number][] = [
      ['list: first page (50)', ['/api/v1/conversations?limit=50'], 300],
      [`list: page at ${depth.toLocaleString('en')} (50)`, [`/api/v1/conversations?limit=50&cursor=${cursor}`], 300],
      ['search: common words', queries.common.map(searchPath), 150],
      ['search: rare words', queries.rare.map(searchPath), 200],
      ['search: prefixes', queries.prefix.map(searchPath), 150],
    ];
    const describe = (ts: Term[]) => ts.map((t) => `${t.term} (${t.docs.toLocaleString('en')})`).join(', ');
    console.log(`heavy user: ${heavyCount.toLocaleString('en')} conversations, ${heavyMessages.toLocaleString('en')} messages`);
    console.log(`common words, in how many messages (all users): ${describe(queries.common)}`);
    console.log(`rare words: ${describe(queries.rare.slice(0, 6))}, … (${queries.rare.length})`);
    console.log(`prefixes: ${describe(queries.prefix)}\n`);

    const rows: [string, string][] = [];
    let met = true;
    for (const [name, paths, iterations] of runs) {
      const { timings: t, results } = await timeRequests(url, token, paths, iterations);
      const p95 = percentile(t, 95);
      met &&= p95 < GOAL_MS;
      rows.push([name, `p50 ${percentile(t, 50).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${Math.max(...t).toFixed(1)} ms  `
        + `(${iterations} requests, ${results.toFixed(1)} results each)  ${p95 < GOAL_MS ? 'met' : 'NOT met'}`]);
    }
    rows.push(['goal', `p95 < ${GOAL_MS} ms for list and search`], ['verdict', met ? 'met' : 'NOT met']);
    printTable('latency through HTTP, heavy user, sequential requests', rows);
    console.log(`total time: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
  } finally {
    stop();
    if (server && server.exitCode === null) await new Promise((resolve) => server!.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function isBuilt(file: string): Promise<boolean> {
  const db = await openDatabase(`file:${file}`);
  try {
    return (await db.execute(`SELECT 1 FROM teams WHERE id = 'built'`)).rows.length > 0;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
