// `analyzeAll`: many files at once for the CLI and the benchmark. With `concurrency` > 1 the files
// are spread over worker threads (each loads its own analyzer; batches are handed out as workers
// free up, so one huge file does not stall a fixed share); otherwise they run in this thread.
// Files without `text` are read from `readFrom ?? path` by whoever analyzes them, so a CLI passes
// paths and the text never crosses a thread boundary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createAnalyzer } from './analyzer';
import type { AnalysisResult, AnalyzeFile, Analyzer } from './types';

export interface AnalyzeAllFile extends Omit<AnalyzeFile, 'text'> {
  text?: string;
  /** Where to read the file when `text` is absent (default: `path`). */
  readFrom?: string;
}

export interface AnalyzeAllOptions {
  /** Worker threads; 1 (or less) analyzes in this thread. Default: available cores. */
  concurrency?: number;
  wasmDir?: string;
  /** The worker entry (worker.ts here, or its bundled .js); default: next to this module. */
  workerScript?: string;
  /** Files per message to a worker. */
  batchSize?: number;
}

export function analyzeOne(analyzer: Analyzer, file: AnalyzeAllFile): AnalysisResult {
  const text = file.text ?? fs.readFileSync(file.readFrom ?? file.path, 'utf8');
  const input: AnalyzeFile = { path: file.path, text };
  if (file.language !== undefined) input.language = file.language;
  return analyzer.analyze(input);
}

/** worker.ts beside this file (sources), or `analysis-worker.js` beside the bundle (esbuild entry of worker.ts). */
function defaultWorkerScript(): string | undefined {
  const candidates = [path.join(__dirname, `worker${path.extname(__filename)}`), path.join(__dirname, 'analysis-worker.js')];
  return candidates.find((p) => fs.existsSync(p));
}

/** A .ts worker (tests, benchmark under tsx) first registers tsx's require hook in its thread. */
function startWorker(script: string, wasmDir: string | undefined): Worker {
  const workerData = { wasmDir };
  if (!script.endsWith('.ts')) return new Worker(script, { workerData });
  const tsxHook = ['tsx', 'cjs'].join('/'); // not a literal: bundlers must not try to resolve a dev-only module
  const bootstrap = `require(${JSON.stringify(require.resolve(tsxHook))}); require(${JSON.stringify(script)});`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export async function analyzeAll(files: readonly AnalyzeAllFile[], options: AnalyzeAllOptions = {}): Promise<AnalysisResult[]> {
  const concurrency = Math.min(options.concurrency ?? os.availableParallelism(), files.length);
  const script = options.workerScript ?? defaultWorkerScript();
  if (concurrency <= 1 || !script) {
    const analyzer = await createAnalyzer(options.wasmDir ? { wasmDir: options.wasmDir } : {});
    return files.map((f) => analyzeOne(analyzer, f));
  }
  const results = new Array<AnalysisResult>(files.length);
  const batch = options.batchSize ?? 32;
  let next = 0;
  const run = (worker: Worker) => new Promise<void>((resolve, reject) => {
    const send = () => {
      if (next >= files.length) {
        resolve();
        return;
      }
      const from = next;
      next = Math.min(files.length, next + batch);
      worker.postMessage({ from, files: files.slice(from, next) });
    };
    worker.on('message', (m: { from?: number; results?: AnalysisResult[]; ready?: boolean; error?: string }) => {
      if (m.error) reject(new Error(m.error));
      else {
        if (m.results && m.from !== undefined) m.results.forEach((r, i) => (results[m.from! + i] = r));
        send();
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (next < files.length || code !== 0 ? reject(new Error(`analysis worker exited with ${code}`)) : undefined));
  });
  const workers = Array.from({ length: concurrency }, () => startWorker(script, options.wasmDir));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
