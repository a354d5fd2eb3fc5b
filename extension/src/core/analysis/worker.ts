// Worker-thread entry for analyzeAll: one analyzer per thread, answering batches of files.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeOne, type AnalyzeAllFile } from './analyze-all';
import { createAnalyzer } from './analyzer';

const port = parentPort;
if (port) {
  const wasmDir = (workerData as { wasmDir?: string } | undefined)?.wasmDir;
  createAnalyzer(wasmDir ? { wasmDir } : {}).then((analyzer) => {
    port.on('message', (m: { from: number; files: AnalyzeAllFile[] }) => {
      try {
        port.postMessage({ from: m.from, results: m.files.map((f) => analyzeOne(analyzer, f)) });
      } catch (e) {
        port.postMessage({ error: `${(e as Error).message} (in a batch starting at ${m.files[0]?.path})` });
      }
    });
    port.postMessage({ ready: true });
  }, (e: unknown) => port.postMessage({ error: (e as Error).message }));
}
